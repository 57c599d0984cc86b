// Property-based fuzzing of every server action (every export of lib/actions/*.ts) and every HTTP route handler
// (app/api/**/route.ts), called as an admin so the role check passes and the input reaches validation and the handler.
// Properties: a bad input gets a typed refusal (an action: ok:false with a validation-type code; the API: a 4xx with a
// JSON error), never INTERNAL or a 5xx, never a stack trace; and a refused call changes no row in any table.
// Some generated inputs are valid by chance (a field mutated to another legal value); they may succeed, so the
// "nothing written" property is checked on refusals, and the test requires most calls to be refusals.
//
// It runs on its own copy of the test database, so other test files writing in parallel cannot change the row counts,
// and on a fleet runtime without its timer, so nothing writes in the background.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Actor } from '../lib/auth/roles';
import { databaseKind, sqlitePath } from '../lib/config';
import { createTempDatabase } from './temp-db';

vi.mock('next/cache', () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));
const who: { actor: Actor | null } = { actor: null };
vi.mock('../lib/auth/session', () => ({ currentActor: async () => who.actor }));
// signIn reads the client address; signOut is not fuzzed (it takes no input).
vi.mock('next/headers', () => ({
  headers: async () => new Headers({ 'x-forwarded-for': '198.51.100.7' }),
  cookies: async () => ({ get: () => undefined, set: () => {}, delete: () => {}, has: () => false }),
}));

const ROOT = path.resolve(import.meta.dirname, '..');
const RUNS_PER_ACTION = 70;
const RUNS_PER_ROUTE = 45;

async function isolatedDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const shared = process.env.DATABASE_URL;
  if (!shared) throw new Error('DATABASE_URL is not set: run through vitest (test/global-setup.ts)');
  if (databaseKind(shared) === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'meridian-fuzz-'));
    const file = path.join(dir, 'fuzz.db');
    const src = new Database(sqlitePath(shared), { readonly: true, fileMustExist: true });
    src.exec(`VACUUM INTO '${file.replace(/'/g, "''")}'`); // a consistent copy even while others write
    src.close();
    return { url: `file:${file}`, drop: async () => fs.rmSync(dir, { recursive: true, force: true }) };
  }
  const t = await createTempDatabase('fuzz');
  execFileSync('npx', ['tsx', 'scripts/db.ts', 'prepare'], { cwd: ROOT, env: { ...process.env, DATABASE_URL: t.url }, stdio: 'pipe' });
  return t;
}

const isolated = await isolatedDatabase();
process.env.DATABASE_URL = isolated.url;
// Imported only now, so the one Prisma client of this file opens the copy.
const { db } = await import('../lib/db');
const { FleetRuntime } = await import('../lib/runtime/fleet-runtime');

// Every table of the schema, counted in one query (works on SQLite and PostgreSQL).
const TABLES = [...fs.readFileSync(path.join(ROOT, 'prisma/schema.prisma'), 'utf8').matchAll(/^model (\w+) \{/gm)].map((m) => m[1]);
const COUNT_SQL = `SELECT ${TABLES.map((t) => `(SELECT COUNT(*) FROM "${t}") AS "${t}"`).join(', ')}`;
async function rowCounts(): Promise<Record<string, number>> {
  const [row] = await db.$queryRawUnsafe<Record<string, number | bigint>[]>(COUNT_SQL);
  return Object.fromEntries(TABLES.map((t) => [t, Number(row[t])]));
}
const without = (c: Record<string, number>, exempt: string[]) => Object.fromEntries(Object.entries(c).filter(([k]) => !exempt.includes(k)));

// --- generators of bad values --------------------------------------------------------------------------------------

const deepObject = (depth: number): unknown => {
  let o: unknown = { leaf: 1 };
  for (let i = 0; i < depth; i++) o = { a: o };
  return o;
};
const deepArrayJson = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

/** Values that are wrong for almost any field: wrong types, non-finite numbers as numbers and as strings, extremes. */
const badValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(NaN, Infinity, -Infinity, 'NaN', 'Infinity', '-Infinity', '1e309', -1, '-1', -1e308, 1e308, 0.5, '', '   ', null, undefined, true, false),
  fc.constantFrom([], {}, [1, 2, 3], { toString: 'x' }, deepObject(200), '\u0000', '<script>alert(1)</script>', "' OR 1=1 --", '../../etc/passwd'),
  fc.constant('x'.repeat(100_000)),
  fc.integer({ min: -1_000_000_000, max: -1 }),
  fc.double({ noDefaultInfinity: false }),
  fc.array(fc.anything(), { maxLength: 5 }),
  fc.object({ maxDepth: 3 }),
);

/** An id that exists nowhere: random text, or plausible-looking ids of every kind of row. */
const unknownId = fc.oneof(
  fc.string({ minLength: 1, maxLength: 100 }),
  fc.string({ minLength: 25, maxLength: 100 }),
  fc.stringMatching(/^c[a-z0-9]{24}$/), // the shape of a cuid
  fc.constantFrom('aws-no-such-region', 'cm0000000000000000000000', 'no-such-user', 'admin', '1'),
);

/** A valid input with one field replaced by a bad value (or an id replaced by an unknown one), or one field missing. */
function mutationsOf(base: Record<string, unknown>, idKeys: string[] = ['id']): fc.Arbitrary<unknown> {
  const keys = Object.keys(base);
  return fc.oneof(
    fc.record({ key: fc.constantFrom(...keys), value: badValue }).map(({ key, value }) => ({ ...base, [key]: value })),
    fc.constantFrom(...keys).map((key) => {
      const { [key]: _dropped, ...rest } = base;
      return rest;
    }),
    ...(keys.some((k) => idKeys.includes(k))
      ? [fc.record({ key: fc.constantFrom(...keys.filter((k) => idKeys.includes(k))), value: unknownId }).map(({ key, value }) => ({ ...base, [key]: value }))]
      : []),
  );
}

/** Garbage of any shape: not an object, an object with random keys, the same as FormData. */
const garbage: fc.Arbitrary<unknown> = fc.oneof(
  fc.anything({ maxDepth: 3 }),
  fc.dictionary(fc.string({ maxLength: 20 }), badValue, { maxKeys: 6 }),
  fc.dictionary(fc.string({ maxLength: 12 }), fc.string({ maxLength: 50 }), { maxKeys: 6 }).map((o) => {
    const fd = new FormData();
    for (const [k, v] of Object.entries(o)) fd.append(k, v);
    return fd;
  }),
);

// --- the actions ------------------------------------------------------------------------------------------------------

type Result = { ok: boolean; code?: string; message?: string };
type ActionFn = (...args: unknown[]) => Promise<Result>;

const REFUSAL_CODES = ['VALIDATION', 'NOT_FOUND', 'REFUSED', 'CONFLICT', 'DUPLICATE', 'STALE_VERSION', 'PAYLOAD_TOO_LARGE'];
/** Per-action exceptions, each for a reason. */
const SPECIAL: Record<string, { skip?: string; extraCodes?: string[]; exemptTables?: string[]; call?: (fn: ActionFn, input: unknown) => Promise<Result> }> = {
  'auth.signOut': { skip: 'takes no input' },
  // Failed sign-ins are audited and rate limited by design.
  'auth.signIn': { extraCodes: ['UNAUTHENTICATED', 'RATE_LIMITED'], exemptTables: ['AuditEvent'], call: (fn, input) => fn(null, input) },
};

async function allActions(): Promise<{ name: string; fn: ActionFn }[]> {
  const dir = path.join(ROOT, 'lib/actions');
  const out: { name: string; fn: ActionFn }[] = [];
  for (const f of fs.readdirSync(dir).filter((x) => x.endsWith('.ts') && !x.endsWith('.test.ts') && x !== 'action.ts')) {
    const mod = (await import(path.join(dir, f))) as Record<string, unknown>;
    for (const [k, v] of Object.entries(mod)) if (typeof v === 'function') out.push({ name: `${f.replace(/\.ts$/, '')}.${k}`, fn: v as ActionFn });
  }
  return out;
}

/** Valid inputs to mutate, per action, over rows of the seeded database; actions without one get garbage only. */
async function validBases(): Promise<Record<string, Record<string, unknown>>> {
  const region = await db.region.findFirstOrThrow({ where: { status: 'active' } });
  const service = await db.service.findFirstOrThrow();
  const viewer = await db.user.findFirst({ where: { role: 'viewer' } });
  const regionFields = { name: 'Fuzz', city: 'Nowhere', country: 'DE', jurisdiction: 'EU', lat: 1, lng: 2, capacityRps: 10, status: 'active' };
  const serviceFields = { name: 'Fuzz', team: 'qa', tier: 2, sloAvailabilityPct: 99.9, sloLatencyP95Ms: 200 };
  const userId = viewer?.id ?? 'no-viewer';
  return {
    'auth.signIn': { email: 'viewer@meridian.local', password: 'not-the-password' },
    'regions.createRegion': { provider: 'aws', code: 'fz-test-1', ...regionFields },
    'regions.updateRegion': { id: region.id, version: region.version, ...regionFields },
    'regions.retireRegion': { id: region.id, version: region.version },
    'services.createService': { slug: 'fuzz-svc', ...serviceFields },
    'services.updateService': { id: service.id, version: service.version, ...serviceFields },
    'services.retireService': { id: service.id, version: service.version },
    'sim.controlSimulation': { action: 'speed', speed: 2 },
    'users.createUser': { email: 'fuzz@example.com', name: 'Fuzz', role: 'viewer', password: 'correct horse battery' },
    'users.changeUserRole': { id: userId, role: 'manager' },
    'users.disableUser': { id: userId },
    'users.enableUser': { id: userId },
    'users.resetUserPassword': { id: userId, password: 'correct horse battery' },
    'tokens.createApiToken': { name: 'fuzz', role: 'viewer' },
    'tokens.revokeApiToken': { id: 'no-such-token' },
  };
}

// --- the routes -------------------------------------------------------------------------------------------------------

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
const ORIGIN = 'http://127.0.0.1:3999';
type RouteFn = ((req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>) & { permission?: string };
interface Route {
  key: string;
  route: string;
  method: (typeof METHODS)[number];
  fn: RouteFn;
  paramNames: string[];
}

function routeFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? routeFiles(p) : e.name === 'route.ts' ? [p] : [];
  });
}

async function allRoutes(): Promise<Route[]> {
  const apiDir = path.join(ROOT, 'app/api');
  const out: Route[] = [];
  for (const file of routeFiles(apiDir).sort()) {
    const rel = path.relative(apiDir, path.dirname(file)).split(path.sep);
    const paramNames = rel.flatMap((s) => /^\[{1,2}(?:\.\.\.)?([^\]]+)\]{1,2}$/.exec(s)?.[1] ?? []);
    const mod = (await import(file)) as Record<string, unknown>;
    for (const method of METHODS) {
      if (typeof mod[method] === 'function')
        out.push({ key: `${rel.join('/')} ${method}`, route: `/api/${rel.join('/')}`, method, fn: mod[method] as RouteFn, paramNames });
    }
  }
  return out;
}

/** Per-route exceptions, each for a reason. */
const ROUTE_SPECIAL: Record<string, { ownErrorBody?: string; exemptTables?: string[] }> = {
  'v1/costs/imports POST': {
    ownErrorBody: 'a refused import answers 422 with its import report',
    exemptTables: ['CostImport'], // every import, refused ones too, is recorded with its outcome
  },
};

const jsonBase: Record<string, Record<string, unknown>> = {
  'v1/sim POST': { action: 'speed', speed: 2 },
  'v1/telemetry POST': { samples: [{ regionId: 'aws-eu-west-1', at: 1, rps: 1, p50Ms: 1, p95Ms: 2, p99Ms: 3, errorRate: 0 }] },
};

interface Body {
  text: string;
  headers?: Record<string, string>;
}
const invalidJson = fc.string({ maxLength: 200 }).filter((s) => {
  try {
    JSON.parse(s);
    return false;
  } catch {
    return true;
  }
});
const bodyFor = (key: string): fc.Arbitrary<Body> =>
  fc.oneof(
    invalidJson.map((text) => ({ text })),
    fc.jsonValue({ maxDepth: 4 }).map((v) => ({ text: JSON.stringify(v) })),
    garbage.filter((g) => !(g instanceof FormData)).map((g) => ({ text: JSON.stringify(g) ?? 'undefined' })),
    ...(jsonBase[key] ? [mutationsOf(jsonBase[key], ['regionId']).map((v) => ({ text: JSON.stringify(v) }))] : []),
    fc.constantFrom<Body>(
      { text: deepArrayJson(20_000) },
      { text: `${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}` },
      { text: `"${'x'.repeat(2_100_000)}"` }, // over every route's limit
      { text: '{}', headers: { 'content-length': '999999999' } }, // a declared size over the limit
      { text: '' },
      { text: 'null' },
      { text: '{"samples": [NaN]}' },
    ),
  );
const queryArb = fc.oneof(
  fc.dictionary(fc.string({ maxLength: 20 }), fc.string({ maxLength: 200 }), { maxKeys: 5 }).map((o) => `?${new URLSearchParams(o)}`),
  fc.constantFrom('?lastEventId=NaN', '?lastEventId=-1', '?lastEventId=1e309', '?lastEventId=99999999999999999999', `?q=${'x'.repeat(10_000)}`, '?%E0%A4%A'),
);

async function callRoute(r: Route, req: Request, params: Record<string, string>): Promise<{ status: number; text: string }> {
  const abort = new AbortController();
  const res = await r.fn(new Request(req, { signal: abort.signal }), { params: Promise.resolve(params) });
  if ((res.headers.get('content-type') ?? '').startsWith('text/event-stream')) {
    abort.abort();
    await res.body?.cancel().catch(() => {});
    return { status: res.status, text: '' };
  }
  return { status: res.status, text: await res.text() };
}

// --- the properties ---------------------------------------------------------------------------------------------------

const STACK = /\n\s+at |node_modules|\.tsx?:\d+:\d+/;
let admin: Actor;
let generated = 0;

beforeAll(async () => {
  const rt = new FleetRuntime();
  await rt.reload('start');
  (globalThis as unknown as { meridianRuntime?: unknown }).meridianRuntime = rt;
  const u = await db.user.findFirstOrThrow({ where: { role: 'admin', disabledAt: null } });
  admin = { userId: u.id, email: u.email, name: u.name, role: 'admin', via: 'session' };
});

afterAll(async () => {
  await db.$disconnect();
  await isolated.drop();
});

describe('fuzzing every server action and every API route with bad input', () => {
  it('server actions: a typed refusal, never INTERNAL, and a refusal writes nothing', async () => {
    const bases = await validBases();
    const actions = await allActions();
    expect(actions.length).toBeGreaterThan(5);
    let refused = 0;
    let calls = 0;
    for (const { name, fn } of actions) {
      const special = SPECIAL[name] ?? {};
      if (special.skip) continue;
      const allowed = [...REFUSAL_CODES, ...(special.extraCodes ?? [])];
      const arb = bases[name] ? fc.oneof({ arbitrary: mutationsOf(bases[name]), weight: 3 }, { arbitrary: garbage, weight: 1 }) : garbage;
      await fc.assert(
        fc.asyncProperty(arb, async (input) => {
          who.actor = admin;
          const before = await rowCounts();
          const r = await (special.call ? special.call(fn, input) : fn(input));
          calls++;
          expect(typeof r === 'object' && r !== null && 'ok' in r, `${name} returns a result`).toBe(true);
          if (r.ok) return;
          refused++;
          expect(allowed, `${name}: ${r.code} ${r.message}`).toContain(r.code);
          expect(r.message ?? '').not.toMatch(STACK);
          const exempt = special.exemptTables ?? [];
          expect(without(await rowCounts(), exempt), `${name} refused (${r.code}) but wrote rows`).toEqual(without(before, exempt));
        }),
        { numRuns: RUNS_PER_ACTION },
      );
    }
    generated += calls;
    // Most generated inputs must be refusals, or this test is not testing refusals.
    expect(refused / calls).toBeGreaterThan(0.8);
  }, 480_000); // PostgreSQL counts every table around each call: minutes, not seconds

  it('API routes: a 4xx with a JSON error (or a success), never a 5xx or a stack trace, and a refusal writes nothing', async () => {
    const routes = (await allRoutes()).filter((r) => r.fn.permission);
    expect(routes.length).toBeGreaterThan(3);
    let calls = 0;
    for (const r of routes) {
      const withBody = r.method !== 'GET' && r.method !== 'HEAD';
      const params = r.paramNames.length
        ? fc.array(unknownId, { minLength: r.paramNames.length, maxLength: r.paramNames.length })
        : fc.constant([] as string[]);
      const special = ROUTE_SPECIAL[r.key] ?? {};
      const exempt = special.exemptTables ?? [];
      // One call first, unchecked: lazy once-per-process work (e.g. rebuilding cost rollups) is not a write by the refusal.
      await callRoute(
        r,
        new Request(`${ORIGIN}${r.route}`, { method: r.method, headers: { host: new URL(ORIGIN).host, origin: ORIGIN }, body: withBody ? '{}' : undefined }),
        Object.fromEntries(r.paramNames.map((p) => [p, 'warm-up'])),
      );
      const arb = fc.record({ body: withBody ? bodyFor(r.key) : fc.constant<Body>({ text: '' }), query: queryArb, params });
      await fc.assert(
        fc.asyncProperty(arb, async ({ body, query, params: values }) => {
          who.actor = admin;
          const before = await rowCounts();
          const req = new Request(`${ORIGIN}${r.route}${query}`, {
            method: r.method,
            headers: { host: new URL(ORIGIN).host, origin: ORIGIN, 'content-type': 'application/json', ...body.headers },
            body: withBody ? body.text : undefined,
          });
          const res = await callRoute(r, req, Object.fromEntries(r.paramNames.map((p, i) => [p, values[i]])));
          calls++;
          expect(res.status, `${r.key}: ${res.text.slice(0, 300)}`).toBeLessThan(500);
          expect(res.text).not.toMatch(STACK);
          if (res.status >= 400) {
            if (!special.ownErrorBody) expect(JSON.parse(res.text), r.key).toHaveProperty('error.code');
            expect(without(await rowCounts(), exempt), `${r.key} refused (${res.status}) but wrote rows`).toEqual(without(before, exempt));
          }
        }),
        { numRuns: RUNS_PER_ROUTE },
      );
    }
    generated += calls;
  }, 480_000);

  it('generated at least 1,000 bad inputs in all', () => {
    expect(generated).toBeGreaterThanOrEqual(1000);
  });
});
