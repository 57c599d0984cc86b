import { describe, expect, it } from 'vitest';
import { buildRoutingIndex, routeDemand } from './routing';
import { effectiveRouting, overriddenServices, routeDemandByService } from './services';
import { cell, region, routingRow, rpsByRegion } from './test-fixtures';

// Paris users; Frankfurt and London share them (within the latency band), Virginia is far away.
const paris = cell('paris', 48.86, 2.35, 'EU');
const fra = region('fra', 50.11, 8.68, 'EU', 10_000);
const lon = region('lon', 51.51, -0.13, 'UK', 10_000);
const ash = region('ash', 39.04, -77.49, 'US', 10_000);
const regions = [fra, lon, ash];
const index = buildRoutingIndex([paris], regions);
const global = regions.map((r) => routingRow(r.id));
const input = (routing = global) => ({ index, regions, routing, cellRps: [1000] });

describe('per-service routing', () => {
  it('without overrides routes exactly as the fleet-wide model', () => {
    const shares = { checkout: 0.3 };
    expect(routeDemandByService(input(), shares)).toEqual(routeDemand(input()));
    // A service row identical to the global one is not an override.
    expect(routeDemandByService(input([...global, routingRow('fra', { serviceId: 'checkout' })]), shares)).toEqual(routeDemand(input()));
  });

  it("draining one service from a region moves only that service's share of the traffic", () => {
    const before = rpsByRegion(routeDemand(input()));
    const out = routeDemandByService(input([...global, routingRow('fra', { serviceId: 'checkout', drained: true })]), { checkout: 0.3 });
    const after = rpsByRegion(out);
    // checkout's 30 % of Frankfurt's share goes to London; the other services stay.
    expect(after.fra).toBeCloseTo(before.fra * 0.7, 6);
    expect(after.lon).toBeCloseTo(before.lon + before.fra * 0.3, 6);
    expect(after.fra + after.lon + after.ash).toBeCloseTo(1000, 6);
    expect(out.totals.demandRps).toBeCloseTo(1000, 6);
    // Frankfurt's capacity still counts every service's slice: utilisation is its load over its whole capacity.
    const f = out.regions.find((r) => r.regionId === 'fra');
    expect(f?.capacityRps).toBeCloseTo(10_000, 6);
    expect(f?.utilisation).toBeCloseTo(after.fra / 10_000, 6);
  });

  it("a service's slice of capacity fills up on its own: the receiving region runs hotter for it", () => {
    const small = [region('fra', 50.11, 8.68, 'EU', 700), region('lon', 51.51, -0.13, 'UK', 700), ash];
    const idx = buildRoutingIndex([paris], small);
    const rows = [...small.map((r) => routingRow(r.id)), routingRow('fra', { serviceId: 'search', drained: true })];
    const out = routeDemandByService({ index: idx, regions: small, routing: rows, cellRps: [1000] }, { search: 0.5 });
    // search (500 rps) all goes to London's 350 rps slice: it spills to Virginia and London saturates for it.
    const r = rpsByRegion(out);
    expect(r.ash).toBeGreaterThan(0);
    expect(r.fra + r.lon + r.ash).toBeCloseTo(1000, 6);
  });

  it('knows which rows govern a service and which services differ', () => {
    const rows = [...global, routingRow('lon', { serviceId: 'search', weight: 5 }), routingRow('fra', { serviceId: 'idle', drained: true })];
    expect(effectiveRouting(rows, 'search').find((r) => r.regionId === 'lon')?.weight).toBe(5);
    expect(effectiveRouting(rows, 'search').find((r) => r.regionId === 'fra')?.weight).toBe(100);
    expect(effectiveRouting(rows, null)).toEqual(global);
    // A service with no share carries no traffic, so its rows change nothing.
    expect(overriddenServices(rows, { search: 0.1 })).toEqual(['search']);
  });
});
