import 'server-only';
import { createDb, type Db } from './db-client';

export type { Db };

// One client per process; Next.js dev reloads modules, so it lives on globalThis.
const globalForDb = globalThis as unknown as { meridianDb?: Db };
export const db: Db = globalForDb.meridianDb ?? createDb();
globalForDb.meridianDb = db;
