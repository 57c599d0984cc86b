// Turns a control change into the steps an operation will run. Pure.
import type { RegionRouting } from '../fleet/types';
import type { ControlChange, FleetFacts, OperationStep } from './types';

type Row = NonNullable<OperationStep['routing']>[number];

export function scopeOf(change: ControlChange): string {
  return 'regionId' in change ? `region:${change.regionId}` : `datastore:${change.dataStoreId}`;
}

export function globalRow(routing: readonly RegionRouting[], regionId: string): Row | undefined {
  const r = routing.find((x) => x.regionId === regionId && !x.serviceId);
  return r && { scopeKey: regionId, regionId, weight: r.weight, dialPct: r.dialPct, drained: r.drained };
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
  const row = globalRow(facts.routing, change.regionId);
  if (!row) return [];
  switch (change.kind) {
    case 'drain':
      return [{ label: `Drain ${change.regionId}`, routing: [{ ...row, drained: true }], waitAfterS: 0 }];
    case 'restore':
      return [{ label: `Restore ${change.regionId}`, routing: [{ ...row, drained: false, dialPct: 100 }], waitAfterS: 0 }];
    case 'set_dial':
      return [{ label: `Traffic dial of ${change.regionId} to ${change.dialPct} %`, routing: [{ ...row, dialPct: change.dialPct }], waitAfterS: 0 }];
    case 'set_weight':
      return [{ label: `Weight of ${change.regionId} to ${change.weight}`, routing: [{ ...row, weight: change.weight }], waitAfterS: 0 }];
    case 'evacuate': {
      // Lower the dial in equal steps with a wait between them, then drain: receivers warm up gradually.
      const steps: OperationStep[] = [];
      for (let i = 1; i <= change.steps; i++) {
        const dialPct = Math.round(row.dialPct * (1 - i / change.steps));
        const last = i === change.steps;
        steps.push({
          label: last ? `Dial ${change.regionId} to 0 % and drain` : `Dial ${change.regionId} to ${dialPct} %`,
          routing: [{ ...row, dialPct, drained: last }],
          waitAfterS: last ? 0 : change.waitS,
        });
      }
      return steps;
    }
  }
}

/** The routing after every step has run. */
export function finalRouting(routing: readonly RegionRouting[], steps: readonly OperationStep[]): RegionRouting[] {
  const byKey = new Map(routing.map((r) => [r.serviceId ? `${r.regionId}:${r.serviceId}` : r.regionId, { ...r }]));
  for (const s of steps)
    for (const w of s.routing ?? []) {
      const cur = byKey.get(w.scopeKey);
      if (cur) Object.assign(cur, { weight: w.weight, dialPct: w.dialPct, drained: w.drained });
    }
  return [...byKey.values()];
}
