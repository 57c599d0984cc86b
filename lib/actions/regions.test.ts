// Region actions against a real (temporary) database: duplicates, stale versions, refusals write nothing.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Actor } from '../auth/roles';

vi.mock('next/cache', () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));
const actor: { current: Actor | null } = { current: null };
vi.mock('../auth/session', () => ({ currentActor: async () => actor.current }));

const { createRegion, updateRegion, retireRegion } = await import('./regions');
const { db } = await import('../db');

const operator: Actor = { userId: 'u1', email: 'op@test', name: 'Op', role: 'operator', via: 'session' };
const base = { provider: 'gcp', name: 'Test', city: 'Madrid', country: 'ES', jurisdiction: 'EU', lat: 40.4, lng: -3.7, capacityRps: 1000 };

describe('region actions', () => {
  beforeEach(() => {
    actor.current = operator;
  });

  it('creates a region with its routing row and an audit row', async () => {
    const r = await createRegion({ ...base, code: 'europe-sw1' });
    expect(r).toEqual({ ok: true, data: { id: 'gcp-europe-sw1' } });
    expect(await db.routingState.findUnique({ where: { scopeKey: 'gcp-europe-sw1' } })).toMatchObject({ weight: 128, dialPct: 100 });
    expect(await db.auditEvent.count({ where: { action: 'region.create', targetId: 'gcp-europe-sw1' } })).toBe(1);
  });

  it('refuses a duplicate provider+code with a clear message and writes nothing', async () => {
    const before = await db.region.count();
    const r = await createRegion({ ...base, provider: 'aws', code: 'eu-west-1' });
    expect(r).toMatchObject({ ok: false, code: 'DUPLICATE' });
    expect(!r.ok && r.fieldErrors?.code?.[0]).toContain('eu-west-1');
    expect(await db.region.count()).toBe(before);
  });

  it('refuses bad input with field errors and writes nothing', async () => {
    const before = await db.region.count();
    const r = await createRegion({ ...base, code: 'x-bad-1', lat: 100, capacityRps: -5, name: '' });
    expect(r.ok).toBe(false);
    expect(!r.ok && Object.keys(r.fieldErrors ?? {}).sort()).toEqual(['capacityRps', 'lat', 'name']);
    expect(await db.region.count()).toBe(before);
  });

  it('refuses a stale edit and overwrites nothing', async () => {
    await createRegion({ ...base, code: 'stale-1' });
    const first = await updateRegion({ ...base, id: 'gcp-stale-1', version: 1, name: 'First' });
    expect(first.ok).toBe(true);
    const second = await updateRegion({ ...base, id: 'gcp-stale-1', version: 1, name: 'Second' });
    expect(second).toMatchObject({ ok: false, code: 'STALE_VERSION' });
    expect((await db.region.findUniqueOrThrow({ where: { id: 'gcp-stale-1' } })).name).toBe('First');
  });

  it('refuses to retire a region that hosts deployments or a database primary, and says why', async () => {
    const r = await retireRegion({ id: 'aws-eu-west-1', version: 1 });
    expect(r).toMatchObject({ ok: false, code: 'REFUSED' });
    expect(!r.ok && r.message).toMatch(/deployments.*database primary of .*payments-eu/);
    expect((await db.region.findUniqueOrThrow({ where: { id: 'aws-eu-west-1' } })).status).toBe('active');
  });

  it('retires an empty region and drains it', async () => {
    await createRegion({ ...base, code: 'retire-me' });
    const r = await retireRegion({ id: 'gcp-retire-me', version: 1 });
    expect(r.ok).toBe(true);
    expect(await db.routingState.findUnique({ where: { scopeKey: 'gcp-retire-me' } })).toMatchObject({ drained: true, dialPct: 0 });
  });
});
