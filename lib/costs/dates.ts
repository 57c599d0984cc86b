// Calendar days as 'YYYY-MM-DD' strings in UTC. Cost data is bucketed by UTC day (FOCUS charge periods are
// UTC), so no local time zone ever enters the arithmetic.

const DAY_MS = 86_400_000;
const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTH_RE = /^(\d{4})-(\d{2})$/;

/** An inclusive range of days, e.g. { fromDay: '2025-03-01', toDay: '2025-03-31' }. */
export interface DayRange {
  fromDay: string;
  toDay: string;
}

export function isValidDay(day: string): boolean {
  const m = DAY_RE.exec(day);
  if (m === null) return false;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  return mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonthOf(y, mo);
}

function assertDay(day: string): void {
  if (!isValidDay(day)) throw new RangeError(`Not a valid day (YYYY-MM-DD): "${day}"`);
}

function daysInMonthOf(year: number, month1: number): number {
  return new Date(Date.UTC(year, month1, 0)).getUTCDate();
}

export function dayToEpochMs(day: string): number {
  assertDay(day);
  return Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10)));
}

export function epochMsToDay(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 10);
}

export function addDays(day: string, days: number): string {
  return epochMsToDay(dayToEpochMs(day) + days * DAY_MS);
}

/** Whole days from `fromDay` to `toDay` (negative when toDay is earlier). */
export function daysBetween(fromDay: string, toDay: string): number {
  return Math.round((dayToEpochMs(toDay) - dayToEpochMs(fromDay)) / DAY_MS);
}

/** 0 = Sunday … 6 = Saturday, as Date.getUTCDay. */
export function dayOfWeek(day: string): number {
  return new Date(dayToEpochMs(day)).getUTCDay();
}

/** Every day of an inclusive range, in order. */
export function eachDay(range: DayRange): string[] {
  const n = daysBetween(range.fromDay, range.toDay);
  const out: string[] = [];
  for (let i = 0; i <= n; i++) out.push(addDays(range.fromDay, i));
  return out;
}

export function rangeLengthDays(range: DayRange): number {
  return daysBetween(range.fromDay, range.toDay) + 1;
}

/** The range of the same length that ends the day before `range` starts. */
export function previousRange(range: DayRange): DayRange {
  const len = rangeLengthDays(range);
  if (len < 1) throw new RangeError(`Empty range ${range.fromDay}..${range.toDay}`);
  return { fromDay: addDays(range.fromDay, -len), toDay: addDays(range.fromDay, -1) };
}

export function monthOfDay(day: string): string {
  return day.slice(0, 7);
}

export function isValidMonth(month: string): boolean {
  const m = MONTH_RE.exec(month);
  return m !== null && Number(m[2]) >= 1 && Number(m[2]) <= 12;
}

/** First and last day of a 'YYYY-MM' month. */
export function monthRange(month: string): DayRange {
  if (!isValidMonth(month)) throw new RangeError(`Not a valid month (YYYY-MM): "${month}"`);
  const y = Number(month.slice(0, 4));
  const mo = Number(month.slice(5, 7));
  return { fromDay: `${month}-01`, toDay: `${month}-${String(daysInMonthOf(y, mo)).padStart(2, '0')}` };
}

export function addMonths(month: string, months: number): string {
  const y = Number(month.slice(0, 4));
  const mo = Number(month.slice(5, 7)) - 1 + months;
  const d = new Date(Date.UTC(y, mo, 1));
  return d.toISOString().slice(0, 7);
}
