// FOCUS import runner (server side, does I/O): streams a file through a worker thread that parses and validates it
// (lib/costs/import-worker.ts) and lands the rows all or nothing.
//
// The worker hands over batches of up to 10,000 accepted rows as columns (the first batches smaller, so writing
// starts early; lib/costs/import-rows.ts), and the file's sums for the rollups at the end. This thread hashes the rows'
// keys in file order, makes each batch into the database's bulk format with the rows' ids (PayloadWriter) and writes
// it: parsing runs on one core while keys, lines and the database's writing share the other.
// PostgreSQL: one transaction on a connection of its own is open from the first batch; each batch is COPYed straight
// into CostRecord, and from the first batch that meets an already-imported row (a re-imported or overlapping file)
// on, batches go through a temporary table and INSERT … ON CONFLICT (id) DO NOTHING. A rejected row or file error
// rolls everything back. SQLite: batches wait in memory until the whole upload has arrived (the single write lock
// is never held while an upload trickles in), then one transaction writes them while the worker finishes parsing.
// Either way a kill -9 at any point leaves the whole file or none of it. Rollups: when every row was new, the
// file's own sums are added (exact integer micro-dollars); when only some were, the touched months are rebuilt.
import { Worker } from 'node:worker_threads';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { audit, auditData } from '../audit';
import { databaseUrl, sqlitePath } from '../config';
import type { CostStore } from '../queries/costs-sql';
import { addToRollups, rebuildRollups } from '../queries/costs-sql';
import { type CheckpointResult, checkpointInBackground } from '../sqlite-checkpoint';
import type { TextChunks } from './csv';
import type { FocusFileErrorCode } from './focus';
import type { ImportRejection, ToRunner, ToWorker, WorkerJob } from './import-protocol';
import { PAYLOAD_COLUMNS, PayloadWriter } from './import-rows';

export type { ImportRejection } from './import-protocol';
export { MAX_REPORTED_REJECTIONS } from './import-protocol';
export { costRecordId, focusResolvers, INSERT_BATCH } from './import-rows';

export interface ImportReport {
  importId: string;
  filename: string;
  status: 'completed' | 'rejected' | 'failed';
  rowsRead: number;
  rowsAccepted: number;
  rowsRejected: number;
  /** Rows that landed now; the rest of the accepted rows were already imported (same sourceKey). */
  inserted: number;
  alreadyPresent: number;
  totalUsd: number;
  firstDay: string | null;
  lastDay: string | null;
  fileError: { code: FocusFileErrorCode | 'TOO_LARGE' | 'INTERNAL'; reason: string; missingColumns: string[]; line: number | null } | null;
  /** The first MAX_REPORTED_REJECTIONS rejections, in file order. */
  rejections: ImportRejection[];
  durationMs: number;
}

export class ImportTooLargeError extends Error {}

/** Wraps a byte stream so it throws once more than maxBytes have passed, and reports progress. */
export async function* limitBytes(chunks: AsyncIterable<Uint8Array>, maxBytes: number, onBytes?: (n: number) => void): AsyncGenerator<Uint8Array> {
  let n = 0;
  for await (const c of chunks) {
    n += c.byteLength;
    if (n > maxBytes) throw new ImportTooLargeError(`The file is larger than the ${Math.round(maxBytes / 1_000_000)} MB limit.`);
    onBytes?.(n);
    yield c;
  }
}

/** What the import has done so far: rows read (accepted + rejected) and, once writing, rows written. */
export interface ImportProgress {
  phase: 'reading' | 'writing';
  rowsRead: number;
  rowsRejected: number;
  rowsWritten: number;
}

/** The WAL checkpoint the last SQLite import started (tests wait for it). */
export let lastCheckpoint: Promise<CheckpointResult | null> = Promise.resolve(null);

/** Thrown inside the transaction to roll it back when the file turns out to be bad. */
class RejectFile extends Error {}

type Done = Extract<ToRunner, { t: 'done' }>;

/** Starts a parsing worker. Outside Next.js (tests, scripts) the worker loads TypeScript through tsx. */
function startWorker(): Worker {
  const worker = new Worker(new URL('./import-worker.ts', import.meta.url), {
    workerData: {},
    // A young generation larger than the default: parsing makes many short-lived strings, and fewer scavenges
    // promote fewer of them (about 10% faster on the benchmark file).
    resourceLimits: { maxYoungGenerationSizeMb: 192 },
    execArgv: process.env.NEXT_RUNTIME ? undefined : ['--import', new URL('./worker-tsx.mjs', import.meta.url).href],
  });
  worker.once('exit', () => {
    if (pool.meridianImportWorker?.worker === worker) pool.meridianImportWorker = null;
  });
  // While idle or being released no import listens: an error then (out of memory, say) is logged, and 'exit' follows.
  worker.on('error', (e) => console.error('FOCUS import worker:', e));
  return worker;
}

/**
 * One parsing worker is kept between imports (started once, its code already compiled and warm), and stopped after
 * IDLE_MS without one. A second import at the same time starts its own, which stops when it is done.
 */
const IDLE_MS = 5 * 60_000;
const pool = globalThis as unknown as { meridianImportWorker?: { worker: Worker; timer: NodeJS.Timeout } | null };

function acquireWorker(): Worker {
  const idle = pool.meridianImportWorker;
  pool.meridianImportWorker = null;
  if (idle) {
    clearTimeout(idle.timer);
    idle.worker.ref();
    return idle.worker;
  }
  return startWorker();
}

/** Back to the pool when its job ended cleanly (it sent its final word) and the pool is empty; else stopped. */
function releaseWorker(worker: Worker, clean: boolean): Promise<unknown> {
  if (!clean || pool.meridianImportWorker) return worker.terminate();
  worker.unref(); // an idle worker never keeps the process alive
  const timer = setTimeout(() => {
    if (pool.meridianImportWorker?.worker === worker) pool.meridianImportWorker = null;
    void worker.terminate();
  }, IDLE_MS);
  timer.unref();
  pool.meridianImportWorker = { worker, timer };
  return Promise.resolve();
}

/**
 * The runner's side of the worker: feeds it the file, and queues what comes back. `next()` waits for the next batch
 * (null once the worker is done). A worker crash or a source error (too large, connection lost) surfaces there.
 */
class WorkerLink {
  private readonly batches: { payload: string; rows: number; taken: boolean }[] = [];
  private waiters: (() => void)[] = [];
  private failure: unknown = null;
  done: Done | null = null;
  /** Makes the payloads from the worker's batches (row keys hashed in file order: the worker leaves them to us). */
  private readonly writer: PayloadWriter;
  /** Until set, batches are taken on arrival and wait here (SQLite, while the upload is still coming in). */
  private writing = false;
  readonly fed: Promise<void>;

  private readonly worker: Worker;
  private readonly onMessage: (m: ToRunner) => void;
  private readonly onError: (e: Error) => void;
  private readonly onExit: (code: number) => void;

  constructor(job: WorkerJob, chunks: TextChunks, onProgress: (rowsRead: number, rowsRejected: number) => void) {
    this.writer = new PayloadWriter(job.kind, job.importId);
    this.worker = acquireWorker();
    this.onMessage = (m) => {
      // Inside an event listener: anything thrown here (a progress callback whose response stream was closed) must
      // fail this import, not escape as an uncaught exception.
      try {
        this.handle(m, onProgress);
      } catch (e) {
        this.fail(e);
      }
    };
    this.onError = (e) => this.fail(e);
    this.onExit = (code) => {
      if (this.done === null) this.fail(new Error(`FOCUS import worker stopped (exit code ${code}).`));
    };
    this.worker.on('message', this.onMessage);
    this.worker.on('error', this.onError);
    this.worker.on('exit', this.onExit);
    this.post({ t: 'job', job });
    this.fed = this.feed(chunks);
    this.fed.catch((e) => this.fail(e));
  }

  private handle(m: ToRunner, onProgress: (rowsRead: number, rowsRejected: number) => void) {
    if (m.t === 'batch') {
      const payload = this.writer.payload(m);
      const taken = !this.writing;
      this.batches.push({ payload, rows: m.rows, taken });
      if (taken) this.post({ t: 'taken' });
    } else if (m.t === 'progress') onProgress(m.rowsRead, m.rowsRejected);
    else if (m.t === 'done') this.done = m;
    else this.fail(new Error(`FOCUS import worker: ${m.message}`));
    this.signal();
  }

  private post(m: ToWorker, transfer?: ArrayBuffer[]) {
    this.worker.postMessage(m, transfer);
  }

  private async feed(chunks: TextChunks): Promise<void> {
    for await (const c of chunks) {
      if (this.failure !== null || this.done !== null) return;
      if (typeof c === 'string') this.post({ t: 'chunk', chunk: c });
      else {
        // Transfer, not copy; a view into a larger (pooled) buffer is copied out first so nothing else is detached.
        const own = c.byteOffset === 0 && c.byteLength === c.buffer.byteLength && c.buffer instanceof ArrayBuffer ? c : c.slice();
        this.post({ t: 'chunk', chunk: own }, [own.buffer as ArrayBuffer]);
      }
    }
    this.post({ t: 'end' });
  }

  /** Fails the import (also from outside: its database connection broke). */
  fail(e: unknown) {
    this.failure ??= e;
    this.signal();
  }

  /** Wakes everything waiting in until(): each checks its own condition again. */
  private signal() {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  private check() {
    if (this.failure !== null) throw this.failure;
  }

  /** Waits until the upload has been read to the end (or the worker finished or failed). */
  async uploaded(): Promise<void> {
    await Promise.race([this.fed, new Promise<void>((r) => this.until(() => this.done !== null).then(r, r))]);
    this.check();
  }

  private async until(ready: () => boolean): Promise<void> {
    while (!ready() && this.failure === null) await new Promise<void>((r) => this.waiters.push(r));
  }

  /** From now on batches are taken only once written: the worker pauses when the database falls behind. */
  startWriting() {
    this.writing = true;
  }

  /** The next batch to write, or null when the worker has finished. */
  async next(): Promise<{ payload: string; rows: number } | null> {
    await this.until(() => this.batches.length > 0 || this.done !== null);
    this.check();
    const b = this.batches.shift();
    if (b === undefined) return null;
    if (!b.taken) this.post({ t: 'taken' });
    return b;
  }

  /** Waits for the worker's final word. */
  async finished(): Promise<Done> {
    await this.until(() => this.done !== null);
    this.check();
    return this.done!;
  }

  /** Detaches from the worker: back to the pool if its job ended cleanly, else stopped. */
  async close() {
    this.worker.off('message', this.onMessage);
    this.worker.off('error', this.onError);
    this.worker.off('exit', this.onExit);
    await releaseWorker(this.worker, this.done !== null && this.failure === null);
  }
}

export async function runFocusImport(
  store: CostStore,
  opts: { chunks: TextChunks; filename: string; actor: string; onProgress?: (p: ImportProgress) => void },
): Promise<ImportReport> {
  const t0 = Date.now();
  const { db } = store;
  const rec = await db.costImport.create({ data: { filename: opts.filename.slice(0, 200), status: 'running', actor: opts.actor } });
  const report: ImportReport = {
    importId: rec.id,
    filename: rec.filename,
    status: 'rejected',
    rowsRead: 0,
    rowsAccepted: 0,
    rowsRejected: 0,
    inserted: 0,
    alreadyPresent: 0,
    totalUsd: 0,
    firstDay: null,
    lastDay: null,
    fileError: null,
    rejections: [],
    durationMs: 0,
  };
  const progress: ImportProgress = { phase: 'reading', rowsRead: 0, rowsRejected: 0, rowsWritten: 0 };
  let link: WorkerLink | null = null;
  try {
    const [regions, services] = await Promise.all([
      db.region.findMany({ select: { id: true, provider: true, code: true } }),
      db.service.findMany({ select: { id: true, slug: true, name: true } }),
    ]);
    link = new WorkerLink({ kind: store.kind, importId: rec.id, regions, services }, opts.chunks, (rowsRead, rowsRejected) => {
      progress.rowsRead = rowsRead;
      progress.rowsRejected = rowsRejected;
      opts.onProgress?.(progress);
    });
    const l = link;

    // The worker's summary into the report; true when the file is good.
    const settle = (d: Done): boolean => {
      report.rowsRejected = d.rejected;
      report.rejections = d.rejections;
      if (d.fileError !== null) {
        const e = d.fileError;
        report.fileError = { code: e.code, reason: e.reason, missingColumns: e.missingColumns, line: e.line };
      }
      if (d.summary !== null) {
        Object.assign(report, {
          rowsRead: d.summary.rowsRead,
          rowsAccepted: d.summary.rowsAccepted,
          totalUsd: d.summary.totalUsd,
          firstDay: d.summary.firstDay,
          lastDay: d.summary.lastDay,
        });
      }
      report.rowsAccepted = d.accepted;
      report.rowsRead = Math.max(report.rowsRead, d.accepted + d.rejected);
      return d.fileError === null && d.rejected === 0;
    };
    // Writes every batch the worker sends; throws RejectFile when the file turns out bad.
    const writeAll = async (write: (payload: string) => Promise<number>): Promise<void> => {
      l.startWriting();
      // Shown with the next progress report (a report before any row is read would say nothing).
      progress.phase = 'writing';
      for (let b = await l.next(); b !== null; b = await l.next()) {
        // A bad row stops the worker's batches; anything already queued is pointless once the file is known bad.
        if (l.done !== null && !settle(l.done)) break;
        const n = await write(b.payload);
        report.inserted += n;
        progress.rowsWritten += b.rows;
        opts.onProgress?.(progress);
      }
      if (!settle(await l.finished())) throw new RejectFile();
    };
    // The rollups for what landed: the file's own sums when every row was new, else a rebuild of the touched months.
    const rollups = async (s: CostStore) => {
      report.alreadyPresent = report.rowsAccepted - report.inserted;
      const sums = l.done!.sums!;
      if (report.inserted === report.rowsAccepted) await addToRollups(s, sums);
      else if (report.inserted > 0) await rebuildRollups(s, sums.months);
      report.status = 'completed';
      report.durationMs = Date.now() - t0;
    };
    const auditEntry = () => ({
      actor: opts.actor,
      action: 'costs.import',
      targetType: 'cost_import',
      targetId: rec.id,
      after: { filename: rec.filename, rows: report.rowsAccepted, inserted: report.inserted, totalUsd: report.totalUsd },
    });

    if (store.kind === 'postgres') {
      // COPY needs a connection of its own (Prisma does not lend one): the whole transaction runs on it.
      const client = new pg.Client({ connectionString: store.url ?? databaseUrl() });
      // A connection that breaks while the transaction waits for the upload: fail the import (it rolls back), not
      // the process.
      client.on('error', (e) => l.fail(e));
      await client.connect();
      try {
        await client.query('BEGIN');
        await writeAll(pgBatchWriter(client));
        const raw = pgStore(client);
        await rollups(raw);
        const st = statusData('completed');
        await client.query(
          `UPDATE "CostImport" SET "status" = $2, "rowsTotal" = $3, "rowsAccepted" = $4, "rowsRejected" = $5, "finishedAt" = $6, "report" = $7::jsonb WHERE "id" = $1`,
          // Times as UTC text: the columns are timestamp without time zone, read back by Prisma as UTC.
          [rec.id, st.status, st.rowsTotal, st.rowsAccepted, st.rowsRejected, st.finishedAt.toISOString(), JSON.stringify(st.report)],
        );
        // The row audit() writes, as SQL: the same defaults, and the time as UTC text like the import row's.
        const row = Object.entries({ at: new Date().toISOString(), ...auditData(auditEntry()) }).filter(([, v]) => v !== undefined);
        await client.query(
          `INSERT INTO "AuditEvent" (${row.map(([k]) => `"${k}"`).join(', ')}) VALUES (${row.map((_, i) => `$${i + 1}`).join(', ')})`,
          row.map(([k, v]) => (k === 'before' || k === 'after' ? JSON.stringify(v) : v)),
        );
        await client.query('COMMIT');
        return report;
      } catch (e) {
        await client.query('ROLLBACK').catch(() => {});
        if (e instanceof RejectFile) return await rejected();
        throw e;
      } finally {
        await client.end().catch(() => {});
      }
    }

    // SQLite has one writer at a time: the transaction opens once the whole upload is here, so the write lock is
    // held while rows are parsed and written at full speed, never while an upload trickles in.
    await l.uploaded();
    if (l.done !== null && !settle(l.done)) return await rejected();
    // A bigger page cache while writing keeps the primary key's hot pages in memory. No automatic checkpoint at this
    // commit: a worker thread copies the WAL back afterwards (lib/sqlite-checkpoint.ts), off the event loop.
    const [{ cache_size: cacheSize } = { cache_size: -16000 }] = await db.$queryRawUnsafe<{ cache_size: number }[]>('PRAGMA cache_size');
    const [{ wal_autocheckpoint: autoCheckpoint } = { wal_autocheckpoint: 1000 }] =
      await db.$queryRawUnsafe<{ wal_autocheckpoint: number }[]>('PRAGMA wal_autocheckpoint');
    await db.$executeRawUnsafe('PRAGMA cache_size = -131072');
    await db.$queryRawUnsafe('PRAGMA wal_autocheckpoint = 0');
    try {
      await db.$transaction(
        async (tx) => {
          const txStore: CostStore = { db: tx as never, kind: store.kind };
          await writeAll((payload) => insertBatch(txStore, payload));
          await rollups(txStore);
          await tx.costImport.update({ where: { id: rec.id }, data: statusData('completed') });
          await audit(tx, auditEntry());
        },
        { timeout: 600_000, maxWait: 30_000 },
      );
    } catch (e) {
      if (e instanceof RejectFile) return await rejected();
      throw e;
    } finally {
      await db.$executeRawUnsafe(`PRAGMA cache_size = ${Math.trunc(Number(cacheSize))}`).catch(() => {});
      await db.$queryRawUnsafe(`PRAGMA wal_autocheckpoint = ${Math.trunc(Number(autoCheckpoint))}`).catch(() => {});
    }
    lastCheckpoint = checkpointInBackground(sqlitePath(store.url ?? databaseUrl())).catch((e) => {
      console.error('WAL checkpoint after a cost import failed:', e);
      return null;
    });
    return report;

    async function rejected() {
      report.inserted = 0;
      return await finish('rejected');
    }
  } catch (e) {
    if (e instanceof ImportTooLargeError) {
      report.fileError = { code: 'TOO_LARGE', reason: e.message, missingColumns: [], line: null };
      report.inserted = 0;
      return await finish('rejected');
    }
    console.error(e);
    report.fileError = { code: 'INTERNAL', reason: 'The import failed on the server; nothing was imported.', missingColumns: [], line: null };
    report.inserted = 0;
    return await finish('failed');
  } finally {
    await link?.close();
  }

  function statusData(status: ImportReport['status']) {
    return {
      status,
      rowsTotal: report.rowsRead,
      rowsAccepted: status === 'completed' ? report.rowsAccepted : 0,
      rowsRejected: report.rowsRejected,
      finishedAt: new Date(),
      report: JSON.parse(JSON.stringify({ ...report, status })),
    };
  }
  async function finish(status: ImportReport['status']): Promise<ImportReport> {
    report.status = status;
    report.durationMs = Date.now() - t0;
    await db.costImport.update({ where: { id: rec.id }, data: statusData(status) }).catch(() => {});
    return report;
  }
}

/** A CostStore over a plain pg connection, for the rollup functions inside the import's own transaction. */
function pgStore(client: pg.Client): CostStore {
  const db = {
    $executeRawUnsafe: async (sql: string, ...params: unknown[]) => (await client.query(sql, params)).rowCount ?? 0,
    $queryRawUnsafe: async (sql: string, ...params: unknown[]) => (await client.query(sql, params)).rows,
  };
  return { db: db as unknown as CostStore['db'], kind: 'postgres' };
}

/**
 * PostgreSQL batches: COPY straight into CostRecord (inside a savepoint) while no row has been seen before; from the
 * first batch that meets an existing id (23505), through a temporary table and INSERT … ON CONFLICT DO NOTHING
 * (`staged` starts there, for the benchmark). Returns the rows that landed. Runs inside the caller's transaction.
 */
export function pgBatchWriter(client: pg.Client, opts: { staged?: boolean } = {}): (payload: string) => Promise<number> {
  const cols = PAYLOAD_COLUMNS.map((c) => `"${c}"`).join(',');
  let staged = opts.staged ?? false;
  let stageReady = false;
  const copy = (table: string, payload: string) =>
    new Promise<number>((resolve, reject) => {
      const stream = client.query(copyFrom(`COPY ${table} (${cols}) FROM STDIN`));
      stream.on('error', reject);
      stream.on('finish', () => resolve(stream.rowCount ?? 0));
      stream.end(payload);
    });
  return async (payload) => {
    if (!staged) {
      await client.query('SAVEPOINT cost_batch');
      try {
        const n = await copy('"CostRecord"', payload);
        await client.query('RELEASE SAVEPOINT cost_batch');
        return n;
      } catch (e) {
        if ((e as { code?: string }).code !== '23505') throw e;
        await client.query('ROLLBACK TO SAVEPOINT cost_batch');
        staged = true;
      }
    }
    if (!stageReady) {
      await client.query(`CREATE TEMP TABLE cost_import_stage (LIKE "CostRecord") ON COMMIT DROP`);
      stageReady = true;
    } else await client.query('TRUNCATE cost_import_stage');
    await copy('cost_import_stage', payload);
    return (await client.query(`INSERT INTO "CostRecord" SELECT * FROM cost_import_stage ON CONFLICT ("id") DO NOTHING`)).rowCount ?? 0;
  };
}

/**
 * SQLite: inserts one JSON batch (import-rows.ts PayloadBuilder), skipping rows whose id (day + row key) is already
 * there; returns how many landed. jsonb() parses the batch once; jsonb_each then hands out binary elements that ->>
 * reads without parsing text again. "WHERE true" tells SQLite's parser the ON CONFLICT belongs to the INSERT.
 */
export async function insertBatch(s: CostStore, json: string): Promise<number> {
  const cols = PAYLOAD_COLUMNS.map((c) => `"${c}"`).join(',');
  const values = PAYLOAD_COLUMNS.map((_, i) => `j.value->>${i}`).join(', ');
  return s.db.$executeRawUnsafe(
    `INSERT INTO "CostRecord" (${cols}) SELECT ${values} FROM jsonb_each(jsonb(?)) j WHERE true ON CONFLICT ("id") DO NOTHING`,
    json,
  );
}
