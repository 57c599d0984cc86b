import type { Db } from '../db-client';
import type { DataStoreTopology, FleetRegion, Jurisdiction, Provider, RegionRouting, RegionStatus } from '../fleet/types';

export interface FleetInventory {
  regions: FleetRegion[];
  routing: RegionRouting[];
  dataStores: DataStoreTopology[];
  /** Service id → its share of the fleet's replicas: the share of requests and capacity it gets in the model. */
  serviceShares: Record<string, number>;
}

/** Service id → its share of the fleet's desired replicas: the share of requests and capacity the model gives it. */
export async function loadServiceShares(db: Db): Promise<Record<string, number>> {
  const replicas = await db.deployment.groupBy({ by: ['serviceId'], _sum: { desiredReplicas: true }, orderBy: { serviceId: 'asc' } });
  const total = replicas.reduce((s, r) => s + (r._sum.desiredReplicas ?? 0), 0);
  return Object.fromEntries(total > 0 ? replicas.map((r) => [r.serviceId, (r._sum.desiredReplicas ?? 0) / total]) : []);
}

/** The inventory as the fleet model sees it: regions, routing state, data stores and services, from the database. */
export async function loadFleetInventory(db: Db): Promise<FleetInventory> {
  const [regions, routing, stores, serviceShares] = await Promise.all([
    db.region.findMany({ orderBy: { id: 'asc' } }),
    db.routingState.findMany({ orderBy: { scopeKey: 'asc' } }),
    db.dataStore.findMany({ include: { replicas: true }, orderBy: { name: 'asc' } }),
    loadServiceShares(db),
  ]);
  return {
    serviceShares,
    regions: regions.map((r) => ({
      id: r.id,
      provider: r.provider as Provider,
      code: r.code,
      name: r.name,
      city: r.city,
      country: r.country,
      jurisdiction: r.jurisdiction as Jurisdiction,
      status: r.status as RegionStatus,
      capacityRps: r.capacityRps,
      lat: r.lat,
      lng: r.lng,
    })),
    routing: routing.map((r) => ({
      regionId: r.regionId,
      serviceId: r.serviceId,
      weight: r.weight,
      dialPct: r.dialPct,
      drained: r.drained,
      version: r.version,
    })),
    dataStores: stores.map((d) => ({
      id: d.id,
      name: d.name,
      primaryRegionId: d.primaryRegionId,
      replicaRegionIds: d.replicas.map((r) => r.regionId),
      pinnedJurisdiction: (d.pinnedJurisdiction as Jurisdiction | null) ?? null,
      maxLagMs: d.maxLagMs,
    })),
  };
}

/** Jurisdictions whose users must be served inside them (data-residency law), from MERIDIAN_PINNED_JURISDICTIONS. */
export function pinnedJurisdictions(): Jurisdiction[] {
  return (process.env.MERIDIAN_PINNED_JURISDICTIONS ?? 'EU,IN,BR,CH')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean) as Jurisdiction[];
}
