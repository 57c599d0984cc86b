// A fake HAProxy runtime API (stats socket) for unit tests: speaks the same framing as HAProxy 2.x (one command per
// connection, or `prompt` mode with "\n> " after each response, `quit`), keeps per-server weight / admin state, and
// answers `show servers state`, `show stat`, `set server <b>/<s> weight|state`. Records every command it receives.

import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface FakeServer {
  name: string;
  weight: number;
  /** srv_admin_state bits: 0x01 forced maint, 0x08 forced drain. */
  adminState: number;
  /** srv_op_state: 2 running. */
  opState: number;
  lbtot: number;
}

export interface FakeHaproxyCli {
  socketPath: string;
  /** Commands received, in order (excluding `prompt` and `quit`). */
  commands: string[];
  connections: number;
  backends: Map<string, FakeServer[]>;
  /** Makes a command fail with this message (e.g. to test error reporting). */
  failWhen: ((command: string) => string | null) | null;
  close(): Promise<void>;
}

const SERVERS_STATE_HEADER =
  '# be_id be_name srv_id srv_name srv_addr srv_op_state srv_admin_state srv_uweight srv_iweight ' +
  'srv_time_since_last_change srv_check_status srv_check_result srv_check_health srv_check_state srv_agent_state ' +
  'bk_f_forced_id srv_f_forced_id srv_fqdn srv_port srvrecord srv_use_ssl srv_check_port srv_check_addr ' +
  'srv_agent_addr srv_agent_port';

const STAT_HEADER = '# pxname,svname,qcur,qmax,scur,smax,slim,stot,status,weight,lbtot,check_status,';

export async function startFakeHaproxyCli(backends: Record<string, Array<{ name: string; weight: number }>>): Promise<FakeHaproxyCli> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'meridian-fake-haproxy-'));
  const socketPath = path.join(dir, 'admin.sock');
  const state = new Map<string, FakeServer[]>();
  const initialWeights = new Map<string, number>();
  for (const [be, servers] of Object.entries(backends)) {
    state.set(
      be,
      servers.map((s) => ({ name: s.name, weight: s.weight, adminState: 0, opState: 2, lbtot: 0 })),
    );
    for (const s of servers) initialWeights.set(`${be}/${s.name}`, s.weight);
  }

  const fake: FakeHaproxyCli = {
    socketPath,
    commands: [],
    connections: 0,
    backends: state,
    failWhen: null,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(dir, { recursive: true, force: true });
    },
  };

  const find = (target: string): FakeServer | string => {
    const [be, srv] = target.split('/');
    if (be === undefined || srv === undefined || srv.length === 0) return "Require 'backend/server'.";
    const servers = state.get(be);
    if (servers === undefined) return 'No such backend.';
    return servers.find((s) => s.name === srv) ?? 'No such server.';
  };

  const execute = (line: string): string => {
    fake.commands.push(line);
    const injected = fake.failWhen?.(line) ?? null;
    if (injected !== null) return `${injected}\n`;
    const words = line.trim().split(/\s+/);
    if (words[0] === 'show' && words[1] === 'servers' && words[2] === 'state') {
      const only = words[3];
      if (only !== undefined && !state.has(only)) return `Can't find backend.\n`;
      const rows: string[] = ['1', SERVERS_STATE_HEADER];
      let beId = 2;
      for (const [be, servers] of state) {
        beId += 1;
        if (only !== undefined && only !== be) continue;
        servers.forEach((s, i) => {
          const iw = initialWeights.get(`${be}/${s.name}`) ?? s.weight;
          rows.push(`${beId} ${be} ${i + 1} ${s.name} 127.0.0.1 ${s.opState} ${s.adminState} ${s.weight} ${iw} 5 6 0 4 6 0 0 0 - ${8000 + i} - 0 0 - - 0`);
        });
      }
      return `${rows.join('\n')}\n`;
    }
    if (words[0] === 'show' && words[1] === 'stat') {
      const only = words[2];
      const rows: string[] = [STAT_HEADER];
      for (const [be, servers] of state) {
        if (only !== undefined && only !== be) continue;
        for (const s of servers) {
          const status = (s.adminState & 0x01) !== 0 ? 'MAINT' : (s.adminState & 0x08) !== 0 || s.weight === 0 ? 'DRAIN' : 'UP';
          rows.push(`${be},${s.name},0,0,0,0,,${s.lbtot},${status},${s.weight},${s.lbtot},L7OK,`);
        }
      }
      return `${rows.join('\n')}\n`;
    }
    if (words[0] === 'set' && words[1] === 'server' && words[2] !== undefined) {
      const srv = find(words[2]);
      if (typeof srv === 'string') return `${srv}\n`;
      if (words[3] === 'weight') {
        const w = Number(words[4]);
        if (!Number.isInteger(w) || w < 0 || w > 256) return 'Integer value between 0 and 256 expected.\n';
        srv.weight = w;
        return '';
      }
      if (words[3] === 'state') {
        if (words[4] === 'ready') srv.adminState = 0;
        else if (words[4] === 'drain') srv.adminState = 0x08;
        else if (words[4] === 'maint') srv.adminState = 0x01;
        else return "'set server <srv> state' expects 'ready', 'drain' and 'maint'.\n";
        return '';
      }
      return "'set server <srv>' only supports 'agent', 'health', 'state', 'weight', 'addr', 'fqdn' and 'check-port'.\n";
    }
    return 'Unknown command. Please enter one of the following commands only :\n  help\n';
  };

  const server = net.createServer((socket) => {
    fake.connections += 1;
    let interactive = false;
    let buffer = '';
    socket.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      let nl = buffer.indexOf('\n');
      while (nl >= 0) {
        const line = buffer.slice(0, nl).trim();
        buffer = buffer.slice(nl + 1);
        nl = buffer.indexOf('\n');
        if (line === 'quit') {
          socket.end();
          return;
        }
        if (line === 'prompt') {
          interactive = true;
          socket.write('\n> ');
          continue;
        }
        const out = execute(line);
        if (interactive) {
          socket.write(`${out}\n> `);
        } else {
          socket.end(out);
          return;
        }
      }
    });
    socket.on('error', () => socket.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, () => resolve());
  });
  return fake;
}
