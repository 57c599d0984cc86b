// Creates Prisma clients. Scripts (seed, migrate, benchmarks) import this; app code imports lib/db.ts.
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import { databaseKind, databaseUrl } from './config';
import { PrismaClient as PgClient } from './generated/postgres/client';
import { PrismaClient } from './generated/sqlite/client';

/** Both clients are generated from one schema, so they share one shape; we type it as the SQLite one. */
export type Db = PrismaClient;

export function createDb(url = databaseUrl()): Db {
  if (databaseKind(url) === 'postgres') {
    return new PgClient({ adapter: new PrismaPg({ connectionString: url, max: 10 }) }) as unknown as Db;
  }
  return new PrismaClient({ adapter: new PrismaBetterSqlite3({ url, timeout: 10_000 }) });
}
