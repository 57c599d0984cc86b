// Per-service routing. The fleet serves one population of users, but its services are deployed side by side in
// each region, each with its own slice of the region's capacity. A routing row with a serviceId overrides the
// region's global row for that service only (e.g. drain checkout from eu-west-1, keep everything else there).
//
// Model: service s carries `share_s` of every user's requests (its share of the fleet's replicas) and owns the same
// share of every region's capacity. Without overrides the fleet routes as one (routeDemand, unchanged). With them,
// each overridden service is routed on its own slice of demand and capacity with its effective rows, the remaining
// services together on the rest, and the outcomes are summed per region: load adds up, latency and error rate are
// load-weighted, and a region is as unhealthy as its worst slice that carries traffic.
import type { HealthState, RegionRouting } from '../fleet/types';
import { type RoutingInput, routeDemand } from './routing';
import type { FlowOutcome, RegionOutcome, RoutingOutcome, UnservedDemand } from './types';

/** Service id → share of requests (0-1, summing to at most 1). */
export type ServiceShares = Readonly<Record<string, number>>;

const SEVERITY: Record<HealthState, number> = { healthy: 0, degraded: 1, down: 2 };

/** The rows that govern one service: its own row where it has one, else the region's global row. */
export function effectiveRouting(routing: readonly RegionRouting[], serviceId: string | null): RegionRouting[] {
  const global = routing.filter((r) => r.serviceId === null);
  if (serviceId === null) return global;
  const own = new Map(routing.filter((r) => r.serviceId === serviceId).map((r) => [r.regionId, r]));
  return global.map((g) => {
    const o = own.get(g.regionId);
    return o ? { ...o, serviceId: null } : g;
  });
}

/** Services whose rows differ from the global ones somewhere, and that carry traffic. Sorted, for determinism. */
export function overriddenServices(routing: readonly RegionRouting[], shares: ServiceShares): string[] {
  const global = new Map(routing.filter((r) => r.serviceId === null).map((r) => [r.regionId, r]));
  const out = new Set<string>();
  for (const r of routing) {
    if (r.serviceId === null || !((shares[r.serviceId] ?? 0) > 0)) continue;
    const g = global.get(r.regionId);
    if (!g || g.weight !== r.weight || g.dialPct !== r.dialPct || g.drained !== r.drained) out.add(r.serviceId);
  }
  return [...out].sort();
}

function scaled(input: RoutingInput, share: number, routing: RegionRouting[]): RoutingInput {
  const capacity = new Map<string, number>();
  for (const r of input.regions) capacity.set(r.id, (input.currentCapacityRps?.get(r.id) ?? r.currentCapacityRps ?? r.capacityRps) * share);
  const cellRps = Float64Array.from(input.cellRps as ArrayLike<number>, (x) => x * share);
  return { ...input, routing, cellRps, currentCapacityRps: capacity };
}

/** routeDemand, honouring per-service routing rows (see the header). Identical to routeDemand when none differ. */
export function routeDemandByService(input: RoutingInput, shares: ServiceShares = {}): RoutingOutcome {
  const services = overriddenServices(input.routing, shares);
  if (!services.length) return routeDemand(input);
  const rest = Math.max(0, 1 - services.reduce((s, id) => s + shares[id], 0));
  const parts: RoutingOutcome[] = services.map((id) => routeDemand(scaled(input, shares[id], effectiveRouting(input.routing, id))));
  if (rest > 0) parts.push(routeDemand(scaled(input, rest, effectiveRouting(input.routing, null))));
  return mergeOutcomes(parts);
}

function mergeOutcomes(parts: RoutingOutcome[]): RoutingOutcome {
  const byRegion = new Map<string, RegionOutcome[]>();
  for (const p of parts)
    for (const r of p.regions) {
      const slices = byRegion.get(r.regionId);
      if (slices) slices.push(r);
      else byRegion.set(r.regionId, [r]);
    }
  const regions: RegionOutcome[] = [];
  for (const [regionId, slices] of byRegion) {
    const rps = slices.reduce((s, r) => s + r.rps, 0);
    const capacityRps = slices.reduce((s, r) => s + r.capacityRps, 0);
    // Load-weighted figures; an idle region keeps the plain mean (its latency at no load).
    const w = (k: 'latencyP50Ms' | 'latencyP95Ms' | 'latencyP99Ms' | 'errorRate') =>
      rps > 0 ? slices.reduce((s, r) => s + r[k] * r.rps, 0) / rps : slices.reduce((s, r) => s + r[k], 0) / slices.length;
    const carrying = slices.filter((r) => r.rps > 0);
    const health = (carrying.length ? carrying : slices).reduce<HealthState>((h, r) => (SEVERITY[r.health] > SEVERITY[h] ? r.health : h), 'healthy');
    regions.push({
      regionId,
      rps,
      capacityRps,
      utilisation: capacityRps > 0 ? rps / capacityRps : rps > 0 ? Number.POSITIVE_INFINITY : 0,
      latencyP50Ms: w('latencyP50Ms'),
      latencyP95Ms: w('latencyP95Ms'),
      latencyP99Ms: w('latencyP99Ms'),
      errorRate: w('errorRate'),
      health,
    });
  }
  const flows: FlowOutcome[] = parts.flatMap((p) => p.flows);
  const unserved: UnservedDemand[] = parts.flatMap((p) => p.unserved);
  const sum = (k: keyof RoutingOutcome['totals']) => parts.reduce((s, p) => s + p.totals[k], 0);
  return {
    regions,
    flows,
    unserved,
    totals: { demandRps: sum('demandRps'), servedRps: sum('servedRps'), unservedRps: sum('unservedRps'), errorRps: sum('errorRps') },
  };
}
