import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JURISDICTIONS, type Jurisdiction } from '../fleet/types';
import { CELLS } from './demand';
import { buildRoutingIndex, routeDemand } from './routing';
import { defaultRouting, syntheticRegions } from './synthetic';
import { cell, region, routingRow, rpsByRegion } from './test-fixtures';
import type { FailureSpec } from './types';

// One user cell in Paris; Frankfurt and a co-located twin are the nearest, London next, Virginia far away.
const paris = cell('paris', 48.86, 2.35, 'EU');
const fra = region('fra', 50.11, 8.68, 'EU');
const fraTwin = region('fra-twin', 50.11, 8.68, 'EU');
const lon = region('lon', 51.51, -0.13, 'UK');
const ash = region('ash', 39.04, -77.49, 'US');

function route(regions = [fra, lon, ash], routing = regions.map((r) => routingRow(r.id)), extra: Partial<Parameters<typeof routeDemand>[0]> = {}) {
  const index = buildRoutingIndex([paris], regions);
  return routeDemand({ index, regions, routing, cellRps: [1000], ...extra });
}

describe('routeDemand', () => {
  it('sends a cell to its nearest region by round trip, sharing with regions within the latency band', () => {
    const index = buildRoutingIndex([paris], [fra, lon, ash]);
    const nearest = index.regionIds[index.nearest[0].idx[0]];
    const second = index.regionIds[index.nearest[0].idx[1]];
    const strict = rpsByRegion(route(undefined, undefined, { policy: { latencyBandMs: 0 } }));
    expect(strict[nearest]).toBeCloseTo(1000, 6);
    expect(strict[second]).toBe(0);
    // London and Frankfurt are within a few ms of each other from Paris: the default 10 ms band splits them.
    const banded = rpsByRegion(route());
    expect(banded.fra).toBeCloseTo(500, 6);
    expect(banded.lon).toBeCloseTo(500, 6);
    expect(banded.ash).toBe(0);
  });

  it('gives a drained region no traffic', () => {
    for (const drained of ['fra', 'lon']) {
      const outcome = route(
        [fra, lon, ash],
        [fra, lon, ash].map((r) => routingRow(r.id, { drained: r.id === drained })),
      );
      const rps = rpsByRegion(outcome);
      expect(rps[drained]).toBe(0);
      expect(outcome.totals.servedRps).toBeCloseTo(1000, 6);
    }
  });

  it('gives a down region no traffic and fails over to the next-best', () => {
    const baseline = rpsByRegion(route());
    const busiest = Object.entries(baseline).sort((a, b) => b[1] - a[1])[0][0];
    const outcome = route(undefined, undefined, { failures: [{ kind: 'region_outage', regionId: busiest }] });
    const rps = rpsByRegion(outcome);
    expect(rps[busiest]).toBe(0);
    expect(outcome.totals.servedRps).toBeCloseTo(1000, 6);
    expect(outcome.regions.find((r) => r.regionId === busiest)?.health).toBe('down');
  });

  it('splits traffic between equally near regions in proportion to their weights', () => {
    for (const [wa, wb] of [
      [100, 50],
      [200, 20],
      [1, 3],
    ]) {
      const regions = [fra, fraTwin, ash];
      const routing = [routingRow('fra', { weight: wa }), routingRow('fra-twin', { weight: wb }), routingRow('ash')];
      const index = buildRoutingIndex([cell('frankfurt', 50.11, 8.68, 'EU')], regions);
      const rps = rpsByRegion(routeDemand({ index, regions, routing, cellRps: [1200] }));
      expect(rps.fra / rps['fra-twin']).toBeCloseTo(wa / wb, 6);
      expect(rps.fra + rps['fra-twin']).toBeCloseTo(1200, 6);
    }
  });

  it('reduces the share a region accepts by its traffic dial, the rest going to the next-best', () => {
    const regions = [fra, ash];
    const index = buildRoutingIndex([paris], regions);
    const full = rpsByRegion(routeDemand({ index, regions, routing: [routingRow('fra'), routingRow('ash')], cellRps: [1000] }));
    const dialled = rpsByRegion(routeDemand({ index, regions, routing: [routingRow('fra', { dialPct: 40 }), routingRow('ash')], cellRps: [1000] }));
    expect(full.fra).toBeCloseTo(1000, 6);
    expect(dialled.fra).toBeCloseTo(400, 6);
    expect(dialled.ash).toBeCloseTo(600, 6);
  });

  it('spills traffic past a region’s capacity to the next-best region', () => {
    const small = { ...fra, capacityRps: 300 };
    const regions = [small, ash];
    const index = buildRoutingIndex([paris], regions);
    const outcome = routeDemand({ index, regions, routing: defaultRouting(regions), cellRps: [1000], policy: { spillAtUtilisation: 0.9 } });
    const rps = rpsByRegion(outcome);
    expect(rps.fra).toBeCloseTo(270, 6);
    expect(rps.ash).toBeCloseTo(730, 6);
    // Live capacity (autoscaled) wins over the inventory figure.
    const scaled = rpsByRegion(routeDemand({ index, regions, routing: defaultRouting(regions), cellRps: [1000], currentCapacityRps: new Map([['fra', 600]]) }));
    expect(scaled.fra).toBeCloseTo(570, 6);
  });

  it('keeps overload on the region when there is nowhere to spill, and reports saturation errors', () => {
    const small = { ...fra, capacityRps: 500 };
    const outcome = route([small], [routingRow('fra')]);
    const fraOut = outcome.regions[0];
    expect(fraOut.rps).toBeCloseTo(1000, 6);
    expect(fraOut.utilisation).toBeCloseTo(2, 6);
    expect(fraOut.errorRate).toBeGreaterThan(0.5);
    expect(fraOut.health).toBe('degraded');
  });

  it('never routes a pinned jurisdiction outside it; with no usable region there, its demand is unserved', () => {
    const regions = [fra, lon, ash];
    const index = buildRoutingIndex([paris], regions);
    const outcome = routeDemand({
      index,
      regions,
      routing: defaultRouting(regions),
      cellRps: [1000],
      policy: { pinnedJurisdictions: ['EU'] },
      failures: [{ kind: 'region_outage', regionId: 'fra' }],
    });
    expect(outcome.flows).toEqual([]);
    expect(outcome.totals.unservedRps).toBeCloseTo(1000, 6);
    expect(outcome.unserved[0]).toMatchObject({ cellId: 'paris', reason: 'pinned_no_region' });
  });

  it('keeps every pinned jurisdiction’s users inside it under any failures and routing state (property)', () => {
    const cells = CELLS.filter((_, i) => i % 8 === 0); // 250 cells over the world
    const regions = syntheticRegions(40, 7, { cells });
    const index = buildRoutingIndex(cells, regions, { candidatesPerCell: 6 });
    const cellRps = cells.map((c) => c.users * 0.005);
    const totalRps = cellRps.reduce((s, x) => s + x, 0);
    const regionId = fc.constantFrom(...regions.map((r) => r.id));
    const failure: fc.Arbitrary<FailureSpec> = fc.oneof(
      regionId.map((id): FailureSpec => ({ kind: 'region_outage', regionId: id })),
      fc.tuple(regionId, fc.double({ min: 0, max: 1, noNaN: true })).map(([id, e]): FailureSpec => ({ kind: 'degradation', regionId: id, errorRate: e })),
      fc.tuple(regionId, regionId).map(([a, b]): FailureSpec => ({ kind: 'partition', regionAId: a, regionBId: b })),
      fc.tuple(regionId, fc.nat(500)).map(([id, ms]): FailureSpec => ({ kind: 'latency_spike', regionId: id, extraLatencyMs: ms })),
    );
    const routingRowArb = fc.record({
      weight: fc.integer({ min: 0, max: 255 }),
      dialPct: fc.integer({ min: 0, max: 100 }),
      drained: fc.boolean(),
    });
    fc.assert(
      fc.property(
        fc.subarray([...JURISDICTIONS] as Jurisdiction[]),
        fc.array(failure, { maxLength: 30 }),
        fc.array(routingRowArb, { minLength: regions.length, maxLength: regions.length }),
        fc.double({ min: 0.05, max: 3, noNaN: true }),
        (pinned, failures, rows, capacityScale) => {
          const snapshot = regions.map((r) => ({ ...r, capacityRps: r.capacityRps * capacityScale }));
          const routing = regions.map((r, i) => routingRow(r.id, rows[i]));
          const outcome = routeDemand({ index, regions: snapshot, routing, cellRps, policy: { pinnedJurisdictions: pinned }, failures });
          const jurisdictionOf = new Map(regions.map((r) => [r.id, r.jurisdiction]));
          const down = new Set(failures.flatMap((f) => (f.kind === 'region_outage' ? [f.regionId] : [])));
          for (const flow of outcome.flows) {
            if (pinned.includes(flow.jurisdiction)) expect(jurisdictionOf.get(flow.regionId)).toBe(flow.jurisdiction);
            expect(down.has(flow.regionId)).toBe(false);
            const row = routing.find((r) => r.regionId === flow.regionId);
            expect(row?.drained).toBe(false);
          }
          // Nothing is lost or invented: served + unserved = demand.
          expect(outcome.totals.servedRps + outcome.totals.unservedRps).toBeCloseTo(totalRps, 3);
          for (const u of outcome.unserved) expect(pinned.includes(u.jurisdiction) || u.reason === 'no_region').toBe(true);
        },
      ),
      { numRuns: 150 },
    );
  });
});
