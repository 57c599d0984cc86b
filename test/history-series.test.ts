// GET /api/v1/history/series over the seeded 24 h of minute rollups: a region's series, a service's share of it,
// and clear refusals for bad queries.
import { describe, expect, it, vi } from 'vitest';
import type { Actor } from '../lib/auth/roles';

vi.mock('next/cache', () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));
const who: { actor: Actor | null } = { actor: { userId: 'u', email: 'viewer@test', name: 'v', role: 'viewer', via: 'token' } };
vi.mock('../lib/auth/session', () => ({ currentActor: async () => who.actor }));

const { GET } = await import('../app/api/v1/history/series/route');
const { db } = await import('../lib/db');

interface Series {
  serviceShare: number | null;
  stepMin: number;
  points: { at: string; rps: number; p95Ms: number; errorRate: number; utilisation?: number; health?: string }[];
}
const get = async (query: string) => {
  const r = await GET(new Request(`http://localhost/api/v1/history/series?${query}`), { params: Promise.resolve({}) });
  return { status: r.status, body: await r.json() };
};

describe('history series', () => {
  it("a region's last 24 h in hourly buckets are the means of its minute rollups", async () => {
    const { status, body } = await get('regionId=aws-eu-west-1&stepMin=60');
    expect(status).toBe(200);
    const s = body as Series;
    expect(s.points.length).toBeGreaterThanOrEqual(23);
    expect(s.points.length).toBeLessThanOrEqual(25);
    // Recompute one full hour from the raw rows.
    const p = s.points[5];
    const from = new Date(p.at);
    const rows = await db.metricRollup.findMany({
      where: { regionId: 'aws-eu-west-1', resolution: '1m', at: { gte: from, lt: new Date(from.getTime() + 3_600_000) } },
    });
    expect(rows.length).toBeGreaterThan(50);
    const rps = rows.reduce((a, r) => a + r.rps, 0);
    expect(p.rps).toBeCloseTo(rps / rows.length, 6);
    expect(p.p95Ms).toBeCloseTo(rows.reduce((a, r) => a + r.p95Ms * r.rps, 0) / rps, 6);
    expect(p.utilisation).toBeCloseTo(rows.reduce((a, r) => a + r.utilisation, 0) / rows.length, 6);
    expect(['healthy', 'degraded', 'down']).toContain(p.health);
  });

  it("a service's series is its share of every region's requests; in one region, of that region's", async () => {
    const service = await db.service.findFirstOrThrow({ where: { id: 'svc-feed' } });
    const fleet = (await get(`serviceId=${service.id}&stepMin=60`)).body as Series;
    const inRegion = (await get(`serviceId=${service.id}&regionId=aws-eu-west-1&stepMin=60`)).body as Series;
    const region = (await get('regionId=aws-eu-west-1&stepMin=60')).body as Series;
    expect(fleet.serviceShare).toBeGreaterThan(0);
    expect(fleet.serviceShare).toBeLessThan(1);
    expect(inRegion.points[3].rps).toBeCloseTo(region.points[3].rps * (fleet.serviceShare ?? 0), 6);
    // The fleet-wide figure adds up every region: more than this one region's share.
    expect(fleet.points[3].rps).toBeGreaterThan(inRegion.points[3].rps * 5);
    expect(fleet.points[3].utilisation).toBeUndefined();
  });

  it.each([
    ['no region and no service', '', 400, /regionId, a serviceId, or both/],
    ['a step that is not offered', 'regionId=aws-eu-west-1&stepMin=7', 400, /stepMin must be 1, 5, 15 or 60/],
    ['a step that is not a number', 'regionId=aws-eu-west-1&stepMin=abc', 400, /stepMin/],
    ['too many hours', 'regionId=aws-eu-west-1&hours=48', 400, /hours must be 1-24/],
    ['an unknown region', 'regionId=aws-mars-1', 404, /no region aws-mars-1/],
    ['an unknown service', 'serviceId=svc-nope', 404, /no service svc-nope/],
  ])('refuses %s with the reason', async (_name, query, status, reason) => {
    const r = await get(query);
    expect(r.status).toBe(status);
    expect(r.body.error.message).toMatch(reason);
  });

  it('answers 401 to an anonymous caller', async () => {
    who.actor = null;
    expect((await get('regionId=aws-eu-west-1')).status).toBe(401);
  });
});
