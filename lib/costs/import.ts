// FOCUS import runner (server side, does I/O): streams a file through parseFocus, and lands it all or nothing.
//
// Rows travel to the database as JSON arrays, 10,000 per statement, unpacked by the database itself (SQLite
// jsonb_each, PostgreSQL jsonb_array_elements) with ON CONFLICT (sourceKey) DO NOTHING, so re-importing a file
// adds nothing. SQLite: parse and validate the whole stream first (batches kept as JSON text, ~100 bytes a row),
// then one transaction writes them; the single write lock is never held while an upload trickles in.
// PostgreSQL: one transaction is open from the first batch, the server inserts a batch while the next is parsed,
// and a rejected row or file error rolls it back. Either way a kill -9 at any point leaves the whole file or none
// of it. Rollups: when every row was new, the file's own sums are added (exact integer micro-dollars); when only
// some were (an overlapping file) the touched months are rebuilt from CostRecord.
import { audit } from '../audit';
import type { CostStore } from '../queries/costs-sql';
import { addToRollups, type RollupGroups, rebuildRollups } from '../queries/costs-sql';
import type { TextChunks } from './csv';
import { type FocusCostRow, type FocusFileErrorCode, type ParseFocusOptions, parseFocusBatches } from './focus';

export interface ImportRejection {
  rowNumber: number;
  line: number;
  column: string | null;
  reason: string;
}

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

export const MAX_REPORTED_REJECTIONS = 1000;
/** Rows per insert statement. */
export const INSERT_BATCH = 10_000;

/** One row as the insert statements read it (JSON array positions 0–8). */
export type CostTuple = [string, string, string | null, string, string, number, number, string, string];

/** A parsed row in insert order. The stored amount is micros / 10⁶, which rounds back to the same micros in every report. */
export function costTuple(r: FocusCostRow): CostTuple {
  return [r.day, r.regionId, r.serviceId, r.provider, r.category, r.amountMicros / 1_000_000, r.usageQuantity ?? 0, r.usageUnit ?? '', r.sourceKey];
}

/**
 * How a FOCUS row finds its inventory: the region by provider and region code, the owning service by a `service` tag
 * (our id, slug or name, any case), else none (shared cost).
 */
export function focusResolvers(
  regions: readonly { id: string; provider: string; code: string }[],
  services: readonly { id: string; slug: string; name: string }[],
): Pick<ParseFocusOptions, 'resolveRegion' | 'resolveService'> {
  const regionByCode = new Map(regions.map((r) => [`${r.provider}|${r.code.toLowerCase()}`, r.id]));
  const serviceByName = new Map<string, string>();
  for (const s of services) for (const k of [s.id, s.slug, s.name]) serviceByName.set(k.toLowerCase(), s.id);
  return {
    resolveRegion: (provider, code) => regionByCode.get(`${provider}|${code.toLowerCase()}`) ?? null,
    resolveService: (_name, tags) => (tags.service ? (serviceByName.get(tags.service.toLowerCase()) ?? null) : null),
  };
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

/** Thrown inside the transaction to roll it back when the file turns out to be bad (PostgreSQL writes while reading). */
class RejectFile extends Error {}

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
  try {
    const [regions, services] = await Promise.all([
      db.region.findMany({ select: { id: true, provider: true, code: true } }),
      db.service.findMany({ select: { id: true, slug: true, name: true } }),
    ]);
    const groups: RollupGroups = new Map();
    let pending: CostTuple[] = [];
    let accepted = 0;

    // Reads the whole file. `flush` gets each full batch of accepted rows as JSON (and the rest at the end).
    const read = async (flush: (offset: number, json: string) => Promise<void> | undefined) => {
      for await (const events of parseFocusBatches(opts.chunks, focusResolvers(regions, services))) {
        for (const e of events) {
          if (e.kind === 'row') {
            const r = e.row;
            accepted++;
            // Once a row is rejected nothing will be written: stop collecting rows, keep validating for the report.
            if (report.rowsRejected > 0) continue;
            pending.push(costTuple(r));
            if (pending.length === INSERT_BATCH) {
              const json = JSON.stringify(pending);
              pending = [];
              await flush(accepted - INSERT_BATCH, json);
            }
            // Sums at the finest rollup grain (day × provider × region × service × category), for addToRollups.
            const k = `${r.day}|${r.provider}|${r.regionId}|${r.serviceId ?? ''}|${r.category}`;
            const g = groups.get(k);
            if (g === undefined) groups.set(k, { micros: r.amountMicros, records: 1 });
            else {
              g.micros += r.amountMicros;
              g.records++;
            }
          } else if (e.kind === 'rejected') {
            report.rowsRejected++;
            pending = [];
            if (report.rejections.length < MAX_REPORTED_REJECTIONS)
              report.rejections.push({ rowNumber: e.rowNumber, line: e.line, column: e.column, reason: e.reason });
          } else if (e.kind === 'file_error') {
            report.fileError = { code: e.code, reason: e.reason, missingColumns: e.missingColumns, line: e.line };
          } else {
            Object.assign(report, {
              rowsRead: e.summary.rowsRead,
              rowsAccepted: e.summary.rowsAccepted,
              rowsRejected: e.summary.rowsRejected,
              totalUsd: e.summary.totalUsd,
              firstDay: e.summary.firstDay,
              lastDay: e.summary.lastDay,
            });
          }
        }
        progress.rowsRead = accepted + report.rowsRejected;
        progress.rowsRejected = report.rowsRejected;
        opts.onProgress?.(progress);
      }
      if (pending.length > 0 && report.rowsRejected === 0) await flush(accepted - pending.length, JSON.stringify(pending));
      pending = [];
    };
    const bad = () => report.fileError !== null || report.rowsRejected > 0;

    // Lands every row and the rollups, in the caller's transaction; `inserted` rows are already in.
    const complete = async (tx: Parameters<Parameters<typeof db.$transaction>[0]>[0]) => {
      const txStore: CostStore = { db: tx as never, kind: store.kind };
      report.alreadyPresent = report.rowsAccepted - report.inserted;
      // All new (the usual case): add the file's own sums to the rollups. Partly new (a file overlapping an earlier
      // one): only the database knows which rows landed, so rebuild the touched months from CostRecord.
      if (report.inserted === report.rowsAccepted) await addToRollups(txStore, groups);
      else if (report.inserted > 0) await rebuildRollups(txStore, [...new Set([...groups.keys()].map((k) => k.slice(0, 7)))]);
      report.status = 'completed';
      report.durationMs = Date.now() - t0;
      await tx.costImport.update({ where: { id: rec.id }, data: statusData('completed') });
      await audit(tx, {
        actor: opts.actor,
        action: 'costs.import',
        targetType: 'cost_import',
        targetId: rec.id,
        after: { filename: rec.filename, rows: report.rowsAccepted, inserted: report.inserted, totalUsd: report.totalUsd },
      });
    };
    const wrote = (n: number) => {
      report.inserted += n;
      progress.rowsWritten += n;
    };

    if (store.kind === 'postgres') {
      // PostgreSQL writes while it reads, inside one transaction that a bad row rolls back: the server inserts one
      // batch on its own core while this process parses the next. Nothing is visible to others until the commit.
      try {
        await db.$transaction(
          async (tx) => {
            const txStore: CostStore = { db: tx as never, kind: store.kind };
            let inFlight: Promise<void> = Promise.resolve();
            let failure: unknown = null;
            await read((offset, json) => {
              // Chained so batches land in order; the handler is attached at once, so a failure is never unhandled.
              const previous = inFlight;
              inFlight = previous.then(() =>
                failure === null
                  ? insertBatch(txStore, rec.id, offset, json).then(wrote, (e) => {
                      failure = e;
                    })
                  : undefined,
              );
              // One batch on the server, the next one queued: bounded memory, and parsing waits when the server is behind.
              return previous;
            });
            await inFlight;
            if (failure !== null) throw failure;
            if (bad()) throw new RejectFile();
            progress.phase = 'writing';
            opts.onProgress?.(progress);
            await complete(tx);
          },
          { timeout: 600_000, maxWait: 30_000 },
        );
      } catch (e) {
        if (!(e instanceof RejectFile)) throw e;
      }
      if (bad()) return await rejected();
      return report;
    }

    // SQLite has one writer at a time: read and validate the whole file first, so the write lock is held only
    // for the writing, never for the length of an upload.
    const batches: { offset: number; json: string }[] = [];
    await read((offset, json) => {
      batches.push({ offset, json });
      return undefined;
    });
    if (bad()) return await rejected();
    progress.phase = 'writing';
    opts.onProgress?.(progress);
    // A bigger page cache while writing keeps the indexes' hot pages in memory: fewer page reads into a large table.
    const [{ cache_size: cacheSize } = { cache_size: -16000 }] = await db.$queryRawUnsafe<{ cache_size: number }[]>('PRAGMA cache_size');
    await db.$executeRawUnsafe('PRAGMA cache_size = -131072');
    await db
      .$transaction(
        async (tx) => {
          const txStore: CostStore = { db: tx as never, kind: store.kind };
          for (const b of batches.splice(0)) {
            wrote(await insertBatch(txStore, rec.id, b.offset, b.json));
            opts.onProgress?.(progress);
          }
          await complete(tx);
        },
        { timeout: 600_000, maxWait: 30_000 },
      )
      .finally(() => db.$executeRawUnsafe(`PRAGMA cache_size = ${Math.trunc(Number(cacheSize))}`).catch(() => {}));
    return report;

    async function rejected() {
      report.rowsAccepted = accepted;
      report.inserted = 0;
      report.rowsRead = Math.max(report.rowsRead, accepted + report.rowsRejected);
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

/**
 * Inserts one JSON batch of CostTuples, skipping rows whose sourceKey is already there; returns how many landed. The
 * database unpacks the JSON itself (jsonb_each / jsonb_array_elements), so a batch is one statement with three
 * parameters. Ids are the import's id plus the row's position: unique, and they sort together in the primary key.
 */
export async function insertBatch(s: CostStore, importId: string, offset: number, json: string): Promise<number> {
  const cols = `"id","day","regionId","serviceId","provider","category","amountUsd","usageQuantity","usageUnit","source","sourceKey","importId"`;
  if (s.kind === 'postgres') {
    return s.db.$executeRawUnsafe(
      `INSERT INTO "CostRecord" (${cols})
       SELECT $1 || '-' || ($2::int + t.n - 1), t.v->>0, t.v->>1, t.v->>2, t.v->>3, t.v->>4, (t.v->>5)::float8, (t.v->>6)::float8, t.v->>7, 'focus', t.v->>8, $1
       FROM jsonb_array_elements($3::jsonb) WITH ORDINALITY AS t(v, n)
       ON CONFLICT ("sourceKey") DO NOTHING`,
      importId,
      offset,
      json,
    );
  }
  // jsonb() parses the batch once; jsonb_each then hands out binary elements that ->> reads without parsing text again.
  // "WHERE true" tells SQLite's parser the ON CONFLICT belongs to the INSERT, not to a join.
  return s.db.$executeRawUnsafe(
    `INSERT INTO "CostRecord" (${cols})
     SELECT ? || '-' || (? + j.key), j.value->>0, j.value->>1, j.value->>2, j.value->>3, j.value->>4, j.value->>5, j.value->>6, j.value->>7, 'focus', j.value->>8, ?
     FROM jsonb_each(jsonb(?)) j WHERE true
     ON CONFLICT ("sourceKey") DO NOTHING`,
    importId,
    offset,
    importId,
    json,
  );
}
