import type { DataStoreTopology, FleetRegion, Jurisdiction, Provider } from '../fleet/types';
import { type AutoscalerParams, DEFAULT_AUTOSCALER_PARAMS, steadyCapacityRps } from './capacity';
import type { CostBreakdown } from './types';

// Cost accrual from public list prices (on-demand, no discounts), US-East-equivalent regions, as of 2024.
// A failover preview asks hourlyCostUsd for the fleet before and after a routing change; the fleet simulation
// accrues the same rates tick by tick.

export interface ProviderPrices {
  /** On-demand price of one vCPU for one hour, general-purpose instance family. */
  computeUsdPerVcpuHour: number;
  /** Internet egress, first paid tier. */
  egressUsdPerGb: number;
  /** Transfer between two regions of the same continent. */
  interRegionUsdPerGb: number;
  /** Transfer between regions on different continents. */
  interContinentUsdPerGb: number;
  source: string;
}

export const PROVIDER_PRICES: Record<Provider, ProviderPrices> = {
  aws: {
    computeUsdPerVcpuHour: 0.048, // m6i.large (2 vCPU) $0.096/h, us-east-1
    egressUsdPerGb: 0.09, // data transfer out to internet, first 10 TB/month
    interRegionUsdPerGb: 0.02, // inter-region data transfer out, US regions
    interContinentUsdPerGb: 0.02, // AWS charges by source region, not distance: $0.02 from US/EU regions
    source: 'aws.amazon.com/ec2/pricing/on-demand (EC2 on-demand and data transfer), 2024',
  },
  gcp: {
    computeUsdPerVcpuHour: 0.0486, // n2-standard-2 $0.0971/h, us-central1
    egressUsdPerGb: 0.12, // premium tier internet egress, worldwide (excl. China, Australia), first TiB
    interRegionUsdPerGb: 0.02, // VM-to-VM between regions within a continent
    interContinentUsdPerGb: 0.08, // between continents ($0.05-$0.15 by pair; mid value)
    source: 'cloud.google.com/compute/all-pricing and cloud.google.com/vpc/network-pricing, 2024',
  },
  azure: {
    computeUsdPerVcpuHour: 0.048, // D2s v5 $0.096/h, East US
    egressUsdPerGb: 0.087, // internet egress via Microsoft network, zone 1, first 10 TB (after 100 GB free)
    interRegionUsdPerGb: 0.02, // inter-region within North America / Europe
    interContinentUsdPerGb: 0.05, // inter-region between continents, from zone 1
    source: 'azure.microsoft.com/pricing/details/virtual-machines and .../bandwidth, 2024',
  },
  oci: {
    computeUsdPerVcpuHour: 0.0185, // E4.Flex: $0.025/OCPU-h (= 2 vCPU) + 4 GB/vCPU × $0.0015/GB-h
    egressUsdPerGb: 0.0085, // NA/EU, beyond the first 10 TB/month free (the marginal price at fleet scale)
    interRegionUsdPerGb: 0.0085, // OCI charges inter-region transfer as outbound transfer
    interContinentUsdPerGb: 0.0085,
    source: 'oracle.com/cloud/price-list (Compute E4 Flex, Networking outbound data transfer), 2024',
  },
};

/**
 * Regional price level relative to US-East, derived from AWS's ratios (m6i.large and internet egress in the
 * region's main AWS region vs us-east-1) and applied to every provider: close enough for deltas.
 */
export const JURISDICTION_PRICE_LEVEL: Record<Jurisdiction, { compute: number; egress: number }> = {
  US: { compute: 1, egress: 1 },
  CA: { compute: 1.1, egress: 1 },
  MX: { compute: 1.15, egress: 1.2 },
  BR: { compute: 1.55, egress: 1.67 },
  CL: { compute: 1.3, egress: 1.3 },
  EU: { compute: 1.15, egress: 1 },
  UK: { compute: 1.15, egress: 1 },
  CH: { compute: 1.3, egress: 1 },
  IN: { compute: 1.05, egress: 1.21 },
  JP: { compute: 1.29, egress: 1.27 },
  KR: { compute: 1.23, egress: 1.4 },
  SG: { compute: 1.25, egress: 1.33 },
  ID: { compute: 1.25, egress: 1.46 },
  AU: { compute: 1.25, egress: 1.27 },
  ZA: { compute: 1.3, egress: 1.6 },
  AE: { compute: 1.2, egress: 1.3 },
  IL: { compute: 1.2, egress: 1.2 },
};

const CONTINENT: Record<Jurisdiction, string> = {
  US: 'NA',
  CA: 'NA',
  MX: 'NA',
  BR: 'SA',
  CL: 'SA',
  EU: 'EU',
  UK: 'EU',
  CH: 'EU',
  IN: 'AS',
  JP: 'AS',
  KR: 'AS',
  SG: 'AS',
  ID: 'AS',
  AE: 'AS',
  IL: 'AS',
  AU: 'OC',
  ZA: 'AF',
};

export interface CostParams {
  /** Requests per second one vCPU sustains at full utilisation (a typical JSON API node). */
  rpsPerVcpu: number;
  /** Mean response size sent to users (internet egress). */
  responseBytes: number;
  /** Share of requests that write to data stores. */
  writeFraction: number;
  /** Bytes a write moves between regions (forwarded to the primary, then to each replica). */
  writeBytes: number;
}

export const DEFAULT_COST_PARAMS: CostParams = {
  rpsPerVcpu: 50,
  responseBytes: 20_000,
  writeFraction: 0.05,
  writeBytes: 2_000,
};

export const ZERO_COST: CostBreakdown = { computeUsd: 0, egressUsd: 0, interRegionUsd: 0, totalUsd: 0 };

export function addCost(a: CostBreakdown, b: CostBreakdown): CostBreakdown {
  const computeUsd = a.computeUsd + b.computeUsd;
  const egressUsd = a.egressUsd + b.egressUsd;
  const interRegionUsd = a.interRegionUsd + b.interRegionUsd;
  return { computeUsd, egressUsd, interRegionUsd, totalUsd: computeUsd + egressUsd + interRegionUsd };
}

export function scaleCost(c: CostBreakdown, factor: number): CostBreakdown {
  return {
    computeUsd: c.computeUsd * factor,
    egressUsd: c.egressUsd * factor,
    interRegionUsd: c.interRegionUsd * factor,
    totalUsd: c.totalUsd * factor,
  };
}

function transferUsdPerGb(from: Pick<FleetRegion, 'provider' | 'jurisdiction'>, to: Pick<FleetRegion, 'jurisdiction'>): number {
  const prices = PROVIDER_PRICES[from.provider];
  return CONTINENT[from.jurisdiction] === CONTINENT[to.jurisdiction] ? prices.interRegionUsdPerGb : prices.interContinentUsdPerGb;
}

export interface HourlyCostInput {
  regions: readonly FleetRegion[];
  /** Served rps per region, e.g. a RoutingOutcome's `regions`. Missing regions serve 0. */
  regionRps: readonly { regionId: string; rps: number }[];
  /** Capacity per region. Default: what the autoscaler settles at for that load (steadyCapacityRps). */
  capacityRps?: ReadonlyMap<string, number>;
  dataStores?: readonly DataStoreTopology[];
  params?: Partial<CostParams>;
  autoscaler?: AutoscalerParams;
}

export interface HourlyCost {
  /** USD per hour at this steady state. */
  totalUsd: number;
  byCategory: CostBreakdown;
  byRegion: Record<string, CostBreakdown>;
}

const gbPerHour = (rps: number, bytes: number): number => (rps * bytes * 3600) / 1e9;

/** Internet egress of the responses a region sends at this rate, USD per hour (a traffic arc's cost on the map). */
export function egressUsdPerHour(region: Pick<FleetRegion, 'provider' | 'jurisdiction'>, rps: number, params: CostParams = DEFAULT_COST_PARAMS): number {
  return gbPerHour(rps, params.responseBytes) * PROVIDER_PRICES[region.provider].egressUsdPerGb * JURISDICTION_PRICE_LEVEL[region.jurisdiction].egress;
}

/**
 * Replication of one data store from its primary to one replica, USD per hour: the store's share of the fleet's
 * writes (an equal share per store), shipped between the two regions (a replication arc's cost on the map).
 */
export function replicationUsdPerHour(
  primary: Pick<FleetRegion, 'provider' | 'jurisdiction'>,
  replica: Pick<FleetRegion, 'provider' | 'jurisdiction'>,
  fleetRps: number,
  storeCount: number,
  params: CostParams = DEFAULT_COST_PARAMS,
): number {
  if (storeCount <= 0) return 0;
  return gbPerHour((fleetRps * params.writeFraction) / storeCount, params.writeBytes) * transferUsdPerGb(primary, replica);
}

/**
 * Cost per hour of a fleet state: compute by capacity-hours, internet egress by responses served, inter-region
 * transfer by write forwarding (non-primary regions → primary) and replication (primary → each replica).
 * The failover preview's cost delta is hourlyCostUsd(after).totalUsd − hourlyCostUsd(before).totalUsd.
 */
export function hourlyCostUsd(input: HourlyCostInput): HourlyCost {
  const params: CostParams = { ...DEFAULT_COST_PARAMS, ...input.params };
  const autoscaler = input.autoscaler ?? DEFAULT_AUTOSCALER_PARAMS;
  const regionsById = new Map(input.regions.map((r) => [r.id, r] as const));
  const rpsById = new Map<string, number>();
  for (const { regionId, rps } of input.regionRps) rpsById.set(regionId, (rpsById.get(regionId) ?? 0) + rps);
  const byRegion: Record<string, CostBreakdown> = {};
  const bucket = (id: string): CostBreakdown => {
    byRegion[id] ??= { ...ZERO_COST };
    return byRegion[id];
  };
  let totalRps = 0;
  for (const region of input.regions) {
    const rps = rpsById.get(region.id) ?? 0;
    totalRps += rps;
    const capacityRps = input.capacityRps?.get(region.id) ?? steadyCapacityRps(region.capacityRps, rps, autoscaler);
    const prices = PROVIDER_PRICES[region.provider];
    const level = JURISDICTION_PRICE_LEVEL[region.jurisdiction];
    const b = bucket(region.id);
    // Retired regions cost nothing; regions in maintenance keep their capacity.
    if (region.status !== 'retired') {
      b.computeUsd += (capacityRps / params.rpsPerVcpu) * prices.computeUsdPerVcpuHour * level.compute;
    }
    b.egressUsd += egressUsdPerHour(region, rps, params);
  }

  const stores = input.dataStores ?? [];
  for (const store of stores) {
    const primary = regionsById.get(store.primaryRegionId);
    if (!primary) continue;
    // Each store takes an equal share of the fleet's writes, issued wherever the user was served.
    const storeWriteShare = params.writeFraction / stores.length;
    for (const region of input.regions) {
      if (region.id === primary.id) continue;
      const writeRps = (rpsById.get(region.id) ?? 0) * storeWriteShare;
      bucket(region.id).interRegionUsd += gbPerHour(writeRps, params.writeBytes) * transferUsdPerGb(region, primary);
    }
    for (const replicaId of store.replicaRegionIds) {
      const replica = regionsById.get(replicaId);
      if (!replica || replica.id === primary.id) continue;
      bucket(primary.id).interRegionUsd += replicationUsdPerHour(primary, replica, totalRps, stores.length, params);
    }
  }

  let byCategory = ZERO_COST;
  for (const id of Object.keys(byRegion)) {
    const b = byRegion[id];
    b.totalUsd = b.computeUsd + b.egressUsd + b.interRegionUsd;
    byCategory = addCost(byCategory, b);
  }
  return { totalUsd: byCategory.totalUsd, byCategory, byRegion };
}

/** Cost accrued over dtS seconds at an hourly rate. */
export function accrueCostUsd(hourly: HourlyCost, dtS: number): CostBreakdown {
  return scaleCost(hourly.byCategory, dtS / 3600);
}
