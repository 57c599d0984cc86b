import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyDelta, diffSnapshot } from './delta';
import type { LiveFlow, LiveRegion, LiveReplica, LiveSnapshot } from './types';

const region = (id: string, o: Partial<LiveRegion> = {}): LiveRegion => ({
  id,
  code: id,
  provider: 'aws',
  name: id,
  city: 'City',
  country: 'IE',
  jurisdiction: 'EU',
  lat: 53,
  lng: -6,
  status: 'active',
  health: 'healthy',
  rps: 1000,
  capacityRps: 5000,
  utilisation: 0.2,
  p50Ms: 20,
  p95Ms: 60,
  p99Ms: 90,
  errorRate: 0.0001,
  weight: 128,
  dialPct: 100,
  drained: false,
  primaryOf: [],
  ...o,
});

const snapshot = (seq: number, regions: LiveRegion[], flows: LiveFlow[] = [], replication: LiveReplica[] = []): LiveSnapshot => ({
  seq,
  at: 1_700_000_000_000 + seq * 1000,
  sim: { running: true, speed: 1, tick: seq, fleetTimeMs: seq * 1000 },
  totals: { rps: 1, p95Ms: 1, errorRate: 0, users: 1, unservedRps: 0, byHealth: { healthy: regions.length, degraded: 0, down: 0 } },
  regions,
  flows,
  replication,
  failures: [],
  hourlyCostUsd: 12.5,
});

const arbRegion = fc.record({
  id: fc.constantFrom('a', 'b', 'c', 'd', 'e'),
  health: fc.constantFrom('healthy', 'degraded', 'down') as fc.Arbitrary<LiveRegion['health']>,
  rps: fc.double({ min: 0, max: 1e6, noNaN: true }),
  drained: fc.boolean(),
  primaryOf: fc.array(fc.constantFrom('users', 'orders'), { maxLength: 2 }),
});
const arbRegions = fc.uniqueArray(arbRegion, { selector: (r) => r.id, maxLength: 5 }).map((rs) => rs.map((r) => region(r.id, r)));
const arbFlows = fc.uniqueArray(
  fc.record({
    country: fc.constantFrom('IE', 'FR', 'IN'),
    regionId: fc.constantFrom('a', 'b'),
    rps: fc.nat(),
    rttMs: fc.nat(),
    lat: fc.constant(1),
    lng: fc.constant(2),
  }),
  { selector: (f) => `${f.country}>${f.regionId}`, maxLength: 6 },
);

describe('live snapshot deltas', () => {
  it('applying the delta to the old snapshot gives the new one, whatever changed (property)', () => {
    fc.assert(
      fc.property(arbRegions, arbRegions, arbFlows, arbFlows, (ra, rb, fa, fb) => {
        const prev = snapshot(1, ra, fa);
        const next = snapshot(2, rb, fb);
        expect(applyDelta(prev, diffSnapshot(prev, next))).toEqual(next);
      }),
    );
  });

  it('a quiet tick sends only the fields that changed', () => {
    const regions = Array.from({ length: 40 }, (_, i) => region(`r${i}`));
    const prev = snapshot(1, regions);
    const next = snapshot(
      2,
      regions.map((r, i) => (i === 3 ? { ...r, rps: 1234, health: 'down' as const } : r)),
    );
    const d = diffSnapshot(prev, next);
    expect(d.regions).toEqual({ patch: [[3, { rps: 1234, health: 'down' }]] });
    expect(JSON.stringify(d).length).toBeLessThan(JSON.stringify(next).length / 10);
  });

  it('a region added or reordered sends the whole list', () => {
    const prev = snapshot(1, [region('a'), region('b')]);
    expect(diffSnapshot(prev, snapshot(2, [region('b'), region('a')])).regions).toHaveProperty('full');
    expect(diffSnapshot(prev, snapshot(2, [region('a'), region('b'), region('c')])).regions).toHaveProperty('full');
  });

  it('refuses a delta made for another snapshot, so the client resyncs instead of drifting', () => {
    const a = snapshot(1, [region('a')]);
    const b = snapshot(2, [region('a', { rps: 5 })]);
    const c = snapshot(3, [region('a', { rps: 9 })]);
    expect(() => applyDelta(a, diffSnapshot(b, c))).toThrow(/delta for snapshot 2 applied to 1/);
  });
});
