// GET /api/v1/regions/{id}/burn: a region's SLO burn for the map's panel; unknown or malformed ids are refused.
import { describe, expect, it, vi } from 'vitest';
import type { Actor } from '../lib/auth/roles';

vi.mock('next/cache', () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));
const viewer: Actor = { userId: 'u', email: 'viewer@test', name: 'v', role: 'viewer', via: 'token' };
vi.mock('../lib/auth/session', () => ({ currentActor: async () => viewer }));

const { GET } = await import('../app/api/v1/regions/[id]/burn/route');
const get = async (id: string) => {
  const r = await GET(new Request(`http://localhost/api/v1/regions/${encodeURIComponent(id)}/burn`), { params: Promise.resolve({ id }) });
  return { status: r.status, body: await r.json() };
};

describe('region burn', () => {
  it("answers a region's burn figures", async () => {
    const r = await get('aws-eu-west-1');
    expect(r.status).toBe(200);
    expect(r.body).toHaveProperty('burn');
  });

  it.each([
    ['an unknown region', 'aws-mars-1', 404, /no region aws-mars-1/],
    ['an id too long', 'x'.repeat(101), 400, /Bad region id/],
  ])('refuses %s with the reason', async (_name, id, status, reason) => {
    const r = await get(id);
    expect(r.status).toBe(status);
    expect(r.body.error.message).toMatch(reason);
  });
});
