// A SQLite WAL checkpoint in a worker thread. A big write (a cost import) leaves tens of MB in the WAL; copied back
// into the database by SQLite's automatic checkpoint, that would happen at the writer's commit, on the event loop,
// for half a second or more. The import turns the automatic checkpoint off for its own commit and asks for this
// one instead: PASSIVE, so it never waits on readers or writers, and any later commit's automatic checkpoint
// simply skips while it runs.
import { Worker } from 'node:worker_threads';

export interface CheckpointResult {
  busy: number;
  /** WAL frames, and how many of them are now in the database file. */
  log: number;
  checkpointed: number;
}

export function checkpointInBackground(file: string): Promise<CheckpointResult> {
  return new Promise((resolve, reject) => {
    const w = new Worker(new URL('./sqlite-checkpoint-worker.ts', import.meta.url), {
      workerData: { file },
      execArgv: process.env.NEXT_RUNTIME ? undefined : ['--import', new URL('./costs/worker-tsx.mjs', import.meta.url).href],
    });
    w.once('message', resolve);
    w.once('error', reject);
    w.once('exit', (code) => reject(new Error(`checkpoint worker exited (${code})`)));
  });
}
