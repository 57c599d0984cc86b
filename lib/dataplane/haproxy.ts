// HAProxy data-plane adapter: follows the routing state through HAProxy's runtime API (the "stats socket").
//
// Mapping (one backend per service, one server per region):
//   effective weight round(weight × dialPct/100)  → set server <backend>/<server> weight N   (HAProxy range 0-256)
//   drained                                       → set server <backend>/<server> state drain
//   not drained, not down                         → set server <backend>/<server> state ready
//   down (maintenance / known failed)             → set server <backend>/<server> state maint
// Read back with `show servers state <backend>` (admin state bits, user weight, operational state) and
// `show stat <backend> 4 -1` (status, lbtot, scur).
//
// Transport: node:net to a unix socket or TCP address. A batch of commands goes over ONE connection in `prompt`
// (interactive) mode, pipelined, ending with `quit`: HAProxy executes them in order and ends each response with
// "\n> ", which is how responses are split. A successful `set server` prints nothing, so any text is an error.
//
// Keep-alive and drains: HAProxy load-balances every HTTP request, also on a kept-alive client connection, so a
// drained server receives no new requests from the moment the command is processed, while requests already sent
// to it complete normally (drain and maint do not kill sessions unless `on-marked-down shutdown-sessions` is set,
// which the generated config never does).

import net from 'node:net';

import {
  type AppliedChange,
  type ApplyError,
  type ApplyResult,
  type DataPlaneAdapter,
  type DesiredRouting,
  desiredState,
  effectiveWeight,
  type ObservedHealth,
  type ObservedRegionRouting,
  type ObservedRouting,
  type RotationState,
  validateDesired,
} from './adapter';

/** HAProxy accepts server weights 0-256. */
export const HAPROXY_MAX_WEIGHT = 256;

// ---------------------------------------------------------------------------------------------------------------
// Runtime API client
// ---------------------------------------------------------------------------------------------------------------

/** Where the runtime API listens: a unix socket path, or a TCP address (keep it on loopback: it is admin level). */
export type RuntimeApiAddress = { path: string } | { host: string; port: number };

export class RuntimeApiError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RuntimeApiError';
  }
}

const PROMPT = '\n> ';

export interface RuntimeApiClientOptions {
  /** Per-call timeout (connect + all responses), ms. Default 5000. */
  timeoutMs?: number;
}

export class HaproxyRuntimeClient {
  private readonly timeoutMs: number;

  constructor(
    readonly address: RuntimeApiAddress,
    options: RuntimeApiClientOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? 5000;
  }

  /** One command on its own connection (non-interactive mode: HAProxy answers and closes). */
  async command(command: string): Promise<string> {
    assertSingleLine(command);
    const raw = await this.exchange(`${command}\n`);
    return stripTrailingNewlines(raw);
  }

  /**
   * Several commands, in order, on one connection in prompt mode (pipelined). Returns one response per command,
   * without the trailing newline ("" for a command that printed nothing).
   */
  async commands(commands: readonly string[]): Promise<string[]> {
    if (commands.length === 0) return [];
    for (const c of commands) assertSingleLine(c);
    const raw = await this.exchange(`prompt\n${commands.join('\n')}\nquit\n`);
    return parsePromptResponses(raw, commands.length);
  }

  private exchange(payload: string): Promise<string> {
    return new Promise<string>((resolve, reject) => {
      const socket =
        'path' in this.address ? net.createConnection({ path: this.address.path }) : net.createConnection({ host: this.address.host, port: this.address.port });
      const chunks: Buffer[] = [];
      let settled = false;
      const finish = (error: Error | null): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        socket.destroy();
        if (error) reject(error);
        else resolve(Buffer.concat(chunks).toString('utf8'));
      };
      const timer = setTimeout(() => {
        finish(new RuntimeApiError(`HAProxy runtime API ${describeAddress(this.address)}: no answer within ${this.timeoutMs} ms`));
      }, this.timeoutMs);
      socket.on('connect', () => socket.write(payload));
      socket.on('data', (chunk: Buffer) => chunks.push(chunk));
      socket.on('end', () => finish(null));
      socket.on('close', () => finish(null));
      socket.on('error', (err: Error) => finish(new RuntimeApiError(`HAProxy runtime API ${describeAddress(this.address)}: ${err.message}`)));
    });
  }
}

function describeAddress(address: RuntimeApiAddress): string {
  return 'path' in address ? address.path : `${address.host}:${address.port}`;
}

function assertSingleLine(command: string): void {
  if (/[\r\n;]/.test(command)) throw new RuntimeApiError(`runtime API command must be one line without ';': ${JSON.stringify(command)}`);
}

function stripTrailingNewlines(text: string): string {
  return text.replace(/\n+$/, '');
}

/**
 * Splits prompt-mode output: "\n> " (ack of `prompt`), then for each command its output followed by "\n> ".
 * Exported for tests.
 */
export function parsePromptResponses(raw: string, expected: number): string[] {
  const parts = raw.split(PROMPT);
  // parts[0] is whatever preceded the first prompt (normally ""), parts[1..expected] are the responses; a response
  // is complete only once the next prompt follows it, so the last part (after the final prompt) is not one.
  if (parts.length < expected + 2) {
    throw new RuntimeApiError(`HAProxy runtime API closed after ${Math.max(parts.length - 2, 0)} of ${expected} responses: ${JSON.stringify(raw.slice(-200))}`);
  }
  return parts.slice(1, expected + 1).map(stripTrailingNewlines);
}

// ---------------------------------------------------------------------------------------------------------------
// Parsing `show servers state` and `show stat`
// ---------------------------------------------------------------------------------------------------------------

export interface HaproxyServerState {
  backend: string;
  server: string;
  address: string;
  port: number | null;
  /** srv_op_state: 0 stopped, 1 starting, 2 running, 3 stopping. */
  opState: number;
  /** srv_admin_state bit field (0x01 forced maint, 0x02 inherited maint, 0x04 config maint, 0x08 forced drain, ...). */
  adminState: number;
  /** srv_uweight: the weight set by configuration or `set server ... weight`. */
  userWeight: number;
  /** srv_iweight: the initial weight from the configuration. */
  initialWeight: number;
}

const ADMIN_MAINT_MASK = 0x01 | 0x02 | 0x04 | 0x20 | 0x40; // FMAINT IMAINT CMAINT RMAINT HMAINT
const ADMIN_DRAIN_MASK = 0x08 | 0x10; // FDRAIN IDRAIN

export function rotationStateOf(adminState: number): RotationState {
  if ((adminState & ADMIN_MAINT_MASK) !== 0) return 'down';
  if ((adminState & ADMIN_DRAIN_MASK) !== 0) return 'drain';
  return 'ready';
}

export function healthOf(opState: number): ObservedHealth {
  switch (opState) {
    case 0:
      return 'down';
    case 1:
      return 'starting';
    case 2:
      return 'up';
    case 3:
      return 'stopping';
    default:
      return 'unknown';
  }
}

/** Parses `show servers state [<backend>]` (format version 1: a version line, a "# ..." header, one row per server). */
export function parseServersState(text: string): HaproxyServerState[] {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
  const headerLine = lines.find((l) => l.startsWith('#'));
  if (headerLine === undefined) {
    if (lines.length <= 1 && (lines[0] === undefined || /^\d+$/.test(lines[0]))) return [];
    throw new RuntimeApiError(`unexpected 'show servers state' output: ${JSON.stringify(text.slice(0, 200))}`);
  }
  const header = headerLine.replace(/^#\s*/, '').split(/\s+/);
  const col = (name: string): number => {
    const i = header.indexOf(name);
    if (i < 0) throw new RuntimeApiError(`'show servers state' has no column ${name}`);
    return i;
  };
  const iBe = col('be_name');
  const iSrv = col('srv_name');
  const iAddr = col('srv_addr');
  const iOp = col('srv_op_state');
  const iAdmin = col('srv_admin_state');
  const iUw = col('srv_uweight');
  const iIw = col('srv_iweight');
  const iPort = header.indexOf('srv_port');
  const rows: HaproxyServerState[] = [];
  for (const line of lines) {
    if (line.startsWith('#') || /^\d+$/.test(line)) continue;
    const f = line.split(/\s+/);
    if (f.length < header.length - 1) continue;
    const port = iPort >= 0 ? Number(f[iPort]) : Number.NaN;
    rows.push({
      backend: f[iBe] ?? '',
      server: f[iSrv] ?? '',
      address: f[iAddr] ?? '',
      port: Number.isFinite(port) ? port : null,
      opState: Number(f[iOp]),
      adminState: Number(f[iAdmin]),
      userWeight: Number(f[iUw]),
      initialWeight: Number(f[iIw]),
    });
  }
  return rows;
}

export interface HaproxyStatRow {
  proxy: string;
  server: string;
  /** e.g. UP, DOWN, DRAIN, MAINT, "UP 1/2", "no check". */
  status: string;
  weight: number;
  /** Times the server was selected by load balancing. */
  lbtot: number;
  /** Current sessions. */
  scur: number;
  checkStatus: string;
}

/** Parses `show stat` CSV ("# pxname,svname,..." header). Rows are keyed by column name, so field order may change. */
export function parseShowStat(text: string): HaproxyStatRow[] {
  const lines = text.split('\n').filter((l) => l.trim().length > 0);
  const headerLine = lines.find((l) => l.startsWith('#'));
  if (headerLine === undefined) throw new RuntimeApiError(`unexpected 'show stat' output: ${JSON.stringify(text.slice(0, 200))}`);
  const header = headerLine.replace(/^#\s*/, '').split(',');
  const idx = (name: string): number => header.indexOf(name);
  const num = (fields: string[], name: string): number => {
    const i = idx(name);
    const v = i >= 0 ? Number(fields[i]) : Number.NaN;
    return Number.isFinite(v) ? v : 0;
  };
  const str = (fields: string[], name: string): string => {
    const i = idx(name);
    return i >= 0 ? (fields[i] ?? '') : '';
  };
  const rows: HaproxyStatRow[] = [];
  for (const line of lines) {
    if (line.startsWith('#')) continue;
    const f = line.split(',');
    rows.push({
      proxy: str(f, 'pxname'),
      server: str(f, 'svname'),
      status: str(f, 'status'),
      weight: num(f, 'weight'),
      lbtot: num(f, 'lbtot'),
      scur: num(f, 'scur'),
      checkStatus: str(f, 'check_status'),
    });
  }
  return rows;
}

// ---------------------------------------------------------------------------------------------------------------
// Planning: desired routing + current server state → ordered runtime API commands
// ---------------------------------------------------------------------------------------------------------------

export interface PlannedCommand {
  regionCode: string;
  command: string;
  change: AppliedChange;
}

export interface HaproxyPlan {
  commands: PlannedCommand[];
  /** Regions that cannot be applied (no such server in the backend). */
  errors: ApplyError[];
}

const HAPROXY_STATE_WORD: Record<RotationState, string> = { ready: 'ready', drain: 'drain', down: 'maint' };

/**
 * Pure planning step. Only differences produce commands. Regions whose serving weight goes up (or that come back
 * into rotation) are handled first, regions losing capacity afterwards, so the backend never passes through a
 * state with less capacity than both the old and the new state. Within a region that will serve, the weight is set
 * before `state ready` (it never serves at a stale weight); within a region leaving rotation, the state goes first.
 */
export function planHaproxyCommands(
  backend: string,
  current: readonly HaproxyServerState[],
  desired: DesiredRouting,
  serverFor: (regionCode: string) => string,
): HaproxyPlan {
  const byServer = new Map<string, HaproxyServerState>();
  for (const s of current) if (s.backend === backend) byServer.set(s.server, s);
  const adding: PlannedCommand[] = [];
  const removing: PlannedCommand[] = [];
  const errors: ApplyError[] = [];
  for (const region of desired.regions) {
    const server = serverFor(region.regionCode);
    const cur = byServer.get(server);
    if (cur === undefined) {
      errors.push({ regionCode: region.regionCode, message: `no server ${server} in backend ${backend}` });
      continue;
    }
    const targetWeight = effectiveWeight(region.weight, region.dialPct);
    const targetState = desiredState(region);
    const curState = rotationStateOf(cur.adminState);
    const target = `${backend}/${server}`;
    const weightCmd: PlannedCommand | null =
      cur.userWeight === targetWeight
        ? null
        : {
            regionCode: region.regionCode,
            command: `set server ${target} weight ${targetWeight}`,
            change: { regionCode: region.regionCode, field: 'weight', from: cur.userWeight, to: targetWeight },
          };
    const stateCmd: PlannedCommand | null =
      curState === targetState
        ? null
        : {
            regionCode: region.regionCode,
            command: `set server ${target} state ${HAPROXY_STATE_WORD[targetState]}`,
            change: { regionCode: region.regionCode, field: 'state', from: curState, to: targetState },
          };
    const servingBefore = curState === 'ready' ? cur.userWeight : 0;
    const servingAfter = targetState === 'ready' ? targetWeight : 0;
    const ordered = (targetState === 'ready' ? [weightCmd, stateCmd] : [stateCmd, weightCmd]).filter((c): c is PlannedCommand => c !== null);
    (servingAfter > servingBefore ? adding : removing).push(...ordered);
  }
  return { commands: [...adding, ...removing], errors };
}

// ---------------------------------------------------------------------------------------------------------------
// The adapter
// ---------------------------------------------------------------------------------------------------------------

export interface HaproxyAdapterOptions {
  /** Runtime API address (the `stats socket ... level admin` of the generated config). */
  socket: RuntimeApiAddress;
  /** Backend whose servers are the regions (one backend per service). */
  backend: string;
  /** regionCode → server name; regions not listed use `serverNameFor(regionCode)`. */
  servers?: Readonly<Record<string, string>>;
  /** Adapter name in results; default `haproxy:<backend>`. */
  name?: string;
  timeoutMs?: number;
}

/** Default server name for a region code: HAProxy names allow [A-Za-z0-9_.:-]. */
export function serverNameFor(regionCode: string): string {
  return regionCode.replace(/[^A-Za-z0-9_.:-]/g, '_');
}

export class HaproxyAdapter implements DataPlaneAdapter {
  readonly name: string;
  readonly client: HaproxyRuntimeClient;
  private readonly backend: string;
  private readonly servers: Readonly<Record<string, string>>;
  private readonly regionOfServer: Map<string, string>;

  constructor(options: HaproxyAdapterOptions) {
    this.backend = options.backend;
    this.servers = options.servers ?? {};
    this.name = options.name ?? `haproxy:${options.backend}`;
    this.client = new HaproxyRuntimeClient(options.socket, { timeoutMs: options.timeoutMs });
    this.regionOfServer = new Map(Object.entries(this.servers).map(([region, server]) => [server, region]));
  }

  serverFor(regionCode: string): string {
    return this.servers[regionCode] ?? serverNameFor(regionCode);
  }

  async readServers(): Promise<HaproxyServerState[]> {
    const text = await this.client.command(`show servers state ${this.backend}`);
    if (/^Can't find backend/i.test(text)) throw new RuntimeApiError(`HAProxy has no backend ${this.backend}`);
    return parseServersState(text).filter((s) => s.backend === this.backend);
  }

  async apply(desired: DesiredRouting): Promise<ApplyResult> {
    validateDesired(desired);
    const current = await this.readServers();
    const plan = planHaproxyCommands(this.backend, current, desired, (code) => this.serverFor(code));
    const commands = plan.commands.map((c) => c.command);
    const errors: ApplyError[] = [...plan.errors];
    const changes: AppliedChange[] = [];
    const started = performance.now();
    if (commands.length > 0) {
      const responses = await this.client.commands(commands);
      plan.commands.forEach((planned, i) => {
        const response = responses[i] ?? '';
        if (response.trim().length > 0) {
          errors.push({ regionCode: planned.regionCode, message: response.trim(), command: planned.command });
        } else {
          changes.push(planned.change);
        }
      });
    }
    return {
      adapter: this.name,
      ok: errors.length === 0,
      changes,
      commands,
      errors,
      durationMs: performance.now() - started,
      version: desired.version,
    };
  }

  async read(): Promise<ObservedRouting> {
    const [stateText, statText] = await this.client.commands([`show servers state ${this.backend}`, `show stat ${this.backend} 4 -1`]);
    if (stateText === undefined || /^Can't find backend/i.test(stateText)) {
      throw new RuntimeApiError(`HAProxy has no backend ${this.backend}`);
    }
    const servers = parseServersState(stateText).filter((s) => s.backend === this.backend);
    const stats = new Map<string, HaproxyStatRow>();
    if (statText?.startsWith('#')) {
      for (const row of parseShowStat(statText)) if (row.proxy === this.backend) stats.set(row.server, row);
    }
    const regions: ObservedRegionRouting[] = servers.map((s) => {
      const stat = stats.get(s.server);
      const observed: ObservedRegionRouting = {
        regionCode: this.regionOfServer.get(s.server) ?? s.server,
        effectiveWeight: s.userWeight,
        state: rotationStateOf(s.adminState),
        health: healthOf(s.opState),
      };
      if (stat !== undefined) {
        observed.selectedTotal = stat.lbtot;
        observed.inFlight = stat.scur;
      }
      return observed;
    });
    return { adapter: this.name, regions, observedAt: new Date().toISOString() };
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Configuration generator
// ---------------------------------------------------------------------------------------------------------------

export interface HaproxyServerConfig {
  name: string;
  host: string;
  port: number;
  /** 0-256; usually the effective weight of the region at generation time. */
  weight: number;
  /** Stable numeric id (helps server-state files and stats across reloads). */
  id?: number;
  /** Start in drain / maint (admin state), e.g. when the routing state says so at generation time. */
  initialState?: RotationState;
}

export interface HaproxyBackendConfig {
  name: string;
  servers: readonly HaproxyServerConfig[];
  /** Path of the HTTP health check; default `/healthz`. */
  healthCheckPath?: string;
}

export interface HaproxyTimeouts {
  connectMs: number;
  clientMs: number;
  serverMs: number;
  httpRequestMs: number;
  httpKeepAliveMs: number;
  queueMs: number;
  checkMs: number;
}

export interface HaproxyConfigOptions {
  backends: readonly HaproxyBackendConfig[];
  frontendPort: number;
  /** Bind address of the frontend; default 127.0.0.1. */
  frontendHost?: string;
  /** Backend used by the frontend; default the first. */
  defaultBackend?: string;
  /** Unix socket path, or a TCP address (keep it on loopback; it is `level admin`). */
  statsSocket: string | { host: string; port: number };
  /** `server-state-file` path: dump `show servers state` into it before a reload so weights/drains survive. */
  serverStateFile?: string;
  timeouts?: Partial<HaproxyTimeouts>;
  healthCheck?: { intervalMs?: number; rise?: number; fall?: number };
  maxconn?: number;
  nbthread?: number;
}

export const DEFAULT_TIMEOUTS: HaproxyTimeouts = {
  connectMs: 5_000,
  clientMs: 30_000,
  serverMs: 30_000,
  httpRequestMs: 10_000,
  httpKeepAliveMs: 10_000,
  queueMs: 5_000,
  checkMs: 2_000,
};

const NAME_RE = /^[A-Za-z0-9_.:-]+$/;

export class HaproxyConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HaproxyConfigError';
  }
}

function checkName(kind: string, name: string): void {
  if (!NAME_RE.test(name)) throw new HaproxyConfigError(`${kind} name ${JSON.stringify(name)} must match ${NAME_RE}`);
}

function checkPort(kind: string, port: number): void {
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new HaproxyConfigError(`${kind} port ${port} is not 1-65535`);
}

function checkPath(kind: string, path: string): void {
  if (/[\s"'#\\]/.test(path) || path.length === 0)
    throw new HaproxyConfigError(`${kind} ${JSON.stringify(path)} must be non-empty without spaces, quotes or '#'`);
}

function formatHost(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

/**
 * A complete haproxy.cfg: one HTTP frontend, one backend per service with weighted round-robin (`balance
 * roundrobin` honours run-time weight changes immediately), HTTP health checks, bounded timeouts, keep-alive on both
 * sides with safe connection reuse, and an admin-level runtime API socket for the adapter.
 */
export function generateHaproxyConfig(options: HaproxyConfigOptions): string {
  if (options.backends.length === 0) throw new HaproxyConfigError('at least one backend is required');
  checkPort('frontend', options.frontendPort);
  const t: HaproxyTimeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
  const inter = options.healthCheck?.intervalMs ?? 2000;
  const rise = options.healthCheck?.rise ?? 2;
  const fall = options.healthCheck?.fall ?? 3;
  const names = new Set<string>();
  for (const b of options.backends) {
    checkName('backend', b.name);
    if (names.has(b.name)) throw new HaproxyConfigError(`backend ${b.name} appears twice`);
    names.add(b.name);
    if (b.servers.length === 0) throw new HaproxyConfigError(`backend ${b.name} has no servers`);
    const serverNames = new Set<string>();
    for (const s of b.servers) {
      checkName('server', s.name);
      if (serverNames.has(s.name)) throw new HaproxyConfigError(`server ${b.name}/${s.name} appears twice`);
      serverNames.add(s.name);
      checkPort(`server ${b.name}/${s.name}`, s.port);
      if (!Number.isInteger(s.weight) || s.weight < 0 || s.weight > HAPROXY_MAX_WEIGHT) {
        throw new HaproxyConfigError(`server ${b.name}/${s.name} weight ${s.weight} is not an integer 0-${HAPROXY_MAX_WEIGHT}`);
      }
      if (s.host.length === 0 || /\s/.test(s.host)) throw new HaproxyConfigError(`server ${b.name}/${s.name} has an invalid host`);
    }
    if (b.healthCheckPath !== undefined) checkPath(`backend ${b.name} health check path`, b.healthCheckPath);
  }
  const defaultBackend = options.defaultBackend ?? options.backends[0]?.name ?? '';
  if (!names.has(defaultBackend)) throw new HaproxyConfigError(`default backend ${defaultBackend} is not defined`);

  let socket: string;
  if (typeof options.statsSocket === 'string') {
    checkPath('stats socket', options.statsSocket);
    socket = `${options.statsSocket} mode 600 level admin`;
  } else {
    checkPort('stats socket', options.statsSocket.port);
    socket = `ipv4@${options.statsSocket.host}:${options.statsSocket.port} level admin`;
  }
  if (options.serverStateFile !== undefined) checkPath('server-state-file', options.serverStateFile);

  const lines: string[] = [
    '# Generated by Meridian (lib/dataplane/haproxy.ts). Run-time routing changes arrive over the stats socket;',
    '# to keep them across a reload, dump `show servers state` into the state file first.',
    'global',
    `    maxconn ${options.maxconn ?? 4096}`,
    `    stats socket ${socket}`,
    '    stats timeout 30s',
  ];
  if (options.nbthread !== undefined) lines.push(`    nbthread ${options.nbthread}`);
  if (options.serverStateFile !== undefined) lines.push(`    server-state-file ${options.serverStateFile}`);
  lines.push(
    '',
    'defaults',
    '    mode http',
    '    # Client and server keep-alive; every request is load-balanced on its own, so drains act per request.',
    '    option http-keep-alive',
    '    http-reuse safe',
    '    # A request that could not reach a server (or hit a keep-alive connection the server had just closed)',
    '    # is retried on another server instead of failing.',
    '    option redispatch',
    '    retries 3',
    '    retry-on conn-failure empty-response',
    `    timeout connect ${t.connectMs}ms`,
    `    timeout client ${t.clientMs}ms`,
    `    timeout server ${t.serverMs}ms`,
    `    timeout http-request ${t.httpRequestMs}ms`,
    `    timeout http-keep-alive ${t.httpKeepAliveMs}ms`,
    `    timeout queue ${t.queueMs}ms`,
    `    timeout check ${t.checkMs}ms`,
    `    default-server inter ${inter}ms rise ${rise} fall ${fall}`,
  );
  if (options.serverStateFile !== undefined) lines.push('    load-server-state-from-file global');
  lines.push(
    '',
    'frontend meridian',
    `    bind ${formatHost(options.frontendHost ?? '127.0.0.1')}:${options.frontendPort}`,
    `    default_backend ${defaultBackend}`,
  );
  for (const b of options.backends) {
    lines.push(
      '',
      `backend ${b.name}`,
      '    # Weighted round-robin: run-time `set server ... weight` applies to the next request.',
      '    balance roundrobin',
      '    option httpchk',
      `    http-check send meth GET uri ${b.healthCheckPath ?? '/healthz'}`,
      '    http-check expect status 200',
    );
    for (const s of b.servers) {
      // The config has no "start drained" keyword: a drained server starts with weight 0 (no new requests) and
      // the adapter's first apply puts it in `drain` with its real weight; a down one starts `disabled` (maint).
      const weight = s.initialState === 'drain' ? 0 : s.weight;
      const parts = [`    server ${s.name} ${formatHost(s.host)}:${s.port} weight ${weight} check`];
      if (s.id !== undefined) parts.push(`id ${s.id}`);
      if (s.initialState === 'down') parts.push('disabled');
      lines.push(parts.join(' '));
    }
  }
  return `${lines.join('\n')}\n`;
}
