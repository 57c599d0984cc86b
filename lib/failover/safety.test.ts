import { describe, expect, it } from 'vitest';
import { DEMO_DATA_STORES, DEMO_REGIONS, regionId } from '../demo/catalog';
import type { FleetRegion, Jurisdiction, RegionRouting } from '../fleet/types';
import { createFleet } from '../sim';
import { previewControl } from './preview';
import { pointsOver } from './safety';
import { type ControlChange, DEFAULT_LIMITS, type FleetFacts } from './types';

// The demo fleet at a fixed moment (Tuesday 18:00 UTC: Europe's evening peak), all regions healthy.
const regions: FleetRegion[] = DEMO_REGIONS.map((r) => ({ ...r, id: regionId(r), status: r.status ?? 'active' }));
const routing: RegionRouting[] = regions
  .filter((r) => r.status !== 'retired')
  .map((r) => ({ regionId: r.id, serviceId: null, weight: 128, dialPct: r.status === 'active' ? 100 : 0, drained: r.status !== 'active', version: 1 }));
const dataStores = DEMO_DATA_STORES.map((d) => ({
  id: d.name,
  name: d.name,
  primaryRegionId: d.primary,
  replicaRegionIds: d.replicas,
  pinnedJurisdiction: d.pinnedJurisdiction,
  maxLagMs: d.maxLagMs,
}));
const pinned: Jurisdiction[] = ['EU', 'IN', 'BR', 'CH'];
const state = createFleet({ regions, routing, dataStores, seed: 1, startTimeMs: Date.UTC(2026, 10, 24, 18), policy: { pinnedJurisdictions: pinned } });

function facts(over: Partial<FleetFacts> = {}): FleetFacts {
  return {
    regions: regions.map((r) => ({ id: r.id, code: r.code, jurisdiction: r.jurisdiction, status: r.status, health: 'healthy' })),
    routing,
    dataStores,
    replicaLagMs: { 'payments-eu|aws-eu-central-1': 120, 'payments-eu|azure-westeurope': 9000 },
    pinnedJurisdictions: pinned,
    busyScopes: [],
    ...over,
  };
}
const rules = (change: ControlChange, f = facts(), limits = DEFAULT_LIMITS) => previewControl(state, f, change, limits).violations.map((v) => v.rule);

describe('safety rules', () => {
  it('lets an ordinary drain through, and the preview moves its traffic elsewhere', () => {
    const p = previewControl(state, facts(), { kind: 'drain', regionId: 'aws-us-east-2' });
    expect(p.violations).toEqual([]);
    const drained = p.regions.find((r) => r.regionId === 'aws-us-east-2');
    expect(drained?.rpsBefore).toBeGreaterThan(0);
    expect(drained?.rpsAfter).toBe(0);
    expect(p.affected.rps).toBeGreaterThan(0);
    expect(p.affected.rttAfterMs).toBeGreaterThanOrEqual(p.affected.rttBeforeMs);
  });

  it('SOVEREIGNTY: refuses draining the last region of a pinned jurisdiction, naming it', () => {
    const p = previewControl(state, facts(), { kind: 'drain', regionId: 'azure-switzerlandnorth' });
    const v = p.violations.find((x) => x.rule === 'SOVEREIGNTY');
    expect(v?.message).toMatch(/CH users \([\d,]+ rps\) must be served inside CH/);
    expect(v?.regionId).toBe('azure-switzerlandnorth');
  });

  it('MIN_HEALTHY: refuses when too few healthy regions would keep serving, and says how many short', () => {
    const p = previewControl(state, facts(), { kind: 'drain', regionId: 'aws-us-east-2' }, { ...DEFAULT_LIMITS, minHealthyRegions: 39 });
    expect(p.violations.find((v) => v.rule === 'MIN_HEALTHY')?.message).toMatch(/Only 38 healthy regions would keep serving; at least 39 must \(1 short\)/);
  });

  it('HEADROOM: refuses when a receiving region would pass the limit, with region and points over', () => {
    const p = previewControl(state, facts(), { kind: 'drain', regionId: 'aws-eu-west-1' }, { ...DEFAULT_LIMITS, headroomUtilisation: 0.3 });
    const v = p.violations.filter((x) => x.rule === 'HEADROOM');
    expect(v.length).toBeGreaterThan(0);
    expect(v[0].message).toMatch(/would run at \d+ % of capacity, \d+ points over the 30 % headroom limit/);
    // What it takes: capacity such that the projected load sits at the limit (a floor: spilled load is not counted).
    const r = p.regions.find((x) => x.regionId === v[0].regionId)!;
    const need = Math.ceil((r.rpsAfter / 0.3 - r.rpsAfter / r.utilisationAfter) / 100) * 100;
    expect(v[0].message).toContain(`It needs at least ${need.toLocaleString('en-US')} rps more capacity first.`);
    expect(rules({ kind: 'drain', regionId: 'aws-eu-west-1' })).not.toContain('HEADROOM');
  });

  it('HEADROOM counts points over the limit in words that read right', () => {
    expect(pointsOver(0.004)).toBe('less than 1 point');
    expect(pointsOver(0.01)).toBe('1 point');
    expect(pointsOver(0.151)).toBe('15 points');
  });

  it('ONE_OPERATION_PER_SCOPE: refuses a second operation on a busy region', () => {
    expect(rules({ kind: 'set_weight', regionId: 'aws-us-east-2', weight: 50 }, facts({ busyScopes: ['region:aws-us-east-2'] }))).toContain(
      'ONE_OPERATION_PER_SCOPE',
    );
    expect(rules({ kind: 'set_weight', regionId: 'aws-us-east-2', weight: 50 })).toEqual([]);
  });

  it('NO_OP and UNKNOWN_TARGET', () => {
    expect(rules({ kind: 'set_weight', regionId: 'aws-us-east-2', weight: 128 })).toContain('NO_OP');
    expect(rules({ kind: 'drain', regionId: 'aws-nowhere-9' })).toEqual(['UNKNOWN_TARGET']);
  });

  it('NOT_A_REPLICA: a promotion target must be a replica', () => {
    expect(rules({ kind: 'switchover', dataStoreId: 'payments-eu', targetRegionId: 'gcp-europe-west4' })).toContain('NOT_A_REPLICA');
    expect(rules({ kind: 'switchover', dataStoreId: 'payments-eu', targetRegionId: 'aws-eu-central-1' })).toEqual([]);
  });

  it('REPLICA_LAG: a planned switchover to a lagging replica is refused; an emergency failover shows the loss window', () => {
    expect(rules({ kind: 'switchover', dataStoreId: 'payments-eu', targetRegionId: 'azure-westeurope' })).toEqual(['REPLICA_LAG']);
    const p = previewControl(state, facts(), { kind: 'failover', dataStoreId: 'payments-eu', targetRegionId: 'azure-westeurope' });
    expect(p.violations).toEqual([]);
    expect(p.dataLossWindowMs).toBe(9000);
  });

  it('SOVEREIGNTY: writes of a pinned store never move outside its jurisdiction', () => {
    const f = facts({ dataStores: dataStores.map((d) => (d.id === 'payments-eu' ? { ...d, replicaRegionIds: [...d.replicaRegionIds, 'aws-us-east-1'] } : d)) });
    expect(rules({ kind: 'switchover', dataStoreId: 'payments-eu', targetRegionId: 'aws-us-east-1' }, f)).toContain('SOVEREIGNTY');
  });

  it('plans an evacuation as a gradual dial-down ending drained', () => {
    const p = previewControl(state, facts(), { kind: 'evacuate', regionId: 'aws-us-east-2', steps: 4, waitS: 30 });
    expect(p.steps.map((s) => s.routing?.[0].dialPct)).toEqual([75, 50, 25, 0]);
    expect(p.steps.at(-1)?.routing?.[0].drained).toBe(true);
    expect(p.steps.map((s) => s.waitAfterS)).toEqual([30, 30, 30, 0]);
  });
});
