// Safety rules, checked on the server before any change. Pure: the preview calls this with its own projection,
// so what an operator reads in the preview is exactly what the server decides.
import type { RegionRouting } from '../fleet/types';
import { effectiveRouting, type UnservedDemand } from '../sim';
import { controlRow } from './plan';
import type { ControlChange, FleetFacts, RegionProjection, SafetyLimits, Violation } from './types';

const pct = (x: number) => `${Math.round(x * 100)} %`;
const rps = (x: number) => `${Math.round(x).toLocaleString('en-US')} rps`;
/** Percentage points by which a utilisation passes a limit: "1 point", "12 points", "less than 1 point". */
export function pointsOver(excess: number): string {
  const n = Math.round(excess * 100);
  return n < 1 ? 'less than 1 point' : n === 1 ? '1 point' : `${n} points`;
}

export interface SafetyInput {
  change: ControlChange;
  scope: string;
  facts: FleetFacts;
  routingAfter: readonly RegionRouting[];
  projection: RegionProjection[];
  unservedBefore: readonly UnservedDemand[];
  unservedAfter: readonly UnservedDemand[];
  limits: SafetyLimits;
}

/** Healthy regions that serve (all services, or the one service) under this routing. */
function serving(facts: FleetFacts, routing: readonly RegionRouting[], serviceId?: string): string[] {
  const rows = new Map(effectiveRouting(routing, serviceId ?? null).map((r) => [r.regionId, r]));
  return facts.regions
    .filter((r) => {
      const row = rows.get(r.id);
      return r.status === 'active' && r.health === 'healthy' && row && !row.drained && row.dialPct > 0 && row.weight > 0;
    })
    .map((r) => r.id);
}

export function checkSafety(i: SafetyInput): Violation[] {
  const { change, facts, limits } = i;
  const v: Violation[] = [];
  const region = (id: string) => facts.regions.find((r) => r.id === id);

  if (facts.busyScopes.includes(i.scope)) {
    v.push({
      rule: 'ONE_OPERATION_PER_SCOPE',
      message: `Another operation is already running on ${i.scope.replace(':', ' ')}: wait for it, or abort it first.`,
    });
  }

  if (change.kind === 'switchover' || change.kind === 'failover') {
    const store = facts.dataStores.find((d) => d.id === change.dataStoreId);
    const target = region(change.targetRegionId);
    if (!store) return [...v, { rule: 'UNKNOWN_TARGET', message: `There is no data store ${change.dataStoreId}.` }];
    if (!target) return [...v, { rule: 'UNKNOWN_TARGET', message: `There is no region ${change.targetRegionId}.` }];
    if (!store.replicaRegionIds.includes(target.id)) {
      v.push({
        rule: 'NOT_A_REPLICA',
        regionId: target.id,
        message: `${target.code} is not a replica of ${store.name}; its replicas are ${store.replicaRegionIds.join(', ') || 'none'}.`,
      });
    }
    if (store.pinnedJurisdiction && target.jurisdiction !== store.pinnedJurisdiction) {
      v.push({
        rule: 'SOVEREIGNTY',
        regionId: target.id,
        message: `${store.name}'s writes must stay in ${store.pinnedJurisdiction}; ${target.code} is in ${target.jurisdiction}.`,
      });
    }
    const lag = facts.replicaLagMs[`${store.id}|${target.id}`] ?? 0;
    if (change.kind === 'switchover' && lag > store.maxLagMs) {
      v.push({
        rule: 'REPLICA_LAG',
        regionId: target.id,
        message: `${target.code} is ${Math.round(lag)} ms behind, ${Math.round(lag - store.maxLagMs)} ms over ${store.name}'s ${store.maxLagMs} ms limit: a planned switchover would wait too long. Use an emergency failover (accepting the lag) or wait.`,
      });
    }
    if (target.health === 'down')
      v.push({
        rule: 'MIN_HEALTHY',
        regionId: target.id,
        message: `${target.code} is down: promoting it would leave ${store.name} without a working primary.`,
      });
    return v;
  }

  const target = region(change.regionId);
  if (!target) return [...v, { rule: 'UNKNOWN_TARGET', message: `There is no region ${change.regionId}.` }];

  const service = change.serviceId;
  if (service && facts.services && !facts.services.some((x) => x.id === service)) {
    return [...v, { rule: 'UNKNOWN_TARGET', message: `There is no service ${service}.` }];
  }
  const scopeName = service ? `${service} in ${target.code}` : target.code;
  const was = controlRow(facts.routing, change.regionId, service);
  const after = controlRow(i.routingAfter, change.regionId, service);
  if (!was || !after) v.push({ rule: 'UNKNOWN_TARGET', message: `${target.code} has no routing state (is it retired?).` });
  else if (was.weight === after.weight && was.dialPct === after.dialPct && was.drained === after.drained) {
    v.push({
      rule: 'NO_OP',
      regionId: target.id,
      message: `${scopeName} is already at weight ${was.weight}, dial ${was.dialPct} %${was.drained ? ', drained' : ''}: nothing would change.`,
    });
  }

  const servingAfter = serving(facts, i.routingAfter, service);
  const servingBefore = serving(facts, facts.routing, service);
  if (servingAfter.length < limits.minHealthyRegions && servingAfter.length < servingBefore.length) {
    v.push({
      rule: 'MIN_HEALTHY',
      regionId: target.id,
      message: `Only ${servingAfter.length} healthy regions would keep serving${service ? ` ${service}` : ''}; at least ${limits.minHealthyRegions} must (${limits.minHealthyRegions - servingAfter.length} short).`,
    });
  }

  for (const p of i.projection) {
    const receiving = p.rpsAfter > p.rpsBefore * 1.001 + 1;
    if (receiving && p.utilisationAfter > limits.headroomUtilisation) {
      // Capacity at which the projected load sits at the limit; a floor, as load past the spill point went elsewhere.
      const needRps = Math.ceil((p.rpsAfter / limits.headroomUtilisation - p.rpsAfter / p.utilisationAfter) / 100) * 100;
      v.push({
        rule: 'HEADROOM',
        regionId: p.regionId,
        message: `${p.code} would run at ${pct(p.utilisationAfter)} of capacity, ${pointsOver(p.utilisationAfter - limits.headroomUtilisation)} over the ${pct(limits.headroomUtilisation)} headroom limit. It needs at least ${rps(needRps)} more capacity first.`,
      });
    }
  }

  // Sovereignty: users of a pinned jurisdiction left with no region inside it (the model never routes them out).
  const pinnedUnserved = (list: readonly UnservedDemand[]) => {
    const m = new Map<string, number>();
    for (const u of list) if (u.reason === 'pinned_no_region') m.set(u.jurisdiction, (m.get(u.jurisdiction) ?? 0) + u.rps);
    return m;
  };
  const ub = pinnedUnserved(i.unservedBefore);
  for (const [j, r] of pinnedUnserved(i.unservedAfter)) {
    const added = r - (ub.get(j) ?? 0);
    if (added > 1) {
      v.push({
        rule: 'SOVEREIGNTY',
        regionId: target.id,
        message: `${j} users (${rps(added)}) must be served inside ${j}, and no ${j} region would be left serving them after this change to ${target.code}.`,
      });
    }
  }
  return v;
}
