// Provider region codes and display names. Meridian's region codes are the providers' own codes
// (FleetRegion.code), so RegionId usually maps to itself; the table turns display names that some exports
// put in RegionId/RegionName ("West Europe", "US East (N. Virginia)") into codes.

import type { Provider } from '../fleet/types';

export interface ProviderRegion {
  code: string;
  name: string;
}

export const PROVIDER_REGIONS: Readonly<Record<Provider, readonly ProviderRegion[]>> = {
  aws: [
    { code: 'us-east-1', name: 'US East (N. Virginia)' },
    { code: 'us-east-2', name: 'US East (Ohio)' },
    { code: 'us-west-1', name: 'US West (N. California)' },
    { code: 'us-west-2', name: 'US West (Oregon)' },
    { code: 'ca-central-1', name: 'Canada (Central)' },
    { code: 'ca-west-1', name: 'Canada West (Calgary)' },
    { code: 'mx-central-1', name: 'Mexico (Central)' },
    { code: 'sa-east-1', name: 'South America (São Paulo)' },
    { code: 'eu-west-1', name: 'Europe (Ireland)' },
    { code: 'eu-west-2', name: 'Europe (London)' },
    { code: 'eu-west-3', name: 'Europe (Paris)' },
    { code: 'eu-central-1', name: 'Europe (Frankfurt)' },
    { code: 'eu-central-2', name: 'Europe (Zurich)' },
    { code: 'eu-north-1', name: 'Europe (Stockholm)' },
    { code: 'eu-south-1', name: 'Europe (Milan)' },
    { code: 'eu-south-2', name: 'Europe (Spain)' },
    { code: 'il-central-1', name: 'Israel (Tel Aviv)' },
    { code: 'me-central-1', name: 'Middle East (UAE)' },
    { code: 'me-south-1', name: 'Middle East (Bahrain)' },
    { code: 'af-south-1', name: 'Africa (Cape Town)' },
    { code: 'ap-south-1', name: 'Asia Pacific (Mumbai)' },
    { code: 'ap-south-2', name: 'Asia Pacific (Hyderabad)' },
    { code: 'ap-east-1', name: 'Asia Pacific (Hong Kong)' },
    { code: 'ap-northeast-1', name: 'Asia Pacific (Tokyo)' },
    { code: 'ap-northeast-2', name: 'Asia Pacific (Seoul)' },
    { code: 'ap-northeast-3', name: 'Asia Pacific (Osaka)' },
    { code: 'ap-southeast-1', name: 'Asia Pacific (Singapore)' },
    { code: 'ap-southeast-2', name: 'Asia Pacific (Sydney)' },
    { code: 'ap-southeast-3', name: 'Asia Pacific (Jakarta)' },
    { code: 'ap-southeast-4', name: 'Asia Pacific (Melbourne)' },
  ],
  gcp: [
    { code: 'us-central1', name: 'Iowa' },
    { code: 'us-east1', name: 'South Carolina' },
    { code: 'us-east4', name: 'Northern Virginia' },
    { code: 'us-west1', name: 'Oregon' },
    { code: 'us-west2', name: 'Los Angeles' },
    { code: 'northamerica-northeast1', name: 'Montréal' },
    { code: 'southamerica-east1', name: 'São Paulo' },
    { code: 'europe-west1', name: 'Belgium' },
    { code: 'europe-west2', name: 'London' },
    { code: 'europe-west3', name: 'Frankfurt' },
    { code: 'europe-west4', name: 'Netherlands' },
    { code: 'europe-west6', name: 'Zurich' },
    { code: 'europe-north1', name: 'Finland' },
    { code: 'asia-south1', name: 'Mumbai' },
    { code: 'asia-east1', name: 'Taiwan' },
    { code: 'asia-northeast1', name: 'Tokyo' },
    { code: 'asia-northeast3', name: 'Seoul' },
    { code: 'asia-southeast1', name: 'Singapore' },
    { code: 'asia-southeast2', name: 'Jakarta' },
    { code: 'australia-southeast1', name: 'Sydney' },
  ],
  azure: [
    { code: 'eastus', name: 'East US' },
    { code: 'eastus2', name: 'East US 2' },
    { code: 'centralus', name: 'Central US' },
    { code: 'westus2', name: 'West US 2' },
    { code: 'westus3', name: 'West US 3' },
    { code: 'canadacentral', name: 'Canada Central' },
    { code: 'brazilsouth', name: 'Brazil South' },
    { code: 'westeurope', name: 'West Europe' },
    { code: 'northeurope', name: 'North Europe' },
    { code: 'uksouth', name: 'UK South' },
    { code: 'francecentral', name: 'France Central' },
    { code: 'germanywestcentral', name: 'Germany West Central' },
    { code: 'switzerlandnorth', name: 'Switzerland North' },
    { code: 'swedencentral', name: 'Sweden Central' },
    { code: 'uaenorth', name: 'UAE North' },
    { code: 'southafricanorth', name: 'South Africa North' },
    { code: 'centralindia', name: 'Central India' },
    { code: 'japaneast', name: 'Japan East' },
    { code: 'koreacentral', name: 'Korea Central' },
    { code: 'southeastasia', name: 'Southeast Asia' },
    { code: 'australiaeast', name: 'Australia East' },
  ],
  oci: [
    { code: 'us-ashburn-1', name: 'US East (Ashburn)' },
    { code: 'us-phoenix-1', name: 'US West (Phoenix)' },
    { code: 'ca-toronto-1', name: 'Canada Southeast (Toronto)' },
    { code: 'sa-saopaulo-1', name: 'Brazil East (Sao Paulo)' },
    { code: 'uk-london-1', name: 'UK South (London)' },
    { code: 'eu-frankfurt-1', name: 'Germany Central (Frankfurt)' },
    { code: 'eu-amsterdam-1', name: 'Netherlands Northwest (Amsterdam)' },
    { code: 'ap-tokyo-1', name: 'Japan East (Tokyo)' },
    { code: 'ap-mumbai-1', name: 'India West (Mumbai)' },
    { code: 'ap-sydney-1', name: 'Australia East (Sydney)' },
  ],
};

/** Lower-cased display name or code → canonical code, per provider. */
export const REGION_CODE_ALIASES: Readonly<Record<Provider, ReadonlyMap<string, string>>> = {
  aws: aliasMap(PROVIDER_REGIONS.aws),
  gcp: aliasMap(PROVIDER_REGIONS.gcp),
  azure: aliasMap(PROVIDER_REGIONS.azure),
  oci: aliasMap(PROVIDER_REGIONS.oci),
};

function aliasMap(regions: readonly ProviderRegion[]): ReadonlyMap<string, string> {
  const m = new Map<string, string>();
  for (const r of regions) {
    m.set(r.code, r.code);
    m.set(r.name.toLowerCase(), r.code);
  }
  return m;
}

/**
 * The provider's region code for a RegionId or RegionName value. Known display names map through the
 * table; Azure names not in it follow Azure's own rule (lower case, no spaces: "Norway East" → "norwayeast");
 * anything else is returned lower-cased, so codes we do not list still reach the inventory lookup.
 */
export function canonicalRegionCode(provider: Provider, raw: string): string {
  const lower = raw.trim().toLowerCase();
  const known = REGION_CODE_ALIASES[provider].get(lower);
  if (known !== undefined) return known;
  return provider === 'azure' ? lower.replace(/\s+/g, '') : lower;
}

/** Display name for a provider region code, or the code itself when the table does not list it. */
export function regionDisplayName(provider: Provider, code: string): string {
  return PROVIDER_REGIONS[provider].find((r) => r.code === code)?.name ?? code;
}
