import { describe, expect, it } from 'vitest';
import { CELLS } from './demand';
import { clearFailure, createFleet, type FleetState, injectFailure, previewChange, tick, withRouting } from './fleet';
import { defaultRouting, syntheticRegions } from './synthetic';
import { cell, region, routingRow } from './test-fixtures';

const START_MS = Date.UTC(2025, 2, 12, 12, 0, 0); // a Wednesday
const cells = CELLS.filter((_, i) => i % 4 === 0); // 500 cells: quick, still world-wide

function fleet(seed = 1, n = 30, capacityScale = 1000): FleetState {
  const regions = syntheticRegions(n, 3, { cells }).map((r) => ({ ...r, capacityRps: r.capacityRps * capacityScale }));
  return createFleet({
    regions,
    routing: defaultRouting(regions),
    dataStores: [
      {
        id: 'users',
        name: 'users',
        primaryRegionId: regions[0].id,
        replicaRegionIds: [regions[1].id, regions[2].id],
        pinnedJurisdiction: null,
        maxLagMs: 5000,
      },
    ],
    seed,
    startTimeMs: START_MS,
    cells,
    demand: { flashCrowdsPerHour: 120 }, // make flash crowds part of the determinism check
  });
}

function run(state: FleetState, ticks: number): FleetState[] {
  const states = [state];
  for (let i = 0; i < ticks; i++) states.push(tick(states[states.length - 1]));
  return states;
}

describe('fleet simulation', () => {
  it('gives the same run for the same seed, and a different one for another seed', () => {
    const a = run(fleet(11), 6).map((s) => s.output);
    const b = run(fleet(11), 6).map((s) => s.output);
    const c = run(fleet(12), 6).map((s) => s.output);
    expect(a).toEqual(b);
    expect(a.map((o) => o.totals.demandRps)).not.toEqual(c.map((o) => o.totals.demandRps));
  });

  it('moves an outaged region’s traffic to the next-nearest healthy regions in one tick', () => {
    let state = tick(fleet());
    const busiest = [...state.output.regions].sort((x, y) => y.rps - x.rps)[0].regionId;
    const pos = state.index.regionPos.get(busiest) as number;
    const affected = state.output.flows.filter((f) => f.regionId === busiest).map((f) => f.cellId);
    expect(affected.length).toBeGreaterThan(0);

    state = tick(injectFailure(state, { kind: 'region_outage', regionId: busiest }, { id: 'out-1' }));
    const out = state.output;
    expect(out.regions.find((r) => r.regionId === busiest)).toMatchObject({ rps: 0, health: 'down' });
    expect(out.totals.unservedRps).toBe(0);
    const band = state.config.policy.latencyBandMs;
    for (const cellId of affected) {
      const c = state.index.cells.findIndex((x) => x.id === cellId);
      const list = state.index.nearest[c];
      // The healthy candidates within the band of the best healthy round trip.
      const healthy = Array.from(list.idx.subarray(0, list.length))
        .map((r, k) => ({ r, rtt: list.rttMs[k] }))
        .filter((x) => x.r !== pos);
      const allowed = new Set(healthy.filter((x) => x.rtt <= healthy[0].rtt + band).map((x) => state.index.regionIds[x.r]));
      const flows = out.flows.filter((f) => f.cellId === cellId);
      expect(flows.length).toBeGreaterThan(0);
      for (const f of flows) expect(allowed.has(f.regionId)).toBe(true);
      expect(flows.reduce((s, f) => s + f.rps, 0)).toBeCloseTo(state.cellRps[c], 6);
    }

    // Clearing the failure brings the traffic back on the next tick.
    state = tick(clearFailure(state, 'out-1'));
    expect(state.output.regions.find((r) => r.regionId === busiest)?.rps).toBeGreaterThan(0);
  });

  it('applies scheduled failures only during their window', () => {
    let state = fleet();
    const target = state.regions[0].id;
    state = injectFailure(state, { kind: 'degradation', regionId: target, errorRate: 0.3 }, { startTick: 3, durationTicks: 2 });
    const errorAt = run(state, 6).map((s) => s.output.regions.find((r) => r.regionId === target)?.errorRate ?? 0);
    expect(errorAt.map((e) => e > 0.25)).toEqual([false, false, false, true, true, false, false]);
  });

  it('scales capacity up only after the autoscaler lead time', () => {
    const paris = cell('paris', 48.86, 2.35, 'EU', 1_000_000);
    const fra = region('fra', 50.11, 8.68, 'EU', 1000);
    // Demand ≈ 1e6 users × 0.005 × diurnal(12:00) ≈ 5,000 rps against 1,000 rps: utilisation far above 0.7.
    let state = createFleet({
      regions: [fra],
      routing: [routingRow('fra')],
      seed: 1,
      startTimeMs: START_MS,
      cells: [paris],
      autoscaler: { leadTimeS: 180, maxCapacityMultiple: 3 },
      demand: { flashCrowdsPerHour: 0 },
    });
    const decidedAtTick = state.tick; // tick 0 already sees the overload and decides
    expect(state.capacity.fra.pending).not.toBeNull();
    const capacityAt: number[] = [];
    for (let i = 0; i < 200; i++) {
      state = tick(state);
      capacityAt.push(state.output.regions[0].capacityRps);
    }
    // capacityAt[i] is tick i+1; the new capacity serves from the tick at decision time + leadTimeS.
    const firstScaled = capacityAt.findIndex((c) => c > 1000) + 1;
    expect(firstScaled - decidedAtTick).toBe(180);
    expect(state.capacity.fra.capacityRps).toBe(3000); // capped at the ceiling
  });

  it('stalls replication during a partition, and catches up after', () => {
    let state = fleet();
    const store = state.dataStores[0];
    state = injectFailure(state, { kind: 'partition', regionAId: store.primaryRegionId, regionBId: store.replicaRegionIds[0] }, { id: 'p', durationTicks: 10 });
    const states = run(state, 30);
    const lagAt = states.map((s) => s.output.replication.find((r) => r.replicaRegionId === store.replicaRegionIds[0])?.lagMs ?? 0);
    const other = states.map((s) => s.output.replication.find((r) => r.replicaRegionId === store.replicaRegionIds[1])?.stalled);
    expect(states[5].output.replication[0]).toMatchObject({ stalled: true, stallReason: 'partition' });
    expect(lagAt[10]).toBeGreaterThan(lagAt[1] + 8000);
    expect(lagAt[30]).toBeLessThan(lagAt[11]);
    expect(other.every((s) => s === false)).toBe(true);
  });

  it('accrues cost every tick and previews the cost of a routing change', () => {
    const states = run(fleet(1, 30, 1), 3);
    const last = states[3].output;
    expect(last.cost.tickUsd.totalUsd).toBeGreaterThan(0);
    expect(last.cost.accruedUsd.totalUsd).toBeCloseTo(
      states.slice(1).reduce((s, x) => s + x.output.cost.tickUsd.totalUsd, 0),
      9,
    );
    const drained = states[3].routing.map((r) => (r.regionId === last.regions[0].regionId ? { ...r, drained: true } : r));
    const preview = previewChange(states[3], { routing: drained });
    expect(preview.after.regions[0].rps).toBe(0);
    expect(preview.after.totals.servedRps).toBeCloseTo(preview.before.totals.servedRps, 6);
    expect(Number.isFinite(preview.costDeltaUsdPerHour)).toBe(true);
    // The preview does not change the state.
    expect(tick(withRouting(states[3], states[3].routing)).output).toEqual(tick(states[3]).output);
  });
});
