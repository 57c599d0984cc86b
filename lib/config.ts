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
