// POST /api/v1/telemetry: every kind of bad batch gets a 4xx with the reason and stores nothing.
import { describe, expect, it, vi } from 'vitest';
import type { Actor } from '../lib/auth/roles';

vi.mock('next/cache', () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));
const who: { actor: Actor | null } = { actor: null };
vi.mock('../lib/auth/session', () => ({ currentActor: async () => who.actor }));

const { POST } = await import('../app/api/v1/telemetry/route');
const { fleetRuntime } = await import('../lib/runtime/fleet-runtime');
const operator: Actor = { userId: 'u', email: 'op@test', name: 'op', role: 'operator', via: 'token' };

const sample = (over: Record<string, unknown> = {}) => ({
  regionId: 'aws-eu-west-1',
  at: Date.now(),
  rps: 1200,
  p50Ms: 30,
  p95Ms: 90,
  p99Ms: 150,
  errorRate: 0.002,
  ...over,
});
const post = (body: string | object) =>
  POST(
    new Request('http://localhost/api/v1/telemetry', {
      method: 'POST',
      body: typeof body === 'string' ? body : JSON.stringify(body),
      headers: { 'content-type': 'application/json' },
    }),
    {
      params: Promise.resolve({}),
    },
  );

describe('telemetry ingest', () => {
  it('refuses a missing token with 401', async () => {
    who.actor = null;
    expect((await post({ samples: [sample()] })).status).toBe(401);
  });

  it.each([
    ['malformed JSON', '{"samples": [', /not valid JSON/],
    ['wrong types', { samples: [sample({ rps: 'lots' })] }, /rps/],
    ['NaN', '{"samples":[{"regionId":"aws-eu-west-1","at":1,"rps":NaN,"p50Ms":1,"p95Ms":2,"p99Ms":3,"errorRate":0}]}', /not valid JSON/],
    ['NaN as a string', { samples: [sample({ p95Ms: 'NaN' })] }, /p95Ms/],
    ['negative values', { samples: [sample({ rps: -1 })] }, /cannot be negative/],
    ['error rate over 1', { samples: [sample({ errorRate: 3 })] }, /fraction/],
    ['a timestamp far in the future', { samples: [sample({ at: Date.now() + 86_400_000 })] }, /in the future/],
    ['a timestamp far in the past', { samples: [sample({ at: Date.now() - 7 * 86_400_000 })] }, /more than an hour old/],
    ['an unknown region', { samples: [sample(), sample({ regionId: 'aws-mars-1' })] }, /unknown region aws-mars-1/],
    ['percentiles out of order', { samples: [sample({ p50Ms: 500 })] }, /p50 ≤ p95 ≤ p99/],
    ['an empty batch', { samples: [] }, /must not be empty/],
    ['a batch over the size limit', { samples: Array.from({ length: 5001 }, () => sample()) }, /at most 5000/],
  ])('refuses %s with a 4xx and the reason, storing nothing', async (_name, body, reason) => {
    who.actor = operator;
    const rt = await fleetRuntime();
    const before = rt.ingestedRegionIds();
    const r = await post(body);
    expect(r.status).toBeGreaterThanOrEqual(400);
    expect(r.status).toBeLessThan(500);
    expect((await r.json()).error.message).toMatch(reason);
    expect(rt.ingestedRegionIds()).toEqual(before);
  });

  it('refuses a viewer with 403', async () => {
    who.actor = { ...operator, role: 'viewer' };
    expect((await post({ samples: [sample()] })).status).toBe(403);
  });

  it('accepts a good batch, and the region then reports the ingested figures', async () => {
    who.actor = operator;
    const r = await post({ samples: [sample({ regionId: 'gcp-us-west1', rps: 4321 })] });
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({ accepted: 1 });
    const rt = await fleetRuntime();
    expect(rt.ingestedRegionIds()).toContain('gcp-us-west1');
    expect(rt.snapshot().regions.find((x) => x.id === 'gcp-us-west1')?.rps).toBe(4321);
  });
});
