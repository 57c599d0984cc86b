// Generates lib/sim/data/measured-rtt.ts from azure-network-latency-2026-07-30.csv (next to this script).
//
// The CSV is the "single CSV table" block of Microsoft's page "Azure network round-trip latency statistics",
// copied byte for byte (no edits): https://learn.microsoft.com/en-us/azure/networking/azure-network-latency, whose
// source is MicrosoftDocs/azure-docs, articles/networking/azure-network-latency.md (docs content CC BY 4.0). The
// version used has ms.date 07/30/2026 and says: "The monthly Percentile P50 round trip times between Azure regions
// for a 30-day window ... The current dataset was taken on July 30, 2026, and it covers the 30-day period ending on
// July 30, 2026", measured by "internal network probes ... in 1-minute intervals". Rows are the source region,
// columns the destination; the diagonal is empty. 702 of its 2,862 cells were cross-checked against the same
// page's per-region tabs (East US, Central US, Japan, Middle East, Africa): no difference.
//
// Run: node lib/sim/data/build-measured-rtt.mjs   (then: npx biome format --write lib/sim/data/measured-rtt.ts)
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const CSV_FILE = 'azure-network-latency-2026-07-30.csv';

// Where each region is. `city` is the region's metro. Coordinates, by source:
//  MS  = Microsoft's own region metadata (`az account list-locations`: metadata.physicalLocation, .latitude,
//        .longitude), as recorded in github.com/tal66/cloud-regions web/data/azureData.js @ 360cfdc7b9bf.
//  VM  = github.com/vmisson/azure-region-span dashboard/www/regions.js @ 0ff385481cd6 (city-centre coordinates),
//        for regions newer than the MS dump, and where Microsoft's point is not in its own physicalLocation:
//        France Central (MS point 46.38, 2.37 is 280 km south of Paris), France South (MS 43.83, 2.20 is 260 km
//        west of Marseille), UK West (MS 53.43, -3.08 is Merseyside, 215 km north of Cardiff), West Central US
//        (MS 40.89, -110.23 is in Utah, 500 km west of the Cheyenne, Wyoming data centres).
//  NE  = Germany North: physicalLocation "Berlin", but the MS point 53.07, 8.81 is Bremen (315 km away); Berlin's
//        coordinates from Natural Earth populated places, as in lib/sim/data/cells.ts.
// The MS point for UK South (50.94, -0.80) is 70 km from central London and is kept as published.
const REGIONS = [
  ['Australia Central', 'australiacentral', 'Canberra', -35.37, 149.07, 'MS'],
  ['Australia Central 2', 'australiacentral2', 'Canberra', -35.3075, 149.1244, 'MS'],
  ['Australia East', 'australiaeast', 'Sydney (New South Wales)', -33.86, 151.2094, 'MS'],
  ['Australia Southeast', 'australiasoutheast', 'Melbourne (Victoria)', -37.8136, 144.9631, 'MS'],
  ['Austria East', 'austriaeast', 'Vienna', 48.2082, 16.3738, 'VM'],
  ['Belgium Central', 'belgiumcentral', 'Brussels', 50.8503, 4.3517, 'VM'],
  ['Brazil South', 'brazilsouth', 'Sao Paulo', -23.55, -46.633, 'MS'],
  ['Canada Central', 'canadacentral', 'Toronto', 43.653, -79.383, 'MS'],
  ['Canada East', 'canadaeast', 'Quebec City', 46.817, -71.217, 'MS'],
  ['Central India', 'centralindia', 'Pune', 18.5822, 73.9197, 'MS'],
  ['Central US', 'centralus', 'Des Moines (Iowa)', 41.5908, -93.6208, 'MS'],
  ['Denmark East', 'denmarkeast', 'Copenhagen', 55.6761, 12.5683, 'VM'],
  ['East Asia', 'eastasia', 'Hong Kong', 22.267, 114.188, 'MS'],
  ['East US', 'eastus', 'Virginia', 37.3719, -79.8164, 'MS'],
  ['East US 2', 'eastus2', 'Virginia (Boydton)', 36.6681, -78.3889, 'MS'],
  ['France Central', 'francecentral', 'Paris', 48.8566, 2.3522, 'VM'],
  ['France South', 'francesouth', 'Marseille', 43.2965, 5.3698, 'VM'],
  ['Germany North', 'germanynorth', 'Berlin', 52.522, 13.402, 'NE'],
  ['Germany West Central', 'germanywestcentral', 'Frankfurt', 50.110924, 8.682127, 'MS'],
  ['Indonesia Central', 'indonesiacentral', 'Jakarta', -6.2088, 106.8456, 'VM'],
  ['Israel Central', 'israelcentral', 'Tel Aviv', 32.070186, 34.71708, 'MS'],
  ['Italy North', 'italynorth', 'Milan', 45.46888, 9.18109, 'MS'],
  ['Japan East', 'japaneast', 'Tokyo / Saitama', 35.68, 139.77, 'MS'],
  ['Japan West', 'japanwest', 'Osaka', 34.6939, 135.5022, 'MS'],
  ['Jio India West', 'jioindiawest', 'Jamnagar', 22.470701, 70.05773, 'MS'],
  ['Korea Central', 'koreacentral', 'Seoul', 37.5665, 126.978, 'MS'],
  ['Korea South', 'koreasouth', 'Busan', 35.1796, 129.0756, 'MS'],
  ['Malaysia West', 'malaysiawest', 'Kuala Lumpur', 3.139, 101.6869, 'VM'],
  ['Mexico Central', 'mexicocentral', 'Queretaro', 20.5881, -100.3899, 'VM'],
  ['New Zealand North', 'newzealandnorth', 'Auckland', -36.8509, 174.7645, 'VM'],
  ['North Central US', 'northcentralus', 'Chicago (Illinois)', 41.8819, -87.6278, 'MS'],
  ['North Europe', 'northeurope', 'Dublin', 53.3478, -6.2597, 'MS'],
  ['Norway East', 'norwayeast', 'Oslo', 59.913868, 10.752245, 'MS'],
  ['Norway West', 'norwaywest', 'Stavanger', 58.969975, 5.733107, 'MS'],
  ['Poland Central', 'polandcentral', 'Warsaw', 52.23334, 21.01666, 'MS'],
  ['Qatar Central', 'qatarcentral', 'Doha', 25.551462, 51.439327, 'MS'],
  ['South Africa North', 'southafricanorth', 'Johannesburg', -25.73134, 28.21837, 'MS'],
  ['South Africa West', 'southafricawest', 'Cape Town', -34.075691, 18.843266, 'MS'],
  ['South Central US', 'southcentralus', 'San Antonio (Texas)', 29.4167, -98.5, 'MS'],
  ['South India', 'southindia', 'Chennai', 12.9822, 80.1636, 'MS'],
  ['Southeast Asia', 'southeastasia', 'Singapore', 1.283, 103.833, 'MS'],
  ['Spain Central', 'spaincentral', 'Madrid', 40.4168, -3.7038, 'VM'],
  ['Sweden Central', 'swedencentral', 'Gavle', 60.67488, 17.14127, 'MS'],
  ['Switzerland North', 'switzerlandnorth', 'Zurich', 47.451542, 8.564572, 'MS'],
  ['Switzerland West', 'switzerlandwest', 'Geneva', 46.204391, 6.143158, 'MS'],
  ['UAE Central', 'uaecentral', 'Abu Dhabi', 24.466667, 54.366669, 'MS'],
  ['UAE North', 'uaenorth', 'Dubai', 25.266666, 55.316666, 'MS'],
  ['UK South', 'uksouth', 'London', 50.941, -0.799, 'MS'],
  ['UK West', 'ukwest', 'Cardiff', 51.4816, -3.1791, 'VM'],
  ['West Central US', 'westcentralus', 'Cheyenne (Wyoming)', 41.14, -104.8202, 'VM'],
  ['West Europe', 'westeurope', 'Amsterdam (Netherlands)', 52.3667, 4.9, 'MS'],
  ['West US', 'westus', 'San Francisco Bay Area (California)', 37.783, -122.417, 'MS'],
  ['West US 2', 'westus2', 'Quincy (Washington)', 47.233, -119.852, 'MS'],
  ['West US 3', 'westus3', 'Phoenix', 33.448376, -112.074036, 'MS'],
];

const rows = readFileSync(join(here, CSV_FILE), 'utf8')
  .trim()
  .split('\n')
  .map((l) => l.split(','));
const names = rows[0].slice(1);
if (names[0] === undefined || rows[0][0] !== 'Source') throw new Error('unexpected CSV header');
const byName = new Map(REGIONS.map((r) => [r[0], r]));
for (const n of names) if (!byName.has(n)) throw new Error(`no coordinates for region ${n}`);
const cell = new Map();
for (const r of rows.slice(1)) {
  if (r.length !== names.length + 1) throw new Error(`row ${r[0]} has ${r.length - 1} cells`);
  names.forEach((dest, i) => {
    const v = r[i + 1];
    if (dest === r[0]) {
      if (v !== '') throw new Error(`diagonal ${dest} not empty`);
    } else {
      if (!/^\d+$/.test(v)) throw new Error(`${r[0]} -> ${dest}: "${v}" is not a number`);
      cell.set(`${r[0]}>${dest}`, Number(v));
    }
  });
}

const pairs = [];
for (let i = 0; i < names.length; i++)
  for (let j = i + 1; j < names.length; j++) {
    const ab = cell.get(`${names[i]}>${names[j]}`);
    const ba = cell.get(`${names[j]}>${names[i]}`);
    pairs.push({ a: byName.get(names[i])[1], b: byName.get(names[j])[1], ab, ba });
  }

const out = `// GENERATED by lib/sim/data/build-measured-rtt.mjs from ${CSV_FILE}: do not edit by hand.
//
// Measured inter-region round-trip times used to tune and check lib/sim/latency.ts.
//
// Source: Microsoft, "Azure network round-trip latency statistics",
// https://learn.microsoft.com/en-us/azure/networking/azure-network-latency (source file: MicrosoftDocs/azure-docs,
// articles/networking/azure-network-latency.md; docs content CC BY 4.0). Version with ms.date 07/30/2026: monthly
// P50 round trip between Azure regions, "internal network probes" every minute over the Azure backbone, 30-day
// window ending July 30, 2026. Retrieved from a stored copy of public GitHub content (content id 59729378619); the
// store did not expose the commit hash of that version. The CSV next to this file is the page's CSV block, unedited.
// (A P95 variant of the same page, dated the same, exists in the page author's fork mbender-ms/azure-docs @
// 5b3e2055eddead4c24aac48156dad9f006268126; it is not used: the model predicts typical, i.e. median, round trips.)
//
// The page gives both directions (source row -> destination column); they differ by a few ms at most for most pairs.
// Each unordered pair appears once below: abMs and baMs are the published figures, rttMs is their mean.
// ${names.length} regions, ${pairs.length} pairs, every continent with an Azure region.
//
// Coordinates are the metro area of each region (Azure does not publish data-centre addresses). Sources, per region
// (last field of each row in build-measured-rtt.mjs): Microsoft's own region metadata (\`az account list-locations\`
// physicalLocation / latitude / longitude, via github.com/tal66/cloud-regions @ 360cfdc7b9bf) for 41 regions;
// city-centre coordinates from github.com/vmisson/azure-region-span @ 0ff385481cd6 for the 8 regions newer than
// that dump and for 4 where Microsoft's point lies outside its own stated location (France Central, France South,
// UK West, West Central US); Natural Earth's Berlin for Germany North (Microsoft's point is Bremen).

export interface MeasuredRegion {
  code: string;
  name: string;
  city: string;
  lat: number;
  lng: number;
}

export interface MeasuredRtt {
  a: string;
  b: string;
  /** Mean of the two published directions, ms. */
  rttMs: number;
  /** Published P50, a → b (row a, column b), ms. */
  abMs: number;
  /** Published P50, b → a, ms. */
  baMs: number;
}

export const MEASURED_RTT_SOURCE =
  'Microsoft "Azure network round-trip latency statistics", monthly P50 over the Azure backbone, 30 days to 2026-07-30, ${names.length} regions';

export const MEASURED_REGIONS: readonly MeasuredRegion[] = [
${names
  .map((n) => {
    const [name, code, city, lat, lng, src] = byName.get(n);
    return `  { code: ${JSON.stringify(code)}, name: ${JSON.stringify(name)}, city: ${JSON.stringify(city)}, lat: ${lat}, lng: ${lng} }, // ${src}`;
  })
  .join('\n')}
];

export const MEASURED_RTT: readonly MeasuredRtt[] = [
${pairs.map((p) => `  { a: ${JSON.stringify(p.a)}, b: ${JSON.stringify(p.b)}, rttMs: ${(p.ab + p.ba) / 2}, abMs: ${p.ab}, baMs: ${p.ba} },`).join('\n')}
];
`;
writeFileSync(join(here, 'measured-rtt.ts'), out);
console.log(`wrote measured-rtt.ts: ${names.length} regions, ${pairs.length} pairs`);
