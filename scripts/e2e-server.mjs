// Starts the app for end-to-end tests: a fresh temporary database (SQLite file, or a new PostgreSQL database on
// MERIDIAN_TEST_PG), migrated and seeded with the demo fleet, then `next start` on a production build.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { buildIfStale } from './build-if-stale.mjs';

const port = process.argv[2] ?? '3200';
let url;
let cleanup = async () => {};
if (process.env.MERIDIAN_TEST_PG) {
  const base = new URL(process.env.MERIDIAN_TEST_PG);
  if (!['127.0.0.1', 'localhost'].includes(base.hostname)) throw new Error('Refusing a non-local test database');
  const name = `meridian_e2e_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: base.href });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const u = new URL(base.href);
  u.pathname = `/${name}`;
  url = u.href;
  cleanup = async () => {
    const c = new pg.Client({ connectionString: base.href });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await c.end();
  };
} else {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'meridian-e2e-'));
  url = `file:${path.join(dir, 'e2e.db')}`;
  cleanup = async () => fs.rmSync(dir, { recursive: true, force: true });
}
const env = { ...process.env, DATABASE_URL: url, MERIDIAN_DEMO_ACCOUNTS: '1', NEXT_TELEMETRY_DISABLED: '1', PORT: port };
const step = (args) => {
  const r = spawnSync('npx', args, { stdio: 'inherit', env });
  if (r.status !== 0) process.exit(r.status ?? 1);
};
step(['tsx', 'scripts/db.ts', 'prepare']);
buildIfStale(env);
const server = spawn('npx', ['next', 'start', '-p', port, '-H', '127.0.0.1'], { stdio: 'inherit', env });
const stop = async () => {
  server.kill('SIGTERM');
  await cleanup().catch(() => {});
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
server.on('exit', async (code) => {
  await cleanup().catch(() => {});
  process.exit(code ?? 0);
});
