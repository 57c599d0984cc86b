// Messages between the FOCUS import runner (lib/costs/import.ts) and its worker thread (lib/costs/import-worker.ts).
import type { DatabaseKind } from '../config';
import type { RollupRows } from '../queries/costs-sql';
import type { FocusEvent, FocusSummary } from './focus';
import type { RowBatch } from './import-rows';

export interface ImportRejection {
  rowNumber: number;
  line: number;
  column: string | null;
  reason: string;
}

/** The report keeps the first this many rejections, in file order. */
export const MAX_REPORTED_REJECTIONS = 1000;

/** One import, sent to the worker as its first message. */
export interface WorkerJob {
  kind: DatabaseKind;
  importId: string;
  regions: { id: string; provider: string; code: string }[];
  services: { id: string; slug: string; name: string }[];
}

export type ToWorker = { t: 'job'; job: WorkerJob } | { t: 'chunk'; chunk: Uint8Array | string } | { t: 'end' } | { t: 'taken' };

export type ToRunner =
  /** Up to INSERT_BATCH accepted rows (fewer for the first few and the last), as columns (import-rows.ts). */
  | ({ t: 'batch' } & RowBatch)
  | { t: 'progress'; rowsRead: number; rowsRejected: number }
  /** The file is read. */
  | {
      t: 'done';
      accepted: number;
      rejected: number;
      rejections: ImportRejection[];
      fileError: Extract<FocusEvent, { kind: 'file_error' }> | null;
      summary: FocusSummary | null;
      /** What the accepted rows add to the rollups; null once a row was rejected (nothing is written). */
      sums: RollupRows | null;
    }
  | { t: 'error'; message: string };
