// Cost reports over plain cost rows: totals, breakdowns, trends, period changes and top movers.
//
// Every function converts each row's amountUsd to integer micro-dollars once (see money.ts) and sums
// integers, so the total of any breakdown equals the grand total exactly, and a daily trend sums to the
// same figure as a monthly trend. Results carry both `...Micros` (exact, for checks and further math) and
// `...Usd` (micros / 1e6, for display; round with apportionCents when showing cents).

import type { CostCategory, Provider } from '../fleet/types';
import { addMonths, type DayRange, eachDay, monthOfDay, previousRange } from './dates';
import { microsToUsd, sumMicros, usdToMicros } from './money';

/** One cost row: a raw line or a pre-aggregated group (e.g. one rollup row per day/region/service/category). */
export interface CostRow {
  day: string; // 'YYYY-MM-DD', UTC
  regionId: string;
  serviceId: string | null;
  provider: Provider;
  team: string | null;
  category: CostCategory;
  amountUsd: number;
}

export const COST_DIMENSIONS = ['provider', 'regionId', 'serviceId', 'team', 'category'] as const;
export type CostDimension = (typeof COST_DIMENSIONS)[number];

export interface CostAmount {
  amountMicros: number;
  amountUsd: number;
}

export interface CostGroup extends CostAmount {
  /** The dimension's value; null for rows without a service or team. */
  key: string | null;
  /** Share of the breakdown total, 0–100; 0 when the total is 0. */
  sharePct: number;
}

export interface CostBreakdown {
  dimension: CostDimension;
  totalMicros: number;
  totalUsd: number;
  /** Largest first; ties by key. */
  groups: CostGroup[];
}

export interface DailyPoint extends CostAmount {
  day: string;
}

export interface MonthlyPoint extends CostAmount {
  month: string; // 'YYYY-MM'
}

export interface PeriodAmount extends CostAmount {
  range: DayRange;
}

export interface PeriodChange {
  current: PeriodAmount;
  previous: PeriodAmount;
  changeMicros: number;
  changeUsd: number;
  /** Relative change in percent; null when the previous period cost nothing. */
  changePct: number | null;
}

export interface Mover {
  key: string | null;
  currentMicros: number;
  currentUsd: number;
  previousMicros: number;
  previousUsd: number;
  changeMicros: number;
  changeUsd: number;
  changePct: number | null;
}

function amount(micros: number): CostAmount {
  return { amountMicros: micros, amountUsd: microsToUsd(micros) };
}

function inRange(day: string, range: DayRange): boolean {
  // 'YYYY-MM-DD' strings order like dates.
  return day >= range.fromDay && day <= range.toDay;
}

function pct(part: number, whole: number): number | null {
  return whole === 0 ? null : (part / whole) * 100;
}

/** Sums micro-dollars per key. */
function sumBy<K>(rows: readonly CostRow[], keyOf: (row: CostRow) => K): Map<K, number> {
  const sums = new Map<K, number>();
  for (const row of rows) {
    const k = keyOf(row);
    sums.set(k, (sums.get(k) ?? 0) + usdToMicros(row.amountUsd));
  }
  sumMicros(sums.values()); // throws if the total overflowed the exact range
  return sums;
}

export function filterRows(rows: readonly CostRow[], range: DayRange): CostRow[] {
  return rows.filter((r) => inRange(r.day, range));
}

export function totalCost(rows: readonly CostRow[]): CostAmount {
  return amount(sumMicros(rows.map((r) => usdToMicros(r.amountUsd))));
}

export function breakdownBy(rows: readonly CostRow[], dimension: CostDimension): CostBreakdown {
  const sums = sumBy(rows, (r) => r[dimension]);
  const totalMicros = sumMicros(sums.values());
  const groups: CostGroup[] = [...sums].map(([key, micros]) => ({
    key,
    ...amount(micros),
    sharePct: pct(micros, totalMicros) ?? 0,
  }));
  groups.sort((a, b) => b.amountMicros - a.amountMicros || compareKeys(a.key, b.key));
  return { dimension, totalMicros, totalUsd: microsToUsd(totalMicros), groups };
}

function compareKeys(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}

function spanOf(rows: readonly CostRow[]): DayRange | null {
  if (rows.length === 0) return null;
  let fromDay = rows[0]!.day;
  let toDay = fromDay;
  for (const r of rows) {
    if (r.day < fromDay) fromDay = r.day;
    if (r.day > toDay) toDay = r.day;
  }
  return { fromDay, toDay };
}

/**
 * Cost per day over `range` (default: first to last day in the rows), with zero for days without rows.
 * Rows outside the range are ignored.
 */
export function dailyTrend(rows: readonly CostRow[], range?: DayRange): DailyPoint[] {
  const span = range ?? spanOf(rows);
  if (span === null) return [];
  const sums = sumBy(
    rows.filter((r) => inRange(r.day, span)),
    (r) => r.day,
  );
  return eachDay(span).map((day) => ({ day, ...amount(sums.get(day) ?? 0) }));
}

/** Cost per calendar month from the first to the last month in the rows, zero-filled. */
export function monthlyTrend(rows: readonly CostRow[]): MonthlyPoint[] {
  const span = spanOf(rows);
  if (span === null) return [];
  const sums = sumBy(rows, (r) => monthOfDay(r.day));
  const out: MonthlyPoint[] = [];
  const last = monthOfDay(span.toDay);
  for (let m = monthOfDay(span.fromDay); m <= last; m = addMonths(m, 1)) out.push({ month: m, ...amount(sums.get(m) ?? 0) });
  return out;
}

/** Cost in `current` against `previous` (default: the equally long range just before `current`). */
export function periodChange(rows: readonly CostRow[], current: DayRange, previous: DayRange = previousRange(current)): PeriodChange {
  const cur = sumMicros(filterRows(rows, current).map((r) => usdToMicros(r.amountUsd)));
  const prev = sumMicros(filterRows(rows, previous).map((r) => usdToMicros(r.amountUsd)));
  return {
    current: { range: current, ...amount(cur) },
    previous: { range: previous, ...amount(prev) },
    changeMicros: cur - prev,
    changeUsd: microsToUsd(cur - prev),
    changePct: pct(cur - prev, prev),
  };
}

export interface TopMoversOptions {
  /** Default: the equally long range just before `current`. */
  previous?: DayRange;
  /** Default 5. */
  limit?: number;
}

/**
 * The keys of `dimension` whose cost changed most, by absolute change, between `previous` and `current`.
 * Keys present in only one period count as 0 in the other. Ties by key; unchanged keys are left out.
 */
export function topMovers(rows: readonly CostRow[], dimension: CostDimension, current: DayRange, options: TopMoversOptions = {}): Mover[] {
  const previous = options.previous ?? previousRange(current);
  const limit = options.limit ?? 5;
  const cur = sumBy(filterRows(rows, current), (r) => r[dimension]);
  const prev = sumBy(filterRows(rows, previous), (r) => r[dimension]);
  const keys = new Set<string | null>([...cur.keys(), ...prev.keys()]);
  const movers: Mover[] = [];
  for (const key of keys) {
    const c = cur.get(key) ?? 0;
    const p = prev.get(key) ?? 0;
    if (c === p) continue;
    movers.push({
      key,
      currentMicros: c,
      currentUsd: microsToUsd(c),
      previousMicros: p,
      previousUsd: microsToUsd(p),
      changeMicros: c - p,
      changeUsd: microsToUsd(c - p),
      changePct: pct(c - p, p),
    });
  }
  movers.sort((a, b) => Math.abs(b.changeMicros) - Math.abs(a.changeMicros) || compareKeys(a.key, b.key));
  return movers.slice(0, Math.max(0, limit));
}
