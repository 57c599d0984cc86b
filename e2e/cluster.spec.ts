// Several app instances on one PostgreSQL: a change made through instance A reaches a live client of instance B,
// and killing the instance that runs the fleet model lets the other take over. Runs when MERIDIAN_TEST_PG is set.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { expect, test } from '@playwright/test';
import pg from 'pg';
import { createDb } from '../lib/db-client';

const base = process.env.MERIDIAN_TEST_PG;
const PORTS = [3293, 3294];

function start(port: number, env: NodeJS.ProcessEnv): ChildProcess {
  // Server output goes to test-results, so a failure can be read afterwards.
  fs.mkdirSync('test-results', { recursive: true });
  const log = fs.openSync(`test-results/cluster-${port}.log`, 'a');
  return spawn('npx', ['next', 'start', '-p', String(port), '-H', '127.0.0.1'], { env, stdio: ['ignore', log, log], detached: true });
}
const kill = (p: ChildProcess) => {
  try {
    if (p.pid) process.kill(-p.pid, 'SIGKILL');
  } catch {}
};
const health = async (port: number) => (await fetch(`http://127.0.0.1:${port}/api/health`).catch(() => null))?.json().catch(() => null);

/** Collects SSE events from one instance (a streaming fetch, read until closed). */
function listen(port: number, token: string) {
  const events: { event: string; data: string }[] = [];
  const ctrl = new AbortController();
  (async () => {
    const res = await fetch(`http://127.0.0.1:${port}/api/v1/stream`, { headers: { Authorization: `Bearer ${token}` }, signal: ctrl.signal });
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const dec = new TextDecoder();
    let buf = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buf += dec.decode(value, { stream: true });
      let i = buf.indexOf('\n\n');
      while (i >= 0) {
        const block = buf.slice(0, i);
        buf = buf.slice(i + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (event && data) events.push({ event, data });
        i = buf.indexOf('\n\n');
      }
    }
  })().catch(() => {});
  return { events, close: () => ctrl.abort() };
}

test('two instances on one PostgreSQL: changes fan out, and the model fails over to the survivor', async () => {
  test.skip(!base, 'needs MERIDIAN_TEST_PG');
  test.setTimeout(240_000);
  const name = `meridian_cluster_${Date.now()}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  const u = new URL(base as string);
  u.pathname = `/${name}`;
  const env = { ...process.env, DATABASE_URL: u.href, MERIDIAN_DEMO_ACCOUNTS: '1', NEXT_TELEMETRY_DISABLED: '1' };
  execFileSync('npx', ['tsx', 'scripts/db.ts', 'prepare'], { env, stdio: 'ignore' });
  const db = createDb(u.href);
  const token = `mrd_${randomBytes(24).toString('base64url')}`;
  const user = await db.user.findFirstOrThrow({ where: { role: 'admin' } });
  await db.apiToken.create({ data: { name: 'cluster-test', role: 'admin', userId: user.id, tokenHash: createHash('sha256').update(token).digest('hex') } });

  const procs = PORTS.map((p) => start(p, env));
  try {
    for (const p of PORTS) await expect.poll(async () => (await health(p))?.ok ?? false, { timeout: 90_000 }).toBe(true);
    await expect.poll(async () => (await Promise.all(PORTS.map(health))).filter((h) => h?.leader).length, { timeout: 20_000 }).toBe(1);
    const states = await Promise.all(PORTS.map(health));
    const leaderIdx = states.findIndex((h) => h.leader);
    const followerIdx = 1 - leaderIdx;

    // A change made through the follower (A) reaches a live client of the leader (B), and the reverse.
    const client = listen(PORTS[leaderIdx], token);
    const followerClient = listen(PORTS[followerIdx], token);
    // Both clients are connected (each has its first snapshot) before the change is made.
    await expect.poll(() => client.events.length > 0 && followerClient.events.length > 0, { timeout: 15_000 }).toBe(true);
    const inject = await fetch(`http://127.0.0.1:${PORTS[followerIdx]}/api/v1/sim`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ action: 'inject', failure: { kind: 'region_outage', regionId: 'aws-ap-southeast-2' } }),
    });
    expect(inject.status, await inject.clone().text()).toBe(200);
    const wentDown = (events: { event: string; data: string }[]) =>
      events.some((e) => e.event === 'health' && JSON.parse(e.data).regionId === 'aws-ap-southeast-2' && JSON.parse(e.data).to === 'down');
    const seen = (events: { event: string }[]) => `${events.length} events: ${[...new Set(events.map((e) => e.event))].join(', ')}`;
    const leaderHealth = async () => JSON.stringify(await health(PORTS[leaderIdx]));
    await expect
      .poll(() => wentDown(client.events), { timeout: 30_000 })
      .toBe(true)
      .catch(async (e) => {
        // Say what the leader was doing: its events, its tick and the age of its last step.
        throw new Error(`leader's client saw ${seen(client.events)}; leader health now ${await leaderHealth()}\n${(e as Error).message}`);
      });
    await expect.poll(() => wentDown(followerClient.events), { timeout: 30_000, message: `follower's client saw ${seen(followerClient.events)}` }).toBe(true);
    client.close();

    // Kill the leader: the follower takes the lock and keeps the model running.
    kill(procs[leaderIdx]);
    await expect.poll(async () => (await health(PORTS[followerIdx]))?.leader ?? false, { timeout: 30_000 }).toBe(true);
    const ticks = async () =>
      (await (await fetch(`http://127.0.0.1:${PORTS[followerIdx]}/api/v1/fleet`, { headers: { Authorization: `Bearer ${token}` } })).json()).sim.tick;
    const t0 = await ticks();
    await expect.poll(ticks, { timeout: 15_000 }).toBeGreaterThan(t0);
    followerClient.close();
  } finally {
    procs.forEach(kill);
    await db.$disconnect();
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  }
});
