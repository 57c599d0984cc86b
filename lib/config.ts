// Runtime configuration, read once from the environment. README.md has the table of variables.
import path from 'node:path';

export const DEFAULT_SQLITE_URL = 'file:./data/meridian.db';

export function databaseUrl(): string {
  return process.env.DATABASE_URL?.trim() || DEFAULT_SQLITE_URL;
}

export type DatabaseKind = 'sqlite' | 'postgres';

export function databaseKind(url = databaseUrl()): DatabaseKind {
  if (/^postgres(ql)?:\/\//.test(url)) return 'postgres';
  if (url.startsWith('file:')) return 'sqlite';
  throw new Error(`DATABASE_URL must start with file: (SQLite) or postgres:// (PostgreSQL), got "${url.slice(0, 20)}..."`);
}

/** Absolute path of the SQLite file behind a file: URL (resolved against the working directory, as Prisma does). */
export function sqlitePath(url = databaseUrl()): string {
  return path.resolve(url.replace(/^file:/, '').replace(/\?.*$/, ''));
}

/** An ISO 8601 UTC time, as MERIDIAN_SIM_START takes it. */
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * The fleet model's clock at start (epoch ms): now, unless MERIDIAN_SIM_START pins it. Demand follows the local hour,
 * so whether a drain passes the headroom rule depends on the hour; tests pin it to see the same fleet whenever they run.
 */
export function simStartMs(now = Date.now()): number {
  const v = process.env.MERIDIAN_SIM_START?.trim();
  if (!v) return now;
  const t = Date.parse(v);
  if (!ISO_TIME.test(v) || Number.isNaN(t))
    throw new Error(`MERIDIAN_SIM_START must be an ISO 8601 time such as 2026-11-23T14:30:00Z, got "${v.slice(0, 40)}"`);
  return t;
}
