// Test/bench harness for the HAProxy adapter: local HTTP backends, an HAProxy child process, a bounded keep-alive
// load generator, and the analysis (failures, traffic shares per phase, drain effect). Used by
// lib/dataplane/haproxy.int.test.ts and bench/haproxy.ts. Loopback only; every wait is a bounded poll.

import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { accessSync, constants as fsConstants } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

import { type ApplyResult, type DesiredRouting, desiredState, expectedShares } from './adapter';
import { generateHaproxyConfig, HaproxyAdapter, type HaproxyConfigOptions } from './haproxy';

// ---------------------------------------------------------------------------------------------------------------
// Waiting
// ---------------------------------------------------------------------------------------------------------------

/** Polls `check` every `intervalMs` until it returns a value other than undefined, or throws after `timeoutMs`. */
export async function pollUntil<T>(what: string, check: () => Promise<T | undefined>, options: { timeoutMs: number; intervalMs?: number }): Promise<T> {
  const deadline = performance.now() + options.timeoutMs;
  let lastError: unknown = null;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (err) {
      lastError = err;
    }
    if (performance.now() >= deadline) {
      const detail = lastError instanceof Error ? `: ${lastError.message}` : '';
      throw new Error(`timed out after ${options.timeoutMs} ms waiting for ${what}${detail}`);
    }
    await new Promise((r) => setTimeout(r, options.intervalMs ?? 50));
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Backends
// ---------------------------------------------------------------------------------------------------------------

export interface TestBackend {
  name: string;
  port: number;
  /** performance.now() at which each (non-health-check) request arrived. */
  arrivals: number[];
  close(): Promise<void>;
}

/** An HTTP server on 127.0.0.1:<random> answering every request with its own name (header x-backend and body). */
export async function startBackend(name: string, options: { delayMs?: number } = {}): Promise<TestBackend> {
  const arrivals: number[] = [];
  const delayMs = options.delayMs ?? 0;
  const server = http.createServer((req, res) => {
    if (req.url === '/healthz') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('ok');
      return;
    }
    arrivals.push(performance.now());
    const reply = (): void => {
      res.writeHead(200, { 'content-type': 'text/plain', 'x-backend': name });
      res.end(name);
    };
    if (delayMs > 0) setTimeout(reply, delayMs);
    else reply();
  });
  // Longer than HAProxy's idle server-side connections live, so HAProxy never reuses a connection the backend is
  // closing (the classic keep-alive race that turns into a 502).
  server.keepAliveTimeout = 120_000;
  server.headersTimeout = 125_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('backend has no TCP address');
  return {
    name,
    port: address.port,
    arrivals,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export async function getFreePort(): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = address !== null && typeof address !== 'string' ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

// ---------------------------------------------------------------------------------------------------------------
// HAProxy process
// ---------------------------------------------------------------------------------------------------------------

/** $HAPROXY_BIN when set (only that), else `haproxy` on PATH or in the usual sbin directories; null when absent. */
export function findHaproxyBinary(): string | null {
  const fromEnv = process.env.HAPROXY_BIN;
  const candidates: string[] = [];
  if (fromEnv !== undefined && fromEnv.length > 0) {
    candidates.push(fromEnv);
  } else {
    const dirs = [...(process.env.PATH ?? '').split(path.delimiter), '/usr/sbin', '/usr/local/sbin', '/sbin'];
    for (const dir of dirs) if (dir.length > 0) candidates.push(path.join(dir, 'haproxy'));
  }
  for (const candidate of candidates) {
    try {
      accessSync(candidate, fsConstants.X_OK);
      return candidate;
    } catch {
      // next
    }
  }
  return null;
}

export const HAPROXY_MISSING_MESSAGE =
  'haproxy binary not found (looked at $HAPROXY_BIN, $PATH, /usr/sbin, /usr/local/sbin). Install it ' +
  '(apt-get install -y haproxy) or set HAPROXY_BIN; set SKIP_HAPROXY=1 to skip the HAProxy integration test.';

export interface HaproxyStack {
  dir: string;
  configPath: string;
  config: string;
  frontendPort: number;
  socketPath: string;
  backends: TestBackend[];
  adapter: HaproxyAdapter;
  process: ChildProcess;
  /** stdout+stderr of HAProxy (bounded). */
  log(): string;
  stop(): Promise<void>;
}

export interface StartStackOptions {
  bin: string;
  regions: ReadonlyArray<{ code: string; weight: number }>;
  backendName?: string;
  backendDelayMs?: number;
  readyTimeoutMs?: number;
  configOverrides?: Partial<Omit<HaproxyConfigOptions, 'backends' | 'frontendPort' | 'statsSocket'>>;
}

function execFileText(bin: string, args: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(bin, args, { timeout: 10_000 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
      resolve({ code, output: `${stdout}${stderr}` });
    });
  });
}

/** Backends + generated config + `haproxy -db` child; resolves once every server is UP and a request succeeds. */
export async function startHaproxyStack(options: StartStackOptions): Promise<HaproxyStack> {
  const backendName = options.backendName ?? 'app';
  const dir = await mkdtemp(path.join(os.tmpdir(), 'meridian-haproxy-'));
  const backends: TestBackend[] = [];
  let child: ChildProcess | null = null;
  const killOnExit = (): void => {
    child?.kill('SIGKILL');
  };
  try {
    for (const r of options.regions) backends.push(await startBackend(r.code, { delayMs: options.backendDelayMs }));
    const frontendPort = await getFreePort();
    const socketPath = path.join(dir, 'admin.sock');
    const config = generateHaproxyConfig({
      backends: [
        {
          name: backendName,
          servers: options.regions.map((r, i) => ({
            name: r.code,
            host: '127.0.0.1',
            port: backends[i]?.port ?? 0,
            weight: r.weight,
            id: i + 1,
          })),
        },
      ],
      frontendPort,
      statsSocket: socketPath,
      serverStateFile: path.join(dir, 'server-state'),
      healthCheck: { intervalMs: 500, rise: 1, fall: 2 },
      ...options.configOverrides,
    });
    const configPath = path.join(dir, 'haproxy.cfg');
    await writeFile(configPath, config);
    const check = await execFileText(options.bin, ['-c', '-f', configPath]);
    if (check.code !== 0) throw new Error(`haproxy -c rejected the generated config:\n${check.output}\n${config}`);

    let output = '';
    const proc = spawn(options.bin, ['-db', '-f', configPath], { stdio: ['ignore', 'pipe', 'pipe'] });
    child = proc;
    process.once('exit', killOnExit);
    const collect = (chunk: Buffer): void => {
      if (output.length < 64_000) output += chunk.toString('utf8');
    };
    proc.stdout?.on('data', collect);
    proc.stderr?.on('data', collect);
    let exited: number | null = null;
    const exitPromise = new Promise<void>((resolve) => {
      proc.once('exit', (code, signal) => {
        exited = code ?? (signal !== null ? 128 : 1);
        resolve();
      });
    });

    const adapter = new HaproxyAdapter({ socket: { path: socketPath }, backend: backendName, timeoutMs: 3000 });
    await pollUntil(
      'HAProxy to report every server UP',
      async () => {
        if (exited !== null) throw new Error(`haproxy exited with ${exited}: ${output}`);
        const servers = await adapter.readServers();
        return servers.length === options.regions.length && servers.every((s) => s.opState === 2) ? true : undefined;
      },
      { timeoutMs: options.readyTimeoutMs ?? 15_000, intervalMs: 50 },
    );
    await pollUntil('a request through the HAProxy frontend', async () => ((await getOnce(frontendPort)) === 200 ? true : undefined), {
      timeoutMs: 5_000,
      intervalMs: 50,
    });
    for (const b of backends) b.arrivals.length = 0;

    const stop = async (): Promise<void> => {
      if (exited === null) {
        proc.kill('SIGTERM');
        const timer = setTimeout(() => proc.kill('SIGKILL'), 3000);
        await exitPromise;
        clearTimeout(timer);
      }
      process.removeListener('exit', killOnExit);
      await Promise.all(backends.map((b) => b.close()));
      await rm(dir, { recursive: true, force: true });
    };
    return { dir, configPath, config, frontendPort, socketPath, backends, adapter, process: proc, log: () => output, stop };
  } catch (err) {
    child?.kill('SIGKILL');
    process.removeListener('exit', killOnExit);
    await Promise.all(backends.map((b) => b.close()));
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
}

function getOnce(port: number): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/probe', agent: false, timeout: 2000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('timeout', () => req.destroy(new Error('probe timed out')));
    req.on('error', reject);
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Load generator
// ---------------------------------------------------------------------------------------------------------------

export interface RequestRecord {
  /** performance.now() when the request was issued / when it finished. */
  start: number;
  end: number;
  backend: string | null;
  ok: boolean;
  status: number;
  error?: string;
}

export interface LoadOptions {
  port: number;
  total: number;
  concurrency: number;
  timeLimitMs: number;
  requestTimeoutMs?: number;
  /** Called after each completed request with the number completed so far. */
  onCompleted?: (completed: number) => void;
}

export interface LoadResult {
  records: RequestRecord[];
  sent: number;
  failed: number;
  durationMs: number;
  /** True when the time limit stopped the run before `total` requests were sent. */
  timedOut: boolean;
}

/** Fixed request count, fixed concurrency, keep-alive agent, hard time limit. Loopback only. */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.concurrency, maxFreeSockets: options.concurrency });
  const records: RequestRecord[] = [];
  const started = performance.now();
  const deadline = started + options.timeLimitMs;
  let issued = 0;
  let completed = 0;
  let timedOut = false;
  const requestTimeoutMs = options.requestTimeoutMs ?? 10_000;

  const one = (): Promise<RequestRecord> =>
    new Promise<RequestRecord>((resolve) => {
      const start = performance.now();
      let done = false;
      const finish = (rec: Omit<RequestRecord, 'start' | 'end'>): void => {
        if (done) return;
        done = true;
        resolve({ start, end: performance.now(), ...rec });
      };
      const req = http.request({ host: '127.0.0.1', port: options.port, path: '/work', method: 'GET', agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const body = Buffer.concat(chunks).toString('utf8');
          const header = res.headers['x-backend'];
          const backend = typeof header === 'string' ? header : null;
          const status = res.statusCode ?? 0;
          const ok = status === 200 && backend !== null && body === backend;
          finish(ok ? { backend, ok, status } : { backend, ok, status, error: `status ${status}, body ${body.slice(0, 80)}` });
        });
        res.on('error', (err: Error) => finish({ backend: null, ok: false, status: 0, error: err.message }));
      });
      req.setTimeout(requestTimeoutMs, () => req.destroy(new Error(`request timed out after ${requestTimeoutMs} ms`)));
      req.on('error', (err: Error) => finish({ backend: null, ok: false, status: 0, error: err.message }));
      req.end();
    });

  const worker = async (): Promise<void> => {
    while (issued < options.total) {
      if (performance.now() >= deadline) {
        timedOut = true;
        return;
      }
      issued += 1;
      records.push(await one());
      completed += 1;
      options.onCompleted?.(completed);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, () => worker()));
  agent.destroy();
  return {
    records,
    sent: issued,
    failed: records.filter((r) => !r.ok).length,
    durationMs: performance.now() - started,
    timedOut,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Scenario: load + routing changes at given points, then analysis
// ---------------------------------------------------------------------------------------------------------------

export interface ScenarioStep {
  label: string;
  /** Apply when this many requests have completed. */
  atCompleted: number;
  desired: DesiredRouting;
}

export interface ChangeTiming {
  label: string;
  desired: DesiredRouting;
  result: ApplyResult;
  /** performance.now() when the set commands were written to the runtime API (ack − round trip). */
  sentAt: number;
  /** performance.now() when HAProxy had acknowledged every command. */
  ackAt: number;
}

export interface PhaseReport {
  label: string;
  /** Requests issued after the previous change was acknowledged and finished before the next one was sent. */
  requests: number;
  counts: Record<string, number>;
  sharesPct: Record<string, number>;
  expectedPct: Record<string, number>;
  /** Largest |observed − expected| share, percentage points. */
  maxErrorPct: number;
  /** Requests in this phase that reached a region the phase's routing drains / takes down (must be 0). */
  toRemovedRegions: number;
}

export interface DrainReport {
  label: string;
  regionCode: string;
  /** Runtime API: commands sent → acknowledged, ms. */
  ackMs: number;
  /** Last request arrival at the drained backend after the command was sent (in-flight ones included), ms. */
  lastArrivalMs: number;
  /** max(ackMs, lastArrivalMs): the drained server receives nothing new after this. */
  effectMs: number;
  /** Requests issued after the acknowledgement that still reached the drained region (must be 0). */
  newRequestsAfterAck: number;
  /** Requests to the drained region in flight when the command was sent (they must complete, not fail). */
  inFlightAtCommand: number;
}

export interface ScenarioReport {
  load: LoadResult;
  changes: ChangeTiming[];
  phases: PhaseReport[];
  drains: DrainReport[];
  /** Max over phases (percentage points). */
  maxShareErrorPct: number;
  /** Per change: max(ack, drained backend's last arrival) − sent, ms. */
  applyMs: number[];
  failures: string[];
}

export async function runScenario(
  stack: HaproxyStack,
  initial: DesiredRouting,
  steps: readonly ScenarioStep[],
  load: Omit<LoadOptions, 'port' | 'onCompleted'>,
): Promise<ScenarioReport> {
  const initialResult = await stack.adapter.apply(initial);
  if (!initialResult.ok) throw new Error(`initial apply failed: ${JSON.stringify(initialResult.errors)}`);
  for (const b of stack.backends) b.arrivals.length = 0;

  const changes: ChangeTiming[] = [];
  const applyErrors: string[] = [];
  let next = 0;
  let chain: Promise<void> = Promise.resolve();
  const onCompleted = (completed: number): void => {
    while (next < steps.length && completed >= (steps[next]?.atCompleted ?? Infinity)) {
      const step = steps[next];
      next += 1;
      if (step === undefined) break;
      chain = chain.then(async () => {
        try {
          const result = await stack.adapter.apply(step.desired);
          const ackAt = performance.now();
          changes.push({ label: step.label, desired: step.desired, result, sentAt: ackAt - result.durationMs, ackAt });
          if (!result.ok) applyErrors.push(`${step.label}: ${JSON.stringify(result.errors)}`);
        } catch (err) {
          applyErrors.push(`${step.label}: ${err instanceof Error ? err.message : String(err)}`);
        }
      });
    }
  };
  const loadResult = await runLoad({ ...load, port: stack.frontendPort, onCompleted });
  await chain;
  return analyze(stack, initial, changes, loadResult, steps.length, applyErrors);
}

function pct(x: number): number {
  return Math.round(x * 10_000) / 100;
}

function analyze(
  stack: HaproxyStack,
  initial: DesiredRouting,
  changes: ChangeTiming[],
  load: LoadResult,
  expectedChanges: number,
  applyErrors: string[],
): ScenarioReport {
  const failures: string[] = [...applyErrors];
  if (changes.length !== expectedChanges) failures.push(`only ${changes.length} of ${expectedChanges} changes were applied`);
  if (load.failed > 0) {
    const sample = load.records.find((r) => !r.ok);
    failures.push(`${load.failed} failed requests (first: ${sample?.error ?? 'unknown'})`);
  }
  if (load.timedOut) failures.push(`time limit reached after ${load.sent} requests`);

  const phases: PhaseReport[] = [];
  const windows: Array<{ label: string; desired: DesiredRouting; from: number; to: number }> = [];
  windows.push({ label: 'initial', desired: initial, from: -Infinity, to: changes[0]?.sentAt ?? Infinity });
  changes.forEach((c, i) => {
    windows.push({ label: c.label, desired: c.desired, from: c.ackAt, to: changes[i + 1]?.sentAt ?? Infinity });
  });
  const okRecords = load.records.filter((r) => r.ok);
  for (const w of windows) {
    const inWindow = okRecords.filter((r) => r.start >= w.from && r.end <= w.to);
    const counts: Record<string, number> = {};
    for (const region of w.desired.regions) counts[region.regionCode] = 0;
    for (const r of inWindow) if (r.backend !== null) counts[r.backend] = (counts[r.backend] ?? 0) + 1;
    const expected = expectedShares(w.desired);
    const sharesPct: Record<string, number> = {};
    const expectedPct: Record<string, number> = {};
    let maxErrorPct = 0;
    for (const [code, count] of Object.entries(counts)) {
      const share = inWindow.length > 0 ? count / inWindow.length : 0;
      const exp = expected.get(code) ?? 0;
      sharesPct[code] = pct(share);
      expectedPct[code] = pct(exp);
      maxErrorPct = Math.max(maxErrorPct, Math.abs(share - exp) * 100);
    }
    const removed = new Set(w.desired.regions.filter((r) => desiredState(r) !== 'ready').map((r) => r.regionCode));
    const toRemovedRegions = inWindow.filter((r) => r.backend !== null && removed.has(r.backend)).length;
    phases.push({
      label: w.label,
      requests: inWindow.length,
      counts,
      sharesPct,
      expectedPct,
      maxErrorPct: Math.round(maxErrorPct * 100) / 100,
      toRemovedRegions,
    });
    if (inWindow.length === 0) failures.push(`phase ${w.label} has no requests to measure`);
    if (toRemovedRegions > 0) failures.push(`phase ${w.label}: ${toRemovedRegions} requests reached a drained/down region`);
  }

  const drains: DrainReport[] = [];
  const applyMs: number[] = [];
  changes.forEach((c, i) => {
    const ackMs = c.ackAt - c.sentAt;
    let effectMs = ackMs;
    const prev = i === 0 ? initial : changes[i - 1]?.desired;
    const wasServing = new Set(prev?.regions.filter((r) => desiredState(r) === 'ready').map((r) => r.regionCode) ?? []);
    const nextSent = changes[i + 1]?.sentAt ?? Infinity;
    for (const region of c.desired.regions) {
      if (desiredState(region) === 'ready' || !wasServing.has(region.regionCode)) continue;
      const backend = stack.backends.find((b) => b.name === region.regionCode);
      const arrivals = backend?.arrivals.filter((t) => t >= c.sentAt && t < nextSent) ?? [];
      const lastArrivalMs = arrivals.length > 0 ? Math.max(...arrivals) - c.sentAt : 0;
      const newRequestsAfterAck = load.records.filter(
        (r) => r.backend === region.regionCode && r.start >= c.ackAt && r.start < nextSent && r.end <= nextSent,
      ).length;
      const inFlightAtCommand = load.records.filter((r) => r.backend === region.regionCode && r.start < c.sentAt && r.end > c.sentAt).length;
      const drainEffect = Math.max(ackMs, lastArrivalMs);
      effectMs = Math.max(effectMs, drainEffect);
      drains.push({
        label: c.label,
        regionCode: region.regionCode,
        ackMs,
        lastArrivalMs,
        effectMs: drainEffect,
        newRequestsAfterAck,
        inFlightAtCommand,
      });
      if (newRequestsAfterAck > 0) failures.push(`${c.label}: ${newRequestsAfterAck} new requests reached drained ${region.regionCode}`);
    }
    applyMs.push(effectMs);
  });

  return {
    load,
    changes,
    phases,
    drains,
    maxShareErrorPct: Math.max(0, ...phases.map((p) => p.maxErrorPct)),
    applyMs,
    failures,
  };
}

/** Region list → DesiredRouting with every region ready at dial 100 %. */
export function uniformRouting(codes: readonly string[], weight: number): DesiredRouting {
  return { regions: codes.map((regionCode) => ({ regionCode, weight, dialPct: 100, drained: false })) };
}
