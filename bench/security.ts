// Security-path benchmark: the production app under 200 signed-in sessions, each holding a Server-Sent Events stream,
// while an operator's API token drives 200 simulation commands. Every request passes the real checks (session or token
// lookup in the database, role, same-origin rule, zod, audit row).
//   npx tsx bench/security.ts        (builds into .next-sec when stale; serves on 127.0.0.1:3330)
// Sessions are created as Session rows (sha-256 of a random cookie token), exactly what a sign-in writes, because 200
// sign-ins through the form would measure bcrypt (cost 10-12, about 0.1-0.25 s each), not the request path.
// Results: bench/results/security.json. Bounded: the measured part stops after 60 s (seeding, build and boot come first).
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { newSecret, sha256 } from '../lib/auth/tokens';
import { createDb } from '../lib/db-client';
// @ts-expect-error plain ESM helper without types
import { buildIfStale } from '../scripts/build-if-stale.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PORT = Number(process.env.BENCH_PORT ?? 3330);
const HOST = '127.0.0.1';
const SESSIONS = 200;
const ACTIONS = 200;
const ACTION_CONCURRENCY = 8; // operators acting at once
const TIME_LIMIT_MS = 60_000;
const RESULTS = path.join(ROOT, 'bench/results/security.json');

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'meridian-bench-sec-'));
const url = `file:${path.join(dir, 'bench.db')}`;
const env = {
  ...process.env,
  DATABASE_URL: url,
  MERIDIAN_DEMO_ACCOUNTS: '1',
  NEXT_TELEMETRY_DISABLED: '1',
  NEXT_DIST_DIR: process.env.NEXT_DIST_DIR ?? '.next-sec',
  PORT: String(PORT),
};

let server: ChildProcess | null = null;
function cleanup() {
  // The server runs in its own process group (detached), so its children (next's worker) stop with it.
  if (server?.pid) {
    try {
      process.kill(-server.pid, 'SIGTERM');
    } catch {}
  }
  fs.rmSync(dir, { recursive: true, force: true });
}
process.on('SIGINT', () => {
  cleanup();
  process.exit(130);
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] : Number.NaN;
};
const round = (x: number) => Math.round(x * 10) / 10;

function request(method: string, p: string, headers: Record<string, string>, body?: string): Promise<{ status: number; ms: number; text: string }> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: HOST, port: PORT, path: p, method, headers: { ...headers, ...(body ? { 'content-length': Buffer.byteLength(body) } : {}) } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c) => {
          text += c;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - t0, text }));
      },
    );
    req.setTimeout(20_000, () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end(body);
  });
}

async function waitForHealth(deadline: number) {
  while (Date.now() < deadline) {
    try {
      if ((await request('GET', '/api/health', {})).status === 200) return;
    } catch {}
    await sleep(300);
  }
  throw new Error('the server did not become healthy');
}

interface Stream {
  status: number;
  events: number;
  eventsDuringActions: number;
  bytes: number;
  dropped: boolean;
  closedByUs: boolean;
  req: http.ClientRequest;
}

function openStream(cookie: string, agent: http.Agent, counting: { on: boolean }): Promise<Stream> {
  return new Promise((resolve) => {
    const s = { status: 0, events: 0, eventsDuringActions: 0, bytes: 0, dropped: false, closedByUs: false } as Stream;
    s.req = http.get({ host: HOST, port: PORT, path: '/api/v1/stream', agent, headers: { cookie, accept: 'text/event-stream' } }, (res) => {
      s.status = res.statusCode ?? 0;
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        s.bytes += chunk.length;
        const n = chunk.split('\n\n').length - 1 - (chunk.match(/^: keep-alive/gm)?.length ?? 0);
        s.events += n;
        if (counting.on) s.eventsDuringActions += n;
      });
      const ended = () => {
        if (!s.closedByUs) s.dropped = true;
      };
      res.on('end', ended);
      res.on('close', ended);
      resolve(s);
    });
    s.req.on('error', () => {
      if (!s.closedByUs) s.dropped = true;
      resolve(s);
    });
  });
}

async function main() {
  const t0 = Date.now();
  console.log(`database ${url}`);
  const prep = spawnSync('npx', ['tsx', 'scripts/db.ts', 'prepare'], { cwd: ROOT, env, stdio: 'inherit' });
  if (prep.status !== 0) throw new Error('database prepare failed');
  buildIfStale(env);

  // 200 sessions (spread over the four demo accounts) and one operator token, written as a sign-in and the settings page would.
  const db = createDb(url);
  const users = await db.user.findMany({ select: { id: true, role: true } });
  const operator = users.find((u) => u.role === 'operator');
  if (!operator) throw new Error('no demo operator');
  const cookies: string[] = [];
  const expiresAt = new Date(Date.now() + 12 * 3600_000);
  const rows = Array.from({ length: SESSIONS }, (_, i) => {
    const token = newSecret();
    cookies.push(`meridian_session=${token}`);
    return { id: sha256(token), userId: users[i % users.length].id, expiresAt };
  });
  await db.session.createMany({ data: rows });
  const operatorToken = newSecret('mrd_');
  await db.apiToken.create({ data: { name: 'bench-operator', role: 'operator', userId: operator.id, tokenHash: sha256(operatorToken) } });
  await db.$disconnect();

  server = spawn('npx', ['next', 'start', '-p', String(PORT), '-H', HOST], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'inherit'], detached: true });
  const startedAt = Date.now();
  await waitForHealth(startedAt + 120_000);
  console.log(`server up in ${Date.now() - startedAt} ms`);
  // At boot the runtime backfills 24 h of history into an empty database, which stalls the server for a while; the
  // bench measures the steady state: it starts after three quick answers in a row (warming the routes too).
  for (let quick = 0; quick < 3 && Date.now() < startedAt + 180_000; ) {
    const r = await request(
      'POST',
      '/api/v1/sim',
      { authorization: `Bearer ${operatorToken}`, 'content-type': 'application/json' },
      '{"action":"speed","speed":1}',
    ).catch(() => ({ status: 0, ms: Number.POSITIVE_INFINITY }));
    quick = r.status === 200 && r.ms < 300 ? quick + 1 : 0;
    if (!quick) await sleep(500);
  }
  const settledMs = Date.now() - startedAt;
  console.log(`settled after ${settledMs} ms`);
  const deadline = Date.now() + TIME_LIMIT_MS;

  const agent = new http.Agent({ keepAlive: false, maxSockets: Number.POSITIVE_INFINITY });
  const counting = { on: false };
  const streams = await Promise.all(cookies.map((c) => openStream(c, agent, counting)));
  // Every stream gets the current snapshot at once; wait until all have it (or the deadline).
  while (streams.some((s) => s.events === 0 && !s.dropped) && Date.now() < deadline - 30_000) await sleep(100);
  const connectedWithSnapshot = streams.filter((s) => s.status === 200 && s.events > 0).length;
  console.log(`${connectedWithSnapshot}/${SESSIONS} streams open with a first snapshot after ${Date.now() - startedAt} ms`);

  counting.on = true;
  const latencies: number[] = [];
  const failures: string[] = [];
  let next = 0;
  let attempted = 0;
  const actStart = performance.now();
  await Promise.all(
    Array.from({ length: ACTION_CONCURRENCY }, async () => {
      while (next < ACTIONS && Date.now() < deadline) {
        const i = next++;
        attempted++;
        const body = JSON.stringify({ action: 'speed', speed: 1 + (i % 5) });
        try {
          const r = await request('POST', '/api/v1/sim', { authorization: `Bearer ${operatorToken}`, 'content-type': 'application/json' }, body);
          latencies.push(r.ms);
          if (r.status < 200 || r.status >= 300) failures.push(`sim ${i}: ${r.status} ${r.text.slice(0, 120)}`);
        } catch (e) {
          failures.push(`sim ${i}: ${(e as Error).message}`);
        }
      }
    }),
  );
  const actMs = performance.now() - actStart;
  // Let the streams run a little after the last action, so a stream that died late is seen.
  await sleep(Math.min(3000, Math.max(0, deadline - Date.now())));
  counting.on = false;

  const notOpened = streams.filter((s) => s.status !== 200).length;
  const dropped = streams.filter((s) => s.dropped).length;
  const silent = streams.filter((s) => s.status === 200 && !s.dropped && s.eventsDuringActions === 0).length;
  for (const s of streams) {
    s.closedByUs = true;
    s.req.destroy();
  }
  agent.destroy();
  // Actions the time limit cut off count as errors too.
  const errors = failures.length + (ACTIONS - attempted) + notOpened + dropped + silent;
  const events = streams.reduce((a, s) => a + s.eventsDuringActions, 0);

  const result = {
    date: new Date().toISOString(),
    machine: `${os.cpus()[0]?.model ?? 'cpu'}, ${os.cpus().length} cores, ${round(os.totalmem() / 2 ** 30)} GiB RAM, node ${process.version}, ${os.platform()} ${os.release()}`,
    figures: { sessions: SESSIONS, errors, action_p95_ms: round(percentile(latencies, 95)) },
    notes:
      `${SESSIONS} DB sessions (Session rows with the sha-256 of a random cookie token, over the 4 demo accounts; created directly, not through the ` +
      `sign-in form, so bcrypt is not what is measured), each holding GET /api/v1/stream (SSE) on loopback while one operator API token sent ` +
      `${latencies.length} POST /api/v1/sim {"action":"speed","speed":1..5} (${ACTION_CONCURRENCY} at a time) in ${round(actMs / 1000)} s: ` +
      `p50 ${round(percentile(latencies, 50))} ms, p95 ${round(percentile(latencies, 95))} ms, max ${round(Math.max(...latencies))} ms. ` +
      `Each call: token lookup (sha-256, one indexed read), lastUsedAt write, role check, zod, the command, an audit row. ` +
      `Streams: ${SESSIONS - notOpened} opened (200), ${connectedWithSnapshot} with a first snapshot, ${dropped} dropped, ${silent} silent during the actions; ` +
      `${events} SSE events delivered during the action phase. errors = non-2xx or failed actions (${failures.length}) + streams not opened, dropped or silent. ` +
      `Production build (next start, NEXT_DIST_DIR=${env.NEXT_DIST_DIR}) on a fresh SQLite database. ` +
      `Measured after the server settled (${round(settledMs / 1000)} s after start: the runtime's history backfill of a new database). Total wall time ${round((Date.now() - t0) / 1000)} s.`,
  };
  if (failures.length) console.log(failures.slice(0, 10).join('\n'));
  fs.mkdirSync(path.dirname(RESULTS), { recursive: true });
  fs.writeFileSync(RESULTS, `${JSON.stringify(result, null, 2)}\n`);
  console.log(JSON.stringify(result, null, 2));
}

main()
  .then(() => {
    cleanup();
    process.exit(0);
  })
  .catch((e) => {
    console.error(e);
    cleanup();
    process.exit(1);
  });
