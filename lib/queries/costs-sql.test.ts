// Report queries against the seeded test database: every breakdown, the daily and the monthly trend add up to
// the same micro-dollar total as the raw rows summed with the pure money functions.
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTempDatabase } from '../../test/temp-db';
import { databaseKind } from '../config';
import { monthRange } from '../costs/dates';
import { parseFocus } from '../costs/focus';
import { generateBadFocusCsv, generateFocusSample } from '../costs/focus-sample';
import { costRecordId, focusResolvers, lastCheckpoint, runFocusImport } from '../costs/import';
import { usdToMicros } from '../costs/money';
import { createDb } from '../db-client';
import { breakdownMicros, type CostStore, dailyMicros, RollupDelta, rebuildRollups, rollupsMatch } from './costs-sql';

const db = createDb();
const s: CostStore = { db, kind: databaseKind() };
afterAll(() => db.$disconnect());

const sum = (xs: { micros: number }[]) => xs.reduce((a, x) => a + x.micros, 0);

async function rawMicros(fromDay: string, toDay: string, where: Record<string, unknown> = {}) {
  const rows = await db.costRecord.findMany({ where: { day: { gte: fromDay, lte: toDay }, ...where }, select: { amountUsd: true } });
  return { micros: rows.reduce((a, r) => a + usdToMicros(r.amountUsd), 0), n: rows.length };
}

describe('RollupDelta', () => {
  it('sums rows once and gives each rollup table its own grain (hand-worked)', () => {
    const d = new RollupDelta();
    d.add('2025-03-01', 'aws', 'r1', 'svc-a', 'compute', 1_000_000);
    d.add('2025-03-01', 'aws', 'r1', 'svc-a', 'compute', 500_000);
    d.add('2025-03-01', 'aws', 'r1', '', 'compute', 250_000); // shared cost: no service
    d.add('2025-03-02', 'aws', 'r1', 'svc-a', 'storage', 100);
    d.add('2025-04-01', 'gcp', 'r2', 'svc-a', 'compute', 7);
    const { tables, months } = d.rows();
    const sorted = (rows: (string | number)[][]) => rows.map((r) => r.join('|')).sort();
    // CostDaily: day, provider, region, category.
    expect(sorted(tables[0]!)).toEqual(['2025-03-01|aws|r1|compute|1750000|3', '2025-03-02|aws|r1|storage|100|1', '2025-04-01|gcp|r2|compute|7|1'].sort());
    // CostMonthly: month, provider, region, service, category.
    expect(sorted(tables[1]!)).toEqual(
      [
        '2025-03|aws|r1||compute|250000|1',
        '2025-03|aws|r1|svc-a|compute|1500000|2',
        '2025-03|aws|r1|svc-a|storage|100|1',
        '2025-04|gcp|r2|svc-a|compute|7|1',
      ].sort(),
    );
    // CostServiceDaily: day, service, category.
    expect(sorted(tables[2]!)).toEqual(
      ['2025-03-01||compute|250000|1', '2025-03-01|svc-a|compute|1500000|2', '2025-03-02|svc-a|storage|100|1', '2025-04-01|svc-a|compute|7|1'].sort(),
    );
    // CostServiceMonthly: month, service, category (svc-a's March compute and storage stay apart).
    expect(sorted(tables[3]!)).toEqual(
      ['2025-03||compute|250000|1', '2025-03|svc-a|compute|1500000|2', '2025-03|svc-a|storage|100|1', '2025-04|svc-a|compute|7|1'].sort(),
    );
    expect(months.sort()).toEqual(['2025-03', '2025-04']);
  });

  it('survives the trip between threads as plain data', () => {
    const d = new RollupDelta();
    d.add('2025-03-01', 'aws', 'r1', 'svc-a', 'compute', 3);
    expect(structuredClone(d.rows())).toEqual(d.rows());
  });
});

describe('cost report queries', () => {
  it('rollups match CostRecord, and every breakdown, daily and monthly total agree with the raw rows', async () => {
    await rebuildRollups(s);
    expect(await rollupsMatch(s)).toBe(true);
    const [{ month }] = await db.$queryRawUnsafe<{ month: string }[]>(`SELECT MIN("month") AS "month" FROM "CostMonthly"`);
    const m = month; // a whole month (the seed's first month may start mid-month; both sides cover the same days)
    const filter = { from: m, to: m };
    const raw = await rawMicros(monthRange(m).fromDay, monthRange(m).toDay);
    expect(raw.n).toBeGreaterThan(1000);
    for (const dim of ['provider', 'region', 'service', 'team', 'category', 'month'] as const) {
      const groups = await breakdownMicros(s, filter, dim);
      expect(sum(groups), dim).toBe(raw.micros);
      expect(
        groups.reduce((a, g) => a + g.records, 0),
        dim,
      ).toBe(raw.n);
    }
    expect(sum(await dailyMicros(s, {}, monthRange(m)))).toBe(raw.micros);
  });

  it('agree under filters too, including the service-grain daily path', async () => {
    const svc = await db.service.findFirstOrThrow({ select: { id: true, team: true } });
    const [{ month }] = await db.$queryRawUnsafe<{ month: string }[]>(`SELECT MAX("month") AS "month" FROM "CostMonthly"`);
    const r = monthRange(month);
    const teamIds = (await db.service.findMany({ where: { team: svc.team }, select: { id: true } })).map((x) => x.id);
    const raw = await rawMicros(r.fromDay, r.toDay, { serviceId: { in: teamIds }, category: 'compute' });
    const f = { from: month, to: month, team: svc.team, category: 'compute' };
    for (const dim of ['provider', 'region', 'service', 'team', 'category'] as const) expect(sum(await breakdownMicros(s, f, dim)), dim).toBe(raw.micros);
    expect(sum(await dailyMicros(s, f, r))).toBe(raw.micros);
    const aws = await rawMicros(r.fromDay, r.toDay, { provider: 'aws' });
    expect(sum(await dailyMicros(s, { provider: 'aws' }, r))).toBe(aws.micros);
    expect(sum(await breakdownMicros(s, { from: month, to: month, provider: 'aws' }, 'team'))).toBe(aws.micros);
  });
});

describe('service rollups (CostServiceMonthly, CostServiceDaily)', () => {
  it('hold, per service and category, exactly the raw CostRecord sums and counts', async () => {
    const raw = await db.costRecord.findMany({ select: { day: true, serviceId: true, category: true, amountUsd: true } });
    const byDay = new Map<string, { micros: number; records: number }>();
    const byMonth = new Map<string, { micros: number; records: number }>();
    for (const r of raw) {
      for (const [map, k] of [
        [byDay, `${r.day}|${r.serviceId ?? ''}|${r.category}`],
        [byMonth, `${r.day.slice(0, 7)}|${r.serviceId ?? ''}|${r.category}`],
      ] as const) {
        const g = map.get(k) ?? { micros: 0, records: 0 };
        g.micros += usdToMicros(r.amountUsd);
        g.records++;
        map.set(k, g);
      }
    }
    const daily = await db.$queryRawUnsafe<{ k: string; micros: unknown; records: unknown }[]>(
      `SELECT "day" || '|' || "serviceId" || '|' || "category" AS "k", "amountMicros" AS "micros", "records" FROM "CostServiceDaily"`,
    );
    const monthly = await db.$queryRawUnsafe<{ k: string; micros: unknown; records: unknown }[]>(
      `SELECT "month" || '|' || "serviceId" || '|' || "category" AS "k", "amountMicros" AS "micros", "records" FROM "CostServiceMonthly"`,
    );
    const asMap = (rows: { k: string; micros: unknown; records: unknown }[]) =>
      new Map(rows.map((r) => [r.k, { micros: Number(r.micros), records: Number(r.records) }]));
    expect(raw.length).toBeGreaterThan(1000);
    expect(asMap(daily)).toEqual(byDay);
    expect(asMap(monthly)).toEqual(byMonth);
  });

  it('serve the service, team and category breakdowns and the team daily trend with the raw totals', async () => {
    const svc = await db.service.findFirstOrThrow({ select: { id: true, team: true } });
    const [{ first, last }] = await db.$queryRawUnsafe<{ first: string; last: string }[]>(
      `SELECT MIN("month") AS "first", MAX("month") AS "last" FROM "CostServiceMonthly"`,
    );
    const all = await rawMicros(monthRange(first).fromDay, monthRange(last).toDay);
    for (const dim of ['service', 'team', 'category', 'month'] as const) {
      const groups = await breakdownMicros(s, { from: first, to: last }, dim);
      expect(sum(groups), dim).toBe(all.micros);
      expect(
        groups.reduce((a, g) => a + g.records, 0),
        dim,
      ).toBe(all.n);
    }
    const one = await rawMicros(monthRange(first).fromDay, monthRange(last).toDay, { serviceId: svc.id });
    expect(sum(await breakdownMicros(s, { from: first, to: last, service: svc.id }, 'category'))).toBe(one.micros);
    const teamIds = (await db.service.findMany({ where: { team: svc.team }, select: { id: true } })).map((x) => x.id);
    const r = monthRange(last);
    const team = await rawMicros(r.fromDay, r.toDay, { serviceId: { in: teamIds } });
    const days = await dailyMicros(s, { team: svc.team }, r);
    expect(sum(days)).toBe(team.micros);
    expect(days.reduce((a, d) => a + d.records, 0)).toBe(team.n);
    // With a region filter as well, the daily trend falls back to raw rows: same answer.
    const region = (await db.costRecord.findFirstOrThrow({ where: { serviceId: { in: teamIds } }, select: { regionId: true } })).regionId;
    const teamRegion = await rawMicros(r.fromDay, r.toDay, { serviceId: { in: teamIds }, regionId: region });
    expect(sum(await dailyMicros(s, { team: svc.team, region }, r))).toBe(teamRegion.micros);
  });
});

describe('FOCUS import runner (own temporary database)', () => {
  let tmp: Awaited<ReturnType<typeof createTempDatabase>>;
  let idb: ReturnType<typeof createDb>;
  let store: CostStore;
  beforeAll(async () => {
    tmp = await createTempDatabase('costimport');
    execFileSync('npx', ['tsx', 'scripts/db.ts', 'deploy'], { env: { ...process.env, DATABASE_URL: tmp.url }, stdio: 'pipe' });
    idb = createDb(tmp.url);
    store = { db: idb, kind: databaseKind(tmp.url), url: tmp.url };
    await idb.region.createMany({
      data: [
        {
          id: 'aws-eu-west-1',
          provider: 'aws',
          code: 'eu-west-1',
          name: 'Ireland',
          city: 'Dublin',
          country: 'IE',
          jurisdiction: 'EU',
          lat: 53,
          lng: -6,
          capacityRps: 1000,
        },
        {
          id: 'gcp-us-east1',
          provider: 'gcp',
          code: 'us-east1',
          name: 'S. Carolina',
          city: 'Moncks Corner',
          country: 'US',
          jurisdiction: 'US',
          lat: 33,
          lng: -80,
          capacityRps: 1000,
        },
      ],
    });
    await idb.service.create({ data: { id: 'svc-a', slug: 'a', name: 'A', team: 'Alpha', tier: 1, sloAvailabilityPct: 99.9, sloLatencyP95Ms: 100 } });
  });
  afterAll(async () => {
    await idb.$disconnect();
    await tmp.drop();
  });
  const opts = {
    rows: 400,
    regions: [
      { provider: 'aws' as const, code: 'eu-west-1' },
      { provider: 'gcp' as const, code: 'us-east1' },
    ],
    services: ['svc-a'],
    startDay: '2025-03-01',
    days: 20,
  };
  const chunks = (text: string) => [new TextEncoder().encode(text)];

  it('lands a good file whole, with totals that agree, and a re-import adds nothing', async () => {
    const sample = generateFocusSample(opts);
    const r = await runFocusImport(store, { chunks: chunks(sample.csv), filename: 'good.csv', actor: 't@test' });
    expect(r).toMatchObject({ status: 'completed', rowsAccepted: 400, inserted: 400, rowsRejected: 0 });
    if (store.kind === 'sqlite') {
      // The WAL is copied back by a worker thread after the commit, not by the commit itself.
      const cp = await lastCheckpoint;
      expect(cp?.log).toBeGreaterThan(0);
      expect(cp?.checkpointed).toBe(cp?.log);
    }
    expect(await idb.costRecord.count()).toBe(400);
    expect(await rollupsMatch(store)).toBe(true);
    expect(sum(await breakdownMicros(store, { from: '2025-03', to: '2025-03' }, 'region'))).toBe(sample.totalMicros);
    // The import row and the audit entry land in the import's transaction (on PostgreSQL written as SQL), in UTC.
    const rec = await idb.costImport.findUniqueOrThrow({ where: { id: r.importId } });
    expect(rec).toMatchObject({ status: 'completed', rowsTotal: 400, rowsAccepted: 400, rowsRejected: 0 });
    expect(Math.abs(rec.finishedAt!.getTime() - Date.now())).toBeLessThan(60_000);
    const entry = await idb.auditEvent.findFirstOrThrow({ where: { action: 'costs.import', targetId: r.importId } });
    expect(entry).toMatchObject({ actor: 't@test', outcome: 'ok', after: { filename: 'good.csv', rows: 400, inserted: 400 } });
    expect(Math.abs(entry.at.getTime() - Date.now())).toBeLessThan(60_000);
    const again = await runFocusImport(store, { chunks: chunks(sample.csv), filename: 'good.csv', actor: 't@test' });
    expect(again).toMatchObject({ status: 'completed', inserted: 0, alreadyPresent: 400 });
    expect(await idb.costRecord.count()).toBe(400);
  });

  it('gives each row the id its row key makes, identical rows included (keys are hashed on the runner thread, in file order)', async () => {
    const lines = generateFocusSample({ ...opts, rows: 30, seed: 21, startDay: '2025-06-01' })
      .csv.trimEnd()
      .split('\n');
    // Rows 3 and 7 appear three times each: identical rows are all kept, as #1 and #2 of their key.
    const text = `${[...lines, lines[3]!, lines[7]!, lines[3]!, lines[7]!].join('\n')}\n`;
    const expected: string[] = [];
    const resolvers = focusResolvers(
      await idb.region.findMany({ select: { id: true, provider: true, code: true } }),
      await idb.service.findMany({ select: { id: true, slug: true, name: true } }),
    );
    for await (const e of parseFocus([text], resolvers)) if (e.kind === 'row') expected.push(costRecordId(e.row.day, e.row.sourceKey.slice(0, 32)));
    expect(new Set(expected).size).toBe(34);
    const r = await runFocusImport(store, { chunks: chunks(text), filename: 'dups.csv', actor: 't@test' });
    expect(r).toMatchObject({ status: 'completed', rowsAccepted: 34, inserted: 34 });
    const ids = await idb.costRecord.findMany({ where: { importId: r.importId }, select: { id: true } });
    expect(ids.map((x) => x.id).sort()).toEqual([...expected].sort());
    await idb.costRecord.deleteMany({ where: { importId: r.importId } });
    await rebuildRollups(store);
  });

  it('a progress callback that throws fails the import cleanly: nothing lands, nothing escapes', async () => {
    const before = await idb.costRecord.count();
    const sample = generateFocusSample({ ...opts, rows: 50, seed: 31, startDay: '2025-07-01' });
    const r = await runFocusImport(store, {
      chunks: chunks(sample.csv),
      filename: 'gone.csv',
      actor: 't@test',
      onProgress: () => {
        throw new Error('the client went away');
      },
    });
    expect(r).toMatchObject({ status: 'failed', inserted: 0 });
    expect(await idb.costRecord.count()).toBe(before);
  });

  it('a file that overlaps an earlier one adds only its new rows, and the rollups still match', async () => {
    const first = generateFocusSample(opts).csv.trimEnd().split('\n');
    const other = generateFocusSample({ ...opts, rows: 100, seed: 9, startDay: '2025-04-01' })
      .csv.trimEnd()
      .split('\n');
    const mixed = `${[...first.slice(0, 201), ...other.slice(1)].join('\n')}\n`;
    const r = await runFocusImport(store, { chunks: chunks(mixed), filename: 'mixed.csv', actor: 't@test' });
    expect(r).toMatchObject({ status: 'completed', rowsAccepted: 300, inserted: 100, alreadyPresent: 200 });
    expect(await idb.costRecord.count()).toBe(500);
    expect(await rollupsMatch(store)).toBe(true);
    const april = await idb.costRecord.findMany({ where: { day: { gte: '2025-04-01', lte: '2025-04-30' } }, select: { amountUsd: true } });
    expect(sum(await breakdownMicros(store, { from: '2025-04', to: '2025-04' }, 'service'))).toBe(april.reduce((a, x) => a + usdToMicros(x.amountUsd), 0));
  });

  it('a bad row after several written batches still lands nothing', async () => {
    const lines = generateFocusSample({ ...opts, rows: 25_000, seed: 12, startDay: '2025-05-01' })
      .csv.trimEnd()
      .split('\n');
    const last = lines.findLastIndex((l) => l.includes(',Usage,'));
    lines[last] = lines[last]!.replace(',Usage,', ',Bogus,');
    const r = await runFocusImport(store, { chunks: chunks(`${lines.join('\n')}\n`), filename: 'late-bad.csv', actor: 't@test' });
    expect(r).toMatchObject({ status: 'rejected', rowsRejected: 1, inserted: 0 });
    expect(r.rejections[0]).toMatchObject({ rowNumber: last, column: 'ChargeCategory' });
    expect(await idb.costRecord.count()).toBe(500);
    expect(await rollupsMatch(store)).toBe(true);
  });

  it('a file with bad rows, missing columns or nothing in it lands nothing and says why', async () => {
    const bad = generateBadFocusCsv({ ...opts, seed: 7 });
    const r = await runFocusImport(store, { chunks: chunks(bad.csv), filename: 'bad.csv', actor: 't@test' });
    expect(r.status).toBe('rejected');
    expect(r.rejections.map((x) => x.rowNumber)).toEqual(bad.defects.map((d) => d.rowNumber));
    const missing = generateFocusSample({ ...opts, seed: 8, omitColumns: ['BilledCost'] }).csv;
    const m = await runFocusImport(store, { chunks: chunks(missing), filename: 'missing.csv', actor: 't@test' });
    expect(m.fileError?.code).toBe('MISSING_COLUMNS');
    const e = await runFocusImport(store, { chunks: chunks(''), filename: 'empty.csv', actor: 't@test' });
    expect(e.fileError?.code).toBe('EMPTY_FILE');
    expect(await idb.costRecord.count()).toBe(500);
    expect(await rollupsMatch(store)).toBe(true);
  });
});
