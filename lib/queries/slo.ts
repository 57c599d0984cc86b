import 'server-only';
import { databaseKind } from '../config';
import { db } from '../db';
import { addSums, emptySums, type RegionWindows, type SloFigures, sloFigures, WINDOW_KEYS, WINDOWS, type WindowKey } from '../releases/slo';
import { num, Params } from './costs-sql';

// Sums of the 1-minute rollups per region over each window, in one query. The model is per region: a service's
// SLO figures are those of the regions it runs in, weighted by requests (see docs/releases.md).

/** SQLite stores DateTime as ISO text with +00:00; PostgreSQL takes a timestamp. */
const at = (kind: ReturnType<typeof databaseKind>, ms: number) => (kind === 'postgres' ? new Date(ms) : new Date(ms).toISOString().replace('Z', '+00:00'));

async function regionWindowSums(latencyObjectivesMs: number[], now = Date.now()): Promise<Map<string, Map<number, RegionWindows>>> {
  const kind = databaseKind();
  const p = new Params(kind);
  const cols: string[] = [];
  for (const k of WINDOW_KEYS) {
    // A placeholder per use: SQLite's `?` are positional.
    const sinceMs = at(kind, now - WINDOWS[k] * 60_000);
    const since = () => p.add(sinceMs);
    cols.push(`SUM(CASE WHEN "at" >= ${since()} THEN "rps" ELSE 0 END) AS "rps_${k}"`);
    cols.push(`SUM(CASE WHEN "at" >= ${since()} THEN "rps" * "errorRate" ELSE 0 END) AS "err_${k}"`);
    cols.push(`SUM(CASE WHEN "at" >= ${since()} THEN 1 ELSE 0 END) AS "n_${k}"`);
    latencyObjectivesMs.forEach((ms, i) => {
      cols.push(`SUM(CASE WHEN "at" >= ${since()} AND "p95Ms" > ${p.add(ms)} THEN "rps" ELSE 0 END) AS "slow${i}_${k}"`);
    });
  }
  const since30 = p.add(at(kind, now - WINDOWS['30d'] * 60_000));
  const sql = `SELECT "regionId", ${cols.join(', ')} FROM "MetricRollup" WHERE "resolution" = '1m' AND "at" >= ${since30} GROUP BY "regionId"`;
  const rows = await db.$queryRawUnsafe<Record<string, unknown>[]>(sql, ...p.values);
  const out = new Map<string, Map<number, RegionWindows>>();
  for (const r of rows) {
    const byObjective = new Map<number, RegionWindows>();
    latencyObjectivesMs.forEach((ms, i) => {
      const w = {} as RegionWindows;
      for (const k of WINDOW_KEYS) w[k] = { rps: num(r[`rps_${k}`]), errRps: num(r[`err_${k}`]), slowRps: num(r[`slow${i}_${k}`]), minutes: num(r[`n_${k}`]) };
      byObjective.set(ms, w);
    });
    out.set(String(r.regionId), byObjective);
  }
  return out;
}

export interface ServiceSlo extends SloFigures {
  serviceId: string;
  name: string;
  tier: number;
  sloAvailabilityPct: number;
  sloLatencyP95Ms: number;
  regionCount: number;
}

/** Every active service's SLO figures, from the rollups of the regions it is deployed in. */
export async function serviceSlos(now = Date.now()): Promise<ServiceSlo[]> {
  const services = await db.service.findMany({
    where: { status: 'active' },
    orderBy: [{ tier: 'asc' }, { name: 'asc' }],
    include: { deployments: { select: { regionId: true } } },
  });
  const objectives = [...new Set(services.map((s) => s.sloLatencyP95Ms))];
  const sums = objectives.length ? await regionWindowSums(objectives, now) : new Map();
  return services.map((s) => {
    const w = Object.fromEntries(WINDOW_KEYS.map((k) => [k, emptySums()])) as RegionWindows;
    for (const d of s.deployments) {
      const r = sums.get(d.regionId)?.get(s.sloLatencyP95Ms);
      if (!r) continue;
      for (const k of WINDOW_KEYS) w[k] = addSums(w[k], r[k]);
    }
    return {
      serviceId: s.id,
      name: s.name,
      tier: s.tier,
      sloAvailabilityPct: s.sloAvailabilityPct,
      sloLatencyP95Ms: s.sloLatencyP95Ms,
      regionCount: s.deployments.length,
      ...sloFigures(w, s.sloAvailabilityPct),
    };
  });
}

/**
 * Burn per region, for the map's region panel: availability burn rates per window against a given SLO (default the
 * strictest of the services deployed there), and the alerts that fire.
 */
export async function regionBurn(
  regionId: string,
  now = Date.now(),
): Promise<(SloFigures & { regionId: string; sloAvailabilityPct: number; services: string[] }) | null> {
  const deployments = await db.deployment.findMany({ where: { regionId }, include: { service: true } });
  const active = deployments.filter((d) => d.service.status === 'active');
  if (!active.length) return null;
  const slo = Math.max(...active.map((d) => d.service.sloAvailabilityPct));
  const latency = Math.min(...active.map((d) => d.service.sloLatencyP95Ms));
  const w = (await regionWindowSums([latency], now)).get(regionId)?.get(latency);
  const empty = Object.fromEntries(WINDOW_KEYS.map((k) => [k, emptySums()])) as Record<WindowKey, ReturnType<typeof emptySums>>;
  return { regionId, sloAvailabilityPct: slo, services: active.map((d) => d.service.name), ...sloFigures(w ?? empty, slo) };
}
