import { describe, expect, it } from 'vitest';
import { emptySums, type RegionWindows, sloFigures, WINDOW_KEYS, WINDOWS } from './slo';

const windows = (f: (k: keyof typeof WINDOWS) => { errorRate: number; slowShare?: number; minutes?: number }): RegionWindows =>
  Object.fromEntries(
    WINDOW_KEYS.map((k) => {
      const { errorRate, slowShare = 0, minutes = WINDOWS[k] } = f(k);
      const rps = 100 * minutes;
      return [k, { ...emptySums(), rps, errRps: rps * errorRate, slowRps: rps * slowShare, minutes }];
    }),
  ) as RegionWindows;

describe('sloFigures', () => {
  it('burn rate is the bad fraction over the budget', () => {
    // 99.9 % SLO: budget 0.1 %. 0.05 % errors everywhere → 0.5× in every window; no alert.
    const s = sloFigures(
      windows(() => ({ errorRate: 0.0005 })),
      99.9,
    );
    expect(s.availabilityBurn['1h']).toBeCloseTo(0.5, 9);
    expect(s.alerts).toEqual([]);
    // 30 full days at 0.5×: half the budget left.
    expect(s.budgetRemaining).toBeCloseTo(0.5, 9);
  });

  it('pages at 14.4× only when the short window confirms it', () => {
    // 1 h at 2 % errors with a 99.9 % SLO = 20× ≥ 14.4×; 5 min at 2 % too → page.
    const both = sloFigures(
      windows((k) => ({ errorRate: k === '1h' || k === '5m' ? 0.02 : 0 })),
      99.9,
    );
    expect(both.alerts).toMatchObject([{ severity: 'page', sli: 'availability', burn: 14.4, long: '1h', short: '5m' }]);
    // The incident is over: 5 min clean → no page even though the hour still burns 20×.
    const over = sloFigures(
      windows((k) => ({ errorRate: k === '1h' ? 0.02 : 0 })),
      99.9,
    );
    expect(over.alerts).toEqual([]);
  });

  it('pages at 6× over 6 h and 30 min, tickets at 1× over 3 days', () => {
    // 0.7 % errors over 6 h and 30 min at 99.9 % → 7× ≥ 6×; 3 d at 0.12 % → 1.2× ≥ 1× → ticket.
    const s = sloFigures(
      windows((k) => ({ errorRate: k === '6h' || k === '30m' ? 0.007 : k === '3d' ? 0.0012 : 0 })),
      99.9,
    );
    expect(s.alerts.map((a) => `${a.severity}:${a.long}`)).toEqual(['page:6h', 'ticket:3d']);
  });

  it('latency burn counts requests in minutes over the objective against a 99 % target', () => {
    // 5 % of requests in slow minutes / 1 % allowed = 5×.
    const s = sloFigures(
      windows(() => ({ errorRate: 0, slowShare: 0.05 })),
      99.9,
    );
    expect(s.latencyBurn['30d']).toBeCloseTo(5, 9);
  });

  it('with less than 30 days of data the budget spent is prorated and the data span reported', () => {
    // One day of data at 3× burn: consumed 3 × (1440 / 43200) = 0.1 → 90 % remaining.
    const s = sloFigures(
      windows((k) => ({ errorRate: 0.003, minutes: Math.min(WINDOWS[k], 1440) })),
      99.9,
    );
    expect(s.dataMinutes).toBe(1440);
    expect(s.budgetRemaining).toBeCloseTo(0.9, 9);
  });
});
