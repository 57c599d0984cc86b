// The embedded database's backup and restore commands, on a copy of this run's seeded database.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { databaseKind, databaseUrl, sqlitePath } from '../lib/config';

const sqlite = databaseKind() === 'sqlite';

function counts(file: string) {
  const db = new Database(file, { readonly: true });
  const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type='table' AND name IN ('Region','Service','CostRecord','AuditEvent','User')`).all() as {
    name: string;
  }[];
  const out = Object.fromEntries(tables.map((t) => [t.name, (db.prepare(`SELECT COUNT(*) AS n FROM "${t.name}"`).get() as { n: number }).n]));
  db.close();
  return out;
}

describe.skipIf(!sqlite)('backup and restore of the embedded database', () => {
  it('backs up a live database and restores it into an empty one, row for row', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'meridian-backup-'));
    const backup = path.join(dir, 'backup.db');
    execFileSync('npx', ['tsx', 'scripts/db.ts', 'backup', backup], { env: process.env, stdio: 'pipe' });
    const original = counts(backup);
    expect(original.Region).toBeGreaterThan(30);
    expect(original.CostRecord).toBeGreaterThan(100_000);

    const restored = path.join(dir, 'restored.db');
    execFileSync('npx', ['tsx', 'scripts/db.ts', 'restore', backup], { env: { ...process.env, DATABASE_URL: `file:${restored}` }, stdio: 'pipe' });
    expect(counts(restored)).toEqual(original);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('refuses to restore a file that is not a Meridian backup, and leaves the database alone', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'meridian-backup-'));
    const junk = path.join(dir, 'junk.db');
    new Database(junk).exec('CREATE TABLE t (x)');
    const live = sqlitePath(databaseUrl());
    const before = fs.statSync(live).size;
    expect(() => execFileSync('npx', ['tsx', 'scripts/db.ts', 'restore', junk], { env: process.env, stdio: 'pipe' })).toThrow(/not a Meridian backup/);
    expect(fs.statSync(live).size).toBe(before);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
