import { describe, expect, it } from 'vitest';
import { DEMO_REGIONS, regionId } from '../demo/catalog';
import type { FleetRegion, Jurisdiction, RegionRouting } from '../fleet/types';
import { createFleet } from '../sim';
import { finalRouting, planSteps } from './plan';
import { previewControl } from './preview';
import type { FleetFacts } from './types';

// The demo fleet at Europe's evening peak; "checkout" carries 20 % of requests, "search" 30 %.
const regions: FleetRegion[] = DEMO_REGIONS.map((r) => ({ ...r, id: regionId(r), status: r.status ?? 'active' }));
const global: RegionRouting[] = regions
  .filter((r) => r.status !== 'retired')
  .map((r) => ({ regionId: r.id, serviceId: null, weight: 128, dialPct: r.status === 'active' ? 100 : 0, drained: r.status !== 'active', version: 1 }));
const pinned: Jurisdiction[] = ['EU', 'IN', 'BR', 'CH'];
const serviceShares = { checkout: 0.2, search: 0.3 };
const fleet = (routing: RegionRouting[]) =>
  createFleet({ regions, routing, serviceShares, seed: 1, startTimeMs: Date.UTC(2026, 10, 24, 18), policy: { pinnedJurisdictions: pinned } });
const facts = (routing: RegionRouting[]): FleetFacts => ({
  services: [
    { id: 'checkout', name: 'checkout' },
    { id: 'search', name: 'search' },
  ],
  regions: regions.map((r) => ({ id: r.id, code: r.code, jurisdiction: r.jurisdiction, status: r.status, health: 'healthy' })),
  routing,
  dataStores: [],
  replicaLagMs: {},
  pinnedJurisdictions: pinned,
  busyScopes: [],
});
const rps = (p: ReturnType<typeof previewControl>, id: string) => p.regions.find((r) => r.regionId === id);

describe('per-service controls', () => {
  it("draining one service moves that service's share of the region's traffic, not the region's", () => {
    const p = previewControl(fleet(global), facts(global), { kind: 'drain', regionId: 'aws-us-east-2', serviceId: 'checkout' });
    expect(p.violations).toEqual([]);
    const r = rps(p, 'aws-us-east-2');
    expect(r?.rpsBefore).toBeGreaterThan(0);
    // checkout is 20 % of the traffic: 80 % stays.
    expect(r?.rpsAfter).toBeCloseTo((r?.rpsBefore ?? 0) * 0.8, -1);
    // The whole-region drain would move all of it: the two are different previews.
    const whole = previewControl(fleet(global), facts(global), { kind: 'drain', regionId: 'aws-us-east-2' });
    expect(rps(whole, 'aws-us-east-2')?.rpsAfter).toBe(0);
    // "Traffic that moves" is what leaves the region: checkout's share of it, or all of it.
    // (Plus users the arrivals displace where a receiving slice spills: they move too.)
    const left = (r?.rpsBefore ?? 0) - (r?.rpsAfter ?? 0);
    expect(p.affected.rps).toBeGreaterThan(left * 0.99);
    const all = rps(whole, 'aws-us-east-2')?.rpsBefore ?? 0;
    expect(whole.affected.rps).toBeGreaterThan(all * 0.99);
    expect(p.affected.rps).toBeLessThan(whole.affected.rps);
    expect(p.affected.rttAfterMs).toBeGreaterThanOrEqual(p.affected.rttBeforeMs);
  });

  it("the first change creates the service's row; the region's own row is untouched", () => {
    const steps = planSteps({ kind: 'set_weight', regionId: 'aws-us-east-2', serviceId: 'search', weight: 10 }, facts(global));
    expect(steps[0].routing?.[0]).toMatchObject({ scopeKey: 'aws-us-east-2:search', regionId: 'aws-us-east-2', serviceId: 'search', weight: 10 });
    const after = finalRouting(global, steps);
    expect(after.find((r) => r.regionId === 'aws-us-east-2' && r.serviceId === 'search')?.weight).toBe(10);
    expect(after.find((r) => r.regionId === 'aws-us-east-2' && r.serviceId === null)?.weight).toBe(128);
  });

  it("NO_OP and SOVEREIGNTY are judged on the service's own routing", () => {
    const drainedCheckout = [...global, { regionId: 'aws-us-east-2', serviceId: 'checkout', weight: 128, dialPct: 100, drained: true, version: 1 }];
    const again = previewControl(fleet(drainedCheckout), facts(drainedCheckout), { kind: 'drain', regionId: 'aws-us-east-2', serviceId: 'checkout' });
    expect(again.violations.map((v) => v.rule)).toContain('NO_OP');
    // Switzerland has one region: draining checkout there would leave Swiss checkout users nowhere to go.
    const swiss = previewControl(fleet(global), facts(global), { kind: 'drain', regionId: 'azure-switzerlandnorth', serviceId: 'checkout' });
    expect(swiss.violations.find((v) => v.rule === 'SOVEREIGNTY')?.message).toMatch(/CH users/);
  });

  it('an unknown service is refused by name', () => {
    const p = previewControl(fleet(global), facts(global), { kind: 'drain', regionId: 'aws-us-east-2', serviceId: 'nope' });
    expect(p.violations).toEqual([expect.objectContaining({ rule: 'UNKNOWN_TARGET', message: 'There is no service nope.' })]);
  });
});
