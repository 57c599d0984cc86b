import { describe, expect, it } from 'vitest';
import { averageUtilisation, costPerMillionRequests, IDLE_COST_EXPLANATION, IDLE_COST_FORMULA, idleCosts, idleCostUsd, unitCosts } from './unit-cost';

describe('costPerMillionRequests', () => {
  it('divides cost by requests in millions', () => {
    expect(costPerMillionRequests(12.5, 2_500_000)).toBe(5); // 12.5 / 2.5
  });

  it('is null, not zero or Infinity, without requests', () => {
    expect(costPerMillionRequests(12.5, 0)).toBeNull();
  });

  it('rejects negative request counts', () => {
    expect(() => costPerMillionRequests(1, -1)).toThrow(RangeError);
  });
});

describe('unitCosts', () => {
  it('reports each pair and an overall figure weighted by requests', () => {
    // a: 10 USD / 1 M = 10; b: 10 USD / 9 M = 1.111; overall 20 USD / 10 M = 2 (the mean of ratios would be 5.56).
    const report = unitCosts(
      [
        { regionId: 'b', serviceId: 'api', amountUsd: 10 },
        { regionId: 'a', serviceId: 'api', amountUsd: 4 },
        { regionId: 'a', serviceId: 'api', amountUsd: 6 },
        { regionId: 'c', serviceId: null, amountUsd: 3 },
      ],
      [
        { regionId: 'a', serviceId: 'api', requestCount: 1_000_000 },
        { regionId: 'b', serviceId: 'api', requestCount: 9_000_000 },
        { regionId: 'd', serviceId: 'api', requestCount: 5 },
      ],
    );
    expect(report.rows.map((r) => [r.regionId, r.costUsd, r.requestCount])).toEqual([
      ['a', 10, 1_000_000],
      ['b', 10, 9_000_000],
      ['c', 3, 0],
      ['d', 0, 5],
    ]);
    const perMillion = report.rows.map((r) => r.usdPerMillionRequests);
    expect(perMillion[0]).toBe(10);
    expect(perMillion[1]).toBeCloseTo(10 / 9, 12);
    expect(perMillion.slice(2)).toEqual([null, 0]);
    expect(report.totalCostUsd).toBe(23);
    expect(report.totalRequestCount).toBe(10_000_005);
    expect(report.usdPerMillionRequests).toBeCloseTo((23 / 10_000_005) * 1e6, 10);
  });
});

describe('idle cost', () => {
  it('is compute cost times the unused share (hand-worked)', () => {
    // 1,000 USD of compute at 35 % average utilisation: 1000 × (1 − 0.35) = 650 USD idle.
    expect(idleCostUsd(1000, 0.35)).toBe(650);
    // 0.1 + 0.2 style drift does not leak: 0.3 USD at 10 % → 0.27 exactly.
    expect(idleCostUsd(0.3, 0.1)).toBe(0.27);
  });

  it('is the whole bill when nothing is used and zero when all (or more) is used', () => {
    expect(idleCostUsd(1000, 0)).toBe(1000);
    expect(idleCostUsd(1000, 1)).toBe(0);
    expect(idleCostUsd(1000, 1.2)).toBe(0);
  });

  it('rejects utilisation that is not a fraction ≥ 0', () => {
    expect(() => idleCostUsd(1000, -0.1)).toThrow(RangeError);
    expect(() => idleCostUsd(1000, Number.NaN)).toThrow(RangeError);
  });

  it('weights utilisation by capacity', () => {
    // 20 units at 90 % and 2 units at 10 %: (18 + 0.2) / 22 = 0.82727 (a plain mean would say 0.5).
    expect(
      averageUtilisation([
        { utilisation: 0.9, capacityUnits: 20 },
        { utilisation: 0.1, capacityUnits: 2 },
      ]),
    ).toBeCloseTo(18.2 / 22, 12);
    expect(averageUtilisation([])).toBeNull();
  });

  it('totals the rows exactly', () => {
    const r = idleCosts([
      { regionId: 'a', serviceId: null, computeCostUsd: 0.1, averageUtilisation: 0 },
      { regionId: 'b', serviceId: null, computeCostUsd: 0.2, averageUtilisation: 0 },
    ]);
    expect(r.totalIdleCostUsd).toBe(0.3); // 0.1 + 0.2 in floats is 0.30000000000000004
  });

  it('exports the explanation and formula for the UI', () => {
    expect(IDLE_COST_FORMULA).toBe('idle cost = compute cost × (1 − average utilisation)');
    expect(IDLE_COST_EXPLANATION).toMatch(/^Idle cost is .+\.$/);
    expect(IDLE_COST_EXPLANATION.split('. ')).toHaveLength(1); // one sentence
  });
});
