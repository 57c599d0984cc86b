// Foundation benchmark: how long `npm start` (scripts/start.mjs) takes to serve on an empty and on an existing SQLite
// database, and how long the server takes to render the overview (/) and regions (/regions) pages for a signed-in
// admin, on the demo fleet and on a generated fleet of 1,000 regions × 50 services. Results: bench/results/foundation.json.
//   npx tsx bench/foundation.ts          (BENCH_PORT=… to move it off 3340)
// Cold starts measure migrate + seed + server start, not the build: the build in .next-bench is made fresh first, and a
// run never rebuilds (the stamp is dated ahead during the run).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createDb, type Db } from '../lib/db-client';
import { seededRandom } from '../lib/demo/random';
import type { RegionStatus } from '../lib/fleet/types';
import { defaultRouting, syntheticRegions } from '../lib/sim';
// @ts-expect-error plain ESM helper without types
import { buildIfStale } from '../scripts/build-if-stale.mjs';
import {
  BENCH_DIST_DIR,
  type BenchServer,
  benchCredentials,
  loadNote,
  median,
  mergeResults,
  ROOT,
  round,
  serverEnv,
  spawnServer,
  startNext,
  stopOnSignal,
  tempDir,
  waitFor200,
} from './lib';

const PORT = Number(process.env.BENCH_PORT ?? 3340);
const COLD_RUNS = 2; // per kind; each empty-database run seeds ~870k cost rows
const COLD_TIMEOUT_MS = 300_000;
const RENDER_WARMUP = 5;
const RENDER_RUNS = 20;
const BIG_REGIONS = 1000;
const BIG_SERVICES = 50;
const BIG_DEPLOYED_SHARE = 0.8; // of region × service pairs
const BIG_COST_DAYS = 45;

const dir = tempDir('foundation');
const log = path.join(dir, 'server.log');
let server: BenchServer | null = null;
stopOnSignal(
  () => [server],
  () => {
    restoreStamp();
    fs.rmSync(dir, { recursive: true, force: true });
  },
);

const buildStamp = path.join(ROOT, BENCH_DIST_DIR, 'BUILD_ID');
let restoreStamp = () => {};

interface ColdStart {
  ms: number;
  /** ms from spawning start.mjs until next start began (prepare: migrate, and seed + 24 h history when empty) */
  prepareMs: number;
  /** ms from spawning until migrations were applied / the demo fleet was seeded (empty database only) */
  migratedMs: number;
  seededMs: number;
  /** ms from spawning until next start printed "Ready" */
  readyMs: number;
}

/** `node scripts/start.mjs` until GET /sign-in answers 200. */
async function coldStart(dbFile: string, label: string): Promise<ColdStart> {
  const env = serverEnv(`file:${dbFile}`, PORT);
  buildIfStale(env);
  // Others edit sources meanwhile, which would make start.mjs rebuild: the build just made stands for "an existing
  // build", so its stamp is dated ahead for the run and put back after (the next bench rebuilds if sources changed).
  const built = fs.statSync(buildStamp);
  restoreStamp = () => fs.utimesSync(buildStamp, built.atime, built.mtime);
  fs.utimesSync(buildStamp, built.atime, new Date(Date.now() + 3_600_000));
  const marks = new Map<string, number>();
  try {
    const t0 = performance.now();
    server = spawnServer('node', ['scripts/start.mjs'], env, PORT, log, (line, at) => {
      // Lines that end a phase: migrations applied, seed done, then next start's banner (everything before it is
      // prepare) and its Ready.
      for (const mark of ['Empty database', 'demo fleet seeded', 'Next.js', 'Ready in']) if (line.includes(mark) && !marks.has(mark)) marks.set(mark, at);
    });
    await waitFor200(PORT, '/sign-in', Date.now() + COLD_TIMEOUT_MS, 50);
    const since = (mark: string) => (marks.get(mark) ?? Number.NaN) - t0;
    const r = {
      ms: performance.now() - t0,
      migratedMs: since('Empty database'),
      seededMs: since('demo fleet seeded'),
      prepareMs: since('Next.js'),
      readyMs: since('Ready in'),
    };
    console.log(`cold start (${label}): ${Math.round(r.ms)} ms (prepare ${Math.round(r.prepareMs)} ms, next ready at ${Math.round(r.readyMs)} ms)`);
    return r;
  } finally {
    await server?.stop();
    restoreStamp();
    restoreStamp = () => {};
  }
}

/** Median server time for GET `p` as a signed-in admin: from sending the request until the whole HTML has arrived. */
async function renderMs(p: string, cookie: string, expect: string): Promise<{ median: number; min: number; max: number; bytes: number }> {
  const get = async () => {
    const t0 = performance.now();
    const res = await fetch(`http://127.0.0.1:${PORT}${p}`, { headers: { cookie }, redirect: 'manual' });
    const html = await res.text();
    const ms = performance.now() - t0;
    if (res.status !== 200 || !html.includes(expect)) throw new Error(`GET ${p}: ${res.status}, ${html.length} bytes, no "${expect}"`);
    return { ms, bytes: html.length };
  };
  for (let i = 0; i < RENDER_WARMUP; i++) await get();
  const ms: number[] = [];
  let bytes = 0;
  for (let i = 0; i < RENDER_RUNS; i++) {
    const r = await get();
    ms.push(r.ms);
    bytes = r.bytes;
  }
  return { median: median(ms), min: Math.min(...ms), max: Math.max(...ms), bytes };
}

async function renders(url: string, label: string) {
  const { cookie } = await benchCredentials(url, 'admin');
  server = await startNext(url, PORT, { log });
  try {
    const overview = await renderMs('/', cookie, 'Fleet overview');
    const regions = await renderMs('/regions', cookie, 'Every region of every provider');
    console.log(
      `${label}: / median ${overview.median.toFixed(1)} ms (${overview.bytes} B), /regions median ${regions.median.toFixed(1)} ms (${regions.bytes} B)`,
    );
    return { overview, regions };
  } finally {
    await server.stop();
  }
}

// --- a generated fleet of 1,000 regions ----------------------------------------------------------------------------

async function inChunks<T>(rows: T[], size: number, insert: (chunk: T[]) => Promise<unknown>) {
  for (let i = 0; i < rows.length; i += size) await insert(rows.slice(i, i + size));
}

async function generateBigFleet(url: string): Promise<Record<string, number>> {
  const migrated = spawnSync('npx', ['tsx', 'scripts/db.ts', 'deploy'], { cwd: ROOT, env: { ...process.env, DATABASE_URL: url }, stdio: 'inherit' });
  if (migrated.status !== 0) throw new Error('migrate failed');
  const db: Db = createDb(url);
  const rand = seededRandom(1000);
  try {
    const regions = syntheticRegions(BIG_REGIONS, 42).map((r) => {
      const x = rand();
      const status: RegionStatus = x < 0.01 ? 'retired' : x < 0.03 ? 'maintenance' : 'active';
      return { ...r, status };
    });
    await inChunks(regions, 500, (c) => db.region.createMany({ data: c }));
    const teams = ['Platform', 'Identity', 'Content', 'Discovery', 'Payments', 'Messaging', 'Media', 'Search', 'Data', 'Growth'];
    const services = Array.from({ length: BIG_SERVICES }, (_, i) => {
      const tier = 1 + (i % 3);
      return {
        id: `svc-bench-${i}`,
        slug: `bench-${i}`,
        name: `Bench service ${i}`,
        team: teams[i % teams.length],
        tier,
        sloAvailabilityPct: tier === 1 ? 99.99 : tier === 2 ? 99.95 : 99.9,
        sloLatencyP95Ms: 100 + tier * 80,
      };
    });
    await db.service.createMany({ data: services });
    const deployments: { serviceId: string; regionId: string; version: string; desiredReplicas: number; readyReplicas: number; state: string }[] = [];
    for (const s of services) {
      for (const r of regions) {
        if (r.status === 'retired' || rand() >= BIG_DEPLOYED_SHARE) continue;
        const drift = rand();
        const desired = 2 + Math.floor(rand() * 10);
        const state = drift < 0.01 ? 'progressing' : drift < 0.015 ? 'degraded' : 'healthy';
        deployments.push({
          serviceId: s.id,
          regionId: r.id,
          version: drift < 0.02 ? `${s.tier}.1.0` : `${s.tier}.0.0`,
          desiredReplicas: desired,
          readyReplicas: state === 'healthy' ? desired : Math.max(0, desired - 1),
          state,
        });
      }
    }
    await inChunks(deployments, 2000, (c) => db.deployment.createMany({ data: c }));
    const routing = defaultRouting(regions.filter((r) => r.status !== 'retired')).map((r) => {
      const maintenance = regions.find((x) => x.id === r.regionId)?.status === 'maintenance';
      return { scopeKey: r.regionId, regionId: r.regionId, weight: 128, dialPct: maintenance ? 0 : 100, drained: maintenance };
    });
    await inChunks(routing, 500, (c) => db.routingState.createMany({ data: c }));
    // A modest cost history (one compute row per region and day), so the overview's month-to-date sums read rows.
    const today = new Date();
    const costRows: string[] = [];
    for (let d = 0; d < BIG_COST_DAYS; d++) {
      const day = new Date(today.getTime() - d * 86_400_000).toISOString().slice(0, 10);
      for (const r of regions)
        costRows.push(
          `('${day}:bc-${r.id}','${day}','${r.id}',NULL,'${r.provider}','compute',${(r.capacityRps * 0.02 * (0.9 + rand() * 0.2)).toFixed(2)},'seed')`,
        );
    }
    await inChunks(costRows, 2000, (c) =>
      db.$executeRawUnsafe(`INSERT INTO "CostRecord" ("id","day","regionId","serviceId","provider","category","amountUsd","source") VALUES ${c.join(',')}`),
    );
    return { regions: regions.length, services: services.length, deployments: deployments.length, routing: routing.length, costRows: costRows.length };
  } finally {
    await db.$disconnect();
  }
}

async function main() {
  const loadBefore = loadNote();
  const demoDb = path.join(dir, 'demo.db');
  const demoUrl = `file:${demoDb}`;

  // Empty database: migrate, seed the demo fleet and its 24 h history, start. The first run's database is the
  // "existing" one afterwards.
  const empty: ColdStart[] = [];
  for (let i = 0; i < COLD_RUNS; i++) {
    const file = i === 0 ? demoDb : path.join(dir, `empty-${i}.db`);
    empty.push(await coldStart(file, 'empty db'));
    if (i > 0) fs.rmSync(file, { force: true });
  }
  const existing: ColdStart[] = [];
  for (let i = 0; i < COLD_RUNS; i++) existing.push(await coldStart(demoDb, 'existing db'));
  const loadAfterCold = loadNote();

  const demo = await renders(demoUrl, 'demo fleet');

  const bigUrl = `file:${path.join(dir, 'big.db')}`;
  const genStart = performance.now();
  const big = await generateBigFleet(bigUrl);
  const genS = (performance.now() - genStart) / 1000;
  console.log(`generated ${JSON.stringify(big)} in ${genS.toFixed(1)} s`);
  const bigRender = await renders(bigUrl, `${BIG_REGIONS} regions`);

  const figures = {
    cold_start_ms_empty_db: Math.round(median(empty.map((r) => r.ms))),
    cold_start_ms_existing_db: Math.round(median(existing.map((r) => r.ms))),
    overview_render_ms_demo: round(demo.overview.median),
    regions_render_ms_demo: round(demo.regions.median),
    overview_render_ms_1000_regions: round(bigRender.overview.median),
    regions_render_ms_1000_regions: round(bigRender.regions.median),
  };
  const phases = (runs: ColdStart[]) =>
    runs
      .map(
        (r) =>
          `${Math.round(r.ms)} ms = prepare ${Math.round(r.prepareMs)}` +
          (Number.isNaN(r.seededMs)
            ? ''
            : ` (migrate ${Math.round(r.migratedMs)}, seed ${Math.round(r.seededMs - r.migratedMs)}, history ${Math.round(r.prepareMs - r.seededMs)})`) +
          ` + next start ${Math.round(r.readyMs - r.prepareMs)} + first answer ${Math.round(r.ms - r.readyMs)}`,
      )
      .join(', ');
  const range = (r: { min: number; max: number; bytes: number }) => `${r.min.toFixed(0)}-${r.max.toFixed(0)} ms, ${Math.round(r.bytes / 1024)} KiB`;
  mergeResults(
    'foundation',
    'foundation',
    figures,
    `Cold starts: \`node scripts/start.mjs\` (prepare = migrate + seed the demo fleet when empty, build-if-stale, next start) until ` +
      `GET /sign-in answers 200, with a fresh production build already in ${BENCH_DIST_DIR} (its stamp dated ahead during the run, so start.mjs does not rebuild for edits other engineers make meanwhile), ` +
      `so they measure migrate + seed + server start, not the build; median of ${COLD_RUNS} runs (empty: ${phases(empty)}; ` +
      `existing: ${phases(existing)}; on an empty database prepare also replays 24 h of telemetry history; each phase runs until its log line, with process start-up). ` +
      `Renders: fetch of the page with an admin session cookie, from request to the last byte of HTML, median of ${RENDER_RUNS} ` +
      `after ${RENDER_WARMUP} warm-up, one at a time, while the fleet runtime ticks every second in the same process ` +
      `(demo: / ${range(demo.overview)}, /regions ${range(demo.regions)}; ` +
      `1,000 regions: / ${range(bigRender.overview)}, /regions ${range(bigRender.regions)}). ` +
      `The 1,000-region database: syntheticRegions(1000, 42) with 2 % maintenance and 1 % retired, ${big.services} services, ` +
      `${big.deployments} deployments (${BIG_DEPLOYED_SHARE * 100} % of live pairs, ~2 % on another version), ${big.routing} routing rows, ` +
      `${big.costRows} cost rows (one per region and day for ${BIG_COST_DAYS} days), no data stores, no telemetry history; ` +
      `generated in ${genS.toFixed(1)} s. ` +
      `Shared machine (other engineers' builds, browsers and databases ran meanwhile): ${loadBefore} at the start, ${loadAfterCold} after ` +
      `the cold starts, ${loadNote()} at the end.`,
  );
}

main()
  .catch(async (e: unknown) => {
    console.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
    process.exitCode = 1;
    await server?.stop();
  })
  .finally(() => fs.rmSync(dir, { recursive: true, force: true }));
