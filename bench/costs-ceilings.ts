// What the databases can absorb, on this machine, into the 10 M-row CostRecord table: the ceilings an import design
// can reach, measured so the choice between them rests on figures. Called by bench/costs.ts after the import figures,
// on the same databases. Every variant writes the same pre-built rows (no parsing timed) inside a transaction that is
// rolled back, so the variants see the same table; schema changes a variant needs (dropped indexes or foreign keys)
// are made inside that transaction and rolled back with it (both databases have transactional DDL).
//
// Variants:
//   json          the import's own statement (insertBatch: JSON batches, ON CONFLICT (sourceKey) DO NOTHING), as is
//   json_no_fk    the same without CostRecord's two foreign keys
//   json_lean     a lean fact table: the primary key is the row key prefixed with its day (ON CONFLICT (id)), no
//                 other index, no foreign key
//   copy          PostgreSQL COPY straight into CostRecord as it is (no ON CONFLICT: it cannot skip a re-imported row)
//   copy_no_fk    COPY without the two foreign keys
//   copy_lean     COPY into the lean table
//   stage_lean    COPY into a temporary table, then INSERT … SELECT … ON CONFLICT (id) DO NOTHING into the lean
//                 table: the idempotent way to use COPY
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { type CostTuple, INSERT_BATCH, insertBatch } from '../lib/costs/import';
import type { CostStore } from '../lib/queries/costs-sql';

const SECONDARY_INDEXES = [
  'CostRecord_sourceKey_key',
  'CostRecord_importId_idx',
  'CostRecord_day_regionId_serviceId_idx',
  'CostRecord_regionId_day_idx',
  'CostRecord_serviceId_day_idx',
];
const FOREIGN_KEYS = ['CostRecord_regionId_fkey', 'CostRecord_serviceId_fkey'];
const COLS = `"id","day","regionId","serviceId","provider","category","amountUsd","usageQuantity","usageUnit","source","sourceKey","importId"`;

/** The lean variants' primary key: day first, so one import's rows land together in the index. */
const leanKey = (t: CostTuple) => `${t[0]}:${t[8]}`;

/** A value in PostgreSQL's COPY text format. */
function copyField(v: string | number | null): string {
  if (v === null) return '\\N';
  return typeof v === 'number' ? String(v) : v.replace(/[\\\t\n\r]/g, (c) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[c]!);
}

function copyChunks(tuples: readonly CostTuple[], lean: boolean): string[] {
  const chunks: string[] = [];
  for (let i = 0; i < tuples.length; i += INSERT_BATCH) {
    let s = '';
    for (const [j, t] of tuples.slice(i, i + INSERT_BATCH).entries()) {
      const id = lean ? leanKey(t) : `ceiling-${i + j}`;
      s += `${[id, ...t.slice(0, 8), 'focus', lean ? null : t[8], 'ceiling'].map(copyField).join('\t')}\n`;
    }
    chunks.push(s);
  }
  return chunks;
}

function jsonBatches(tuples: readonly CostTuple[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < tuples.length; i += INSERT_BATCH) out.push(JSON.stringify(tuples.slice(i, i + INSERT_BATCH)));
  return out;
}

const LEAN_JSON_SQL: Record<'sqlite' | 'postgres', string> = {
  sqlite: `INSERT INTO "CostRecord" (${COLS})
    SELECT (j.value->>0) || ':' || (j.value->>8), j.value->>0, j.value->>1, j.value->>2, j.value->>3, j.value->>4, j.value->>5, j.value->>6, j.value->>7, 'focus', NULL, 'ceiling'
    FROM jsonb_each(jsonb(?)) j WHERE true ON CONFLICT ("id") DO NOTHING`,
  postgres: `INSERT INTO "CostRecord" (${COLS})
    SELECT (t.v->>0) || ':' || (t.v->>8), t.v->>0, t.v->>1, t.v->>2, t.v->>3, t.v->>4, (t.v->>5)::float8, (t.v->>6)::float8, t.v->>7, 'focus', NULL, 'ceiling'
    FROM jsonb_array_elements($1::jsonb) AS t(v) ON CONFLICT ("id") DO NOTHING`,
};

export interface Ceiling {
  variant: string;
  rowsPerS: number;
}

/** SQLite: the json variants, through the app's own Prisma client (one connection), rolled back. */
export async function sqliteCeilings(store: CostStore, tuples: readonly CostTuple[]): Promise<Ceiling[]> {
  const out: Ceiling[] = [];
  const batches = jsonBatches(tuples);
  class Rollback extends Error {}
  const variants: { variant: string; fk: boolean; setup: string[]; lean: boolean }[] = [
    { variant: 'json', fk: true, setup: [], lean: false },
    { variant: 'json_no_fk', fk: false, setup: [], lean: false },
    { variant: 'json_lean', fk: false, setup: SECONDARY_INDEXES.map((i) => `DROP INDEX "${i}"`), lean: true },
  ];
  for (const v of variants) {
    // PRAGMA foreign_keys is a no-op inside a transaction: set it around it.
    if (!v.fk) await store.db.$executeRawUnsafe('PRAGMA foreign_keys = OFF');
    let written = 0;
    let ms = 0;
    await store.db
      .$transaction(
        async (tx) => {
          for (const s of v.setup) await tx.$executeRawUnsafe(s);
          const t = performance.now();
          for (const [i, json] of batches.entries())
            written += v.lean
              ? await tx.$executeRawUnsafe(LEAN_JSON_SQL.sqlite, json)
              : await insertBatch({ db: tx as never, kind: 'sqlite' }, 'ceiling', i * INSERT_BATCH, json);
          ms = performance.now() - t;
          throw new Rollback();
        },
        { timeout: 600_000 },
      )
      .catch((e) => {
        if (!(e instanceof Rollback)) throw e;
      })
      .finally(() => (v.fk ? undefined : store.db.$executeRawUnsafe('PRAGMA foreign_keys = ON')));
    if (written !== tuples.length) throw new Error(`${v.variant}: wrote ${written} of ${tuples.length} rows`);
    out.push({ variant: v.variant, rowsPerS: Math.round(tuples.length / (ms / 1000)) });
  }
  return out;
}

/** PostgreSQL: json and COPY variants on one plain pg connection (COPY needs the connection; Prisma does not lend it). */
export async function postgresCeilings(url: string, tuples: readonly CostTuple[]): Promise<Ceiling[]> {
  const out: Ceiling[] = [];
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const asStore = {
    db: { $executeRawUnsafe: async (sql: string, ...params: unknown[]) => (await client.query(sql, params)).rowCount ?? 0 },
    kind: 'postgres',
  } as unknown as CostStore;
  const dropFks = FOREIGN_KEYS.map((k) => `ALTER TABLE "CostRecord" DROP CONSTRAINT "${k}"`);
  const lean = [...dropFks, ...SECONDARY_INDEXES.map((i) => `DROP INDEX "${i}"`)];
  const copy = async (table: string, chunks: string[]) => {
    await pipeline(Readable.from(chunks), client.query(copyFrom(`COPY ${table} (${COLS}) FROM STDIN`)));
    return tuples.length;
  };
  // Built before any clock starts: a ceiling is the database's share only.
  const json = jsonBatches(tuples);
  const copyRows = copyChunks(tuples, false);
  const copyLean = copyChunks(tuples, true);
  const importStatement = async () => {
    let n = 0;
    for (const [i, batch] of json.entries()) n += await insertBatch(asStore, 'ceiling', i * INSERT_BATCH, batch);
    return n;
  };
  const variants: { variant: string; setup: string[]; write: () => Promise<number> }[] = [
    { variant: 'json', setup: [], write: importStatement },
    { variant: 'json_no_fk', setup: dropFks, write: importStatement },
    {
      variant: 'json_lean',
      setup: lean,
      write: async () => {
        let n = 0;
        for (const batch of json) n += (await client.query(LEAN_JSON_SQL.postgres, [batch])).rowCount ?? 0;
        return n;
      },
    },
    { variant: 'copy', setup: [], write: () => copy('"CostRecord"', copyRows) },
    { variant: 'copy_no_fk', setup: dropFks, write: () => copy('"CostRecord"', copyRows) },
    { variant: 'copy_lean', setup: lean, write: () => copy('"CostRecord"', copyLean) },
    {
      variant: 'stage_lean',
      setup: [...lean, `CREATE TEMP TABLE ceiling_stage (LIKE "CostRecord" INCLUDING DEFAULTS) ON COMMIT DROP`],
      write: async () => {
        await copy('ceiling_stage', copyLean);
        return (await client.query(`INSERT INTO "CostRecord" SELECT * FROM ceiling_stage ON CONFLICT ("id") DO NOTHING`)).rowCount ?? 0;
      },
    },
  ];
  try {
    for (const v of variants) {
      await client.query('BEGIN');
      try {
        for (const s of v.setup) await client.query(s);
        const t = performance.now();
        const written = await v.write();
        const ms = performance.now() - t;
        if (written !== tuples.length) throw new Error(`${v.variant}: wrote ${written} of ${tuples.length} rows`);
        out.push({ variant: v.variant, rowsPerS: Math.round(tuples.length / (ms / 1000)) });
      } finally {
        await client.query('ROLLBACK');
      }
    }
  } finally {
    await client.end();
  }
  return out;
}
