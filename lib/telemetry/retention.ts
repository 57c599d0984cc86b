// Hourly rollups from minute rollups, and retention: history is rollups plus events, never raw samples.
import type { Db } from '../db-client';

const HOUR = 3_600_000;

export function retentionFromEnv(env: Record<string, string | undefined> = process.env) {
  const num = (v: string | undefined, d: number) => (v && Number.isFinite(Number(v)) && Number(v) > 0 ? Number(v) : d);
  return { minuteRollupHours: num(env.MERIDIAN_RETENTION_MINUTE_HOURS, 48), hourRollupDays: num(env.MERIDIAN_RETENTION_HOUR_DAYS, 90) };
}

/** Aggregates the minute rollups of one hour into hour rollups (rps-weighted latency, worst health). Idempotent. */
export async function rollupHour(db: Db, hourStartMs: number): Promise<number> {
  const at = new Date(hourStartMs);
  if ((await db.metricRollup.count({ where: { resolution: '1h', at } })) > 0) return 0;
  const rows = await db.metricRollup.findMany({ where: { resolution: '1m', at: { gte: at, lt: new Date(hourStartMs + HOUR) } } });
  const by = new Map<string, typeof rows>();
  for (const r of rows) by.set(r.regionId, [...(by.get(r.regionId) ?? []), r]);
  const rank = { healthy: 0, degraded: 1, down: 2 } as Record<string, number>;
  const data = [...by].map(([regionId, rs]) => {
    const rps = rs.reduce((s, r) => s + r.rps, 0);
    const w = (k: 'p50Ms' | 'p95Ms' | 'p99Ms' | 'errorRate') =>
      rps ? rs.reduce((s, r) => s + r[k] * r.rps, 0) / rps : rs.reduce((s, r) => s + r[k], 0) / rs.length;
    return {
      regionId,
      resolution: '1h',
      at,
      rps: rps / rs.length,
      p50Ms: w('p50Ms'),
      p95Ms: w('p95Ms'),
      p99Ms: w('p99Ms'),
      errorRate: w('errorRate'),
      utilisation: rs.reduce((s, r) => s + r.utilisation, 0) / rs.length,
      health: rs.reduce((worst, r) => ((rank[r.health] ?? 0) > (rank[worst] ?? 0) ? r.health : worst), 'healthy'),
    };
  });
  if (data.length) await db.metricRollup.createMany({ data });
  return data.length;
}

export async function applyRetention(db: Db, now = Date.now(), cfg = retentionFromEnv()): Promise<void> {
  await db.metricRollup.deleteMany({ where: { resolution: '1m', at: { lt: new Date(now - cfg.minuteRollupHours * HOUR) } } });
  await db.metricRollup.deleteMany({ where: { resolution: '1h', at: { lt: new Date(now - cfg.hourRollupDays * 24 * HOUR) } } });
}
