// Live fleet model under load, on the production server with the demo fleet: telemetry ingest throughput, and 1,000
// Server-Sent Events clients: how soon each sees a region go down, and what each costs the server in memory.
// Merges into bench/results/fleet-model.json (the simulator's figures there are kept).
//   npx tsx bench/fleet-model-live.ts        (BENCH_PORT=… to move it off 3341)
// The client sockets and the server's share the machine's file descriptors: 1,000 clients need ~2,100 (`ulimit -n`).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { createDb } from '../lib/db-client';
// @ts-expect-error plain ESM helper without types
import { buildIfStale } from '../scripts/build-if-stale.mjs';
import {
  BENCH_DIST_DIR,
  type BenchServer,
  benchCredentials,
  HOST,
  listeningPid,
  loadNote,
  median,
  mergeResults,
  percentile,
  ROOT,
  request,
  round,
  rssKb,
  serverEnv,
  sleep,
  startNext,
  stopOnSignal,
  tempDir,
} from './lib';

const PORT = Number(process.env.BENCH_PORT ?? 3341);
const CLIENTS = 1000;
const CONNECT_BATCH = 50; // connections opened at once (the listen backlog is finite)
const OUTAGE_REGION = 'aws-eu-west-1';
const HEALTH_DEADLINE_MS = 30_000;
const INGEST_BATCH = 5000;
const INGEST_CONCURRENCY = 4;
const INGEST_SECONDS = 10;

const dir = tempDir('fleet-live');
const url = `file:${path.join(dir, 'live.db')}`;
const log = path.join(dir, 'server.log');
let server: BenchServer | null = null;
stopOnSignal(
  () => [server],
  () => fs.rmSync(dir, { recursive: true, force: true }),
);

interface Client {
  req: http.ClientRequest;
  status: number;
  snapshots: number;
  bytes: number;
  /** ms from the outage POST until this client got `event: health` for the region going down */
  healthMs: number | null;
  /** ms from the server detecting the state change (the event's `at`) until this client had the event */
  deliveryMs: number | null;
  dropped: boolean;
}

const HEALTH_MARKER = Buffer.from(`event: health\ndata: {"regionId":"${OUTAGE_REGION}"`);
const SNAPSHOT_MARKER = Buffer.from('event: '); // counts snapshot and delta frames alike (and health ones; they are rare)
const clock: { injectedAt: number | null } = { injectedAt: null };

function openClient(agent: http.Agent, bearer: string): Promise<Client> {
  return new Promise((resolve) => {
    const c = { status: 0, snapshots: 0, bytes: 0, healthMs: null, deliveryMs: null, dropped: false } as Client;
    let tail: Buffer = Buffer.alloc(0);
    c.req = http.get({ host: HOST, port: PORT, path: '/api/v1/stream', agent, headers: { authorization: bearer, accept: 'text/event-stream' } }, (res) => {
      c.status = res.statusCode ?? 0;
      resolve(c);
      res.on('data', (chunk: Buffer) => {
        const now = performance.now();
        c.bytes += chunk.length;
        // Events may straddle chunks: search the end of the previous chunk too.
        const buf = tail.length ? Buffer.concat([tail, chunk]) : chunk;
        for (
          let i = buf.indexOf(SNAPSHOT_MARKER, tail.length ? Math.max(0, tail.length - SNAPSHOT_MARKER.length + 1) : 0);
          i >= 0;
          i = buf.indexOf(SNAPSHOT_MARKER, i + 1)
        )
          c.snapshots++;
        if (clock.injectedAt !== null && c.healthMs === null) {
          const at = buf.indexOf(HEALTH_MARKER);
          if (at >= 0) {
            const end = buf.indexOf('\n\n', at);
            if (end < 0) {
              tail = buf.subarray(at);
              return;
            }
            const frame = buf.subarray(at, end).toString();
            if (frame.includes('"to":"down"')) {
              c.healthMs = now - clock.injectedAt;
              // The event carries the server's time of the state change (same machine, same clock).
              c.deliveryMs = Date.now() - Number(/"at":(\d+)/.exec(frame)?.[1]);
            }
          }
        }
        tail = Buffer.from(buf.subarray(Math.max(0, buf.length - 256)));
      });
      res.on('close', () => {
        if (!c.req.destroyed) c.dropped = true;
      });
    });
    c.req.on('error', () => {
      c.dropped = true;
      resolve(c);
    });
  });
}

async function waitUntil(cond: () => boolean, deadlineMs: number) {
  while (!cond() && Date.now() < deadlineMs) await sleep(100);
  return cond();
}

async function rssSample(pid: number): Promise<number> {
  const xs: number[] = [];
  for (let i = 0; i < 3; i++) {
    xs.push(rssKb(pid));
    await sleep(1000);
  }
  return median(xs);
}

async function main() {
  const loadBefore = loadNote();
  const env = serverEnv(url, PORT);
  const prep = spawnSync('npx', ['tsx', 'scripts/db.ts', 'prepare'], { cwd: ROOT, env, stdio: 'inherit' });
  if (prep.status !== 0) throw new Error('database prepare failed');
  buildIfStale(env);
  const { bearer } = await benchCredentials(url, 'admin');
  const db = createDb(url);
  const regionIds = (await db.region.findMany({ where: { status: { not: 'retired' } }, select: { id: true } })).map((r) => r.id);
  await db.$disconnect();

  server = await startNext(url, PORT, { log });
  if (!server.child.pid) throw new Error('server has no pid');
  const pid = listeningPid(server.child.pid, PORT);
  // A few ticks, so the runtime and the routes are warm.
  await sleep(3000);
  const auth = { authorization: bearer, 'content-type': 'application/json' };
  const fleet = await request(PORT, 'GET', '/api/v1/fleet', auth);
  const before = JSON.parse(fleet.text) as { regions: { id: string; health: string }[] };
  const outageHealth = before.regions.find((r) => r.id === OUTAGE_REGION)?.health;
  if (outageHealth !== 'healthy') throw new Error(`${OUTAGE_REGION} is ${outageHealth ?? 'unknown'} before the test`);
  const snapshotKb = fleet.text.length / 1024;

  // --- 1,000 SSE clients -------------------------------------------------------------------------------------------
  const rssBefore = await rssSample(pid);
  const agent = new http.Agent({ keepAlive: false, maxSockets: Number.POSITIVE_INFINITY });
  const clients: Client[] = [];
  const connectStart = performance.now();
  for (let i = 0; i < CLIENTS; i += CONNECT_BATCH) {
    clients.push(...(await Promise.all(Array.from({ length: Math.min(CONNECT_BATCH, CLIENTS - i) }, () => openClient(agent, bearer)))));
  }
  const allSnapshot = await waitUntil(() => clients.every((c) => c.snapshots > 0 || c.dropped), Date.now() + 60_000);
  const connectS = (performance.now() - connectStart) / 1000;
  const open = clients.filter((c) => c.status === 200 && !c.dropped).length;
  console.log(`${open}/${CLIENTS} streams open in ${connectS.toFixed(1)} s${allSnapshot ? ', each with a snapshot' : ''}`);
  // Let the streams run a few seconds so buffers reach their steady size before reading RSS.
  await sleep(5000);
  const rssAfter = await rssSample(pid);
  const kbPerClient = (rssAfter - rssBefore) / CLIENTS;
  console.log(`server RSS ${Math.round(rssBefore / 1024)} → ${Math.round(rssAfter / 1024)} MiB: ${kbPerClient.toFixed(1)} KiB per client`);

  const snapshotsBefore = clients.reduce((s, c) => s + c.snapshots, 0);
  const bytesBefore = clients.reduce((s, c) => s + c.bytes, 0);
  const steadyStart = performance.now();
  await sleep(5000);
  const steadyS = (performance.now() - steadyStart) / 1000;
  const snapshotsPerClientPerS = (clients.reduce((s, c) => s + c.snapshots, 0) - snapshotsBefore) / open / steadyS;
  const mbPerS = (clients.reduce((s, c) => s + c.bytes, 0) - bytesBefore) / 2 ** 20 / steadyS;
  console.log(`steady state: ${snapshotsPerClientPerS.toFixed(2)} snapshots per client per s, ${mbPerS.toFixed(1)} MiB/s to all clients`);

  clock.injectedAt = performance.now();
  const inject = await request(
    PORT,
    'POST',
    '/api/v1/sim',
    auth,
    JSON.stringify({ action: 'inject', failure: { kind: 'region_outage', regionId: OUTAGE_REGION } }),
  );
  if (inject.status !== 200) throw new Error(`inject: ${inject.status} ${inject.text}`);
  const { failureId } = JSON.parse(inject.text) as { failureId: string };
  const injectAckMs = inject.ms;
  await waitUntil(() => clients.every((c) => c.healthMs !== null || c.dropped), Date.now() + HEALTH_DEADLINE_MS);
  const clear = await request(PORT, 'POST', '/api/v1/sim', auth, JSON.stringify({ action: 'clear', failureId }));
  if (clear.status !== 200) throw new Error(`clear: ${clear.status} ${clear.text}`);
  const healthMs = clients.map((c) => c.healthMs).filter((x): x is number => x !== null);
  const deliveryMs = clients.map((c) => c.deliveryMs).filter((x): x is number => x !== null && Number.isFinite(x));
  const dropped = clients.filter((c) => c.dropped).length;
  for (const c of clients) c.req.destroy();
  agent.destroy();
  console.log(
    `outage of ${OUTAGE_REGION}: ${healthMs.length}/${CLIENTS} clients saw event: health (down); ` +
      `p50 ${percentile(healthMs, 50).toFixed(0)} ms, p95 ${percentile(healthMs, 95).toFixed(0)} ms, max ${Math.max(...healthMs).toFixed(0)} ms; ` +
      `POST answered in ${injectAckMs.toFixed(0)} ms; ${dropped} dropped; from the state change: ` +
      `p50 ${percentile(deliveryMs, 50).toFixed(0)} ms, p95 ${percentile(deliveryMs, 95).toFixed(0)} ms, max ${Math.max(...deliveryMs).toFixed(0)} ms`,
  );
  const loadAfterSse = loadNote();
  // Let the server shed the 1,000 streams and the region recover before the ingest test.
  await sleep(5000);

  // --- telemetry ingest --------------------------------------------------------------------------------------------
  const bodies = Array.from({ length: INGEST_CONCURRENCY }, (_, b) => {
    const at = Date.now();
    const samples = Array.from({ length: INGEST_BATCH }, (_, i) => {
      const regionId = regionIds[(b * INGEST_BATCH + i) % regionIds.length];
      const p50 = 20 + (i % 30);
      return { regionId, at: at - (i % 1000), rps: 1000 + (i % 500), p50Ms: p50, p95Ms: p50 * 3, p99Ms: p50 * 5, errorRate: 0.001, utilisation: 0.5, up: true };
    });
    return JSON.stringify({ samples });
  });
  let accepted = 0;
  let batches = 0;
  const failures: string[] = [];
  const batchMs: number[] = [];
  const ingestStart = performance.now();
  const ingestEnd = ingestStart + INGEST_SECONDS * 1000;
  await Promise.all(
    bodies.map(async (body) => {
      while (performance.now() < ingestEnd && failures.length < 10) {
        const r = await request(PORT, 'POST', '/api/v1/telemetry', auth, body);
        batches++;
        batchMs.push(r.ms);
        if (r.status !== 200) failures.push(`${r.status} ${r.text.slice(0, 200)}`);
        else accepted += (JSON.parse(r.text) as { accepted: number }).accepted;
      }
    }),
  );
  const ingestS = (performance.now() - ingestStart) / 1000;
  const samplesPerS = accepted / ingestS;
  console.log(
    `ingest: ${accepted} samples in ${batches} batches of ${INGEST_BATCH} over ${ingestS.toFixed(1)} s: ${Math.round(samplesPerS)} samples/s; ` +
      `batch median ${median(batchMs).toFixed(0)} ms, p95 ${percentile(batchMs, 95).toFixed(0)} ms; ${failures.length} failed`,
  );
  if (failures.length) throw new Error(`ingest failures: ${failures.join(' | ')}`);
  if (healthMs.length < CLIENTS * 0.99) throw new Error(`only ${healthMs.length}/${CLIENTS} clients saw the region go down`);

  mergeResults(
    'fleet-model',
    'fleet-model-live',
    {
      ingest_samples_per_s: Math.round(samplesPerS),
      sse_p50_ms_1000_clients: Math.round(percentile(deliveryMs, 50)),
      sse_p95_ms_1000_clients: Math.round(percentile(deliveryMs, 95)),
      sse_kb_per_client: round(kbPerClient),
    },
    `Production server (next start, ${BENCH_DIST_DIR}) on the demo fleet (SQLite, ${regionIds.length} live regions, prepared by scripts/db.ts prepare), ` +
      `clients on the same machine over loopback with one admin API token. ` +
      `ingest_samples_per_s: POST /api/v1/telemetry, batches of ${INGEST_BATCH} valid samples (${Math.round(bodies[0].length / 1024)} KiB JSON) ` +
      `for known regions, ${INGEST_CONCURRENCY} at a time for ${INGEST_SECONDS} s: ${accepted} accepted in ${batches} batches, ` +
      `batch median ${median(batchMs).toFixed(0)} ms. ` +
      `SSE: ${CLIENTS} GET /api/v1/stream clients (node:http, Agent maxSockets Infinity, ${CONNECT_BATCH} connects at a time, ` +
      `${open} open in ${connectS.toFixed(1)} s); steady state ${snapshotsPerClientPerS.toFixed(2)} snapshots per client per s ` +
      `(a full snapshot is ${snapshotKb.toFixed(0)} KiB; after it each client gets one delta a second), ${mbPerS.toFixed(1)} MiB/s in all. ` +
      `sse_p50/p95: after POST /api/v1/sim inject region_outage ${OUTAGE_REGION}, from the server's detection of the state change ` +
      `(the \`at\` the health event carries, same machine and clock) until each client had \`event: health\` for it going down; ` +
      `${deliveryMs.length}/${CLIENTS} clients saw it, max ${Math.max(...deliveryMs).toFixed(0)} ms. Counted from sending the POST instead, ` +
      `which adds the wait for the model's next 1 s tick: p50 ${percentile(healthMs, 50).toFixed(0)} ms, p95 ${percentile(healthMs, 95).toFixed(0)} ms, ` +
      `max ${Math.max(...healthMs).toFixed(0)} ms; the POST itself answered in ${injectAckMs.toFixed(0)} ms; the failure was cleared after. ` +
      `sse_kb_per_client: next-server VmRSS (median of 3 readings) before connecting and 5 s after all ${CLIENTS} streams were open, ` +
      `${Math.round(rssBefore / 1024)} → ${Math.round(rssAfter / 1024)} MiB, / ${CLIENTS} (includes garbage not yet collected). ` +
      `Shared 2-core machine, the load generator on the same cores: ${loadBefore} at the start, ${loadAfterSse} after the SSE test, ` +
      `${loadNote()} at the end.`,
  );
}

main()
  .catch((e: unknown) => {
    console.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
    process.exitCode = 1;
  })
  .finally(async () => {
    await server?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });
