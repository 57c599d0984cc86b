// Database commands: `tsx scripts/db.ts <command>`. README.md lists them; npm scripts wrap them.
//   prepare      apply pending migrations, then load the demo fleet if the database is empty (npm start runs this)
//   deploy       apply pending migrations
//   status|diff  migration status / drift between schema.prisma and the migrations folder (exit 2 on drift)
//   new <name>   create a migration for both databases from prisma/schema.prisma
//   reset        wipe every table and load the demo fleet again
//   backup <file> / restore <file>   consistent copy of the embedded SQLite database
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { ensureConfiguredAdmin } from '../lib/auth/bootstrap';
import { databaseKind, databaseUrl, sqlitePath } from '../lib/config';
import { createDb } from '../lib/db-client';
import { isEmpty, seedDemoFleet } from '../lib/demo/seed';
import { backfillHistoryIfEmpty } from '../lib/runtime/backfill';
// @ts-expect-error plain ESM helper without types
import { migrate } from './migrate.mjs';

// @ts-expect-error plain ESM helper without types
import { PG_SCHEMA, postgresSchemaText, SQLITE_SCHEMA } from './pg-schema.mjs';

function schemaFor(url: string) {
  return databaseKind(url) === 'postgres' ? PG_SCHEMA : SQLITE_SCHEMA;
}

async function deploy(url: string, quiet = false) {
  if (databaseKind(url) === 'sqlite') {
    const file = sqlitePath(url);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    // WAL: readers never block the writer, and a kill -9 loses no committed transaction. The mode persists in the file.
    const raw = new Database(file);
    raw.pragma('journal_mode = WAL');
    raw.close();
  }
  return migrate({ cmd: 'deploy', schemaPath: schemaFor(url), url, quiet });
}

export async function prepare(url = databaseUrl(), log: (s: string) => void = console.log) {
  await deploy(url, true);
  const db = createDb(url);
  try {
    if (await isEmpty(db)) {
      log('Empty database: loading the demo fleet...');
      await seedDemoFleet(db, { withDemoAccounts: databaseKind(url) === 'sqlite' || process.env.MERIDIAN_DEMO_ACCOUNTS === '1', log });
      const rows = await backfillHistoryIfEmpty(db);
      log(`${rows} minute rollups of history for the last 24 h`);
    }
    // After the seed: the seed only runs on an empty database, and a configured admin makes it non-empty.
    await ensureConfiguredAdmin(db, process.env, log);
  } finally {
    await db.$disconnect();
  }
}

async function reset(url: string) {
  await deploy(url, true);
  const db = createDb(url);
  const tables = [
    'AuditEvent',
    'FleetEvent',
    'MetricRollup',
    'Operation',
    'CostImport',
    'CostRecord',
    'Budget',
    'RoutingState',
    'DataStoreReplica',
    'DataStore',
    'Deployment',
    'Service',
    'Region',
    'Session',
    'ApiToken',
    'User',
  ];
  for (const t of tables) await db.$executeRawUnsafe(`DELETE FROM "${t}"`);
  await db.$disconnect();
  await prepare(url);
}

async function main() {
  const [cmd, arg] = process.argv.slice(2);
  const url = databaseUrl();
  switch (cmd) {
    case 'prepare':
      return prepare(url);
    case 'deploy':
      return void (await deploy(url));
    case 'status':
    case 'diff':
      process.exitCode = await migrate({ cmd, schemaPath: schemaFor(url), url });
      return;
    case 'new': {
      if (!arg) throw new Error('usage: db.ts new <name>');
      fs.writeFileSync(PG_SCHEMA, postgresSchemaText());
      await migrate({ cmd: 'new', schemaPath: SQLITE_SCHEMA, url: 'file:./data/.migrate-scratch.db', name: arg });
      const pgUrl = process.env.MIGRATE_PG_URL;
      if (!pgUrl) throw new Error('Set MIGRATE_PG_URL=postgres://... (a scratch server) to create the PostgreSQL migration too');
      await migrate({ cmd: 'new', schemaPath: PG_SCHEMA, url: pgUrl, name: arg });
      return;
    }
    case 'reset':
      return reset(url);
    case 'backup':
    case 'restore': {
      if (databaseKind(url) !== 'sqlite') throw new Error('backup/restore is for the embedded SQLite database; use pg_dump/pg_restore for PostgreSQL');
      if (!arg) throw new Error(`usage: db.ts ${cmd} <file>`);
      const live = sqlitePath(url);
      if (cmd === 'backup') {
        // The online backup API copies a consistent snapshot even while the app is writing.
        const src = new Database(live, { readonly: true });
        await src.backup(path.resolve(arg));
        src.close();
        console.log(`Backed up ${live} to ${arg}`);
      } else {
        const src = new Database(path.resolve(arg), { readonly: true, fileMustExist: true });
        const tables = src.prepare(`SELECT name FROM sqlite_master WHERE type='table' AND name='Region'`).all();
        if (!tables.length) throw new Error(`${arg} is not a Meridian backup (no Region table)`);
        await src.backup(live);
        src.close();
        for (const ext of ['-wal', '-shm']) fs.rmSync(live + ext, { force: true });
        console.log(`Restored ${live} from ${arg}. Restart the app.`);
      }
      return;
    }
    default:
      throw new Error('usage: db.ts prepare | deploy | status | diff | new <name> | reset | backup <file> | restore <file>');
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve('scripts/db.ts')) {
  main().catch((e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
