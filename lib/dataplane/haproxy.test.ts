import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { type DesiredRouting, DesiredRoutingError } from './adapter';
import {
  generateHaproxyConfig,
  HaproxyAdapter,
  HaproxyConfigError,
  HaproxyRuntimeClient,
  type HaproxyServerState,
  parsePromptResponses,
  parseServersState,
  parseShowStat,
  planHaproxyCommands,
  RuntimeApiError,
  rotationStateOf,
} from './haproxy';
import { type FakeHaproxyCli, startFakeHaproxyCli } from './haproxy-fake';
import { findHaproxyBinary } from './haproxy-harness';

const REAL_SERVERS_STATE = `1
# be_id be_name srv_id srv_name srv_addr srv_op_state srv_admin_state srv_uweight srv_iweight srv_time_since_last_change srv_check_status srv_check_result srv_check_health srv_check_state srv_agent_state bk_f_forced_id srv_f_forced_id srv_fqdn srv_port srvrecord srv_use_ssl srv_check_port srv_check_addr srv_agent_addr srv_agent_port
3 be 1 a 127.0.0.1 2 8 50 100 0 1 0 2 0 0 0 0 - 18081 - 0 0 - - 0
3 be 2 b 127.0.0.1 0 1 100 100 2 1 0 2 0 0 0 0 - 18082 - 0 0 - - 0
`;

const desired = (...regions: Array<[string, number, number, boolean, boolean?]>): DesiredRouting => ({
  regions: regions.map(([regionCode, weight, dialPct, drained, down]) => ({ regionCode, weight, dialPct, drained, down })),
});

const server = (name: string, userWeight: number, adminState = 0): HaproxyServerState => ({
  backend: 'app',
  server: name,
  address: '127.0.0.1',
  port: 1,
  opState: 2,
  adminState,
  userWeight,
  initialWeight: 100,
});

describe('generateHaproxyConfig', () => {
  const base = {
    backends: [
      {
        name: 'app',
        servers: [
          { name: 'eu-west-1', host: '127.0.0.1', port: 8001, weight: 100, id: 1 },
          { name: 'us-east-1', host: '::1', port: 8002, weight: 0 },
          { name: 'ap-south-1', host: '10.0.0.3', port: 8003, weight: 255, initialState: 'down' as const },
        ],
      },
    ],
    frontendPort: 8080,
    statsSocket: '/run/haproxy/admin.sock',
    serverStateFile: '/var/lib/haproxy/server-state',
  };

  it('produces weighted round-robin, health checks, timeouts, an admin socket and server-state support', () => {
    const cfg = generateHaproxyConfig(base);
    expect(cfg).toContain('stats socket /run/haproxy/admin.sock mode 600 level admin');
    expect(cfg).toContain('server-state-file /var/lib/haproxy/server-state');
    expect(cfg).toContain('load-server-state-from-file global');
    expect(cfg).toContain('mode http');
    expect(cfg).toContain('balance roundrobin');
    expect(cfg).toContain('option httpchk');
    expect(cfg).toContain('http-check send meth GET uri /healthz');
    expect(cfg).toContain('http-check expect status 200');
    expect(cfg).toMatch(/timeout connect \d+ms/);
    expect(cfg).toMatch(/timeout http-keep-alive \d+ms/);
    expect(cfg).toContain('option redispatch');
    expect(cfg).toContain('bind 127.0.0.1:8080');
    expect(cfg).toContain('default_backend app');
    expect(cfg).toContain('server eu-west-1 127.0.0.1:8001 weight 100 check id 1');
    expect(cfg).toContain('server us-east-1 [::1]:8002 weight 0 check');
    expect(cfg).toContain('server ap-south-1 10.0.0.3:8003 weight 255 check disabled');
    expect(cfg).not.toContain('shutdown-sessions');
  });

  it('supports a TCP runtime API address and no state file', () => {
    const cfg = generateHaproxyConfig({ ...base, statsSocket: { host: '127.0.0.1', port: 9999 }, serverStateFile: undefined });
    expect(cfg).toContain('stats socket ipv4@127.0.0.1:9999 level admin');
    expect(cfg).not.toContain('server-state-file');
    expect(cfg).not.toContain('load-server-state-from-file');
  });

  it.each([
    ['a bad server name', { ...base, backends: [{ name: 'app', servers: [{ name: 'bad name', host: 'h', port: 1, weight: 1 }] }] }],
    ['a weight above 256', { ...base, backends: [{ name: 'app', servers: [{ name: 's', host: 'h', port: 1, weight: 257 }] }] }],
    ['a bad port', { ...base, frontendPort: 70000 }],
    ['no backends', { ...base, backends: [] }],
    ['an unknown default backend', { ...base, defaultBackend: 'nope' }],
    ['a socket path with spaces', { ...base, statsSocket: '/tmp/a b' }],
  ])('rejects %s', (_label, options) => {
    expect(() => generateHaproxyConfig(options)).toThrow(HaproxyConfigError);
  });

  const bin = findHaproxyBinary();
  it.skipIf(bin === null)('is accepted by `haproxy -c`', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'meridian-cfg-'));
    try {
      const file = path.join(dir, 'haproxy.cfg');
      await writeFile(file, generateHaproxyConfig({ ...base, statsSocket: path.join(dir, 's.sock'), serverStateFile: path.join(dir, 'state') }));
      const result = await new Promise<{ code: number; output: string }>((resolve) => {
        execFile(bin ?? 'haproxy', ['-c', '-f', file], (error, stdout, stderr) => {
          resolve({ code: error === null ? 0 : 1, output: `${stdout}${stderr}` });
        });
      });
      expect(result.output).toContain('valid');
      expect(result.code).toBe(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('parsing', () => {
  it('parses `show servers state` (HAProxy 2.6 output)', () => {
    const rows = parseServersState(REAL_SERVERS_STATE);
    expect(rows).toEqual([
      { backend: 'be', server: 'a', address: '127.0.0.1', port: 18081, opState: 2, adminState: 8, userWeight: 50, initialWeight: 100 },
      { backend: 'be', server: 'b', address: '127.0.0.1', port: 18082, opState: 0, adminState: 1, userWeight: 100, initialWeight: 100 },
    ]);
    expect(parseServersState('1\n')).toEqual([]);
    expect(() => parseServersState('Unknown command.')).toThrow(RuntimeApiError);
  });

  it('maps admin state bits', () => {
    expect(rotationStateOf(0)).toBe('ready');
    expect(rotationStateOf(0x08)).toBe('drain');
    expect(rotationStateOf(0x10)).toBe('drain');
    expect(rotationStateOf(0x01)).toBe('down');
    expect(rotationStateOf(0x04)).toBe('down');
    expect(rotationStateOf(0x01 | 0x08)).toBe('down');
  });

  it('parses `show stat` by column name', () => {
    const text = '# pxname,svname,scur,status,weight,lbtot,check_status,\nbe,a,3,DRAIN,50,1234,L7OK,\nbe,BACKEND,0,UP,150,9,,\n';
    expect(parseShowStat(text)[0]).toEqual({ proxy: 'be', server: 'a', status: 'DRAIN', weight: 50, lbtot: 1234, scur: 3, checkStatus: 'L7OK' });
  });

  it('splits prompt-mode responses', () => {
    expect(parsePromptResponses('\n> \n> No such server.\n\n> 1\n# h\n\n> ', 3)).toEqual(['', 'No such server.', '1\n# h']);
    expect(() => parsePromptResponses('\n> \n> ', 3)).toThrow(/1 of 3/);
  });
});

describe('planHaproxyCommands', () => {
  const current = [server('a', 100), server('b', 100), server('c', 100)];
  const serverFor = (code: string): string => code;

  it('maps weight×dial, drain, ready and maint to runtime API commands', () => {
    const plan = planHaproxyCommands('app', current, desired(['a', 100, 100, true], ['b', 100, 50, false], ['c', 150, 100, false]), serverFor);
    expect(plan.errors).toEqual([]);
    // capacity first (c up), then removals (a drained, b down to 50)
    expect(plan.commands.map((c) => c.command)).toEqual(['set server app/c weight 150', 'set server app/a state drain', 'set server app/b weight 50']);
  });

  it('sets the weight before `state ready` and `state maint` before the weight', () => {
    const cur = [server('a', 100, 0x08), server('b', 100)];
    const plan = planHaproxyCommands('app', cur, desired(['a', 200, 100, false], ['b', 10, 100, false, true]), serverFor);
    expect(plan.commands.map((c) => c.command)).toEqual([
      'set server app/a weight 200',
      'set server app/a state ready',
      'set server app/b state maint',
      'set server app/b weight 10',
    ]);
    expect(plan.commands.map((c) => c.change)).toContainEqual({ regionCode: 'a', field: 'state', from: 'drain', to: 'ready' });
  });

  it('sends nothing when the data plane already matches, and reports unknown servers', () => {
    expect(planHaproxyCommands('app', current, desired(['a', 100, 100, false]), serverFor).commands).toEqual([]);
    const plan = planHaproxyCommands('app', current, desired(['zz', 1, 100, false]), serverFor);
    expect(plan.errors).toEqual([{ regionCode: 'zz', message: 'no server zz in backend app' }]);
  });
});

describe('HaproxyAdapter against a fake runtime API', () => {
  let fake: FakeHaproxyCli;
  beforeEach(async () => {
    fake = await startFakeHaproxyCli({
      app: [
        { name: 'eu-west-1', weight: 100 },
        { name: 'us_east_1', weight: 100 },
        { name: 'ap-south-1', weight: 100 },
      ],
      other: [{ name: 'x', weight: 1 }],
    });
  });
  afterEach(async () => {
    await fake.close();
  });

  it('one command per connection, and batches in prompt mode', async () => {
    const client = new HaproxyRuntimeClient({ path: fake.socketPath });
    expect(await client.command('set server app/eu-west-1 weight 7')).toBe('');
    expect(await client.command('set server app/nope weight 7')).toBe('No such server.');
    const before = fake.connections;
    const out = await client.commands(['set server app/eu-west-1 weight 8', 'set server app/x weight 1', 'show servers state app']);
    expect(fake.connections).toBe(before + 1);
    expect(out[0]).toBe('');
    expect(out[1]).toBe('No such server.');
    expect(parseServersState(out[2] ?? '')[0]?.userWeight).toBe(8);
    await expect(client.command('a; b')).rejects.toThrow(RuntimeApiError);
  });

  it('applies a drain and a weight shift, reads it back, and is idempotent', async () => {
    const adapter = new HaproxyAdapter({ socket: { path: fake.socketPath }, backend: 'app', servers: { 'us-east-1': 'us_east_1' } });
    const result = await adapter.apply(desired(['eu-west-1', 100, 100, true], ['us-east-1', 100, 50, false], ['ap-south-1', 150, 100, false]));
    expect(result.ok).toBe(true);
    expect(result.commands).toEqual(['set server app/ap-south-1 weight 150', 'set server app/eu-west-1 state drain', 'set server app/us_east_1 weight 50']);
    expect(fake.commands.slice(-3)).toEqual(result.commands);
    expect(result.changes).toHaveLength(3);

    const observed = await adapter.read();
    expect(observed.adapter).toBe('haproxy:app');
    expect(observed.regions.map((r) => [r.regionCode, r.effectiveWeight, r.state, r.health])).toEqual([
      ['eu-west-1', 100, 'drain', 'up'],
      ['us-east-1', 50, 'ready', 'up'],
      ['ap-south-1', 150, 'ready', 'up'],
    ]);

    const sent = fake.commands.length;
    const again = await adapter.apply(desired(['eu-west-1', 100, 100, true], ['us-east-1', 100, 50, false], ['ap-south-1', 150, 100, false]));
    expect(again.commands).toEqual([]);
    expect(fake.commands.slice(sent)).toEqual(['show servers state app']);
  });

  it('down → maint, and back to ready', async () => {
    const adapter = new HaproxyAdapter({ socket: { path: fake.socketPath }, backend: 'app' });
    await adapter.apply(desired(['ap-south-1', 100, 100, false, true]));
    expect((await adapter.read()).regions.find((r) => r.regionCode === 'ap-south-1')?.state).toBe('down');
    const back = await adapter.apply(desired(['ap-south-1', 100, 100, false]));
    expect(back.commands).toEqual(['set server app/ap-south-1 state ready']);
  });

  it('reports command failures per region and unknown regions without throwing', async () => {
    const adapter = new HaproxyAdapter({ socket: { path: fake.socketPath }, backend: 'app' });
    fake.failWhen = (cmd) => (cmd.includes('ap-south-1') ? 'Permission denied' : null);
    const result = await adapter.apply(desired(['ap-south-1', 5, 100, false], ['eu-west-1', 5, 100, false], ['mars-1', 5, 100, false]));
    expect(result.ok).toBe(false);
    expect(result.errors).toEqual([
      { regionCode: 'mars-1', message: 'no server mars-1 in backend app' },
      { regionCode: 'ap-south-1', message: 'Permission denied', command: 'set server app/ap-south-1 weight 5' },
    ]);
    expect(result.changes).toEqual([{ regionCode: 'eu-west-1', field: 'weight', from: 100, to: 5 }]);
  });

  it('rejects invalid desired state before sending anything', async () => {
    const adapter = new HaproxyAdapter({ socket: { path: fake.socketPath }, backend: 'app' });
    await expect(adapter.apply(desired(['eu-west-1', 256, 100, false]))).rejects.toBeInstanceOf(DesiredRoutingError);
    expect(fake.commands).toEqual([]);
  });

  it('fails clearly for an unknown backend or an unreachable socket', async () => {
    await expect(new HaproxyAdapter({ socket: { path: fake.socketPath }, backend: 'nope' }).read()).rejects.toThrow(/no backend nope/);
    const gone = new HaproxyAdapter({ socket: { path: path.join(os.tmpdir(), 'meridian-no-such.sock') }, backend: 'app' });
    await expect(gone.read()).rejects.toThrow(RuntimeApiError);
  });
});
