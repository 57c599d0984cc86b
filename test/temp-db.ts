// A fresh, empty database for one test run: a temporary SQLite file, or a new database on the PostgreSQL server
// named by MERIDIAN_TEST_PG. Refuses anything that is not local, so tests never touch a real fleet.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

export async function createTempDatabase(label: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const base = process.env.MERIDIAN_TEST_PG;
  if (base) {
    const u = new URL(base);
    if (!['127.0.0.1', 'localhost', '::1'].includes(u.hostname)) throw new Error(`Refusing to run tests against non-local PostgreSQL ${u.hostname}`);
    const name = `meridian_${label}_${process.pid}_${Date.now()}`;
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    await admin.end();
    u.pathname = `/${name}`;
    return {
      url: u.href,
      drop: async () => {
        const c = new pg.Client({ connectionString: base });
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        await c.end();
      },
    };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `meridian-${label}-`));
  return { url: `file:${path.join(dir, 'test.db')}`, drop: async () => fs.rmSync(dir, { recursive: true, force: true }) };
}
