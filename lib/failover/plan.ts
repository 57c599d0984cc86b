// Turns a control change into the steps an operation will run. Pure.
import type { RegionRouting } from '../fleet/types';
import type { ControlChange, FleetFacts, OperationStep } from './types';

type Row = NonNullable<OperationStep['routing']>[number];

/** One operation at a time per region (whatever the service) and per data store. */
export function scopeOf(change: ControlChange): string {
  return 'regionId' in change ? `region:${change.regionId}` : `datastore:${change.dataStoreId}`;
}

export const scopeKeyOf = (regionId: string, serviceId?: string | null) => (serviceId ? `${regionId}:${serviceId}` : regionId);

export function globalRow(routing: readonly RegionRouting[], regionId: string): Row | undefined {
  const r = routing.find((x) => x.regionId === regionId && !x.serviceId);
  return r && { scopeKey: regionId, regionId, weight: r.weight, dialPct: r.dialPct, drained: r.drained };
}

/**
 * The row a control acts on: the region's global row, or the service's own row in the region; a service without
 * one starts from the global row's values (its first change creates its row).
 */
export function controlRow(routing: readonly RegionRouting[], regionId: string, serviceId?: string): Row | undefined {
  const g = globalRow(routing, regionId);
  if (!serviceId || !g) return g;
  const own = routing.find((x) => x.regionId === regionId && x.serviceId === serviceId);
  const values = own ?? g;
  return { scopeKey: scopeKeyOf(regionId, serviceId), regionId, serviceId, weight: values.weight, dialPct: values.dialPct, drained: values.drained };
}

export function planSteps(change: ControlChange, facts: FleetFacts): OperationStep[] {
  if (change.kind === 'switchover' || change.kind === 'failover') {
    const lag = facts.replicaLagMs[`${change.dataStoreId}|${change.targetRegionId}`] ?? 0;
    return [
      {
        label:
          change.kind === 'switchover'
            ? `Fence writes, wait for ${change.targetRegionId} to catch up (${Math.ceil(lag)} ms), promote it`
            : `Promote ${change.targetRegionId} now, accepting ${Math.ceil(lag)} ms of replication lag`,
        promote: { dataStoreId: change.dataStoreId, targetRegionId: change.targetRegionId, waitForLagMs: change.kind === 'switchover' ? lag : 0 },
        waitAfterS: 0,
      },
    ];
  }
  const row = controlRow(facts.routing, change.regionId, change.serviceId);
  if (!row) return [];
  const what = change.serviceId ? `${change.serviceId} in ${change.regionId}` : change.regionId;
  switch (change.kind) {
    case 'drain':
      return [{ label: `Drain ${what}`, routing: [{ ...row, drained: true }], waitAfterS: 0 }];
    case 'restore':
      return [{ label: `Restore ${what}`, routing: [{ ...row, drained: false, dialPct: 100 }], waitAfterS: 0 }];
    case 'set_dial':
      return [{ label: `Traffic dial of ${what} to ${change.dialPct} %`, routing: [{ ...row, dialPct: change.dialPct }], waitAfterS: 0 }];
    case 'set_weight':
      return [{ label: `Weight of ${what} to ${change.weight}`, routing: [{ ...row, weight: change.weight }], waitAfterS: 0 }];
    case 'evacuate': {
      // Lower the dial in equal steps with a wait between them, then drain: receivers warm up gradually.
      const steps: OperationStep[] = [];
      for (let i = 1; i <= change.steps; i++) {
        const dialPct = Math.round(row.dialPct * (1 - i / change.steps));
        const last = i === change.steps;
        steps.push({
          label: last ? `Dial ${what} to 0 % and drain` : `Dial ${what} to ${dialPct} %`,
          routing: [{ ...row, dialPct, drained: last }],
          waitAfterS: last ? 0 : change.waitS,
        });
      }
      return steps;
    }
  }
}

/** The routing after every step has run (a service's first change adds its row). */
export function finalRouting(routing: readonly RegionRouting[], steps: readonly OperationStep[]): RegionRouting[] {
  const byKey = new Map(routing.map((r) => [scopeKeyOf(r.regionId, r.serviceId), { ...r }]));
  for (const s of steps)
    for (const w of s.routing ?? []) {
      const cur = byKey.get(w.scopeKey);
      if (cur) Object.assign(cur, { weight: w.weight, dialPct: w.dialPct, drained: w.drained });
      else
        byKey.set(w.scopeKey, { regionId: w.regionId, serviceId: w.serviceId ?? null, weight: w.weight, dialPct: w.dialPct, drained: w.drained, version: 1 });
    }
  return [...byKey.values()];
}
