// The HTTP twin of role-matrix.test.ts: it finds every route handler (app/api/**/route.ts, every exported HTTP method)
// and calls each as anonymous, viewer, manager, operator and admin. A handler not built with apiRoute (so without a
// `.permission`) must be in PUBLIC below, or this test fails: a new route cannot be forgotten.
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { type Actor, PERMISSIONS, type Permission, ROLES, type Role } from '../lib/auth/roles';

vi.mock('next/cache', () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));
const who: { actor: Actor | null } = { actor: null };
vi.mock('../lib/auth/session', () => ({ currentActor: async () => who.actor }));

/** Handlers that anyone may call, on purpose, with the reason. */
const PUBLIC: Record<string, string> = {
  'health GET': 'liveness for load balancers and the e2e harness; reveals only ok/not ok',
};

/** Handlers whose 4xx body is not the `{ error: { code, message } }` shape, on purpose, with the reason. */
const OWN_ERROR_BODY: Record<string, string> = {
  'v1/costs/imports POST': 'a refused import answers 422 with its import report (status, rows, errors per line)',
};

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;
const API_DIR = path.resolve(import.meta.dirname, '../app/api');
const ORIGIN = 'http://127.0.0.1:3999';

interface RouteHandler {
  key: string; // e.g. "v1/sim POST"
  route: string; // "/api/v1/sim"
  method: (typeof METHODS)[number];
  fn: ((req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>) & { permission?: Permission };
  params: Record<string, string>;
}

function routeFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? routeFiles(p) : e.name === 'route.ts' ? [p] : [];
  });
}

/** Every exported HTTP method handler of every route file, with placeholder values for dynamic segments. */
async function allRouteHandlers(): Promise<RouteHandler[]> {
  const out: RouteHandler[] = [];
  for (const file of routeFiles(API_DIR).sort()) {
    const rel = path.relative(API_DIR, path.dirname(file)).split(path.sep);
    const params: Record<string, string> = {};
    for (const seg of rel) {
      const m = /^\[{1,2}(?:\.\.\.)?([^\]]+)\]{1,2}$/.exec(seg);
      if (m) params[m[1]] = 'no-such-id';
    }
    const route = `/api/${rel.map((s) => (/^\[/.test(s) ? 'no-such-id' : s)).join('/')}`;
    const mod = (await import(file)) as Record<string, unknown>;
    for (const method of METHODS) {
      if (typeof mod[method] === 'function') out.push({ key: `${rel.join('/')} ${method}`, route, method, fn: mod[method] as RouteHandler['fn'], params });
    }
  }
  return out;
}

/** A request as a browser on our own origin would send it (Origin = Host, so the cross-site check passes). */
function requestFor(h: RouteHandler, init: { body?: string; headers?: Record<string, string>; query?: string } = {}): Request {
  const withBody = h.method !== 'GET' && h.method !== 'HEAD';
  return new Request(`${ORIGIN}${h.route}${init.query ?? ''}`, {
    method: h.method,
    headers: { host: new URL(ORIGIN).host, origin: ORIGIN, 'content-type': 'application/json', ...init.headers },
    body: withBody ? (init.body ?? '{}') : undefined,
  });
}

/** Calls a handler and releases a streaming body (SSE) so no subscription outlives the call. */
async function call(h: RouteHandler, req: Request): Promise<{ status: number; text: string; contentType: string }> {
  const abort = new AbortController();
  const res = await h.fn(new Request(req, { signal: abort.signal }), { params: Promise.resolve(h.params) });
  const contentType = res.headers.get('content-type') ?? '';
  let text = '';
  if (contentType.startsWith('text/event-stream')) {
    abort.abort();
    await res.body?.cancel().catch(() => {});
  } else text = await res.text();
  return { status: res.status, text, contentType };
}

/**
 * Route handlers call fleetRuntime(); a runtime without its timer (no ticks, no background writes, no history
 * backfill) answers them from the real model over this run's database.
 */
async function installQuietRuntime(): Promise<void> {
  const { FleetRuntime } = await import('../lib/runtime/fleet-runtime');
  const g = globalThis as unknown as { meridianRuntime?: InstanceType<typeof FleetRuntime> };
  if (g.meridianRuntime) return;
  const rt = new FleetRuntime();
  await rt.reload('start');
  g.meridianRuntime = rt;
}

const actorFor = (role: Role): Actor => ({ userId: `test-${role}`, email: `${role}@test`, name: role, role, via: 'session' });

describe('role matrix over every HTTP route handler', () => {
  let handlers: RouteHandler[] = [];
  beforeAll(async () => {
    await installQuietRuntime();
    handlers = await allRouteHandlers();
  });

  it('finds the routes, and every handler is either built with apiRoute or listed as public', () => {
    expect(handlers.length).toBeGreaterThan(3);
    const unguarded = handlers.filter((h) => !h.fn.permission).map((h) => h.key);
    expect(unguarded.sort(), 'handlers without apiRoute must be listed in PUBLIC').toEqual(Object.keys(PUBLIC).sort());
    for (const h of handlers) if (h.fn.permission) expect(Object.keys(PERMISSIONS), h.key).toContain(h.fn.permission);
  });

  it('answers anonymous callers 401 and roles without the permission 403, and lets allowed roles through', async () => {
    let checked = 0;
    for (const h of handlers) {
      const permission = h.fn.permission;
      if (!permission) continue;
      who.actor = null;
      const anon = await call(h, requestFor(h));
      expect(anon.status, `${h.key} as anonymous`).toBe(401);
      expect(JSON.parse(anon.text), `${h.key} as anonymous`).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
      for (const role of ROLES) {
        who.actor = actorFor(role);
        const r = await call(h, requestFor(h));
        const allowed = (PERMISSIONS[permission] as readonly Role[]).includes(role);
        if (allowed) expect([401, 403], `${h.key} as ${role} (${r.status} ${r.text.slice(0, 200)})`).not.toContain(r.status);
        else expect(r.status, `${h.key} as ${role}`).toBe(403);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(0);
  });

  it('refuses a session-cookie write from another origin, and accepts the same call with an API token', async () => {
    const writes = handlers.filter((h) => h.fn.permission && h.method !== 'GET' && h.method !== 'HEAD');
    expect(writes.length).toBeGreaterThan(0);
    for (const h of writes) {
      who.actor = actorFor('admin');
      const cross = await call(h, requestFor(h, { headers: { origin: 'https://evil.example' } }));
      expect(cross.status, `${h.key} cross-site`).toBe(403);
      const none = await call(h, new Request(`${ORIGIN}${h.route}`, { method: h.method, body: '{}' }));
      expect(none.status, `${h.key} without Origin`).toBe(403);
      who.actor = { ...actorFor('admin'), via: 'token' };
      const token = await call(h, new Request(`${ORIGIN}${h.route}`, { method: h.method, body: '{}' }));
      expect([401, 403], `${h.key} with a token`).not.toContain(token.status);
    }
  });

  it('never leaks a stack trace in an error body', async () => {
    who.actor = actorFor('admin');
    for (const h of handlers.filter((x) => x.fn.permission && x.method === 'POST')) {
      const r = await call(h, requestFor(h, { body: '{"broken json' }));
      // 400 for the JSON, or 404 when a dynamic route looks its id up first: a 4xx either way, with a JSON error.
      expect(r.status, h.key).toBeGreaterThanOrEqual(400);
      expect(r.status, h.key).toBeLessThan(500);
      if (!OWN_ERROR_BODY[h.key]) expect(JSON.parse(r.text), h.key).toHaveProperty('error.code');
      expect(r.text).not.toMatch(/\bat .+\(.+:\d+:\d+\)|node_modules|\.ts:\d+/);
    }
  });
});
