import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { COST_CATEGORIES, PROVIDERS } from '../fleet/types';
import { breakdownBy, COST_DIMENSIONS, type CostRow, dailyTrend, monthlyTrend, periodChange, topMovers, totalCost } from './breakdown';
import { addDays } from './dates';
import { apportionCents, parseUsdToMicros, usdToMicros } from './money';

function row(overrides: Partial<CostRow>): CostRow {
  return { day: '2025-03-01', regionId: 'r1', serviceId: 'api', provider: 'aws', team: 'platform', category: 'compute', amountUsd: 1, ...overrides };
}

const costRow: fc.Arbitrary<CostRow> = fc.record({
  day: fc.integer({ min: 0, max: 120 }).map((n) => addDays('2025-01-01', n)),
  regionId: fc.constantFrom('us-east-1', 'eu-west-1', 'westeurope'),
  serviceId: fc.constantFrom('api', 'checkout', null),
  provider: fc.constantFrom(...PROVIDERS),
  team: fc.constantFrom('platform', 'payments', null),
  category: fc.constantFrom(...COST_CATEGORIES),
  // Sub-cent and awkward float amounts, including credits.
  amountUsd: fc.oneof(
    fc.double({ min: -500, max: 5000, noNaN: true, noDefaultInfinity: true }),
    fc.constantFrom(0.1, 0.2, 0.3, 0.0000004, 1e-7, 1234567.891234),
  ),
});

describe('totals agree (property)', () => {
  it('every breakdown, the daily trend and the monthly trend sum to the same micro-dollar total', () => {
    fc.assert(
      fc.property(fc.array(costRow, { maxLength: 200 }), (rows) => {
        const total = totalCost(rows).amountMicros;
        // Independent reference: BigInt sum of the per-row rounding.
        const reference = rows.reduce((s, r) => s + BigInt(usdToMicros(r.amountUsd)), 0n);
        expect(BigInt(total)).toBe(reference);
        for (const dimension of COST_DIMENSIONS) {
          const b = breakdownBy(rows, dimension);
          expect(b.totalMicros).toBe(total);
          expect(b.groups.reduce((s, g) => s + g.amountMicros, 0)).toBe(total);
        }
        expect(dailyTrend(rows).reduce((s, p) => s + p.amountMicros, 0)).toBe(total);
        expect(monthlyTrend(rows).reduce((s, p) => s + p.amountMicros, 0)).toBe(total);
      }),
      { numRuns: 300, seed: 7 },
    );
  });

  it('apportioned cents add up to the rounded total', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -10_000_000, max: 10_000_000 }), { maxLength: 30 }), (micros) => {
        const cents = apportionCents(micros);
        const total = micros.reduce((a, b) => a + b, 0);
        const roundedTotalCents = (total < 0 ? -1 : 1) * Math.round(Math.abs(total) / 10_000);
        expect(cents.reduce((a, b) => a + b, 0)).toBe(roundedTotalCents + 0); // + 0 turns -0 into 0
        cents.forEach((c, i) => {
          expect(Math.abs(c * 10_000 - micros[i]!)).toBeLessThan(10_000);
        });
      }),
      { numRuns: 300, seed: 11 },
    );
  });
});

describe('money', () => {
  it('sums 0.1 ten times to exactly 1 USD, where floats drift', () => {
    const rows = Array.from({ length: 10 }, () => row({ amountUsd: 0.1 }));
    expect(rows.reduce((s, r) => s + r.amountUsd, 0)).not.toBe(1); // the drift this module exists to avoid
    expect(totalCost(rows)).toEqual({ amountMicros: 1_000_000, amountUsd: 1 });
  });

  it('rounds half a micro-dollar away from zero the same way in every function', () => {
    const rows = [row({ amountUsd: -0.0000005 }), row({ amountUsd: -0.0000005, regionId: 'r2' }), row({ amountUsd: 0.0000005 })];
    expect(totalCost(rows).amountMicros).toBe(-1); // −1 −1 +1
    expect(breakdownBy(rows, 'regionId').groups.map((g) => g.amountMicros)).toEqual([0, -1]);
  });

  it('parses decimal strings exactly, rounding the 7th decimal half away from zero', () => {
    expect(parseUsdToMicros('12.34567849')).toBe(12_345_678);
    expect(parseUsdToMicros('12.3456785')).toBe(12_345_679);
    expect(parseUsdToMicros('-0.0000005')).toBe(-1);
    expect(parseUsdToMicros('0.0000004')).toBe(0);
    expect(parseUsdToMicros('1.5E-3')).toBe(1_500);
    expect(parseUsdToMicros('2e3')).toBe(2_000_000_000);
    expect(parseUsdToMicros('.5')).toBe(500_000);
    expect(parseUsdToMicros('+7')).toBe(7_000_000);
    expect(parseUsdToMicros('1234567890.25')).toBe(1_234_567_890_250_000); // $1.2 billion, still exact
    for (const bad of ['', '-', '.', 'abc', '1,5', '12 USD', '1e', '--1', 'NaN', 'Infinity', '0x10']) expect(parseUsdToMicros(bad)).toBeNull();
    expect(parseUsdToMicros('1234567890123.25')).toBeNull(); // $1.2 trillion: beyond the exact range
  });
});

describe('breakdownBy', () => {
  const rows = [
    row({ regionId: 'a', amountUsd: 10 }),
    row({ regionId: 'b', amountUsd: 30 }),
    row({ regionId: 'a', amountUsd: 5.5 }),
    row({ regionId: 'c', amountUsd: 30, serviceId: null }),
  ];

  it('groups, sorts largest first (ties by key) and gives shares', () => {
    const b = breakdownBy(rows, 'regionId');
    expect(b.groups.map((g) => [g.key, g.amountUsd])).toEqual([
      ['b', 30],
      ['c', 30],
      ['a', 15.5],
    ]);
    expect(b.totalUsd).toBe(75.5);
    expect(b.groups[2]!.sharePct).toBeCloseTo((15.5 / 75.5) * 100, 10);
  });

  it('keeps rows without a service as a null group', () => {
    expect(breakdownBy(rows, 'serviceId').groups.map((g) => g.key)).toEqual(['api', null]);
  });
});

describe('trends', () => {
  it('fills days without rows with zero', () => {
    const t = dailyTrend([row({ day: '2025-03-01', amountUsd: 1 }), row({ day: '2025-03-03', amountUsd: 2 })]);
    expect(t.map((p) => [p.day, p.amountUsd])).toEqual([
      ['2025-03-01', 1],
      ['2025-03-02', 0],
      ['2025-03-03', 2],
    ]);
  });

  it('limits the daily trend to a given range', () => {
    const t = dailyTrend([row({ day: '2025-02-28', amountUsd: 9 }), row({ day: '2025-03-02', amountUsd: 2 })], { fromDay: '2025-03-01', toDay: '2025-03-02' });
    expect(t.map((p) => p.amountUsd)).toEqual([0, 2]);
  });

  it('buckets by calendar month across a year end, zero-filling gaps', () => {
    const t = monthlyTrend([row({ day: '2024-11-30', amountUsd: 1 }), row({ day: '2025-01-01', amountUsd: 2 }), row({ day: '2025-01-31', amountUsd: 3 })]);
    expect(t.map((p) => [p.month, p.amountUsd])).toEqual([
      ['2024-11', 1],
      ['2024-12', 0],
      ['2025-01', 5],
    ]);
  });
});

describe('periodChange and topMovers', () => {
  // Previous week (Mar 1–7) vs current week (Mar 8–14).
  const rows = [
    row({ day: '2025-03-02', regionId: 'a', amountUsd: 100 }),
    row({ day: '2025-03-09', regionId: 'a', amountUsd: 40 }), // a: −60
    row({ day: '2025-03-03', regionId: 'b', amountUsd: 10 }),
    row({ day: '2025-03-10', regionId: 'b', amountUsd: 90 }), // b: +80
    row({ day: '2025-03-11', regionId: 'c', amountUsd: 5 }), // c: new, +5
    row({ day: '2025-03-04', regionId: 'd', amountUsd: 7 }),
    row({ day: '2025-03-12', regionId: 'd', amountUsd: 7 }), // d: unchanged
    row({ day: '2025-02-28', regionId: 'a', amountUsd: 1000 }), // outside both periods
  ];
  const current = { fromDay: '2025-03-08', toDay: '2025-03-14' };

  it('compares with the equally long period just before', () => {
    const c = periodChange(rows, current);
    expect(c.previous.range).toEqual({ fromDay: '2025-03-01', toDay: '2025-03-07' });
    expect(c.previous.amountUsd).toBe(117); // 100 + 10 + 7
    expect(c.current.amountUsd).toBe(142); // 40 + 90 + 5 + 7
    expect(c.changeUsd).toBe(25);
    expect(c.changePct).toBeCloseTo((25 / 117) * 100, 10);
  });

  it('returns a null percentage when the previous period cost nothing', () => {
    expect(periodChange([row({ day: '2025-03-09' })], current).changePct).toBeNull();
  });

  it('ranks movers by absolute change and leaves out unchanged keys', () => {
    const movers = topMovers(rows, 'regionId', current);
    expect(movers.map((m) => [m.key, m.changeUsd])).toEqual([
      ['b', 80],
      ['a', -60],
      ['c', 5],
    ]);
    expect(movers[2]!.changePct).toBeNull();
    expect(topMovers(rows, 'regionId', current, { limit: 1 }).map((m) => m.key)).toEqual(['b']);
  });
});
