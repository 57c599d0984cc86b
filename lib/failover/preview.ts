// The what-if preview: the fleet model routes current demand with the change applied. The safety check reads the
// same projection, so the preview an operator sees and the decision the server makes are one computation.
import type { RegionRouting } from '../fleet/types';
import type { LiveFlow } from '../live/types';
import { aggregateFlowsByCountry, countryCentre, type FleetState, previewChange } from '../sim';
import { finalRouting, planSteps, scopeOf } from './plan';
import { checkSafety } from './safety';
import { type ControlChange, DEFAULT_LIMITS, type FleetFacts, type Preview, type RegionProjection, type SafetyLimits } from './types';

/** Availability objective the preview's burn rate is measured against. */
const SLO_AVAILABILITY = 0.999;

/** Users of one country served by one region (the map's arc), before or after the change: a live flow's shape. */
export type ProjectedFlow = Omit<LiveFlow, 'egressUsdPerHour'>;

/**
 * The traffic the preview projects, for the failover page's map: the same routing outcome the safety check reads,
 * aggregated per country → region like the live map's arcs. Regions carry positions; `drained` are the regions the
 * change drains or dials to zero (marked on the map).
 */
export interface PreviewFlows {
  before: ProjectedFlow[];
  after: ProjectedFlow[];
  regions: { id: string; code: string; name: string; provider: string; city: string; lat: number; lng: number }[];
  drained: string[];
}

/** The largest flows only, as on the live map (the long tail is invisible at world scale). */
const MAX_PREVIEW_FLOWS = 400;

/** Regions the change drains (or dials to 0 %), globally or for a service. */
function drainedBy(before: readonly RegionRouting[], after: readonly RegionRouting[]): string[] {
  const off = (r: RegionRouting) => r.drained || r.dialPct === 0;
  const was = new Set(before.filter(off).map((r) => `${r.regionId}|${r.serviceId ?? ''}`));
  return [...new Set(after.filter((r) => off(r) && !was.has(`${r.regionId}|${r.serviceId ?? ''}`)).map((r) => r.regionId))];
}

function projectedFlows(flows: Parameters<typeof aggregateFlowsByCountry>[0]): ProjectedFlow[] {
  return aggregateFlowsByCountry(flows)
    .slice(0, MAX_PREVIEW_FLOWS)
    .map((f) => ({
      ...countryCentre(f.country),
      country: f.country,
      regionId: f.regionId,
      rps: Math.round(f.rps * 10) / 10,
      rttMs: Math.round(f.rttMs * 10) / 10,
    }));
}

export function previewControl(
  state: FleetState,
  facts: FleetFacts,
  change: ControlChange,
  limits: SafetyLimits = DEFAULT_LIMITS,
): Preview & { flows: PreviewFlows } {
  const steps = planSteps(change, facts);
  const routingAfter = finalRouting(facts.routing, steps);
  const p = previewChange(state, { routing: routingAfter });
  const codes = new Map(facts.regions.map((r) => [r.id, r]));
  const after = new Map(p.after.regions.map((r) => [r.regionId, r]));
  const projection: RegionProjection[] = p.before.regions
    .filter((b) => codes.get(b.regionId)?.status !== 'retired')
    .map((b) => {
      const a = after.get(b.regionId) ?? b;
      const meta = codes.get(b.regionId);
      return {
        regionId: b.regionId,
        code: meta?.code ?? b.regionId,
        health: meta?.health ?? 'healthy',
        rpsBefore: b.rps,
        rpsAfter: a.rps,
        utilisationBefore: b.utilisation,
        utilisationAfter: a.utilisation,
        p95BeforeMs: b.latencyP95Ms,
        p95AfterMs: a.latencyP95Ms,
        errorRateAfter: a.errorRate,
      };
    });

  // Traffic that moves: per user cell, what left each region (before − after, where positive), with the round trip
  // it had, and the round trip of where it went (after − before, where positive). A per-service change moves only
  // that service's share of a cell, so this counts flows, not whole cells.
  const perCell = (flows: typeof p.before.flows) => {
    const m = new Map<string, Map<string, { rps: number; rttW: number }>>();
    for (const f of flows) {
      const c = m.get(f.cellId) ?? new Map<string, { rps: number; rttW: number }>();
      const r = c.get(f.regionId) ?? { rps: 0, rttW: 0 };
      r.rps += f.rps;
      r.rttW += f.rps * f.rttMs;
      c.set(f.regionId, r);
      m.set(f.cellId, c);
    }
    return m;
  };
  const cb = perCell(p.before.flows);
  const ca = perCell(p.after.flows);
  let movedRps = 0;
  let rerouted = 0;
  let rttBeforeW = 0;
  let rttAfterW = 0;
  for (const cell of new Set([...cb.keys(), ...ca.keys()])) {
    const b = cb.get(cell) ?? new Map();
    const a = ca.get(cell) ?? new Map();
    let lost = 0;
    let lostRttW = 0;
    let gained = 0;
    let gainedRttW = 0;
    for (const region of new Set([...b.keys(), ...a.keys()])) {
      const x = b.get(region);
      const y = a.get(region);
      const d = (y?.rps ?? 0) - (x?.rps ?? 0);
      if (d < 0 && x) {
        lost -= d;
        lostRttW -= d * (x.rttW / x.rps);
      } else if (d > 0 && y) {
        gained += d;
        gainedRttW += d * (y.rttW / y.rps);
      }
    }
    if (lost <= 1e-6) continue;
    movedRps += lost;
    if (gained > 0) {
      // Traffic that found a new region (the rest became unserved and has no round trip after).
      const share = Math.min(lost, gained);
      rerouted += share;
      rttBeforeW += (lostRttW / lost) * share;
      rttAfterW += (gainedRttW / gained) * share;
    }
  }
  const burn = (o: typeof p.before) => {
    const served = o.totals.servedRps + o.totals.unservedRps;
    const failed = o.totals.errorRps + o.totals.unservedRps;
    return served ? failed / served / (1 - SLO_AVAILABILITY) : 0;
  };
  const lagKey = 'dataStoreId' in change ? `${change.dataStoreId}|${change.targetRegionId}` : '';
  const violations = checkSafety({
    change,
    scope: scopeOf(change),
    facts,
    routingAfter,
    projection,
    unservedBefore: p.before.unserved,
    unservedAfter: p.after.unserved,
    limits,
  });
  return {
    change,
    steps,
    regions: projection,
    affected: { rps: movedRps, rttBeforeMs: rerouted ? rttBeforeW / rerouted : 0, rttAfterMs: rerouted ? rttAfterW / rerouted : 0 },
    unservedAfterRps: p.after.totals.unservedRps,
    sloBurnRateBefore: burn(p.before),
    sloBurnRateAfter: burn(p.after),
    costDeltaUsdPerHour: p.costDeltaUsdPerHour,
    dataLossWindowMs: lagKey ? (facts.replicaLagMs[lagKey] ?? 0) : undefined,
    violations,
    flows: {
      before: projectedFlows(p.before.flows),
      after: projectedFlows(p.after.flows),
      regions: state.regions
        .filter((r) => codes.get(r.id)?.status !== 'retired')
        .map((r) => ({ id: r.id, code: r.code, name: r.name, provider: r.provider, city: r.city, lat: r.lat, lng: r.lng })),
      drained: drainedBy(facts.routing, routingAfter),
    },
  };
}
