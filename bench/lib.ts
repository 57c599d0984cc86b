// Shared helpers for the bench scripts: the results-file merge, the machine string, load notes, statistics, and a
// production server on loopback (start, health wait, stop, its pid) with a signed-in session or API token.
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { newSecret, sha256 } from '../lib/auth/tokens';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const HOST = '127.0.0.1';
/** Every production-server bench uses its own build directory, so it never collides with other builds. */
export const BENCH_DIST_DIR = '.next-bench';

// --- results files -------------------------------------------------------------------------------------------------

export interface ResultsFile {
  date: string;
  machine: string;
  figures: Record<string, number>;
  notes: string;
  [extra: string]: unknown;
}

export function machine(): string {
  const cpus = os.cpus();
  return `${cpus[0]?.model ?? 'unknown cpu'}, ${cpus.length} cores, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, node ${process.version}, ${os.platform()} ${os.release()}`;
}

/** "load 1/5/15 min 3.10/2.80/2.50 on 2 cores": the machine is shared, so every note says how busy it was. */
export function loadNote(): string {
  return `load 1/5/15 min ${os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join('/')} on ${os.cpus().length} cores`;
}

/**
 * Merges `figures` into bench/results/<name>.json: other scripts' figures and top-level keys are kept; this script's
 * note (one line starting with `[tag]`) replaces its previous one.
 */
export function mergeResults(name: string, tag: string, figures: Record<string, number>, note: string): string {
  const file = path.join(ROOT, 'bench', 'results', `${name}.json`);
  let previous: Partial<ResultsFile> = {};
  if (fs.existsSync(file)) {
    try {
      previous = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch {
      throw new Error(`${file} is not valid JSON: fix or remove it first (its figures would be lost)`);
    }
  }
  const otherNotes = String(previous.notes ?? '')
    .split('\n')
    // `tag:` is the older form of this script's note.
    .filter((l) => l.trim() && !l.startsWith(`[${tag}]`) && !l.startsWith(`${tag}:`));
  const merged: ResultsFile = {
    ...previous,
    date: new Date().toISOString(),
    machine: machine(),
    figures: { ...(previous.figures ?? {}), ...figures },
    notes: [...otherNotes, `[${tag}] ${note}`].join('\n'),
  };
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(merged, null, 2)}\n`);
  console.log(`figures: ${JSON.stringify(figures)}`);
  console.log(`merged into ${path.relative(process.cwd(), file)}`);
  return file;
}

// --- statistics ----------------------------------------------------------------------------------------------------

export function percentile(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  if (!s.length) return Number.NaN;
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length === 0 ? Number.NaN : s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

export const round = (x: number, digits = 1): number => Number(x.toFixed(digits));
export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

// --- HTTP on loopback ----------------------------------------------------------------------------------------------

export interface HttpResult {
  status: number;
  ms: number;
  text: string;
}

/** One request to 127.0.0.1:<port>; ms runs until the whole body has arrived. */
export function request(port: number, method: string, p: string, headers: Record<string, string> = {}, body?: string, timeoutMs = 30_000): Promise<HttpResult> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: HOST, port, path: p, method, headers: { ...headers, ...(body ? { 'content-length': String(Buffer.byteLength(body)) } : {}) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - t0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`timeout after ${timeoutMs} ms: ${method} ${p}`)));
    req.on('error', reject);
    req.end(body);
  });
}

/** Polls until `p` answers 200; returns the ms waited. */
export async function waitFor200(port: number, p: string, deadlineMs: number, everyMs = 100): Promise<number> {
  const t0 = performance.now();
  while (Date.now() < deadlineMs) {
    try {
      if ((await request(port, 'GET', p, {}, undefined, 5_000)).status === 200) return performance.now() - t0;
    } catch {}
    await sleep(everyMs);
  }
  throw new Error(`GET ${p} on port ${port} did not answer 200 in time`);
}

// --- the server ----------------------------------------------------------------------------------------------------

export interface BenchServer {
  port: number;
  child: ChildProcess;
  stop: () => Promise<void>;
}

export function serverEnv(databaseUrl: string, port: number, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    DATABASE_URL: databaseUrl,
    NEXT_DIST_DIR: BENCH_DIST_DIR,
    NEXT_TELEMETRY_DISABLED: '1',
    PORT: String(port),
    HOST,
    ...extra,
  };
}

/**
 * Spawns `cmd args` in its own process group (so stopping it stops npx, next and its workers together) and returns
 * at once; use waitFor200 to know when it serves.
 */
export function spawnServer(
  cmd: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  port: number,
  log?: string,
  onLine?: (line: string, atMs: number) => void,
): BenchServer {
  const out = log && !onLine ? fs.openSync(log, 'a') : onLine ? 'pipe' : 'ignore';
  const child = spawn(cmd, args, { cwd: ROOT, env, stdio: ['ignore', out, out], detached: true });
  if (typeof out === 'number') fs.closeSync(out);
  if (onLine) {
    // Timestamped lines, so a bench can tell the phases of a start apart (seed done, next ready, ...).
    for (const stream of [child.stdout, child.stderr]) {
      if (!stream) continue;
      readline.createInterface({ input: stream }).on('line', (line) => {
        onLine(line, performance.now());
        if (log) fs.appendFileSync(log, `${line}\n`);
      });
    }
  }
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null || !child.pid) return;
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {}
    await Promise.race([exited, sleep(5_000)]);
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {}
    // The port must be free for the next run.
    for (let i = 0; i < 50 && listeningInodes(port).size; i++) await sleep(100);
  };
  return { port, child, stop };
}

/** `next start` on loopback with the bench build; resolves once /api/health answers 200. */
export async function startNext(databaseUrl: string, port: number, opts: { extraEnv?: Record<string, string>; timeoutMs?: number; log?: string } = {}) {
  const server = spawnServer('npx', ['next', 'start', '-p', String(port), '-H', HOST], serverEnv(databaseUrl, port, opts.extraEnv), port, opts.log);
  try {
    await waitFor200(port, '/api/health', Date.now() + (opts.timeoutMs ?? 120_000), 200);
  } catch (e) {
    await server.stop();
    throw e;
  }
  return server;
}

/** Stops the given servers when this process is interrupted, so no bench leaves a server behind. */
export function stopOnSignal(servers: () => (BenchServer | null)[], cleanup: () => void = () => {}) {
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.once(sig, () => {
      void Promise.all(servers().map((s) => s?.stop())).finally(() => {
        cleanup();
        process.exit(130);
      });
    });
  }
}

function listeningInodes(port: number): Set<string> {
  const inodes = new Set<string>();
  for (const f of ['/proc/net/tcp', '/proc/net/tcp6']) {
    if (!fs.existsSync(f)) continue;
    for (const line of fs.readFileSync(f, 'utf8').split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      // local_address is HEXIP:HEXPORT; state 0A is LISTEN; column 9 is the inode.
      if (cols.length > 9 && cols[3] === '0A' && Number.parseInt(cols[1].split(':')[1], 16) === port) inodes.add(cols[9]);
    }
  }
  return inodes;
}

function descendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const e of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(e)) continue;
    try {
      // The command name may hold spaces and parentheses: the fields after the last ')' are fixed.
      const stat = fs.readFileSync(`/proc/${e}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(e)]);
    } catch {}
  }
  const out: number[] = [];
  const queue = [pid];
  while (queue.length) {
    const p = queue.shift() as number;
    out.push(p);
    queue.push(...(children.get(p) ?? []));
  }
  return out;
}

/** The pid, among `root` and its descendants, that holds the listening socket on `port` (the next-server process). */
export function listeningPid(root: number, port: number): number {
  const inodes = listeningInodes(port);
  for (const pid of descendants(root)) {
    try {
      for (const fd of fs.readdirSync(`/proc/${pid}/fd`)) {
        const target = fs.readlinkSync(`/proc/${pid}/fd/${fd}`);
        const m = /^socket:\[(\d+)\]$/.exec(target);
        if (m && inodes.has(m[1])) return pid;
      }
    } catch {}
  }
  throw new Error(`no descendant of ${root} listens on port ${port}`);
}

/** Resident set size of a process in KiB (VmRSS). */
export function rssKb(pid: number): number {
  const m = /^VmRSS:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!m) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(m[1]);
}

// Loaded on first use: the pure benchmarks (simulator, preview) need no database client.
async function openDb(databaseUrl: string) {
  const { createDb } = await import('../lib/db-client');
  return createDb(databaseUrl);
}

// --- credentials ---------------------------------------------------------------------------------------------------

/**
 * A session cookie and an API token for a user of `role`, written to the database as a sign-in and the settings page
 * would (rows hold only sha-256 hashes). Creates the user when none has that role (fleets generated by a bench).
 */
export async function benchCredentials(databaseUrl: string, role: 'viewer' | 'manager' | 'operator' | 'admin' = 'admin') {
  const db = await openDb(databaseUrl);
  try {
    const user =
      (await db.user.findFirst({ where: { role, disabledAt: null } })) ??
      // passwordHash is no bcrypt hash: the bench never signs in through the form, and nobody can sign in as this user.
      (await db.user.create({ data: { email: `bench-${role}@example.invalid`, name: `Bench ${role}`, role, passwordHash: '!' } }));
    const sessionToken = newSecret();
    await db.session.create({ data: { id: sha256(sessionToken), userId: user.id, expiresAt: new Date(Date.now() + 12 * 3_600_000) } });
    const apiToken = newSecret('mrd_');
    await db.apiToken.create({ data: { name: `bench-${role}`, role, userId: user.id, tokenHash: sha256(apiToken) } });
    return { cookie: `meridian_session=${sessionToken}`, bearer: `Bearer ${apiToken}`, userId: user.id };
  } finally {
    await db.$disconnect();
  }
}

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `meridian-bench-${prefix}-`));
}
