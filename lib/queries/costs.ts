import 'server-only';
import { databaseKind } from '../config';
import { breakdownBy, type CostDimension, type CostRow, topMovers } from '../costs/breakdown';
import { addDays, addMonths, type DayRange, eachDay, monthRange, rangeLengthDays } from '../costs/dates';
import { microsToUsd } from '../costs/money';
import { averageUtilisation, costPerMillionRequests, IDLE_COST_EXPLANATION, IDLE_COST_FORMULA, idleCostUsd, unitCosts } from '../costs/unit-cost';
import { db } from '../db';
import type { CostFilterInput, CostRecordsQuery, CostReportDimension } from '../schemas/cost-report';
import {
  breakdownMicros,
  type CostFilter,
  type CostRecordRow,
  type CostStore,
  dailyMicros,
  earliestCostDay,
  idRange,
  type KeyAmount,
  latestCostDay,
  Params,
  rebuildRollups,
  recordsPage,
  rollupsMatch,
} from './costs-sql';

export const costStore = (): CostStore => ({ db, kind: databaseKind() });

const g = globalThis as unknown as { meridianCostRollups?: Promise<void> };

/**
 * Rollups are rebuilt once per process if they do not hold exactly CostRecord's rows (a fresh seed, a restore);
 * imports keep them current inside their own transaction after that.
 */
export function ensureRollups(): Promise<void> {
  g.meridianCostRollups ??= (async () => {
    const s = costStore();
    if (!(await rollupsMatch(s))) await s.db.$transaction(async (tx) => rebuildRollups({ db: tx as never, kind: s.kind }), { timeout: 600_000 });
  })().catch((e) => {
    g.meridianCostRollups = undefined;
    throw e;
  });
  return g.meridianCostRollups;
}

/**
 * Cost in USD of the days from..before (exclusive), optionally of one region: from the daily rollup, which CostRecord
 * itself has no index for (its key is the day).
 */
export async function costUsdBetween(fromDay: string, beforeDay: string, regionId?: string): Promise<number> {
  if (beforeDay <= fromDay) return 0;
  await ensureRollups();
  const r = await db.costDaily.aggregate({ _sum: { amountMicros: true }, where: { day: { gte: fromDay, lt: beforeDay }, ...(regionId ? { regionId } : {}) } });
  return microsToUsd(Number(r._sum.amountMicros ?? 0));
}

export interface CostLabels {
  regions: Record<string, { name: string; code: string; provider: string }>;
  services: Record<string, { name: string; team: string }>;
  teams: string[];
}

export async function costLabels(): Promise<CostLabels> {
  const [regions, services] = await Promise.all([
    db.region.findMany({ select: { id: true, name: true, code: true, provider: true }, orderBy: [{ provider: 'asc' }, { code: 'asc' }] }),
    db.service.findMany({ select: { id: true, name: true, team: true }, orderBy: { name: 'asc' } }),
  ]);
  return {
    regions: Object.fromEntries(regions.map((r) => [r.id, { name: r.name, code: r.code, provider: r.provider }])),
    services: Object.fromEntries(services.map((s) => [s.id, { name: s.name, team: s.team }])),
    teams: [...new Set(services.map((s) => s.team))].sort(),
  };
}

export interface ReportPeriod {
  from: string;
  to: string;
  fromDay: string;
  toDay: string;
  /** Last day with cost data; the period is "to date" when it ends after this day. */
  asOfDay: string | null;
  partial: boolean;
  days: number;
}

/** Resolves the URL's months: default is the last complete month; `to` is clamped to the latest month with data. */
export async function resolvePeriod(
  input: CostFilterInput,
): Promise<{ filter: CostFilter; period: ReportPeriod; earliestMonth: string | null; latestMonth: string | null }> {
  await ensureRollups();
  const s = costStore();
  const [asOfDay, firstDay] = await Promise.all([latestCostDay(s), earliestCostDay(s)]);
  const latestMonth = asOfDay?.slice(0, 7) ?? new Date().toISOString().slice(0, 7);
  const lastFull = asOfDay && asOfDay === monthRange(latestMonth).toDay ? latestMonth : addMonths(latestMonth, -1);
  let to = input.to ?? input.from ?? lastFull;
  let from = input.from ?? to;
  if (from > to) [from, to] = [to, from];
  const fromDay = monthRange(from).fromDay;
  const monthEnd = monthRange(to).toDay;
  const toDay = asOfDay && asOfDay < monthEnd && asOfDay >= fromDay ? asOfDay : monthEnd;
  const filter: CostFilter = { from, to, provider: input.provider, region: input.region, service: input.service, team: input.team, category: input.category };
  return {
    filter,
    period: { from, to, fromDay, toDay, asOfDay, partial: toDay < monthEnd, days: rangeLengthDays({ fromDay, toDay }) },
    earliestMonth: firstDay?.slice(0, 7) ?? null,
    latestMonth: asOfDay ? latestMonth : null,
  };
}

export interface ReportGroup {
  key: string | null;
  label: string;
  amountUsd: number;
  amountMicros: number;
  sharePct: number;
  records: number;
}

export interface ReportBreakdown {
  dimension: CostReportDimension;
  totalMicros: number;
  groups: ReportGroup[];
}

export interface ReportMover {
  dimension: CostReportDimension;
  key: string | null;
  label: string;
  currentUsd: number;
  previousUsd: number;
  changeUsd: number;
  changePct: number | null;
}

export interface CostReport {
  period: ReportPeriod;
  filter: CostFilter;
  earliestMonth: string | null;
  latestMonth: string | null;
  totalMicros: number;
  totalUsd: number;
  records: number;
  previous: { from: string; to: string; totalUsd: number; scaledTo: number | null };
  changeUsd: number;
  changePct: number | null;
  breakdowns: Record<CostReportDimension, ReportBreakdown>;
  daily: { day: string; amountUsd: number; amountMicros: number }[];
  monthly: { month: string; amountUsd: number; amountMicros: number; inPeriod: boolean }[];
  movers: ReportMover[];
  labels: CostLabels;
}

const PURE_DIM: Record<CostReportDimension, CostDimension> = {
  provider: 'provider',
  region: 'regionId',
  service: 'serviceId',
  team: 'team',
  category: 'category',
};

/** Hands SQL groups to the pure breakdown (sorting, shares), as one pre-aggregated row per group. */
export function toBreakdown(dimension: CostReportDimension, groups: KeyAmount[], label: (key: string | null) => string): ReportBreakdown {
  const rows = groups.map((x) => groupRow(dimension, x.key, x.micros, '2000-01-01'));
  const b = breakdownBy(rows, PURE_DIM[dimension]);
  const records = new Map(groups.map((x) => [x.key, x.records]));
  return {
    dimension,
    totalMicros: b.totalMicros,
    groups: b.groups.map((x) => ({
      key: x.key,
      label: label(x.key),
      amountUsd: x.amountUsd,
      amountMicros: x.amountMicros,
      sharePct: x.sharePct,
      records: records.get(x.key) ?? 0,
    })),
  };
}

function groupRow(dimension: CostReportDimension, key: string | null, micros: number, day: string): CostRow {
  const row: CostRow = { day, regionId: '', serviceId: null, provider: 'aws', team: null, category: 'compute', amountUsd: microsToUsd(micros) };
  (row as unknown as Record<string, unknown>)[PURE_DIM[dimension]] = key;
  return row;
}

export function labeller(labels: CostLabels, dimension: CostReportDimension): (key: string | null) => string {
  return (key) => {
    if (key === null) return dimension === 'service' ? '(no service)' : dimension === 'team' ? '(no team)' : '(none)';
    if (dimension === 'region') {
      const r = labels.regions[key];
      return r ? `${r.name} (${r.provider} ${r.code})` : key;
    }
    if (dimension === 'service') return labels.services[key]?.name ?? key;
    if (dimension === 'category') return key.replace('_', ' ');
    return key;
  };
}

export async function costReport(input: CostFilterInput): Promise<CostReport> {
  const { filter, period, earliestMonth, latestMonth } = await resolvePeriod(input);
  const s = costStore();
  const months = (monthDiff(filter.from, filter.to) + 1) as number;
  const prev = { from: addMonths(filter.from, -months), to: addMonths(filter.to, -months) };
  const dims = ['provider', 'region', 'service', 'team', 'category'] as const;
  // The monthly chart shows 13 months to the end of the period (more when the period is longer).
  const trendFrom = [addMonths(filter.to, -12), filter.from].sort()[0]!;
  const [labels, daily, monthlyRaw, prevByService, prevByRegion, ...byDim] = await Promise.all([
    costLabels(),
    dailyMicros(s, filter, { fromDay: period.fromDay, toDay: period.toDay }),
    // biome-ignore lint/complexity/useMathMinMax: ISO day strings, not numbers
    breakdownMicros(s, { ...filter, from: prev.from < trendFrom ? prev.from : trendFrom, to: filter.to }, 'month'),
    breakdownMicros(s, { ...filter, ...prev }, 'service'),
    breakdownMicros(s, { ...filter, ...prev }, 'region'),
    ...dims.map((d) => breakdownMicros(s, filter, d)),
  ]);
  const breakdowns = Object.fromEntries(dims.map((d, i) => [d, toBreakdown(d, byDim[i]!, labeller(labels, d))])) as Record<
    CostReportDimension,
    ReportBreakdown
  >;
  const totalMicros = breakdowns.provider.totalMicros;
  const records = breakdowns.provider.groups.reduce((a, x) => a + x.records, 0);
  const monthly = new Map(monthlyRaw.map((m) => [m.key!, m.micros]));
  // A period that ends today is compared with the previous period scaled to the same number of days.
  const prevDays = rangeLengthDays({ fromDay: monthRange(prev.from).fromDay, toDay: monthRange(prev.to).toDay });
  const scale = period.partial ? period.days / prevDays : 1;
  const prevTotalMicros = monthlyRaw.filter((m) => m.key! >= prev.from && m.key! <= prev.to).reduce((a, m) => a + m.micros, 0);
  const prevTotalUsd = microsToUsd(Math.round(prevTotalMicros * scale));
  const totalUsd = microsToUsd(totalMicros);

  const movers: ReportMover[] = [];
  for (const [dimension, cur, before] of [
    ['service', byDim[2]!, prevByService],
    ['region', byDim[1]!, prevByRegion],
  ] as const) {
    const curRange: DayRange = { fromDay: '2000-02-01', toDay: '2000-02-01' };
    const prevRange: DayRange = { fromDay: '2000-01-01', toDay: '2000-01-01' };
    const rows = [
      ...cur.map((x) => groupRow(dimension, x.key, x.micros, curRange.fromDay)),
      ...before.map((x) => groupRow(dimension, x.key, Math.round(x.micros * scale), prevRange.fromDay)),
    ];
    const label = labeller(labels, dimension);
    for (const m of topMovers(rows, PURE_DIM[dimension], curRange, { previous: prevRange, limit: 5 })) {
      movers.push({
        dimension,
        key: m.key,
        label: label(m.key),
        currentUsd: m.currentUsd,
        previousUsd: m.previousUsd,
        changeUsd: m.changeUsd,
        changePct: m.changePct,
      });
    }
  }
  movers.sort((a, b) => Math.abs(b.changeUsd) - Math.abs(a.changeUsd));

  const dailyMap = new Map(daily.map((d) => [d.key!, d.micros]));
  return {
    period,
    filter,
    earliestMonth,
    latestMonth,
    totalMicros,
    totalUsd,
    records,
    previous: { ...prev, totalUsd: prevTotalUsd, scaledTo: period.partial ? period.days : null },
    changeUsd: totalUsd - prevTotalUsd,
    changePct: prevTotalUsd === 0 ? null : ((totalUsd - prevTotalUsd) / prevTotalUsd) * 100,
    breakdowns,
    daily: eachDay({ fromDay: period.fromDay, toDay: period.toDay }).map((day) => ({
      day,
      amountMicros: dailyMap.get(day) ?? 0,
      amountUsd: microsToUsd(dailyMap.get(day) ?? 0),
    })),
    monthly: monthsFrom(trendFrom, filter.to).map((month) => ({
      month,
      amountMicros: monthly.get(month) ?? 0,
      amountUsd: microsToUsd(monthly.get(month) ?? 0),
      inPeriod: month >= filter.from && month <= filter.to,
    })),
    movers: movers.slice(0, 8),
    labels,
  };
}

function monthDiff(a: string, b: string): number {
  return (Number(b.slice(0, 4)) - Number(a.slice(0, 4))) * 12 + Number(b.slice(5, 7)) - Number(a.slice(5, 7));
}

function monthsFrom(from: string, to: string): string[] {
  const out: string[] = [];
  for (let m = from; m <= to; m = addMonths(m, 1)) out.push(m);
  return out;
}

export const RECORDS_PAGE_SIZE = 50;

export interface RecordsReport {
  period: ReportPeriod;
  filter: CostFilter & { day?: string };
  rows: CostRecordRow[];
  page: number;
  pageCount: number;
  records: number;
  totalUsd: number;
  labels: CostLabels;
}

/** The records behind a bar or row; the count and total come from the rollups, the page from CostRecord. */
export async function costRecords(input: CostRecordsQuery): Promise<RecordsReport> {
  const { filter, period } = await resolvePeriod(input);
  const s = costStore();
  const f = { ...filter, day: input.day };
  let records: number;
  let totalMicros: number;
  if (input.day) {
    const [d] = await dailyMicros(s, filter, { fromDay: input.day, toDay: input.day });
    records = d?.records ?? 0;
    totalMicros = d?.micros ?? 0;
  } else {
    const all = await breakdownMicros(s, filter, 'provider');
    records = all.reduce((a, x) => a + x.records, 0);
    totalMicros = all.reduce((a, x) => a + x.micros, 0);
  }
  const pageCount = Math.max(1, Math.ceil(records / RECORDS_PAGE_SIZE));
  const page = Math.min(input.page, pageCount);
  const [rows, labels] = await Promise.all([recordsPage(s, f, page, RECORDS_PAGE_SIZE), costLabels()]);
  return { period, filter: f, rows, page, pageCount, records, totalUsd: microsToUsd(totalMicros), labels };
}

export interface UnitCostReport {
  period: ReportPeriod;
  telemetry: { fromAt: string; toAt: string; minutes: number } | null;
  regions: {
    regionId: string;
    label: string;
    costUsd: number;
    requests: number;
    usdPerMillion: number | null;
    computeUsd: number;
    utilisation: number | null;
    idleUsd: number | null;
  }[];
  services: { serviceId: string; label: string; costUsd: number; requests: number; usdPerMillion: number | null }[];
  total: { costUsd: number; requests: number; usdPerMillion: number | null; idleUsd: number };
  explanation: string;
  formula: string;
}

/**
 * Cost per million requests and idle cost over the part of the period that has request telemetry (1-minute
 * rollups: requests = Σ rps × 60). Costs are daily, so each region's cost on the days with telemetry is
 * prorated to the minutes covered. A service's unit cost divides its cost by the requests of the regions it
 * runs in (a request enters a region once and passes through many services).
 */
export async function unitCostReport(input: CostFilterInput): Promise<UnitCostReport> {
  const { filter, period } = await resolvePeriod(input);
  const labels = await costLabels();
  const start = new Date(`${period.fromDay}T00:00:00Z`);
  const end = new Date(`${addDays(period.toDay, 1)}T00:00:00Z`);
  const samples = await db.metricRollup.findMany({
    where: { resolution: '1m', at: { gte: start, lt: end }, ...(filter.region ? { regionId: filter.region } : {}) },
    select: { regionId: true, at: true, rps: true, utilisation: true },
  });
  const base = { period, explanation: IDLE_COST_EXPLANATION, formula: IDLE_COST_FORMULA };
  if (samples.length === 0) return { ...base, telemetry: null, regions: [], services: [], total: { costUsd: 0, requests: 0, usdPerMillion: null, idleUsd: 0 } };
  // minutes with telemetry per region and day
  const perRegion = new Map<string, { requests: number; util: { utilisation: number; capacityUnits: number }[]; minutesByDay: Map<string, number> }>();
  let minAt = samples[0]!.at;
  let maxAt = samples[0]!.at;
  for (const x of samples) {
    if (x.at < minAt) minAt = x.at;
    if (x.at > maxAt) maxAt = x.at;
    let r = perRegion.get(x.regionId);
    if (!r) {
      r = { requests: 0, util: [], minutesByDay: new Map() };
      perRegion.set(x.regionId, r);
    }
    r.requests += x.rps * 60;
    r.util.push({ utilisation: x.utilisation, capacityUnits: 1 });
    const day = x.at.toISOString().slice(0, 10);
    r.minutesByDay.set(day, (r.minutesByDay.get(day) ?? 0) + 1);
  }
  const days = [...new Set([...perRegion.values()].flatMap((r) => [...r.minutesByDay.keys()]))].sort();
  const s = costStore();
  const p = new Params(s.kind);
  const range = idRange(p, 'r', { fromDay: days[0]!, toDay: days[days.length - 1]! });
  const costRows = await db.$queryRawUnsafe<{ day: string; regionId: string; serviceId: string | null; category: string; usd: unknown }[]>(
    `SELECT r."day", r."regionId", r."serviceId", r."category", SUM(r."amountUsd") AS "usd" FROM "CostRecord" r WHERE ${range} GROUP BY r."day", r."regionId", r."serviceId", r."category"`,
    ...p.values,
  );
  const inFilter = (c: { regionId: string; serviceId: string | null; category: string }) =>
    (!filter.provider || labels.regions[c.regionId]?.provider === filter.provider) &&
    (!filter.region || c.regionId === filter.region) &&
    (!filter.service || c.serviceId === filter.service) &&
    (!filter.team || (c.serviceId && labels.services[c.serviceId]?.team === filter.team)) &&
    (!filter.category || c.category === filter.category);
  const regionCost = new Map<string, { cost: number; compute: number }>();
  const serviceCost = new Map<string, { cost: number; regions: Set<string> }>();
  for (const c of costRows) {
    const r = perRegion.get(c.regionId);
    const minutes = r?.minutesByDay.get(c.day) ?? 0;
    if (!r || minutes === 0 || !inFilter(c)) continue;
    const usd = (Number(c.usd) * minutes) / 1440;
    const rc = regionCost.get(c.regionId) ?? { cost: 0, compute: 0 };
    rc.cost += usd;
    if (c.category === 'compute') rc.compute += usd;
    regionCost.set(c.regionId, rc);
    if (c.serviceId) {
      const sc = serviceCost.get(c.serviceId) ?? { cost: 0, regions: new Set<string>() };
      sc.cost += usd;
      sc.regions.add(c.regionId);
      serviceCost.set(c.serviceId, sc);
    }
  }
  const report = unitCosts(
    [...regionCost].map(([regionId, v]) => ({ regionId, serviceId: null, amountUsd: v.cost })),
    [...perRegion].filter(([id]) => regionCost.has(id)).map(([regionId, v]) => ({ regionId, serviceId: null, requestCount: v.requests })),
  );
  const regionLabel = labeller(labels, 'region');
  let idleTotal = 0;
  const regions = report.rows.map((row) => {
    const r = perRegion.get(row.regionId)!;
    const util = averageUtilisation(r.util);
    const computeUsd = regionCost.get(row.regionId)?.compute ?? 0;
    const idle = util === null ? null : idleCostUsd(computeUsd, util);
    idleTotal += idle ?? 0;
    return {
      regionId: row.regionId,
      label: regionLabel(row.regionId),
      costUsd: row.costUsd,
      requests: row.requestCount,
      usdPerMillion: row.usdPerMillionRequests,
      computeUsd,
      utilisation: util,
      idleUsd: idle,
    };
  });
  const services = [...serviceCost].map(([serviceId, v]) => {
    const requests = [...v.regions].reduce((a, id) => a + (perRegion.get(id)?.requests ?? 0), 0);
    return {
      serviceId,
      label: labels.services[serviceId]?.name ?? serviceId,
      costUsd: v.cost,
      requests,
      usdPerMillion: costPerMillionRequests(v.cost, requests),
    };
  });
  services.sort((a, b) => (b.usdPerMillion ?? 0) - (a.usdPerMillion ?? 0));
  regions.sort((a, b) => (b.usdPerMillion ?? 0) - (a.usdPerMillion ?? 0));
  return {
    ...base,
    telemetry: { fromAt: minAt.toISOString(), toAt: maxAt.toISOString(), minutes: new Set(samples.map((x) => x.at.getTime())).size },
    regions,
    services,
    total: { costUsd: report.totalCostUsd, requests: report.totalRequestCount, usdPerMillion: report.usdPerMillionRequests, idleUsd: idleTotal },
  };
}
