// Month-end cost forecast: run rate × weekly seasonality, with an uncertainty band.
//
// Method (also in docs/costs.md):
//  1. Build the daily series from the earliest history day to `asOfDay`. A day with no rows cost nothing.
//  2. Day-of-week factors: over the last k whole weeks of the series (k = up to 8, at least 2 needed),
//     factor[w] = mean cost on weekday w / mean daily cost. Whole weeks give every weekday the same weight.
//     With less than two weeks of data every factor is 1 (no seasonality).
//  3. Run rate (deseasonalised daily level): mean of cost[d] / factor[weekday(d)] over the month to date,
//     or over the trailing 7 days when fewer than 7 days of the month have passed (history fills in).
//  4. Forecast = actual month to date + Σ over remaining days r of runRate × factor[weekday(r)].
//  5. Band: residuals e[d] = cost[d] − runRate × factor[weekday(d)] over the run-rate days give a daily
//     standard deviation s (n − 1 denominator). For m remaining days the month-end total has variance
//     m·s² (independent daily noise, hence √m scaling) + m²·s²/n (the run rate itself is a mean of n days).
//     Half-width = z · s · √(m + m²/n), with z the normal quantile for the requested two-sided coverage
//     (1.2816 for 80 %). Below two run-rate days s cannot be estimated and is taken as the run rate itself
//     (a deliberately wide band). The low end is never below the actual month to date.

import { addDays, type DayRange, dayOfWeek, daysBetween, eachDay, isValidDay, monthRange } from './dates';
import { microsToUsd, roundUsdToCents, sumMicros, usdToMicros } from './money';

export interface DailyAmount {
  day: string; // 'YYYY-MM-DD'
  amountUsd: number;
}

export interface MonthForecastInput {
  month: string; // 'YYYY-MM'
  /** Daily costs of this month so far. Several entries for one day are added up. */
  actuals: readonly DailyAmount[];
  /** Daily costs before the month (about 8 weeks) for day-of-week factors and an early-month run rate. */
  history?: readonly DailyAmount[];
  /** Last complete day. Default: the latest day in `actuals`, or the day before the month when there is none. */
  asOfDay?: string;
  /** Two-sided coverage of the band, 0–1. Default 0.8. */
  confidence?: number;
}

export interface MonthForecast {
  month: string;
  asOfDay: string;
  daysInMonth: number;
  daysElapsed: number;
  daysRemaining: number;
  actualToDateUsd: number;
  projectedRemainingUsd: number;
  forecastUsd: number;
  lowUsd: number;
  highUsd: number;
  confidence: number;
  /** Deseasonalised cost of an average day. */
  runRateUsdPerDay: number;
  /** Index 0 = Sunday … 6 = Saturday; all 1 when there was too little history. */
  dayOfWeekFactors: readonly number[];
  residualStdUsd: number;
  seasonality: 'weekly' | 'none';
}

export const DEFAULT_FORECAST_CONFIDENCE = 0.8;
const MAX_SEASONAL_WEEKS = 8;
const MIN_SEASONAL_WEEKS = 2;
const MIN_RUN_RATE_DAYS = 7;

export function forecastMonthEnd(input: MonthForecastInput): MonthForecast {
  const month = monthRange(input.month);
  const confidence = input.confidence ?? DEFAULT_FORECAST_CONFIDENCE;
  if (!(confidence > 0 && confidence < 1)) throw new RangeError(`confidence must be between 0 and 1, got ${confidence}`);
  const asOfDay = input.asOfDay ?? latestDay(input.actuals, month) ?? addDays(month.fromDay, -1);
  if (!isValidDay(asOfDay)) throw new RangeError(`asOfDay is not a valid day: "${asOfDay}"`);
  if (asOfDay < addDays(month.fromDay, -1) || asOfDay > month.toDay) {
    throw new RangeError(`asOfDay ${asOfDay} is outside ${input.month}`);
  }

  // Actuals win over history for days inside the month; nothing after asOfDay is used.
  const byDay = new Map<string, number>();
  for (const h of input.history ?? []) {
    if (h.day < month.fromDay && h.day <= asOfDay) add(byDay, h.day, usdToMicros(h.amountUsd));
  }
  for (const a of input.actuals) {
    if (a.day >= month.fromDay && a.day <= asOfDay) add(byDay, a.day, usdToMicros(a.amountUsd));
  }

  const daysInMonth = daysBetween(month.fromDay, month.toDay) + 1;
  const daysElapsed = Math.max(0, daysBetween(month.fromDay, asOfDay) + 1);
  const daysRemaining = daysInMonth - daysElapsed;
  const actualToDateMicros = sumMicros(daysElapsed === 0 ? [] : eachDay({ fromDay: month.fromDay, toDay: asOfDay }).map((d) => byDay.get(d) ?? 0));
  const actualToDateUsd = microsToUsd(actualToDateMicros);

  const firstDay = [...byDay.keys()].reduce<string | null>((min, d) => (min === null || d < min ? d : min), null);
  const series: { day: string; usd: number }[] =
    firstDay === null ? [] : eachDay({ fromDay: firstDay, toDay: asOfDay }).map((day) => ({ day, usd: microsToUsd(byDay.get(day) ?? 0) }));

  const { factors, seasonality } = weekdayFactors(series);
  const runRateDays = series.slice(-Math.max(daysElapsed, Math.min(MIN_RUN_RATE_DAYS, series.length)));
  const fit = runRateDays.filter((p) => factors[dayOfWeek(p.day)]! > 0);
  const runRate = fit.length === 0 ? 0 : fit.reduce((s, p) => s + p.usd / factors[dayOfWeek(p.day)]!, 0) / fit.length;

  let residualStd: number;
  if (runRateDays.length >= 2) {
    const sq = runRateDays.reduce((s, p) => s + (p.usd - runRate * factors[dayOfWeek(p.day)]!) ** 2, 0);
    residualStd = Math.sqrt(sq / (runRateDays.length - 1));
  } else {
    residualStd = Math.abs(runRate);
  }

  const remaining: DayRange | null = daysRemaining > 0 ? { fromDay: addDays(asOfDay, 1), toDay: month.toDay } : null;
  const projectedRemainingUsd = remaining === null ? 0 : eachDay(remaining).reduce((s, d) => s + runRate * factors[dayOfWeek(d)]!, 0);
  const forecastUsd = actualToDateUsd + projectedRemainingUsd;
  const m = daysRemaining;
  const n = Math.max(1, runRateDays.length);
  const halfWidthUsd = m === 0 ? 0 : normalQuantile(0.5 + confidence / 2) * residualStd * Math.sqrt(m + (m * m) / n);

  return {
    month: input.month,
    asOfDay,
    daysInMonth,
    daysElapsed,
    daysRemaining,
    actualToDateUsd: roundUsdToCents(actualToDateUsd),
    projectedRemainingUsd: roundUsdToCents(projectedRemainingUsd),
    forecastUsd: roundUsdToCents(forecastUsd),
    lowUsd: roundUsdToCents(Math.max(actualToDateUsd, forecastUsd - halfWidthUsd)),
    highUsd: roundUsdToCents(forecastUsd + halfWidthUsd),
    confidence,
    runRateUsdPerDay: roundUsdToCents(runRate),
    dayOfWeekFactors: factors,
    residualStdUsd: roundUsdToCents(residualStd),
    seasonality,
  };
}

function add(map: Map<string, number>, day: string, micros: number): void {
  map.set(day, (map.get(day) ?? 0) + micros);
}

function latestDay(rows: readonly DailyAmount[], month: DayRange): string | null {
  let latest: string | null = null;
  for (const r of rows) if (r.day >= month.fromDay && r.day <= month.toDay && (latest === null || r.day > latest)) latest = r.day;
  return latest;
}

/** Day-of-week factors from the last whole weeks of a contiguous daily series ending on its last element. */
export function weekdayFactors(series: readonly { day: string; usd: number }[]): { factors: number[]; seasonality: 'weekly' | 'none' } {
  const flat = { factors: [1, 1, 1, 1, 1, 1, 1], seasonality: 'none' as const };
  const weeks = Math.min(MAX_SEASONAL_WEEKS, Math.floor(series.length / 7));
  if (weeks < MIN_SEASONAL_WEEKS) return flat;
  const window = series.slice(-weeks * 7);
  const sums = [0, 0, 0, 0, 0, 0, 0];
  let total = 0;
  for (const p of window) {
    sums[dayOfWeek(p.day)]! += p.usd;
    total += p.usd;
  }
  const mean = total / window.length;
  if (!(mean > 0)) return flat;
  // Every weekday occurs exactly `weeks` times in the window.
  const factors = sums.map((s) => s / weeks / mean);
  if (factors.some((f) => f < 0)) return flat; // net credits on a weekday make ratios meaningless
  return { factors, seasonality: 'weekly' };
}

/**
 * Inverse of the standard normal CDF (Acklam's rational approximation, relative error < 1.2e-9).
 * normalQuantile(0.9) ≈ 1.2816: an 80 % two-sided band is ±1.2816 σ.
 */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`p must be in (0, 1), got ${p}`);
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const pLow = 0.02425;
  if (p < pLow) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  }
  if (p > 1 - pLow) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) / (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1)
  );
}

export const BUDGET_STATUSES = ['under', 'at_risk', 'over'] as const;
export type BudgetStatus = (typeof BUDGET_STATUSES)[number];

export interface BudgetStatusResult {
  status: BudgetStatus;
  /**
   * The overrun the status is about: actual − budget when 'over'; forecast − budget when 'at_risk'
   * (0 when only the band's high end crosses the budget); 0 when 'under'.
   */
  overrunUsd: number;
  /** max(0, forecast − budget). */
  projectedOverrunUsd: number;
  /** max(0, high end of the band − budget). */
  worstCaseOverrunUsd: number;
  /** actual / budget × 100; null for a zero budget. */
  budgetUsedPct: number | null;
}

/**
 * 'over' once actual spend exceeds the budget; 'at_risk' when the forecast's high end (the upper edge of
 * its band, so at least ~10 % likely with the default 80 % band) exceeds it; otherwise 'under'.
 */
export function budgetStatus(budgetUsd: number, actualUsd: number, forecast: Pick<MonthForecast, 'forecastUsd' | 'highUsd'>): BudgetStatusResult {
  if (!(budgetUsd >= 0) || !Number.isFinite(budgetUsd)) throw new RangeError(`budgetUsd must be a finite amount ≥ 0, got ${budgetUsd}`);
  const budgetMicros = usdToMicros(budgetUsd);
  const actualOver = usdToMicros(actualUsd) - budgetMicros;
  const projectedOver = Math.max(0, usdToMicros(forecast.forecastUsd) - budgetMicros);
  const worstOver = Math.max(0, usdToMicros(forecast.highUsd) - budgetMicros, projectedOver);
  const budgetUsedPct = budgetUsd === 0 ? null : (actualUsd / budgetUsd) * 100;
  const result = (status: BudgetStatus, overMicros: number): BudgetStatusResult => ({
    status,
    overrunUsd: microsToUsd(overMicros),
    projectedOverrunUsd: microsToUsd(projectedOver),
    worstCaseOverrunUsd: microsToUsd(worstOver),
    budgetUsedPct,
  });
  if (actualOver > 0) return result('over', actualOver);
  if (worstOver > 0) return result('at_risk', projectedOver);
  return result('under', 0);
}
