// Cost report SQL over the rollups, shared by the pages (lib/queries/costs.ts), the export route, the import
// runner and bench/costs.ts. No 'server-only' here so scripts can import it; it never runs in a browser.
//
// Exactness: CostRecord.amountUsd is a float; every sum here is over integer micro-dollars, rounded once per row
// the same way as lib/costs/money.ts usdToMicros (half away from zero, floor(|x|·10⁶ + 0.5)), so the database
// and the pure functions agree to the micro-dollar and every breakdown of a period adds up to its total.

import type { DatabaseKind } from '../config';
import { addDays, addMonths, type DayRange, monthRange } from '../costs/dates';
import type { Db } from '../db-client';

export interface CostStore {
  db: Db;
  kind: DatabaseKind;
  /** The database's URL when it is not the app's (DATABASE_URL): a PostgreSQL import opens its own connection for COPY. */
  url?: string;
}

/** Filters of a report; `from`/`to` are whole months (inclusive). */
export interface CostFilter {
  from: string;
  to: string;
  provider?: string;
  region?: string;
  service?: string;
  team?: string;
  category?: string;
}

export const DIMENSION_COLUMNS = { provider: 'provider', region: 'regionId', service: 'serviceId', team: 'team', category: 'category' } as const;
export type ReportDimension = keyof typeof DIMENSION_COLUMNS;

/** Integer micro-dollars of a float USD column, rounded like usdToMicros. */
export function microsExpr(kind: DatabaseKind, col = '"amountUsd"'): string {
  return kind === 'postgres'
    ? `(CASE WHEN ${col} < 0 THEN -floor(0.5 - ${col} * 1000000) ELSE floor(${col} * 1000000 + 0.5) END)::bigint`
    : `(CASE WHEN ${col} < 0 THEN -CAST(0.5 - ${col} * 1000000 AS INTEGER) ELSE CAST(${col} * 1000000 + 0.5 AS INTEGER) END)`;
}

/**
 * `alias."id"` bounds that hold exactly the rows of days from..to (ids are `day:key`): CostRecord has no index on
 * "day", so every day-range read says it in terms of the primary key. The bounds compare on the digits alone (from
 * day ≤ id < the day after), so they hold under any collation.
 */
export function idRange(p: Params, alias: string, range: DayRange): string {
  return `${alias}."id" >= ${p.add(range.fromDay)} AND ${alias}."id" < ${p.add(addDays(range.toDay, 1))}`;
}

/** Numbers from raw queries arrive as number, bigint, string (pg numeric) or Decimal: all become numbers. */
export function num(v: unknown): number {
  if (v === null || v === undefined) return 0;
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  return Number(String(v));
}

/** Collects positional parameters and hands out the dialect's placeholder. */
export class Params {
  readonly values: unknown[] = [];
  constructor(private readonly kind: DatabaseKind) {}
  add(v: unknown): string {
    this.values.push(v);
    return this.kind === 'postgres' ? `$${this.values.length}` : '?';
  }
}

function filterWhere(f: Omit<CostFilter, 'from' | 'to'>, p: Params, alias: string, opts: { withService: boolean }): string[] {
  const w: string[] = [];
  if (f.provider) w.push(`${alias}."provider" = ${p.add(f.provider)}`);
  if (f.region) w.push(`${alias}."regionId" = ${p.add(f.region)}`);
  if (f.category) w.push(`${alias}."category" = ${p.add(f.category)}`);
  if (opts.withService) {
    if (f.service) w.push(`${alias}."serviceId" = ${p.add(f.service === '-' ? '' : f.service)}`);
    if (f.team) w.push(`${alias}."serviceId" IN (SELECT "id" FROM "Service" WHERE "team" = ${p.add(f.team)})`);
  }
  return w;
}

/** True when the filter needs the service grain (the daily rollup has none). */
export function needsServiceGrain(f: Omit<CostFilter, 'from' | 'to'>): boolean {
  return Boolean(f.service || f.team);
}

/** True when the filter needs the provider/region grain (the service rollups have none). */
export function needsPlaceGrain(f: Omit<CostFilter, 'from' | 'to'>): boolean {
  return Boolean(f.provider || f.region);
}

export interface KeyAmount {
  key: string | null;
  micros: number;
  records: number;
}

/** Σ micro-dollars per value of `dim` over whole months, from the monthly rollup. */
export async function breakdownMicros(s: CostStore, f: CostFilter, dim: ReportDimension | 'month'): Promise<KeyAmount[]> {
  // Without a service or team in play the daily rollup (no service grain) is ~100× smaller per month than the monthly one.
  if (!needsServiceGrain(f) && dim !== 'service' && dim !== 'team') return breakdownFromDaily(s, f, dim);
  // Without a provider or region in play the service rollup (no provider/region grain) is ~40× smaller still.
  if (!needsPlaceGrain(f) && dim !== 'provider' && dim !== 'region') return breakdownFromMonthly(s, f, dim, 'CostServiceMonthly');
  return breakdownFromMonthly(s, f, dim, 'CostMonthly');
}

/** A breakdown from one of the monthly rollups (the same columns: month, serviceId, category, amount, records). */
async function breakdownFromMonthly(
  s: CostStore,
  f: CostFilter,
  dim: ReportDimension | 'month',
  table: 'CostMonthly' | 'CostServiceMonthly',
): Promise<KeyAmount[]> {
  const p = new Params(s.kind);
  const where = [`m."month" >= ${p.add(f.from)}`, `m."month" <= ${p.add(f.to)}`, ...filterWhere(f, p, 'm', { withService: true })];
  const keyExpr =
    dim === 'team' ? 'sv."team"' : dim === 'month' ? 'm."month"' : dim === 'service' ? `NULLIF(m."serviceId", '')` : `m."${DIMENSION_COLUMNS[dim]}"`;
  const join = dim === 'team' ? `LEFT JOIN "Service" sv ON sv."id" = m."serviceId"` : '';
  const sql = `SELECT ${keyExpr} AS "key", SUM(m."amountMicros") AS "micros", SUM(m."records") AS "records"
    FROM "${table}" m ${join} WHERE ${where.join(' AND ')} GROUP BY ${keyExpr}`;
  const rows = await s.db.$queryRawUnsafe<{ key: string | null; micros: unknown; records: unknown }[]>(sql, ...p.values);
  return rows.map((r) => ({ key: r.key === '' ? null : r.key, micros: num(r.micros), records: num(r.records) }));
}

async function breakdownFromDaily(s: CostStore, f: CostFilter, dim: 'provider' | 'region' | 'category' | 'month'): Promise<KeyAmount[]> {
  const p = new Params(s.kind);
  const where = [
    `d."day" >= ${p.add(monthRange(f.from).fromDay)}`,
    `d."day" <= ${p.add(monthRange(f.to).toDay)}`,
    ...filterWhere(f, p, 'd', { withService: false }),
  ];
  const keyExpr = dim === 'month' ? `substr(d."day", 1, 7)` : `d."${DIMENSION_COLUMNS[dim]}"`;
  const sql = `SELECT ${keyExpr} AS "key", SUM(d."amountMicros") AS "micros", SUM(d."records") AS "records"
    FROM "CostDaily" d WHERE ${where.join(' AND ')} GROUP BY ${keyExpr}`;
  const rows = await s.db.$queryRawUnsafe<{ key: string | null; micros: unknown; records: unknown }[]>(sql, ...p.values);
  return rows.map((r) => ({ key: r.key, micros: num(r.micros), records: num(r.records) }));
}

/**
 * Σ micro-dollars per day of `range`: the daily rollup; with a service/team filter the service daily rollup, or raw
 * records when that filter comes with a provider or region filter (no rollup has both grains by day).
 */
export async function dailyMicros(s: CostStore, f: Omit<CostFilter, 'from' | 'to'>, range: DayRange): Promise<KeyAmount[]> {
  const p = new Params(s.kind);
  let sql: string;
  if (needsServiceGrain(f) && !needsPlaceGrain(f)) {
    const where = [`d."day" >= ${p.add(range.fromDay)}`, `d."day" <= ${p.add(range.toDay)}`, ...filterWhere(f, p, 'd', { withService: true })];
    sql = `SELECT d."day" AS "key", SUM(d."amountMicros") AS "micros", SUM(d."records") AS "records"
      FROM "CostServiceDaily" d WHERE ${where.join(' AND ')} GROUP BY d."day"`;
  } else if (needsServiceGrain(f)) {
    const where = [idRange(p, 'r', range), ...filterWhere(f, p, 'r', { withService: true })];
    sql = `SELECT r."day" AS "key", SUM(${microsExpr(s.kind, 'r."amountUsd"')}) AS "micros", COUNT(*) AS "records"
      FROM "CostRecord" r WHERE ${where.join(' AND ')} GROUP BY r."day"`;
  } else {
    const where = [`d."day" >= ${p.add(range.fromDay)}`, `d."day" <= ${p.add(range.toDay)}`, ...filterWhere(f, p, 'd', { withService: false })];
    sql = `SELECT d."day" AS "key", SUM(d."amountMicros") AS "micros", SUM(d."records") AS "records"
      FROM "CostDaily" d WHERE ${where.join(' AND ')} GROUP BY d."day"`;
  }
  const rows = await s.db.$queryRawUnsafe<{ key: string; micros: unknown; records: unknown }[]>(sql, ...p.values);
  return rows.map((r) => ({ key: r.key, micros: num(r.micros), records: num(r.records) })).sort((a, b) => (a.key! < b.key! ? -1 : 1));
}

/** Per day and service (and region) over a range: what budgets need for their forecasts. */
export async function dailyByServiceRegion(
  s: CostStore,
  range: DayRange,
): Promise<{ day: string; serviceId: string | null; regionId: string; micros: number }[]> {
  const p = new Params(s.kind);
  const sql = `SELECT r."day" AS "day", r."serviceId" AS "serviceId", r."regionId" AS "regionId", SUM(${microsExpr(s.kind, 'r."amountUsd"')}) AS "micros"
    FROM "CostRecord" r WHERE ${idRange(p, 'r', range)} GROUP BY r."day", r."serviceId", r."regionId"`;
  const rows = await s.db.$queryRawUnsafe<{ day: string; serviceId: string | null; regionId: string; micros: unknown }[]>(sql, ...p.values);
  return rows.map((r) => ({ day: r.day, serviceId: r.serviceId || null, regionId: r.regionId, micros: num(r.micros) }));
}

export interface CostRecordRow {
  id: string;
  day: string;
  provider: string;
  regionId: string;
  serviceId: string | null;
  category: string;
  amountUsd: number;
  usageQuantity: number;
  usageUnit: string;
  source: string;
  importId: string | null;
}

/** Where clause for the raw records behind a report cell. */
function recordsWhere(_s: CostStore, f: CostFilter & { day?: string }, p: Params): string {
  const range = f.day ? { fromDay: f.day, toDay: f.day } : { fromDay: monthRange(f.from).fromDay, toDay: monthRange(f.to).toDay };
  return [idRange(p, 'r', range), ...filterWhere(f, p, 'r', { withService: true })].join(' AND ');
}

/** One page of the records behind a bar or row, newest day first (primary-key order). */
export async function recordsPage(s: CostStore, f: CostFilter & { day?: string }, page: number, pageSize: number): Promise<CostRecordRow[]> {
  const p = new Params(s.kind);
  const where = recordsWhere(s, f, p);
  const sql = `SELECT r."id", r."day", r."provider", r."regionId", r."serviceId", r."category", r."amountUsd", r."usageQuantity", r."usageUnit", r."source", r."importId"
    FROM "CostRecord" r WHERE ${where} ORDER BY r."id" DESC LIMIT ${p.add(pageSize)} OFFSET ${p.add((page - 1) * pageSize)}`;
  const rows = await s.db.$queryRawUnsafe<CostRecordRow[]>(sql, ...p.values);
  return rows.map((r) => ({ ...r, amountUsd: num(r.amountUsd), usageQuantity: num(r.usageQuantity), serviceId: r.serviceId || null }));
}

/** Streams every record behind a report cell in pages (for CSV export), oldest first (primary-key order). */
export async function* allRecords(s: CostStore, f: CostFilter & { day?: string }, batch = 5000): AsyncGenerator<CostRecordRow[]> {
  let after: string | null = null;
  for (;;) {
    const p = new Params(s.kind);
    let where = recordsWhere(s, f, p);
    if (after !== null) where += ` AND r."id" > ${p.add(after)}`;
    const sql = `SELECT r."id", r."day", r."provider", r."regionId", r."serviceId", r."category", r."amountUsd", r."usageQuantity", r."usageUnit", r."source", r."importId"
      FROM "CostRecord" r WHERE ${where} ORDER BY r."id" LIMIT ${batch}`;
    const rows = (await s.db.$queryRawUnsafe<CostRecordRow[]>(sql, ...p.values)).map((r) => ({
      ...r,
      amountUsd: num(r.amountUsd),
      usageQuantity: num(r.usageQuantity),
      serviceId: r.serviceId || null,
    }));
    if (rows.length === 0) return;
    yield rows;
    if (rows.length < batch) return;
    after = rows[rows.length - 1]!.id;
  }
}

/** Rebuilds the four rollups (CostMonthly, CostDaily, CostServiceDaily, CostServiceMonthly) for the given months (all months when omitted). Runs in the caller's transaction if given one. */
export async function rebuildRollups(s: CostStore, months?: readonly string[]): Promise<void> {
  const micros = microsExpr(s.kind);
  const ranges: (DayRange & { months: [string, string] })[] = [];
  // Every day there is (idRange's upper bound is the day after toDay, so toDay stops one short of 9999-12-31).
  if (months === undefined) ranges.push({ fromDay: '0000-01-01', toDay: '9999-12-30', months: ['0000-01', '9999-12'] });
  else for (const m of [...new Set(months)].sort()) ranges.push({ ...monthRange(m), months: [m, m] });
  for (const r of ranges) {
    const p = new Params(s.kind);
    await s.db.$executeRawUnsafe(`DELETE FROM "CostMonthly" WHERE "month" >= ${p.add(r.months[0])} AND "month" <= ${p.add(r.months[1])}`, ...p.values);
    const q = new Params(s.kind);
    await s.db.$executeRawUnsafe(
      `INSERT INTO "CostMonthly" ("month","provider","regionId","serviceId","category","amountMicros","records")
       SELECT substr("day", 1, 7), "provider", "regionId", COALESCE("serviceId", ''), "category", SUM(${micros}), COUNT(*)
       FROM "CostRecord" r WHERE ${idRange(q, 'r', r)} GROUP BY substr("day", 1, 7), "provider", "regionId", COALESCE("serviceId", ''), "category"`,
      ...q.values,
    );
    const dp = new Params(s.kind);
    await s.db.$executeRawUnsafe(`DELETE FROM "CostDaily" WHERE "day" >= ${dp.add(r.fromDay)} AND "day" <= ${dp.add(r.toDay)}`, ...dp.values);
    const iq = new Params(s.kind);
    await s.db.$executeRawUnsafe(
      `INSERT INTO "CostDaily" ("day","provider","regionId","category","amountMicros","records")
       SELECT "day", "provider", "regionId", "category", SUM(${micros}), COUNT(*)
       FROM "CostRecord" r WHERE ${idRange(iq, 'r', r)} GROUP BY "day", "provider", "regionId", "category"`,
      ...iq.values,
    );
    const sd = new Params(s.kind);
    await s.db.$executeRawUnsafe(`DELETE FROM "CostServiceDaily" WHERE "day" >= ${sd.add(r.fromDay)} AND "day" <= ${sd.add(r.toDay)}`, ...sd.values);
    const si = new Params(s.kind);
    await s.db.$executeRawUnsafe(
      `INSERT INTO "CostServiceDaily" ("day","serviceId","category","amountMicros","records")
       SELECT "day", COALESCE("serviceId", ''), "category", SUM(${micros}), COUNT(*)
       FROM "CostRecord" r WHERE ${idRange(si, 'r', r)} GROUP BY "day", COALESCE("serviceId", ''), "category"`,
      ...si.values,
    );
    // The monthly service rollup is a re-grouping of the (exact, integer) daily one: no second pass over CostRecord.
    const sm = new Params(s.kind);
    await s.db.$executeRawUnsafe(
      `DELETE FROM "CostServiceMonthly" WHERE "month" >= ${sm.add(r.months[0])} AND "month" <= ${sm.add(r.months[1])}`,
      ...sm.values,
    );
    const mi = new Params(s.kind);
    await s.db.$executeRawUnsafe(
      `INSERT INTO "CostServiceMonthly" ("month","serviceId","category","amountMicros","records")
       SELECT substr("day", 1, 7), "serviceId", "category", SUM("amountMicros"), SUM("records")
       FROM "CostServiceDaily" WHERE "day" >= ${mi.add(r.fromDay)} AND "day" <= ${mi.add(r.toDay)} GROUP BY substr("day", 1, 7), "serviceId", "category"`,
      ...mi.values,
    );
  }
}

/** Each rollup table and its key columns (besides amountMicros and records). */
const ROLLUP_TABLES = [
  { table: 'CostDaily', cols: ['day', 'provider', 'regionId', 'category'] },
  { table: 'CostMonthly', cols: ['month', 'provider', 'regionId', 'serviceId', 'category'] },
  { table: 'CostServiceDaily', cols: ['day', 'serviceId', 'category'] },
  { table: 'CostServiceMonthly', cols: ['month', 'serviceId', 'category'] },
] as const;

/** One group's sums: integer micro-dollars and rows. */
interface Group {
  micros: number;
  records: number;
}

/** What an import adds to the rollups, as plain data (it crosses from the import's worker thread). */
export interface RollupRows {
  /** Per table of ROLLUP_TABLES, in order: its key columns, then micros and records. */
  tables: (string | number)[][][];
  /** Months touched. */
  months: string[];
}

/**
 * New rows' sums for the four rollups, in integer micro-dollars. Each row is added once, at the rollups' finest
 * grain (day, provider, region, service ('' = shared), category), in nested maps: a file's values are the same few
 * string instances row after row, so each level is a cheap lookup and a row allocates nothing. `rows()` sums the
 * groups up to each table's grain (a file has thousands of groups, not hundreds of thousands).
 */
export class RollupDelta {
  private readonly byDay = new Map<string, Map<string, Map<string, Map<string, Map<string, Group>>>>>();

  add(day: string, provider: string, regionId: string, serviceId: string, category: string, micros: number): void {
    const byProvider = level(this.byDay, day);
    const byRegion = level(byProvider, provider);
    const byService = level(byRegion, regionId);
    const byCategory = level(byService, serviceId);
    const g = byCategory.get(category);
    if (g === undefined) byCategory.set(category, { micros, records: 1 });
    else {
      g.micros += micros;
      g.records++;
    }
  }

  /** The rows for each of ROLLUP_TABLES, and the months touched. */
  rows(): RollupRows {
    const tables = ROLLUP_TABLES.map(() => new Map<string, (string | number)[]>());
    const [daily, monthly, serviceDaily, serviceMonthly] = tables;
    const months = new Set<string>();
    for (const [day, byProvider] of this.byDay) {
      const month = day.slice(0, 7);
      months.add(month);
      for (const [provider, byRegion] of byProvider)
        for (const [regionId, byService] of byRegion)
          for (const [serviceId, byCategory] of byService)
            for (const [category, g] of byCategory) {
              // In ROLLUP_TABLES' order and column order.
              bump(daily!, [day, provider, regionId, category], g);
              bump(monthly!, [month, provider, regionId, serviceId, category], g);
              bump(serviceDaily!, [day, serviceId, category], g);
              bump(serviceMonthly!, [month, serviceId, category], g);
            }
    }
    return { tables: tables.map((t) => [...t.values()]), months: [...months] };
  }
}

function level<V>(m: Map<string, Map<string, V>>, key: string): Map<string, V> {
  let next = m.get(key);
  if (next === undefined) {
    next = new Map();
    m.set(key, next);
  }
  return next;
}

function bump(m: Map<string, (string | number)[]>, key: string[], g: Group) {
  const id = key.join('\u001f');
  const row = m.get(id);
  if (row === undefined) m.set(id, [...key, g.micros, g.records]);
  else {
    (row[key.length] as number) += g.micros;
    (row[key.length + 1] as number) += g.records;
  }
}

/**
 * Adds the sums of rows just inserted to all four rollups (upsert: add to the group or create it). Exact, because
 * both sides are integer micro-dollars; the import calls it only when every row of the file was new, so no row can
 * be counted twice. Run it in the transaction that inserted the rows.
 */
export async function addToRollups(s: CostStore, delta: RollupRows): Promise<void> {
  for (const [t, { table, cols }] of ROLLUP_TABLES.entries()) {
    const rows = delta.tables[t]!;
    const n = cols.length;
    const colList = [...cols, 'amountMicros', 'records'].map((c) => `"${c}"`).join(',');
    const conflict = cols.map((c) => `"${c}"`).join(',');
    const update = `"amountMicros" = "${table}"."amountMicros" + excluded."amountMicros", "records" = "${table}"."records" + excluded."records"`;
    for (let i = 0; i < rows.length; i += 10_000) {
      const json = JSON.stringify(rows.slice(i, i + 10_000));
      if (s.kind === 'postgres') {
        const sel = [...cols.map((_, j) => `t.v->>${j}`), `(t.v->>${n})::bigint`, `(t.v->>${n + 1})::int`].join(', ');
        await s.db.$executeRawUnsafe(
          `INSERT INTO "${table}" (${colList}) SELECT ${sel} FROM jsonb_array_elements($1::jsonb) AS t(v) ON CONFLICT (${conflict}) DO UPDATE SET ${update}`,
          json,
        );
      } else {
        const sel = [...cols.map((_, j) => `j.value->>${j}`), `j.value->>${n}`, `j.value->>${n + 1}`].join(', ');
        await s.db.$executeRawUnsafe(
          `INSERT INTO "${table}" (${colList}) SELECT ${sel} FROM jsonb_each(jsonb(?)) j WHERE true ON CONFLICT (${conflict}) DO UPDATE SET ${update}`,
          json,
        );
      }
    }
  }
}

/** Whether the rollups hold exactly the rows in CostRecord (row count and micro-dollar total). */
export async function rollupsMatch(s: CostStore): Promise<boolean> {
  const [raw] = await s.db.$queryRawUnsafe<{ n: unknown }[]>(`SELECT COUNT(*) AS "n" FROM "CostRecord"`);
  const [rolled] = await s.db.$queryRawUnsafe<{ n: unknown }[]>(`SELECT SUM("records") AS "n" FROM "CostMonthly"`);
  const [daily] = await s.db.$queryRawUnsafe<{ n: unknown }[]>(`SELECT SUM("records") AS "n" FROM "CostDaily"`);
  const [svcDaily] = await s.db.$queryRawUnsafe<{ n: unknown }[]>(`SELECT SUM("records") AS "n" FROM "CostServiceDaily"`);
  const [svcMonthly] = await s.db.$queryRawUnsafe<{ n: unknown }[]>(`SELECT SUM("records") AS "n" FROM "CostServiceMonthly"`);
  const n = num(raw?.n);
  return [rolled, daily, svcDaily, svcMonthly].every((x) => num(x?.n) === n);
}

/** Latest day with any cost, from the daily rollup (its primary key starts with day). */
export async function latestCostDay(s: CostStore): Promise<string | null> {
  const [r] = await s.db.$queryRawUnsafe<{ day: string | null }[]>(`SELECT MAX("day") AS "day" FROM "CostDaily"`);
  return r?.day ?? null;
}

export async function earliestCostDay(s: CostStore): Promise<string | null> {
  const [r] = await s.db.$queryRawUnsafe<{ day: string | null }[]>(`SELECT MIN("day") AS "day" FROM "CostDaily"`);
  return r?.day ?? null;
}

/** The months from..to inclusive. */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let m = from; m <= to; m = addMonths(m, 1)) out.push(m);
  return out;
}
