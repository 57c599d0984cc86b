// The migration that made CostRecord lean (day-keyed ids, no sourceKey column) on a database that already holds
// imported and generated rows: every row keeps its place, and re-importing an old file still adds nothing.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKind } from '../lib/config';
import { parseFocus } from '../lib/costs/focus';
import { generateFocusSample } from '../lib/costs/focus-sample';
import { focusResolvers, runFocusImport } from '../lib/costs/import';
import { createDb, type Db } from '../lib/db-client';
import { type CostStore, rebuildRollups, rollupsMatch } from '../lib/queries/costs-sql';
// @ts-expect-error plain ESM helper without types
import { PG_SCHEMA, SQLITE_SCHEMA } from '../scripts/pg-schema.mjs';
import { createTempDatabase } from './temp-db';

const LEAN = 'lean_cost_records';

/** Applies the migrations next to `schemaPath` (scripts/migrate.mjs needs import.meta.resolve: a plain node process). */
function deploy(schemaPath: string, url: string) {
  const script = `import { migrate } from ${JSON.stringify(path.resolve('scripts/migrate.mjs'))};
    await migrate({ cmd: 'deploy', schemaPath: ${JSON.stringify(schemaPath)}, url: ${JSON.stringify(url)}, quiet: true });`;
  execFileSync(process.execPath, ['--input-type=module', '-e', script], { stdio: 'pipe' });
}

describe('lean CostRecord migration', () => {
  let tmp: Awaited<ReturnType<typeof createTempDatabase>>;
  let db: Db;
  let store: CostStore;
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'meridian-migration-'));
  const sample = generateFocusSample({
    rows: 60,
    regions: [{ provider: 'aws', code: 'eu-west-1' }],
    services: ['svc-a'],
    startDay: '2025-03-01',
    days: 10,
  });

  beforeAll(async () => {
    tmp = await createTempDatabase('migration');
    const kind = databaseKind(tmp.url);
    // A copy of the migrations folder without the lean migration (and anything after it): the database as it was.
    const schema = kind === 'postgres' ? PG_SCHEMA : SQLITE_SCHEMA;
    const from = path.join(path.dirname(schema), 'migrations');
    const to = path.join(work, 'migrations');
    fs.cpSync(from, to, { recursive: true });
    const dirs = fs
      .readdirSync(to)
      .filter((d) => fs.statSync(path.join(to, d)).isDirectory())
      .sort();
    const lean = dirs.findIndex((d) => d.endsWith(LEAN));
    expect(lean).toBeGreaterThan(0);
    const later = dirs.slice(lean);
    for (const d of later) fs.renameSync(path.join(to, d), path.join(work, d));
    fs.copyFileSync(schema, path.join(work, 'schema.prisma'));
    deploy(path.join(work, 'schema.prisma'), tmp.url);

    // Old-shape rows: the file's rows as the old import wrote them (id = import + position, sourceKey = content hash),
    // and one generated row. Raw SQL: the generated client already knows only the new shape.
    db = createDb(tmp.url);
    store = { db, kind, url: tmp.url };
    await db.$executeRawUnsafe(
      `INSERT INTO "Region" ("id","provider","code","name","city","country","jurisdiction","lat","lng","capacityRps","updatedAt") VALUES ('aws-eu-west-1','aws','eu-west-1','Ireland','Dublin','IE','EU',53,-6,1000,${kind === 'postgres' ? 'now()' : "'2025-01-01T00:00:00.000+00:00'"})`,
    );
    const resolvers = focusResolvers([{ id: 'aws-eu-west-1', provider: 'aws', code: 'eu-west-1' }], []);
    let i = 0;
    for await (const e of parseFocus([sample.csv], resolvers)) {
      if (e.kind !== 'row') continue;
      const r = e.row;
      const p = kind === 'postgres' ? (n: number) => `$${n}` : () => '?';
      await db.$executeRawUnsafe(
        `INSERT INTO "CostRecord" ("id","day","regionId","provider","category","amountUsd","source","sourceKey","importId") VALUES (${[1, 2, 3, 4, 5, 6, 7, 8, 9].map(p).join(',')})`,
        `old-import-${i++}`,
        r.day,
        r.regionId,
        r.provider,
        r.category,
        r.amountMicros / 1e6,
        'focus',
        r.sourceKey,
        'old-import',
      );
    }
    await db.$executeRawUnsafe(
      `INSERT INTO "CostRecord" ("id","day","regionId","provider","category","amountUsd","source") VALUES ('seed-7','2025-02-11','aws-eu-west-1','aws','compute',12.5,'seed')`,
    );
    await db.$disconnect();

    for (const d of later) fs.renameSync(path.join(work, d), path.join(to, d));
    deploy(path.join(work, 'schema.prisma'), tmp.url);
    db = createDb(tmp.url);
    store = { db, kind, url: tmp.url };
    await rebuildRollups(store);
  });

  afterAll(async () => {
    await db?.$disconnect();
    await tmp?.drop();
    fs.rmSync(work, { recursive: true, force: true });
  });

  it('keys every row by its day, an imported row by its day and content hash', async () => {
    const rows = await db.costRecord.findMany({ select: { id: true, day: true, source: true } });
    expect(rows).toHaveLength(61);
    for (const r of rows) expect(r.id.startsWith(`${r.day}:`)).toBe(true);
    expect(rows.find((r) => r.source === 'seed')?.id).toBe('2025-02-11:seed-7');
    expect(rows.filter((r) => r.source === 'focus').every((r) => /^\d{4}-\d{2}-\d{2}:[0-9a-f]{32}$/.test(r.id))).toBe(true);
  });

  it('re-importing the file that landed before the migration adds nothing', async () => {
    const r = await runFocusImport(store, { chunks: [new TextEncoder().encode(sample.csv)], filename: 'again.csv', actor: 't@test' });
    expect(r).toMatchObject({ status: 'completed', rowsAccepted: 60, inserted: 0, alreadyPresent: 60 });
    expect(await db.costRecord.count()).toBe(61);
    expect(await rollupsMatch(store)).toBe(true);
  });

  it('on PostgreSQL the ids compare byte by byte (COLLATE "C"), as on SQLite', async (ctx) => {
    if (store.kind !== 'postgres') ctx.skip();
    const [col] = await db.$queryRawUnsafe<{ collation: string | null }[]>(
      `SELECT collation_name AS collation FROM information_schema.columns WHERE table_name = 'CostRecord' AND column_name = 'id'`,
    );
    expect(col?.collation).toBe('C');
    const ids = (await db.$queryRawUnsafe<{ id: string }[]>(`SELECT "id" FROM "CostRecord" ORDER BY "id"`)).map((r) => r.id);
    expect(ids).toEqual([...ids].sort());
  });
});
