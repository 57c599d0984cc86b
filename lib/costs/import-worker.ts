// The FOCUS import's worker thread: parses and validates the file (lib/costs/focus.ts) on its own core and hands the
// runner batches of accepted rows as columns (lib/costs/import-rows.ts), which the runner turns into the database's
// format (it hashes the row keys in file order), so parsing and the database's writing overlap. It also sums the file
// for the rollups (RollupDelta) and works out the rollup rows while the runner writes the last batch. One job at a
// time; the runner keeps an idle worker for the next import. Protocol in lib/costs/import-protocol.ts; the runner is
// lib/costs/import.ts.
import { parentPort } from 'node:worker_threads';
import { RollupDelta } from '../queries/costs-sql';
import { parseFocusBatches } from './focus';
import type { ImportRejection, ToRunner, ToWorker, WorkerJob } from './import-protocol';
import { MAX_REPORTED_REJECTIONS } from './import-protocol';
import { focusResolvers, INSERT_BATCH, RowBatchBuilder } from './import-rows';

const port = parentPort!;
const send = (m: ToRunner) => port.postMessage(m);
// Batches sent and not yet taken by the runner: parsing pauses at MAX_UNTAKEN so memory stays bounded.
const MAX_UNTAKEN = 3;

/** One import: chunks arrive as messages and the parser pulls them through an async queue. */
class Job {
  private readonly queue: (Uint8Array | string)[] = [];
  private ended = false;
  private wake: (() => void) | null = null;
  private untaken = 0;
  private resume: (() => void) | null = null;

  constructor(private readonly job: WorkerJob) {}

  onMessage(m: ToWorker) {
    if (m.t === 'chunk') this.queue.push(m.chunk);
    else if (m.t === 'end') this.ended = true;
    else if (m.t === 'taken') {
      this.untaken--;
      this.resume?.();
      this.resume = null;
      return;
    }
    this.wake?.();
    this.wake = null;
  }

  private async *chunks(): AsyncGenerator<Uint8Array | string> {
    for (;;) {
      const c = this.queue.shift();
      if (c !== undefined) yield c;
      else if (this.ended) return;
      else await new Promise<void>((r) => (this.wake = r));
    }
  }

  async run(): Promise<void> {
    // Rows go out as columns; the runner hashes their keys (SHA-256 of each row's identifying fields) and makes the
    // lines, on the other thread.
    const batch = new RowBatchBuilder();
    // The file's sums for the rollups, from the rows as they go into batches.
    const sums = new RollupDelta();
    const rejections: ImportRejection[] = [];
    let accepted = 0;
    let rejected = 0;
    // The first batches are small, so the runner starts writing early: 1,000 rows, then twice as many each time,
    // up to INSERT_BATCH.
    let batchRows = Math.min(1000, INSERT_BATCH);
    const flush = async () => {
      batchRows = Math.min(batchRows * 2, INSERT_BATCH);
      const b = batch.take();
      const transfer = [b.codes, b.amountMicros, b.usageQuantity, b.contentEnds].map((a) => a.buffer as ArrayBuffer);
      port.postMessage({ t: 'batch', ...b } satisfies ToRunner, transfer);
      this.untaken++;
      while (this.untaken >= MAX_UNTAKEN) await new Promise<void>((r) => (this.resume = r));
    };
    for await (const events of parseFocusBatches(this.chunks(), { ...focusResolvers(this.job.regions, this.job.services), deferRowKeys: true })) {
      for (const e of events) {
        if (e.kind === 'row') {
          accepted++;
          // Once a row is rejected nothing will be written: stop building batches, keep validating for the report.
          if (rejected > 0) continue;
          const r = e.row;
          batch.add(r);
          sums.add(r.day, r.provider, r.regionId, r.serviceId ?? '', r.category, r.amountMicros);
          if (batch.size >= batchRows) await flush();
        } else if (e.kind === 'rejected') {
          rejected++;
          batch.clear();
          if (rejections.length < MAX_REPORTED_REJECTIONS) rejections.push({ rowNumber: e.rowNumber, line: e.line, column: e.column, reason: e.reason });
        } else if (e.kind === 'file_error') {
          send({ t: 'done', accepted, rejected, rejections, fileError: e, summary: null, sums: null });
          return;
        } else {
          if (rejected === 0 && batch.size > 0) await flush();
          send({ t: 'done', accepted, rejected, rejections, fileError: null, summary: e.summary, sums: rejected === 0 ? sums.rows() : null });
          return;
        }
      }
      send({ t: 'progress', rowsRead: accepted + rejected, rowsRejected: rejected });
    }
    throw new Error('The FOCUS parser ended without a summary.');
  }
}

let current: Job | null = null;
port.on('message', (m: ToWorker) => {
  if (m.t !== 'job') {
    current?.onMessage(m);
    return;
  }
  const job = new Job(m.job);
  current = job;
  job
    .run()
    .catch((e: unknown) => send({ t: 'error', message: e instanceof Error ? (e.stack ?? e.message) : String(e) }))
    .finally(() => {
      if (current === job) current = null;
    });
});
