// The FOCUS import's worker thread: parses and validates the file (lib/costs/focus.ts) on its own core and hands the
// runner ready-to-send batches (lib/costs/import-rows.ts), so parsing and the database's writing overlap.
// Protocol in lib/costs/import-protocol.ts; the runner is lib/costs/import.ts.
import { parentPort, workerData } from 'node:worker_threads';
import { parseFocusBatches } from './focus';
import type { ImportRejection, ToRunner, ToWorker, WorkerJob } from './import-protocol';
import { MAX_REPORTED_REJECTIONS } from './import-protocol';
import { focusResolvers, INSERT_BATCH, PayloadBuilder, RollupSums } from './import-rows';

const port = parentPort!;
const job = workerData as WorkerJob;
const send = (m: ToRunner) => port.postMessage(m);

// Chunks arrive as messages; the parser pulls them through an async queue.
const queue: (Uint8Array | string)[] = [];
let ended = false;
let wake: (() => void) | null = null;
// Batches sent and not yet taken by the runner: parsing pauses at MAX_UNTAKEN so memory stays bounded.
const MAX_UNTAKEN = 3;
let untaken = 0;
let resume: (() => void) | null = null;

port.on('message', (m: ToWorker) => {
  if (m.t === 'chunk') queue.push(m.chunk);
  else if (m.t === 'end') ended = true;
  else if (m.t === 'taken') {
    untaken--;
    resume?.();
    resume = null;
    return;
  }
  wake?.();
  wake = null;
});

async function* chunks(): AsyncGenerator<Uint8Array | string> {
  for (;;) {
    const c = queue.shift();
    if (c !== undefined) yield c;
    else if (ended) return;
    else await new Promise<void>((r) => (wake = r));
  }
}

async function run() {
  const payload = new PayloadBuilder(job.kind, job.importId);
  const sums = new RollupSums();
  const rejections: ImportRejection[] = [];
  let accepted = 0;
  let rejected = 0;
  const flush = async () => {
    const rows = payload.size;
    send({ t: 'batch', payload: payload.take(), rows });
    untaken++;
    while (untaken >= MAX_UNTAKEN) await new Promise<void>((r) => (resume = r));
  };
  for await (const events of parseFocusBatches(chunks(), focusResolvers(job.regions, job.services))) {
    for (const e of events) {
      if (e.kind === 'row') {
        accepted++;
        // Once a row is rejected nothing will be written: stop building batches, keep validating for the report.
        if (rejected > 0) continue;
        payload.add(e.row);
        sums.add(e.row);
        if (payload.size === INSERT_BATCH) await flush();
      } else if (e.kind === 'rejected') {
        rejected++;
        payload.clear();
        if (rejections.length < MAX_REPORTED_REJECTIONS) rejections.push({ rowNumber: e.rowNumber, line: e.line, column: e.column, reason: e.reason });
      } else if (e.kind === 'file_error') {
        send({ t: 'done', accepted, rejected, rejections, fileError: e, summary: null, groups: [] });
        return;
      } else {
        if (rejected === 0 && payload.size > 0) await flush();
        send({
          t: 'done',
          accepted,
          rejected,
          rejections,
          fileError: null,
          summary: e.summary,
          groups: rejected === 0 ? sums.entries() : [],
        });
        return;
      }
    }
    send({ t: 'progress', rowsRead: accepted + rejected, rowsRejected: rejected });
  }
  throw new Error('The FOCUS parser ended without a summary.');
}

run().catch((e: unknown) => send({ t: 'error', message: e instanceof Error ? (e.stack ?? e.message) : String(e) }));
