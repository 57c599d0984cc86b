import { type FleetRegion, JURISDICTIONS, type Jurisdiction, PROVIDERS, type RegionRouting } from '../fleet/types';
import { CELLS, DEFAULT_DEMAND_PARAMS, type DemandParams, PEAK_DEMAND_FACTOR } from './demand';
import { haversineKm } from './latency';
import { createRng, nextBetween, seedState } from './rng';
import type { PopulationCell } from './types';

// Plausible fleets of any size for tests and benchmarks: regions sit on land near population centres, every
// jurisdiction that has users gets at least one region (so pinning can be honoured), and capacity is sized to
// the peak demand of the cells each region is nearest to.

export interface SyntheticOptions {
  cells?: readonly PopulationCell[];
  demand?: DemandParams;
  /** Capacity / peak demand of the region's catchment. */
  headroom?: number;
}

export function syntheticRegions(n: number, seed: number, options: SyntheticOptions = {}): FleetRegion[] {
  const cells = options.cells ?? CELLS;
  const demand = options.demand ?? DEFAULT_DEMAND_PARAMS;
  const headroom = options.headroom ?? 1.5;
  const rng = createRng(seedState(seed));
  if (n <= 0 || cells.length === 0) return [];

  // Seats: first the largest cell of each jurisdiction (by users), then cells drawn ∝ √users, jittered.
  const usersByJurisdiction = new Map<Jurisdiction, number>();
  const largestCell = new Map<Jurisdiction, PopulationCell>();
  for (const c of cells) {
    usersByJurisdiction.set(c.jurisdiction, (usersByJurisdiction.get(c.jurisdiction) ?? 0) + c.users);
    const best = largestCell.get(c.jurisdiction);
    if (!best || c.users > best.users) largestCell.set(c.jurisdiction, c);
  }
  const seats: { cell: PopulationCell; jitter: boolean }[] = JURISDICTIONS.filter((j) => largestCell.has(j))
    .sort((a, b) => (usersByJurisdiction.get(b) ?? 0) - (usersByJurisdiction.get(a) ?? 0))
    .slice(0, n)
    .map((j) => ({ cell: largestCell.get(j) as PopulationCell, jitter: false }));
  const weights = cells.map((c) => Math.sqrt(c.users));
  const weightSum = weights.reduce((s, w) => s + w, 0);
  while (seats.length < n) {
    let target = rng.next() * weightSum;
    let pick = cells.length - 1;
    for (let i = 0; i < cells.length; i++) {
      target -= weights[i];
      if (target < 0) {
        pick = i;
        break;
      }
    }
    seats.push({ cell: cells[pick], jitter: true });
  }

  const regions = seats.map(({ cell, jitter }, i): FleetRegion => {
    // ±0.25° keeps a region within ~30 km of its city: on land, in the same country.
    const lat = jitter ? cell.lat + nextBetween(rng, -0.25, 0.25) : cell.lat;
    const lng = jitter ? cell.lng + nextBetween(rng, -0.25, 0.25) : cell.lng;
    const provider = PROVIDERS[Math.floor(rng.next() * PROVIDERS.length)];
    const num = String(i + 1).padStart(4, '0');
    return {
      id: `syn-${num}`,
      provider,
      code: `${cell.country.toLowerCase()}-${provider}-${num}`,
      name: `${cell.name} ${num}`,
      city: cell.name,
      country: cell.country,
      jurisdiction: cell.jurisdiction,
      lat: Math.round(lat * 1000) / 1000,
      lng: Math.round(lng * 1000) / 1000,
      status: 'active',
      capacityRps: 0,
    };
  });

  // Catchment: each cell's peak demand goes to the nearest region of its jurisdiction (or nearest at all).
  const peakRps = new Float64Array(regions.length);
  for (const c of cells) {
    let best = -1;
    let bestKm = Number.POSITIVE_INFINITY;
    let bestOwn = -1;
    let bestOwnKm = Number.POSITIVE_INFINITY;
    for (let r = 0; r < regions.length; r++) {
      const km = haversineKm(c, regions[r]);
      if (km < bestKm) {
        bestKm = km;
        best = r;
      }
      if (regions[r].jurisdiction === c.jurisdiction && km < bestOwnKm) {
        bestOwnKm = km;
        bestOwn = r;
      }
    }
    peakRps[bestOwn >= 0 ? bestOwn : best] += c.users * demand.requestsPerUserPerS * PEAK_DEMAND_FACTOR;
  }
  const meanPeak = peakRps.reduce((s, x) => s + x, 0) / regions.length;
  return regions.map((r, i) => ({
    ...r,
    // A floor so that regions with a tiny catchment can still absorb spill and failover.
    capacityRps: Math.round(Math.max(peakRps[i] * headroom, meanPeak * 0.25)),
  }));
}

/** Default routing rows (weight 100, dial 100 %, not drained) for a set of regions. */
export function defaultRouting(regions: readonly FleetRegion[]): RegionRouting[] {
  return regions.map((r) => ({ regionId: r.id, serviceId: null, weight: 100, dialPct: 100, drained: false, version: 1 }));
}
