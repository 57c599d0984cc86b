// Plain data shapes shared by the inventory (Prisma), the fleet model (lib/sim) and the UI.
// No Prisma or Next.js imports here: everything that crosses a boundary is one of these.

export const PROVIDERS = ['aws', 'gcp', 'azure', 'oci'] as const;
export type Provider = (typeof PROVIDERS)[number];

export const REGION_STATUSES = ['active', 'maintenance', 'retired'] as const;
export type RegionStatus = (typeof REGION_STATUSES)[number];

export const HEALTH_STATES = ['healthy', 'degraded', 'down'] as const;
export type HealthState = (typeof HEALTH_STATES)[number];

export const DEPLOYMENT_STATES = ['pending', 'progressing', 'healthy', 'degraded', 'rolled_back'] as const;
export type DeploymentState = (typeof DEPLOYMENT_STATES)[number];

export const COST_CATEGORIES = ['compute', 'storage', 'database', 'network_egress', 'inter_region', 'other'] as const;
export type CostCategory = (typeof COST_CATEGORIES)[number];

/** Data-residency zones. A pinned jurisdiction's users and writes must stay in regions of that jurisdiction. */
export const JURISDICTIONS = ['US', 'CA', 'BR', 'EU', 'UK', 'CH', 'IN', 'JP', 'KR', 'SG', 'ID', 'AU', 'ZA', 'AE', 'IL', 'MX', 'CL'] as const;
export type Jurisdiction = (typeof JURISDICTIONS)[number];

export interface LatLng {
  lat: number;
  lng: number;
}

/** A region as the fleet model and the map see it. */
export interface FleetRegion extends LatLng {
  id: string;
  provider: Provider;
  code: string; // provider's region code, e.g. eu-west-1
  name: string;
  city: string;
  country: string; // ISO 3166-1 alpha-2
  jurisdiction: Jurisdiction;
  status: RegionStatus;
  capacityRps: number;
}

/** Routing state of one region (global, or for one service when serviceId is set). */
export interface RegionRouting {
  regionId: string;
  serviceId: string | null;
  weight: number; // 0-255
  dialPct: number; // 0-100
  drained: boolean;
  version: number; // optimistic concurrency
}

export interface DataStoreTopology {
  id: string;
  name: string;
  primaryRegionId: string;
  replicaRegionIds: string[];
  /** Jurisdiction whose writes must stay inside it, or null when unrestricted. */
  pinnedJurisdiction: Jurisdiction | null;
  maxLagMs: number;
}
