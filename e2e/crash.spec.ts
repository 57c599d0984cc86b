// Crash safety: kill -9 the server during a running evacuation; after a restart the operation resumes and
// completes, each step ran exactly once, and no audit row was lost.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { generateFocusCsv } from '../lib/costs/focus-sample';
import { createDb } from '../lib/db-client';

const PORT = 3290;
const BASE = `http://127.0.0.1:${PORT}`;

function startServer(env: NodeJS.ProcessEnv): ChildProcess {
  return spawn('npx', ['next', 'start', '-p', String(PORT), '-H', '127.0.0.1'], { env, stdio: 'ignore', detached: true });
}

async function waitUntilUp() {
  await expect.poll(async () => (await fetch(`${BASE}/api/health`).catch(() => null))?.status ?? 0, { timeout: 60_000 }).toBe(200);
}

function killHard(p: ChildProcess) {
  // The npx wrapper and next-server are a process group: SIGKILL all of it, no chance to clean up.
  if (p.pid) process.kill(-p.pid, 'SIGKILL');
}

test('kill -9 during an evacuation: the operation resumes after restart and completes, audit intact', async () => {
  test.setTimeout(240_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'meridian-crash-'));
  const url = process.env.MERIDIAN_TEST_PG ? undefined : `file:${path.join(dir, 'crash.db')}`;
  test.skip(!url, 'the crash test runs on the embedded database');
  const env = { ...process.env, DATABASE_URL: url, MERIDIAN_DEMO_ACCOUNTS: '1', NEXT_TELEMETRY_DISABLED: '1' };
  execFileSync('npx', ['tsx', 'scripts/db.ts', 'prepare'], { env, stdio: 'ignore' });
  const db = createDb(url);
  const token = `mrd_${randomBytes(24).toString('base64url')}`;
  const admin = await db.user.findFirstOrThrow({ where: { role: 'admin' } });
  await db.apiToken.create({ data: { name: 'crash-test', role: 'operator', userId: admin.id, tokenHash: createHash('sha256').update(token).digest('hex') } });
  const api = (p: string, body?: unknown) =>
    fetch(`${BASE}${p}`, {
      method: body ? 'POST' : 'GET',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: body ? JSON.stringify(body) : undefined,
    });

  let server = startServer(env);
  try {
    await waitUntilUp();
    const board = await (await api('/api/v1/failover/board')).json();
    const res = await api('/api/v1/failover/operations', {
      change: { kind: 'evacuate', regionId: 'aws-us-east-2', steps: 4, waitS: 4 },
      expectedVersion: board.versions['aws-us-east-2'],
      confirm: 'us-east-2',
      reason: 'crash test',
    });
    expect(res.status).toBe(201);
    const { operationId } = await res.json();
    await expect.poll(async () => (await db.operation.findUniqueOrThrow({ where: { id: operationId } })).step, { timeout: 20_000 }).toBeGreaterThanOrEqual(1);

    killHard(server);
    const mid = await db.operation.findUniqueOrThrow({ where: { id: operationId } });
    expect(mid.status).toBe('running');
    expect(mid.step).toBeLessThan(4);

    server = startServer(env);
    await waitUntilUp();
    await expect.poll(async () => (await db.operation.findUniqueOrThrow({ where: { id: operationId } })).status, { timeout: 60_000 }).toBe('completed');

    const row = await db.routingState.findUniqueOrThrow({ where: { scopeKey: 'aws-us-east-2' } });
    expect(row).toMatchObject({ drained: true, dialPct: 0 });
    const steps = await db.auditEvent.findMany({ where: { operationId, action: 'operation.step' }, orderBy: { id: 'asc' } });
    expect(steps.map((s) => (s.after as { step: number }).step)).toEqual([1, 2, 3, 4]);
    expect(await db.auditEvent.count({ where: { operationId, action: 'failover.evacuate' } })).toBe(1);
  } finally {
    killHard(server);
    await db.$disconnect();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('kill -9 during a cost import: afterwards the import is whole or absent, never half', async () => {
  test.setTimeout(300_000);
  test.skip(!!process.env.MERIDIAN_TEST_PG, 'the crash test runs on the embedded database');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'meridian-crash-import-'));
  const url = `file:${path.join(dir, 'crash.db')}`;
  const env = { ...process.env, DATABASE_URL: url, MERIDIAN_DEMO_ACCOUNTS: '1', NEXT_TELEMETRY_DISABLED: '1' };
  execFileSync('npx', ['tsx', 'scripts/db.ts', 'prepare'], { env, stdio: 'ignore' });
  const db = createDb(url);
  const token = `mrd_${randomBytes(24).toString('base64url')}`;
  const admin = await db.user.findFirstOrThrow({ where: { role: 'admin' } });
  await db.apiToken.create({ data: { name: 'crash-import', role: 'manager', userId: admin.id, tokenHash: createHash('sha256').update(token).digest('hex') } });
  const ROWS = 60_000;
  const csv = generateFocusCsv({
    rows: ROWS,
    regions: [
      { provider: 'aws', code: 'eu-west-1' },
      { provider: 'gcp', code: 'us-central1' },
    ],
    services: ['svc-api-gateway'],
    startDay: '2024-02-01',
    days: 20,
    seed: 9,
    creditEvery: 0,
  });
  const before = await db.costRecord.count();
  let server = startServer(env);
  try {
    await waitUntilUp();
    const upload = fetch(`${BASE}/api/v1/costs/imports?filename=big.csv`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'text/csv' },
      body: csv,
    }).catch(() => null);
    // Kill while the import is under way (its row says running), before it can finish.
    await expect.poll(async () => db.costImport.count({ where: { status: 'running' } }), { timeout: 60_000, intervals: [50] }).toBe(1);
    killHard(server);
    await upload;
    const after = await db.costRecord.count();
    expect([before, before + ROWS]).toContain(after);

    server = startServer(env);
    await waitUntilUp();
    expect([before, before + ROWS]).toContain(await db.costRecord.count());
    // The interrupted import is not left "running" for ever.
    await expect.poll(async () => db.costImport.count({ where: { status: 'running' } }), { timeout: 30_000 }).toBe(0);
  } finally {
    killHard(server);
    await db.$disconnect();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
