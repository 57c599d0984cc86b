// The what-if preview: the fleet model routes current demand with the change applied. The safety check reads the
// same projection, so the preview an operator sees and the decision the server makes are one computation.
import { type FleetState, previewChange } from '../sim';
import { finalRouting, planSteps, scopeOf } from './plan';
import { checkSafety } from './safety';
import { type ControlChange, DEFAULT_LIMITS, type FleetFacts, type Preview, type RegionProjection, type SafetyLimits } from './types';

/** Availability objective the preview's burn rate is measured against. */
const SLO_AVAILABILITY = 0.999;

export function previewControl(state: FleetState, facts: FleetFacts, change: ControlChange, limits: SafetyLimits = DEFAULT_LIMITS): Preview {
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

  // Users whose region changes: compare each cell's rps-weighted round trip before and after.
  const cellRtt = (flows: typeof p.before.flows) => {
    const m = new Map<string, { rps: number; rttW: number; regions: Set<string> }>();
    for (const f of flows) {
      const c = m.get(f.cellId) ?? { rps: 0, rttW: 0, regions: new Set<string>() };
      c.rps += f.rps;
      c.rttW += f.rps * f.rttMs;
      c.regions.add(f.regionId);
      m.set(f.cellId, c);
    }
    return m;
  };
  const cb = cellRtt(p.before.flows);
  const ca = cellRtt(p.after.flows);
  let movedRps = 0;
  let rttBeforeW = 0;
  let rttAfterW = 0;
  for (const [cell, b] of cb) {
    const a = ca.get(cell);
    if (!a || b.rps === 0 || a.rps === 0) continue;
    const same = b.regions.size === a.regions.size && [...b.regions].every((r) => a.regions.has(r));
    if (same && Math.abs(b.rttW / b.rps - a.rttW / a.rps) < 0.5) continue;
    movedRps += b.rps;
    rttBeforeW += b.rttW;
    rttAfterW += (a.rttW / a.rps) * b.rps;
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
    affected: { rps: movedRps, rttBeforeMs: movedRps ? rttBeforeW / movedRps : 0, rttAfterMs: movedRps ? rttAfterW / movedRps : 0 },
    unservedAfterRps: p.after.totals.unservedRps,
    sloBurnRateBefore: burn(p.before),
    sloBurnRateAfter: burn(p.after),
    costDeltaUsdPerHour: p.costDeltaUsdPerHour,
    dataLossWindowMs: lagKey ? (facts.replicaLagMs[lagKey] ?? 0) : undefined,
    violations,
  };
}
