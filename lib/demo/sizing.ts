// Sizes the demo regions the way capacity planners do: route a day of demand with unlimited capacity (pure
// latency-based routing), take each region's peak hour, and provision that with headroom.
import type { FleetRegion, RegionRouting } from '../fleet/types';
import { createFleet, tick } from '../sim';

const PEAK_HEADROOM = 1.7; // peak at ~60 % utilisation: room to absorb a neighbour's failover
const MIN_CAPACITY_RPS = 5_000;

export function sizeCapacities(regions: FleetRegion[], pinnedJurisdictions: FleetRegion['jurisdiction'][], dayStartMs: number): Map<string, number> {
  const unlimited = regions.map((r) => ({ ...r, capacityRps: 1e9 }));
  const routing: RegionRouting[] = regions.map((r) => ({
    regionId: r.id,
    serviceId: null,
    weight: 128,
    dialPct: 100,
    drained: r.status !== 'active',
    version: 1,
  }));
  let state = createFleet({ regions: unlimited, routing, seed: 3, startTimeMs: dayStartMs, policy: { pinnedJurisdictions } });
  const peak = new Map<string, number>();
  for (let h = 0; h < 24 * 7; h += 3) {
    state = tick(state, 3 * 3600);
    for (const r of state.output.regions) peak.set(r.regionId, Math.max(peak.get(r.regionId) ?? 0, r.rps));
  }
  return new Map(regions.map((r) => [r.id, Math.max(MIN_CAPACITY_RPS, Math.round(((peak.get(r.id) ?? 0) * PEAK_HEADROOM) / 1000) * 1000)]));
}
