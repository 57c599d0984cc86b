// FOCUS import runner (server side, does I/O): streams a file through parseFocus, and lands it all or nothing.
//
// Pass: parse and validate the whole stream first, keeping accepted rows in memory as compact tuples (a 200 MB
// export is ~300 k rows, ~60 MB of tuples). Any rejected row or file error: nothing is written, the report says
// why. Otherwise one database transaction inserts every row (ON CONFLICT (sourceKey) DO NOTHING, so re-importing
// a file adds nothing) and rebuilds the rollups of the months touched. A kill -9 at any point leaves either the
// whole file or none of it: the transaction is the unit of durability on both databases.
import { randomUUID } from 'node:crypto';
import { audit } from '../audit';
import type { CostStore } from '../queries/costs-sql';
import { Params, rebuildRollups } from '../queries/costs-sql';
import type { TextChunks } from './csv';
import { type FocusFileErrorCode, parseFocusBatches } from './focus';

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
const INSERT_BATCH = 2000;

type Tuple = [string, string, string | null, string, string, number, number, string, string];

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

export async function runFocusImport(store: CostStore, opts: { chunks: TextChunks; filename: string; actor: string }): Promise<ImportReport> {
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
  try {
    const [regions, services] = await Promise.all([
      db.region.findMany({ select: { id: true, provider: true, code: true } }),
      db.service.findMany({ select: { id: true, slug: true, name: true } }),
    ]);
    const regionByCode = new Map(regions.map((r) => [`${r.provider}|${r.code.toLowerCase()}`, r.id]));
    const serviceByName = new Map<string, string>();
    for (const s of services) for (const k of [s.id, s.slug, s.name]) serviceByName.set(k.toLowerCase(), s.id);
    const tuples: Tuple[] = [];
    const months = new Set<string>();
    for await (const events of parseFocusBatches(opts.chunks, {
      resolveRegion: (provider, code) => regionByCode.get(`${provider}|${code.toLowerCase()}`) ?? null,
      // The owning service: a `service` tag (our id or slug), else nothing (shared cost).
      resolveService: (_name, tags) => (tags.service ? (serviceByName.get(tags.service.toLowerCase()) ?? null) : null),
    })) {
      for (const e of events) {
        if (e.kind === 'row') {
          const r = e.row;
          months.add(r.day.slice(0, 7));
          // Stored amount is micros / 10⁶, which rounds back to the same micros in every report.
          tuples.push([
            r.day,
            r.regionId,
            r.serviceId,
            r.provider,
            r.category,
            r.amountMicros / 1_000_000,
            r.usageQuantity ?? 0,
            r.usageUnit ?? '',
            r.sourceKey,
          ]);
        } else if (e.kind === 'rejected') {
          report.rowsRejected++;
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
    }
    if (report.fileError || report.rowsRejected > 0) {
      report.rowsAccepted = tuples.length;
      report.rowsRead = Math.max(report.rowsRead, tuples.length + report.rowsRejected);
      return await finish('rejected');
    }
    await db.$transaction(
      async (tx) => {
        for (let i = 0; i < tuples.length; i += INSERT_BATCH) {
          const p = new Params(store.kind);
          const values = tuples
            .slice(i, i + INSERT_BATCH)
            .map(
              (t) =>
                `(${p.add(randomUUID())},${p.add(t[0])},${p.add(t[1])},${p.add(t[2])},${p.add(t[3])},${p.add(t[4])},${p.add(t[5])},${p.add(t[6])},${p.add(t[7])},'focus',${p.add(t[8])},${p.add(rec.id)})`,
            );
          report.inserted += await tx.$executeRawUnsafe(
            `INSERT INTO "CostRecord" ("id","day","regionId","serviceId","provider","category","amountUsd","usageQuantity","usageUnit","source","sourceKey","importId") VALUES ${values.join(',')} ON CONFLICT ("sourceKey") DO NOTHING`,
            ...p.values,
          );
        }
        report.alreadyPresent = tuples.length - report.inserted;
        if (report.inserted > 0) await rebuildRollups({ db: tx as never, kind: store.kind }, [...months]);
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
      },
      { timeout: 600_000, maxWait: 30_000 },
    );
    return report;
  } catch (e) {
    if (e instanceof ImportTooLargeError) {
      report.fileError = { code: 'TOO_LARGE', reason: e.message, missingColumns: [], line: null };
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
