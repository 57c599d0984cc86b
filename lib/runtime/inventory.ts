import type { Db } from '../db-client';
import type { DataStoreTopology, FleetRegion, Jurisdiction, Provider, RegionRouting, RegionStatus } from '../fleet/types';

/** The inventory as the fleet model sees it: regions, routing state and data stores, read from the database. */
export async function loadFleetInventory(db: Db): Promise<{ regions: FleetRegion[]; routing: RegionRouting[]; dataStores: DataStoreTopology[] }> {
  const [regions, routing, stores] = await Promise.all([
    db.region.findMany({ orderBy: { id: 'asc' } }),
    db.routingState.findMany({ orderBy: { scopeKey: 'asc' } }),
    db.dataStore.findMany({ include: { replicas: true }, orderBy: { name: 'asc' } }),
  ]);
  return {
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
