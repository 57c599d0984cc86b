// The database's share of a FOCUS import, on this machine, into the 10 M-row CostRecord table: the same rows,
// parsed and turned into the import's own batches beforehand (lib/costs/import-rows.ts), written by the import's own
// write path inside a transaction that is rolled back. No parsing is timed, so each figure is the most any parser
// could get from that path. Called by bench/costs.ts after the end-to-end import, on the same databases.
//
// Paths:
//   sqlite    JSON batches unpacked by jsonb_each, INSERT … ON CONFLICT (id) DO NOTHING (insertBatch)
//   copy      PostgreSQL: COPY straight into CostRecord, one savepoint per batch (a file with no row seen before)
//   stage     PostgreSQL: COPY into a temporary table, then INSERT … SELECT … ON CONFLICT (id) DO NOTHING (the path a
//             re-imported or overlapping file takes from its first already-imported row on)
import pg from 'pg';
import type { FocusCostRow } from '../lib/costs/focus';
import { INSERT_BATCH, insertBatch, pgBatchWriter } from '../lib/costs/import';
import { PayloadWriter, RowBatchBuilder } from '../lib/costs/import-rows';
import type { CostStore } from '../lib/queries/costs-sql';

export interface WritePath {
  path: string;
  rowsPerS: number;
}

/** The import's own batches and payloads for rows parsed with deferRowKeys (row keys hashed here, untimed). */
function payloads(kind: 'sqlite' | 'postgres', rows: readonly FocusCostRow[]): string[] {
  const b = new RowBatchBuilder();
  const writer = new PayloadWriter(kind, 'bench-write');
  const out: string[] = [];
  for (const r of rows) {
    b.add(r);
    if (b.size === INSERT_BATCH) out.push(writer.payload(b.take()));
  }
  if (b.size > 0) out.push(writer.payload(b.take()));
  return out;
}

/** SQLite: the import's insertBatch through the app's own Prisma client, rolled back. */
export async function sqliteWrite(store: CostStore, rows: readonly FocusCostRow[]): Promise<WritePath[]> {
  const batches = payloads('sqlite', rows);
  class Rollback extends Error {}
  let written = 0;
  let ms = 0;
  await store.db
    .$transaction(
      async (tx) => {
        const t = performance.now();
        for (const json of batches) written += await insertBatch({ db: tx as never, kind: 'sqlite' }, json);
        ms = performance.now() - t;
        throw new Rollback();
      },
      { timeout: 600_000 },
    )
    .catch((e) => {
      if (!(e instanceof Rollback)) throw e;
    });
  if (written !== rows.length) throw new Error(`sqlite: wrote ${written} of ${rows.length} rows`);
  return [{ path: 'sqlite', rowsPerS: Math.round(rows.length / (ms / 1000)) }];
}

/** PostgreSQL: the import's pgBatchWriter, straight COPY and staged, each in a transaction rolled back. */
export async function postgresWrite(url: string, rows: readonly FocusCostRow[]): Promise<WritePath[]> {
  const batches = payloads('postgres', rows);
  const out: WritePath[] = [];
  const client = new pg.Client({ connectionString: url });
  client.on('error', (e) => console.error('bench connection:', e));
  await client.connect();
  try {
    for (const path of ['copy', 'stage'] as const) {
      await client.query('BEGIN');
      try {
        const write = pgBatchWriter(client, { staged: path === 'stage' });
        const t = performance.now();
        let written = 0;
        for (const p of batches) written += await write(p);
        const ms = performance.now() - t;
        if (written !== rows.length) throw new Error(`${path}: wrote ${written} of ${rows.length} rows`);
        out.push({ path, rowsPerS: Math.round(rows.length / (ms / 1000)) });
      } finally {
        await client.query('ROLLBACK');
      }
    }
  } finally {
    await client.end();
  }
  return out;
}
