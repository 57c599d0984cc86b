import { describe, expect, it } from 'vitest';
import { addDays } from './dates';
import { budgetStatus, type DailyAmount, forecastMonthEnd, normalQuantile } from './forecast';

/** Daily amounts from `fromDay` on. */
function days(fromDay: string, amountsUsd: readonly number[]): DailyAmount[] {
  return amountsUsd.map((amountUsd, i) => ({ day: addDays(fromDay, i), amountUsd }));
}

/** 120 USD on weekdays, 60 USD on Saturdays and Sundays. */
function weekdayPattern(fromDay: string, toDay: string): DailyAmount[] {
  const out: DailyAmount[] = [];
  for (let d = fromDay; d <= toDay; d = addDays(d, 1)) {
    const dow = new Date(`${d}T00:00:00Z`).getUTCDay();
    out.push({ day: d, amountUsd: dow === 0 || dow === 6 ? 60 : 120 });
  }
  return out;
}

describe('normalQuantile', () => {
  it('matches published normal quantiles', () => {
    expect(normalQuantile(0.9)).toBeCloseTo(1.2815516, 6); // 80 % two-sided
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 6);
    expect(normalQuantile(0.5)).toBeCloseTo(0, 12);
    expect(normalQuantile(0.01)).toBeCloseTo(-2.326348, 6);
  });
});

describe('forecastMonthEnd', () => {
  it('flat run rate with a residual band (hand-worked)', () => {
    // March 2025 has 31 days; 10 days in, no history (< 2 weeks, so no weekday factors).
    // Actuals 100,110,90,100,100,110,90,100,100,100: sum 1000, run rate 1000/10 = 100 USD/day.
    // Remaining m = 21 days → projected 2100, forecast 1000 + 2100 = 3100.
    // Residuals 0,10,−10,0,0,10,−10,0,0,0 → Σe² = 400, s = √(400/9) = 6.6667.
    // Half-width = 1.28155 × 6.6667 × √(21 + 21²/10) = 8.54368 × √65.1 = 8.54368 × 8.06846 = 68.934.
    // Band: 3100 − 68.93 = 3031.07 … 3100 + 68.93 = 3168.93.
    const f = forecastMonthEnd({ month: '2025-03', actuals: days('2025-03-01', [100, 110, 90, 100, 100, 110, 90, 100, 100, 100]) });
    expect(f).toMatchObject({
      asOfDay: '2025-03-10',
      daysInMonth: 31,
      daysElapsed: 10,
      daysRemaining: 21,
      actualToDateUsd: 1000,
      projectedRemainingUsd: 2100,
      forecastUsd: 3100,
      lowUsd: 3031.07,
      highUsd: 3168.93,
      runRateUsdPerDay: 100,
      residualStdUsd: 6.67,
      seasonality: 'none',
      confidence: 0.8,
    });
  });

  it('weekly seasonality from the month itself (hand-worked)', () => {
    // June 2025: the 1st is a Sunday. Two full weeks in (to Sat 14 June): weekdays 120, weekend days 60.
    // Mean day = (10×120 + 4×60)/14 = 1440/14 = 102.857; factors weekday 120/102.857 = 7/6, weekend 7/12.
    // Run rate = mean of cost/factor = 102.857 on every day; residuals are all 0, so the band is empty.
    // Remaining 15–30 June: 11 weekdays and 5 weekend days → 11×120 + 5×60 = 1620. Forecast 1440 + 1620 = 3060.
    // (A flat run rate would say 1440 + 16 × 102.857 = 3085.71.)
    const f = forecastMonthEnd({ month: '2025-06', actuals: weekdayPattern('2025-06-01', '2025-06-14') });
    expect(f.seasonality).toBe('weekly');
    expect(f.dayOfWeekFactors[1]).toBeCloseTo(7 / 6, 10);
    expect(f.dayOfWeekFactors[0]).toBeCloseTo(7 / 12, 10);
    expect(f.runRateUsdPerDay).toBe(102.86);
    expect(f.forecastUsd).toBe(3060);
    expect(f.lowUsd).toBe(3060);
    expect(f.highUsd).toBe(3060);
  });

  it('uses the previous weeks for factors and run rate early in the month (hand-worked)', () => {
    // History 3–30 June with the same pattern; July 2025 starts on a Tuesday; 1 and 2 July cost 120 each.
    // Factors from the last 4 whole weeks (5 June – 2 July): 7/6 and 7/12 as above.
    // Only 2 days of July, so the run rate uses the trailing 7 days: 720/7 = 102.857.
    // Remaining 3–31 July: 21 weekdays, 8 weekend days → 21×120 + 8×60 = 3000. Forecast 240 + 3000 = 3240.
    const f = forecastMonthEnd({
      month: '2025-07',
      actuals: days('2025-07-01', [120, 120]),
      history: weekdayPattern('2025-06-03', '2025-06-30'),
    });
    expect(f.actualToDateUsd).toBe(240);
    expect(f.daysRemaining).toBe(29);
    expect(f.forecastUsd).toBe(3240);
  });

  it('ignores history inside the month and data after asOfDay', () => {
    const f = forecastMonthEnd({
      month: '2025-03',
      actuals: days('2025-03-01', [100, 100, 100, 5000]),
      history: [{ day: '2025-03-01', amountUsd: 999 }],
      asOfDay: '2025-03-03',
    });
    expect(f.actualToDateUsd).toBe(300);
    expect(f.forecastUsd).toBe(3100); // 300 + 28 × 100
  });

  it('keeps a wide band when the spread cannot be estimated, floored at the actual spend', () => {
    // One day (50 USD) of a 30-day month: s is taken as the run rate, 50.
    // Forecast 50 + 29 × 50 = 1500; half-width 1.28155 × 50 × √(29 + 29²/1) = 1890.02.
    // Low would be −390 but cannot be below the 50 already spent; high 3390.02.
    const f = forecastMonthEnd({ month: '2025-04', actuals: [{ day: '2025-04-01', amountUsd: 50 }] });
    expect(f.forecastUsd).toBe(1500);
    expect(f.lowUsd).toBe(50);
    expect(f.highUsd).toBe(3390.02);
  });

  it('returns the actual with no band once the month is complete', () => {
    const f = forecastMonthEnd({
      month: '2025-02',
      actuals: days(
        '2025-02-01',
        Array.from({ length: 28 }, (_, i) => i),
      ),
    });
    expect(f.daysRemaining).toBe(0);
    expect(f.forecastUsd).toBe(378); // 0 + 1 + … + 27
    expect([f.lowUsd, f.highUsd]).toEqual([378, 378]);
  });

  it('forecasts zero with no data at all', () => {
    const f = forecastMonthEnd({ month: '2025-05', actuals: [] });
    expect(f).toMatchObject({ daysElapsed: 0, forecastUsd: 0, lowUsd: 0, highUsd: 0 });
  });

  it('rejects a bad month, confidence or asOfDay', () => {
    expect(() => forecastMonthEnd({ month: '2025-13', actuals: [] })).toThrow(RangeError);
    expect(() => forecastMonthEnd({ month: '2025-05', actuals: [], confidence: 1 })).toThrow(RangeError);
    expect(() => forecastMonthEnd({ month: '2025-05', actuals: [], asOfDay: '2025-06-02' })).toThrow(RangeError);
  });
});

describe('budgetStatus', () => {
  const forecast = { forecastUsd: 3100, highUsd: 3168.93 };

  it('is over once actual spend passes the budget', () => {
    const result = budgetStatus(3000, 3300, forecast);
    expect(result).toMatchObject({ status: 'over', overrunUsd: 300 });
    expect(result.budgetUsedPct).toBeCloseTo(110, 10);
  });

  it('is at risk when the forecast passes the budget, with the projected overrun', () => {
    expect(budgetStatus(3000, 1000, forecast)).toEqual({
      status: 'at_risk',
      overrunUsd: 100,
      projectedOverrunUsd: 100,
      worstCaseOverrunUsd: 168.93,
      budgetUsedPct: (1000 / 3000) * 100,
    });
  });

  it('is at risk when only the high end of the band passes the budget', () => {
    expect(budgetStatus(3150, 1000, forecast)).toMatchObject({ status: 'at_risk', overrunUsd: 0, worstCaseOverrunUsd: 18.93 });
  });

  it('is under when even the high end stays within budget', () => {
    expect(budgetStatus(3200, 1000, forecast)).toMatchObject({ status: 'under', overrunUsd: 0, worstCaseOverrunUsd: 0 });
  });

  it('treats spending exactly the budget as not over', () => {
    expect(budgetStatus(3000, 3000, { forecastUsd: 3000, highUsd: 3000 }).status).toBe('under');
  });

  it('rejects a negative budget', () => {
    expect(() => budgetStatus(-1, 0, forecast)).toThrow(RangeError);
  });
});
