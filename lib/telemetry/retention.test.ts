import { beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../db-client';
import { applyRetention, rollupHour } from './retention';

const db = createDb();
const H = Date.UTC(2020, 0, 1, 10);
const row = (regionId: string, minute: number, rps: number, p95Ms: number, health = 'healthy') => ({
  regionId,
  resolution: '1m',
  at: new Date(H + minute * 60_000),
  rps,
  p50Ms: p95Ms / 3,
  p95Ms,
  p99Ms: p95Ms * 2,
  errorRate: 0.001,
  utilisation: 0.5,
  health,
});

describe('hour rollups and retention', () => {
  beforeAll(async () => {
    await db.metricRollup.createMany({ data: [row('ret-a', 0, 100, 100), row('ret-a', 1, 300, 200, 'degraded'), row('ret-b', 5, 50, 80)] });
  });

  it('rolls an hour up with rps-weighted latency and the worst health, once', async () => {
    expect(await rollupHour(db, H)).toBe(2);
    expect(await rollupHour(db, H)).toBe(0);
    const a = await db.metricRollup.findFirstOrThrow({ where: { regionId: 'ret-a', resolution: '1h' } });
    // (100×100 + 300×200) / 400 = 175 ms; mean rps (100 + 300) / 2 = 200
    expect(a).toMatchObject({ rps: 200, p95Ms: 175, health: 'degraded' });
  });

  it('deletes minute rollups past their retention and keeps the hours', async () => {
    await applyRetention(db, H + 49 * 3_600_000, { minuteRollupHours: 48, hourRollupDays: 90 });
    expect(await db.metricRollup.count({ where: { regionId: { in: ['ret-a', 'ret-b'] }, resolution: '1m' } })).toBe(0);
    expect(await db.metricRollup.count({ where: { regionId: { in: ['ret-a', 'ret-b'] }, resolution: '1h' } })).toBe(2);
  });
});
