// Runs one WAL checkpoint on a connection of its own, off the main thread (lib/sqlite-checkpoint.ts).
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

const db = new Database((workerData as { file: string }).file, { timeout: 5_000 });
try {
  const [r] = db.pragma('wal_checkpoint(PASSIVE)') as { busy: number; log: number; checkpointed: number }[];
  parentPort!.postMessage(r);
} finally {
  db.close();
}
