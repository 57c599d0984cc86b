import { describe, expect, it } from 'vitest';

import type { RegionRouting } from '../fleet/types';
import {
  type DesiredRouting,
  DesiredRoutingError,
  desiredFromRouting,
  desiredState,
  effectiveWeight,
  expectedShares,
  observedShares,
  validateDesired,
} from './adapter';

describe('effectiveWeight', () => {
  it('is round(weight × dialPct / 100)', () => {
    expect(effectiveWeight(100, 100)).toBe(100);
    expect(effectiveWeight(100, 50)).toBe(50);
    expect(effectiveWeight(255, 100)).toBe(255);
    expect(effectiveWeight(255, 0)).toBe(0);
    expect(effectiveWeight(3, 50)).toBe(2); // 1.5 rounds up
    expect(effectiveWeight(1, 49)).toBe(0);
    expect(effectiveWeight(200, 33.3)).toBe(67);
  });
});

describe('desiredState', () => {
  it('down wins over drained, drained over ready', () => {
    expect(desiredState({ regionCode: 'a', weight: 1, dialPct: 100, drained: false })).toBe('ready');
    expect(desiredState({ regionCode: 'a', weight: 1, dialPct: 100, drained: true })).toBe('drain');
    expect(desiredState({ regionCode: 'a', weight: 1, dialPct: 100, drained: true, down: true })).toBe('down');
  });
});

describe('validateDesired', () => {
  const ok: DesiredRouting = { regions: [{ regionCode: 'a', weight: 255, dialPct: 0, drained: false }] };
  it('accepts the full ranges', () => {
    expect(() => validateDesired(ok)).not.toThrow();
  });
  it.each([
    [{ regionCode: 'a', weight: 256, dialPct: 100, drained: false }],
    [{ regionCode: 'a', weight: -1, dialPct: 100, drained: false }],
    [{ regionCode: 'a', weight: 1.5, dialPct: 100, drained: false }],
    [{ regionCode: 'a', weight: 1, dialPct: 101, drained: false }],
    [{ regionCode: 'a', weight: 1, dialPct: Number.NaN, drained: false }],
    [{ regionCode: '', weight: 1, dialPct: 100, drained: false }],
  ])('rejects %o', (region) => {
    expect(() => validateDesired({ regions: [region] })).toThrow(DesiredRoutingError);
  });
  it('rejects duplicate regions', () => {
    const r = { regionCode: 'a', weight: 1, dialPct: 100, drained: false };
    expect(() => validateDesired({ regions: [r, r] })).toThrow(/twice/);
  });
});

describe('shares', () => {
  it('expected shares use effective weights of ready regions only', () => {
    const shares = expectedShares({
      regions: [
        { regionCode: 'a', weight: 100, dialPct: 100, drained: true },
        { regionCode: 'b', weight: 100, dialPct: 50, drained: false },
        { regionCode: 'c', weight: 150, dialPct: 100, drained: false },
        { regionCode: 'd', weight: 150, dialPct: 100, drained: false, down: true },
      ],
    });
    expect(shares.get('a')).toBe(0);
    expect(shares.get('b')).toBeCloseTo(0.25);
    expect(shares.get('c')).toBeCloseTo(0.75);
    expect(shares.get('d')).toBe(0);
  });
  it('observed shares ignore drained and unhealthy regions', () => {
    const shares = observedShares({
      adapter: 'x',
      observedAt: '',
      regions: [
        { regionCode: 'a', effectiveWeight: 100, state: 'drain', health: 'up' },
        { regionCode: 'b', effectiveWeight: 100, state: 'ready', health: 'down' },
        { regionCode: 'c', effectiveWeight: 30, state: 'ready', health: 'up' },
      ],
    });
    expect([...shares.values()]).toEqual([0, 0, 1]);
  });
  it('all zero when nothing serves', () => {
    const shares = expectedShares({ regions: [{ regionCode: 'a', weight: 0, dialPct: 100, drained: false }] });
    expect(shares.get('a')).toBe(0);
  });
});

describe('desiredFromRouting', () => {
  it('maps DB routing rows of one service to region codes', () => {
    const rows: RegionRouting[] = [
      { regionId: 'r1', serviceId: null, weight: 200, dialPct: 40, drained: false, version: 3 },
      { regionId: 'r2', serviceId: null, weight: 10, dialPct: 100, drained: true, version: 7 },
      { regionId: 'r3', serviceId: 'svc', weight: 10, dialPct: 100, drained: false, version: 9 },
      { regionId: 'unknown', serviceId: null, weight: 10, dialPct: 100, drained: false, version: 1 },
    ];
    const codes: Record<string, string> = { r1: 'eu-west-1', r2: 'us-east-1', r3: 'ap-south-1' };
    const desired = desiredFromRouting(rows, (id) => codes[id], { downRegionIds: new Set(['r2']) });
    expect(desired).toEqual({
      version: 7,
      regions: [
        { regionCode: 'eu-west-1', weight: 200, dialPct: 40, drained: false, down: false },
        { regionCode: 'us-east-1', weight: 10, dialPct: 100, drained: true, down: true },
      ],
    });
    expect(desiredFromRouting(rows, (id) => codes[id], { serviceId: 'svc' }).regions.map((r) => r.regionCode)).toEqual(['ap-south-1']);
  });
});
