// Small hand-made fleets for the unit tests (not exported from index.ts).
import type { FleetRegion, Jurisdiction, RegionRouting } from '../fleet/types';
import type { PopulationCell } from './types';

export function region(id: string, lat: number, lng: number, jurisdiction: Jurisdiction, capacityRps = 1e9, country = 'XX'): FleetRegion {
  return { id, provider: 'aws', code: id, name: id, city: id, country, jurisdiction, lat, lng, status: 'active', capacityRps };
}

export function cell(id: string, lat: number, lng: number, jurisdiction: Jurisdiction, users = 1_000_000, country = 'XX'): PopulationCell {
  return { id, name: id, country, jurisdiction, lat, lng, utcOffsetH: 0, users };
}

export function routingRow(regionId: string, patch: Partial<RegionRouting> = {}): RegionRouting {
  return { regionId, serviceId: null, weight: 100, dialPct: 100, drained: false, version: 1, ...patch };
}

export function rpsByRegion(outcome: { regions: { regionId: string; rps: number }[] }): Record<string, number> {
  return Object.fromEntries(outcome.regions.map((r) => [r.regionId, r.rps]));
}
