// The demo fleet's fixed inventory: real cloud regions (true cities, coordinates and data-residency zones) and a
// mobile product's services. Coordinates are the metro area each provider names for the region.
import type { Jurisdiction, Provider, RegionStatus } from '../fleet/types';

export interface CatalogRegion {
  provider: Provider;
  code: string;
  name: string;
  city: string;
  country: string;
  jurisdiction: Jurisdiction;
  lat: number;
  lng: number;
  capacityRps: number;
  status?: RegionStatus;
}

// prettier-ignore
export const DEMO_REGIONS: CatalogRegion[] = [
  { provider: 'aws', code: 'us-east-1', name: 'US East (N. Virginia)', city: 'Ashburn', country: 'US', jurisdiction: 'US', lat: 39.04, lng: -77.49, capacityRps: 220_000 },
  { provider: 'aws', code: 'us-east-2', name: 'US East (Ohio)', city: 'Columbus', country: 'US', jurisdiction: 'US', lat: 39.96, lng: -83.0, capacityRps: 120_000 },
  { provider: 'aws', code: 'us-west-2', name: 'US West (Oregon)', city: 'Boardman', country: 'US', jurisdiction: 'US', lat: 45.84, lng: -119.7, capacityRps: 150_000 },
  { provider: 'aws', code: 'ca-central-1', name: 'Canada (Central)', city: 'Montreal', country: 'CA', jurisdiction: 'CA', lat: 45.5, lng: -73.57, capacityRps: 45_000 },
  { provider: 'aws', code: 'sa-east-1', name: 'South America (São Paulo)', city: 'São Paulo', country: 'BR', jurisdiction: 'BR', lat: -23.55, lng: -46.63, capacityRps: 80_000 },
  { provider: 'aws', code: 'eu-west-1', name: 'Europe (Ireland)', city: 'Dublin', country: 'IE', jurisdiction: 'EU', lat: 53.35, lng: -6.26, capacityRps: 140_000 },
  { provider: 'aws', code: 'eu-central-1', name: 'Europe (Frankfurt)', city: 'Frankfurt', country: 'DE', jurisdiction: 'EU', lat: 50.11, lng: 8.68, capacityRps: 130_000 },
  { provider: 'aws', code: 'eu-west-2', name: 'Europe (London)', city: 'London', country: 'GB', jurisdiction: 'UK', lat: 51.51, lng: -0.13, capacityRps: 70_000 },
  { provider: 'aws', code: 'eu-north-1', name: 'Europe (Stockholm)', city: 'Stockholm', country: 'SE', jurisdiction: 'EU', lat: 59.33, lng: 18.07, capacityRps: 40_000 },
  { provider: 'aws', code: 'ap-south-1', name: 'Asia Pacific (Mumbai)', city: 'Mumbai', country: 'IN', jurisdiction: 'IN', lat: 19.08, lng: 72.88, capacityRps: 120_000 },
  { provider: 'aws', code: 'ap-southeast-1', name: 'Asia Pacific (Singapore)', city: 'Singapore', country: 'SG', jurisdiction: 'SG', lat: 1.35, lng: 103.82, capacityRps: 90_000 },
  { provider: 'aws', code: 'ap-northeast-1', name: 'Asia Pacific (Tokyo)', city: 'Tokyo', country: 'JP', jurisdiction: 'JP', lat: 35.68, lng: 139.69, capacityRps: 110_000 },
  { provider: 'aws', code: 'ap-northeast-2', name: 'Asia Pacific (Seoul)', city: 'Seoul', country: 'KR', jurisdiction: 'KR', lat: 37.57, lng: 126.98, capacityRps: 60_000 },
  { provider: 'aws', code: 'ap-southeast-2', name: 'Asia Pacific (Sydney)', city: 'Sydney', country: 'AU', jurisdiction: 'AU', lat: -33.87, lng: 151.21, capacityRps: 55_000 },
  { provider: 'aws', code: 'af-south-1', name: 'Africa (Cape Town)', city: 'Cape Town', country: 'ZA', jurisdiction: 'ZA', lat: -33.92, lng: 18.42, capacityRps: 25_000 },
  { provider: 'aws', code: 'me-central-1', name: 'Middle East (UAE)', city: 'Dubai', country: 'AE', jurisdiction: 'AE', lat: 25.2, lng: 55.27, capacityRps: 30_000 },
  { provider: 'gcp', code: 'us-central1', name: 'Iowa', city: 'Council Bluffs', country: 'US', jurisdiction: 'US', lat: 41.26, lng: -95.86, capacityRps: 130_000 },
  { provider: 'gcp', code: 'us-west1', name: 'Oregon', city: 'The Dalles', country: 'US', jurisdiction: 'US', lat: 45.59, lng: -121.18, capacityRps: 70_000 },
  { provider: 'gcp', code: 'europe-west1', name: 'Belgium', city: 'St. Ghislain', country: 'BE', jurisdiction: 'EU', lat: 50.45, lng: 3.82, capacityRps: 90_000 },
  { provider: 'gcp', code: 'europe-west4', name: 'Netherlands', city: 'Eemshaven', country: 'NL', jurisdiction: 'EU', lat: 53.44, lng: 6.83, capacityRps: 80_000 },
  { provider: 'gcp', code: 'asia-northeast1', name: 'Tokyo', city: 'Tokyo', country: 'JP', jurisdiction: 'JP', lat: 35.69, lng: 139.7, capacityRps: 60_000 },
  { provider: 'gcp', code: 'asia-south1', name: 'Mumbai', city: 'Mumbai', country: 'IN', jurisdiction: 'IN', lat: 19.07, lng: 72.87, capacityRps: 70_000 },
  { provider: 'gcp', code: 'asia-southeast2', name: 'Jakarta', city: 'Jakarta', country: 'ID', jurisdiction: 'ID', lat: -6.21, lng: 106.85, capacityRps: 50_000 },
  { provider: 'gcp', code: 'australia-southeast1', name: 'Sydney', city: 'Sydney', country: 'AU', jurisdiction: 'AU', lat: -33.87, lng: 151.2, capacityRps: 30_000 },
  { provider: 'gcp', code: 'southamerica-east1', name: 'São Paulo', city: 'Osasco', country: 'BR', jurisdiction: 'BR', lat: -23.53, lng: -46.79, capacityRps: 45_000 },
  { provider: 'gcp', code: 'me-west1', name: 'Tel Aviv', city: 'Tel Aviv', country: 'IL', jurisdiction: 'IL', lat: 32.09, lng: 34.78, capacityRps: 20_000, status: 'maintenance' },
  { provider: 'azure', code: 'eastus', name: 'East US', city: 'Boydton', country: 'US', jurisdiction: 'US', lat: 36.67, lng: -78.39, capacityRps: 110_000 },
  { provider: 'azure', code: 'westus2', name: 'West US 2', city: 'Quincy', country: 'US', jurisdiction: 'US', lat: 47.23, lng: -119.85, capacityRps: 60_000 },
  { provider: 'azure', code: 'westeurope', name: 'West Europe', city: 'Amsterdam', country: 'NL', jurisdiction: 'EU', lat: 52.37, lng: 4.9, capacityRps: 90_000 },
  { provider: 'azure', code: 'northeurope', name: 'North Europe', city: 'Dublin', country: 'IE', jurisdiction: 'EU', lat: 53.34, lng: -6.27, capacityRps: 60_000 },
  { provider: 'azure', code: 'uksouth', name: 'UK South', city: 'London', country: 'GB', jurisdiction: 'UK', lat: 51.5, lng: -0.12, capacityRps: 45_000 },
  { provider: 'azure', code: 'switzerlandnorth', name: 'Switzerland North', city: 'Zürich', country: 'CH', jurisdiction: 'CH', lat: 47.38, lng: 8.54, capacityRps: 20_000 },
  { provider: 'azure', code: 'southeastasia', name: 'Southeast Asia', city: 'Singapore', country: 'SG', jurisdiction: 'SG', lat: 1.28, lng: 103.85, capacityRps: 50_000 },
  { provider: 'azure', code: 'japaneast', name: 'Japan East', city: 'Tokyo', country: 'JP', jurisdiction: 'JP', lat: 35.68, lng: 139.77, capacityRps: 40_000 },
  { provider: 'azure', code: 'centralindia', name: 'Central India', city: 'Pune', country: 'IN', jurisdiction: 'IN', lat: 18.52, lng: 73.86, capacityRps: 50_000 },
  { provider: 'azure', code: 'brazilsouth', name: 'Brazil South', city: 'Campinas', country: 'BR', jurisdiction: 'BR', lat: -22.91, lng: -47.06, capacityRps: 35_000 },
  { provider: 'azure', code: 'mexicocentral', name: 'Mexico Central', city: 'Querétaro', country: 'MX', jurisdiction: 'MX', lat: 20.59, lng: -100.39, capacityRps: 30_000 },
  { provider: 'azure', code: 'southafricanorth', name: 'South Africa North', city: 'Johannesburg', country: 'ZA', jurisdiction: 'ZA', lat: -26.2, lng: 28.05, capacityRps: 25_000 },
  { provider: 'oci', code: 'us-ashburn-1', name: 'US East (Ashburn)', city: 'Ashburn', country: 'US', jurisdiction: 'US', lat: 39.03, lng: -77.47, capacityRps: 40_000 },
  { provider: 'oci', code: 'sa-santiago-1', name: 'Chile Central (Santiago)', city: 'Santiago', country: 'CL', jurisdiction: 'CL', lat: -33.45, lng: -70.67, capacityRps: 20_000 },
  { provider: 'oci', code: 'eu-frankfurt-1', name: 'Germany Central (Frankfurt)', city: 'Frankfurt', country: 'DE', jurisdiction: 'EU', lat: 50.1, lng: 8.66, capacityRps: 25_000, status: 'retired' },
];

export interface CatalogService {
  slug: string;
  name: string;
  team: string;
  tier: 1 | 2 | 3;
  sloAvailabilityPct: number;
  sloLatencyP95Ms: number;
  /** Rough share of the fleet's compute this service uses; drives seeded costs. */
  weight: number;
  version: string;
}

// prettier-ignore
export const DEMO_SERVICES: CatalogService[] = [
  { slug: 'api-gateway', name: 'API Gateway', team: 'Platform', tier: 1, sloAvailabilityPct: 99.99, sloLatencyP95Ms: 120, weight: 9, version: '4.12.0' },
  { slug: 'auth', name: 'Auth', team: 'Identity', tier: 1, sloAvailabilityPct: 99.99, sloLatencyP95Ms: 150, weight: 5, version: '7.3.1' },
  { slug: 'user-profile', name: 'User Profile', team: 'Identity', tier: 1, sloAvailabilityPct: 99.95, sloLatencyP95Ms: 180, weight: 5, version: '3.8.4' },
  { slug: 'feed', name: 'Feed', team: 'Content', tier: 1, sloAvailabilityPct: 99.95, sloLatencyP95Ms: 250, weight: 12, version: '12.0.2' },
  { slug: 'media-upload', name: 'Media Upload', team: 'Content', tier: 2, sloAvailabilityPct: 99.9, sloLatencyP95Ms: 900, weight: 8, version: '2.21.0' },
  { slug: 'media-origin', name: 'Media Origin', team: 'Content', tier: 2, sloAvailabilityPct: 99.9, sloLatencyP95Ms: 400, weight: 10, version: '5.2.7' },
  { slug: 'search', name: 'Search', team: 'Discovery', tier: 2, sloAvailabilityPct: 99.9, sloLatencyP95Ms: 300, weight: 7, version: '8.4.0' },
  { slug: 'recommendations', name: 'Recommendations', team: 'Discovery', tier: 2, sloAvailabilityPct: 99.5, sloLatencyP95Ms: 350, weight: 11, version: '6.0.3' },
  { slug: 'messaging', name: 'Messaging', team: 'Social', tier: 1, sloAvailabilityPct: 99.95, sloLatencyP95Ms: 200, weight: 8, version: '9.1.5' },
  { slug: 'notifications', name: 'Push Notifications', team: 'Engagement', tier: 2, sloAvailabilityPct: 99.9, sloLatencyP95Ms: 500, weight: 4, version: '3.3.0' },
  { slug: 'payments', name: 'Payments', team: 'Payments', tier: 1, sloAvailabilityPct: 99.99, sloLatencyP95Ms: 400, weight: 4, version: '15.7.2' },
  { slug: 'ledger', name: 'Ledger', team: 'Payments', tier: 1, sloAvailabilityPct: 99.99, sloLatencyP95Ms: 300, weight: 3, version: '4.0.9' },
  { slug: 'analytics-ingest', name: 'Analytics Ingest', team: 'Data', tier: 3, sloAvailabilityPct: 99.5, sloLatencyP95Ms: 1000, weight: 9, version: '1.44.0' },
  { slug: 'moderation', name: 'Moderation', team: 'Trust & Safety', tier: 2, sloAvailabilityPct: 99.9, sloLatencyP95Ms: 800, weight: 4, version: '2.9.1' },
];

export interface CatalogDataStore {
  name: string;
  engine: string;
  service: string;
  primary: string; // provider-code
  replicas: string[];
  pinnedJurisdiction: Jurisdiction | null;
  maxLagMs: number;
}

// prettier-ignore
export const DEMO_DATA_STORES: CatalogDataStore[] = [
  { name: 'users-global', engine: 'postgres', service: 'user-profile', primary: 'aws-us-east-1', replicas: ['aws-us-west-2', 'aws-eu-west-1', 'aws-ap-northeast-1', 'aws-sa-east-1'], pinnedJurisdiction: null, maxLagMs: 2000 },
  { name: 'users-eu', engine: 'postgres', service: 'user-profile', primary: 'aws-eu-central-1', replicas: ['aws-eu-west-1', 'gcp-europe-west1'], pinnedJurisdiction: 'EU', maxLagMs: 2000 },
  { name: 'payments-eu', engine: 'postgres', service: 'payments', primary: 'aws-eu-west-1', replicas: ['aws-eu-central-1', 'azure-westeurope'], pinnedJurisdiction: 'EU', maxLagMs: 500 },
  { name: 'payments-in', engine: 'postgres', service: 'payments', primary: 'aws-ap-south-1', replicas: ['azure-centralindia', 'gcp-asia-south1'], pinnedJurisdiction: 'IN', maxLagMs: 500 },
  { name: 'payments-br', engine: 'postgres', service: 'payments', primary: 'aws-sa-east-1', replicas: ['azure-brazilsouth'], pinnedJurisdiction: 'BR', maxLagMs: 500 },
  { name: 'ledger-us', engine: 'spanner', service: 'ledger', primary: 'gcp-us-central1', replicas: ['aws-us-east-2', 'azure-eastus'], pinnedJurisdiction: 'US', maxLagMs: 1000 },
  { name: 'messages', engine: 'cassandra', service: 'messaging', primary: 'aws-us-east-1', replicas: ['aws-eu-west-1', 'aws-ap-southeast-1', 'aws-ap-south-1'], pinnedJurisdiction: null, maxLagMs: 5000 },
  { name: 'search-index', engine: 'opensearch', service: 'search', primary: 'gcp-us-central1', replicas: ['gcp-europe-west4', 'gcp-asia-northeast1'], pinnedJurisdiction: null, maxLagMs: 30000 },
];

export const regionId = (r: { provider: string; code: string }) => `${r.provider}-${r.code}`;
