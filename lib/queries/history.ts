import 'server-only';
import { z } from 'zod';
import { db } from '../db';
import { AppError } from '../errors';
import type { HealthState } from '../fleet/types';
import { loadServiceShares } from '../runtime/inventory';

// Replay reads per-minute rollups and the event/audit log; nothing keeps raw samples for 24 h (ARCHITECTURE.md).

export const HISTORY_WINDOW_MS = 24 * 3_600_000;
/** A rollup older than this before the asked minute is not shown as "the state then": the region was silent. */
const STALE_MS = 3 * 60_000;

export const historyAtSchema = z.object({ at: z.iso.datetime({ offset: true, error: 'at must be an ISO date-time, e.g. 2026-01-31T12:00:00Z' }) });
export const historyEventsSchema = z.object({
  since: z.iso.datetime({ offset: true, error: 'since must be an ISO date-time' }).optional(),
  until: z.iso.datetime({ offset: true, error: 'until must be an ISO date-time' }).optional(),
});

export interface HistoryRegionFigures {
  regionId: string;
  at: string;
  rps: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  errorRate: number;
  utilisation: number;
  health: HealthState;
}

export interface HistoryAt {
  /** the minute asked for (start of minute, UTC) */
  at: string;
  /** first and last minutes with rollups in the last 24 h, or null when there is no history yet */
  range: { from: string; to: string } | null;
  regions: HistoryRegionFigures[];
}

const minuteOf = (d: Date) => new Date(Math.floor(d.getTime() / 60_000) * 60_000);
const asHealth = (h: string): HealthState => (h === 'down' || h === 'degraded' ? h : 'healthy');

export async function historyRange(now = new Date()): Promise<HistoryAt['range']> {
  const agg = await db.metricRollup.aggregate({
    where: { resolution: '1m', at: { gte: new Date(now.getTime() - HISTORY_WINDOW_MS) } },
    _min: { at: true },
    _max: { at: true },
  });
  return agg._min.at && agg._max.at ? { from: agg._min.at.toISOString(), to: agg._max.at.toISOString() } : null;
}

/** Each region's figures at one past minute: its latest 1-minute rollup at or before it (at most 3 minutes older). */
export async function getHistoryAt(at: Date, now = new Date()): Promise<HistoryAt> {
  const minute = minuteOf(at);
  const [rows, range] = await Promise.all([
    db.metricRollup.findMany({
      where: { resolution: '1m', at: { lte: minute, gte: new Date(minute.getTime() - STALE_MS) } },
      orderBy: { at: 'desc' },
    }),
    historyRange(now),
  ]);
  const latest = new Map<string, HistoryRegionFigures>();
  for (const r of rows) {
    if (latest.has(r.regionId)) continue;
    latest.set(r.regionId, {
      regionId: r.regionId,
      at: r.at.toISOString(),
      rps: r.rps,
      p50Ms: r.p50Ms,
      p95Ms: r.p95Ms,
      p99Ms: r.p99Ms,
      errorRate: r.errorRate,
      utilisation: r.utilisation,
      health: asHealth(r.health),
    });
  }
  return { at: minute.toISOString(), range, regions: [...latest.values()] };
}

export type HistoryMarkKind = 'failure' | 'recovery' | 'health' | 'control' | 'deployment';

export interface HistoryMark {
  id: string;
  at: string;
  kind: HistoryMarkKind;
  regionId: string | null;
  label: string;
}

// Audit actions that are not changes to the fleet: sign-ins, refusals, reads.
const NOT_A_CHANGE = ['auth.', 'access.', 'fleet.seeded', 'sim.pause', 'sim.resume', 'sim.speed', 'sim.inject', 'sim.clear'];

function describeFailureDetail(detail: unknown): string {
  const d = (detail ?? {}) as Record<string, unknown>;
  const kind = String(d.kind ?? 'failure').replace('_', ' ');
  return d.simulated ? `${kind} (simulated history)` : kind;
}

/**
 * Marks for the replay timeline: injected failures and their clearing, health changes to worse, control changes
 * (routing, failover, region edits) and deployments, oldest first.
 */
export async function listHistoryMarks(since: Date, until: Date, limit = 500): Promise<HistoryMark[]> {
  const [events, audits] = await Promise.all([
    db.fleetEvent.findMany({ where: { at: { gte: since, lte: until } }, orderBy: { at: 'desc' }, take: limit }),
    db.auditEvent.findMany({
      where: { at: { gte: since, lte: until }, outcome: 'ok', NOT: NOT_A_CHANGE.map((p) => ({ action: { startsWith: p } })) },
      orderBy: { at: 'desc' },
      take: limit,
    }),
  ]);
  const marks: HistoryMark[] = [];
  for (const e of events) {
    const d = (e.detail ?? {}) as Record<string, unknown>;
    if (e.kind === 'failure.inject')
      marks.push({
        id: `e${e.id}`,
        at: e.at.toISOString(),
        kind: 'failure',
        regionId: e.regionId,
        label: `Failure: ${describeFailureDetail(d)}${e.regionId ? ` in ${e.regionId}` : ''}`,
      });
    else if (e.kind === 'failure.clear')
      marks.push({
        id: `e${e.id}`,
        at: e.at.toISOString(),
        kind: 'recovery',
        regionId: e.regionId,
        label: `Failure cleared${e.regionId ? ` in ${e.regionId}` : ''}`,
      });
    else if (e.kind === 'health')
      marks.push({
        id: `e${e.id}`,
        at: e.at.toISOString(),
        kind: d.to === 'healthy' ? 'recovery' : 'health',
        regionId: e.regionId,
        label: `${e.regionId ?? 'region'}: ${String(d.from ?? '?')} → ${String(d.to ?? '?')}`,
      });
    else if (e.kind.startsWith('deploy') || e.kind.startsWith('release'))
      marks.push({ id: `e${e.id}`, at: e.at.toISOString(), kind: 'deployment', regionId: e.regionId, label: `Deployment: ${e.kind}` });
    else marks.push({ id: `e${e.id}`, at: e.at.toISOString(), kind: 'control', regionId: e.regionId, label: e.kind });
  }
  for (const a of audits) {
    const deployment = a.action.startsWith('deployment') || a.action.startsWith('release');
    marks.push({
      id: `a${a.id}`,
      at: a.at.toISOString(),
      kind: deployment ? 'deployment' : 'control',
      regionId: a.targetType === 'region' ? a.targetId : null,
      label: `${a.action} ${a.targetType} ${a.targetId} by ${a.actor}`,
    });
  }
  return marks.sort((x, y) => x.at.localeCompare(y.at)).slice(-limit);
}

// ---------------------------------------------------------------------------------------------------------------
// Series: the last hours of one region, one service, or one service in one region, from the minute rollups.

export const HISTORY_STEPS_MIN = [1, 5, 15, 60] as const;

export const historySeriesSchema = z
  .object({
    regionId: z.string().trim().min(1, 'regionId must not be empty').max(100).optional(),
    serviceId: z.string().trim().min(1, 'serviceId must not be empty').max(100).optional(),
    stepMin: z.coerce
      .number({ error: 'stepMin must be a number' })
      .int('stepMin must be a whole number')
      .refine((v) => (HISTORY_STEPS_MIN as readonly number[]).includes(v), 'stepMin must be 1, 5, 15 or 60')
      .default(5),
    hours: z.coerce
      .number({ error: 'hours must be a number' })
      .int('hours must be a whole number')
      .min(1, 'hours must be 1-24')
      .max(24, 'hours must be 1-24')
      .default(24),
  })
  .refine((q) => q.regionId || q.serviceId, { message: 'Give a regionId, a serviceId, or both.' });

export interface HistoryPoint {
  /** start of the bucket, ISO */
  at: string;
  rps: number;
  /** request-weighted means over the bucket and the regions in it */
  p95Ms: number;
  errorRate: number;
  /** regions only: mean utilisation and the worst health in the bucket */
  utilisation?: number;
  health?: HealthState;
}

export interface HistorySeries {
  regionId: string | null;
  serviceId: string | null;
  /** the service's share of each region's requests (the fleet model's split: its share of the fleet's replicas) */
  serviceShare: number | null;
  stepMin: number;
  points: HistoryPoint[];
}

const SEVERITY: Record<HealthState, number> = { healthy: 0, degraded: 1, down: 2 };

/**
 * Per-minute rollups are kept per region. A service's figures are its share of each region's: the model splits
 * every region's requests between services by their share of the fleet's replicas (lib/sim/services.ts), and an
 * ingested sample is per region, so that split is what the data supports. Latency and errors are the regions'.
 */
export async function getHistorySeries(q: z.infer<typeof historySeriesSchema>, now = new Date()): Promise<HistorySeries> {
  const [region, service] = await Promise.all([
    q.regionId ? db.region.findUnique({ where: { id: q.regionId }, select: { id: true } }) : null,
    q.serviceId ? db.service.findUnique({ where: { id: q.serviceId }, select: { id: true } }) : null,
  ]);
  if (q.regionId && !region) throw new AppError('NOT_FOUND', `There is no region ${q.regionId}.`);
  if (q.serviceId && !service) throw new AppError('NOT_FOUND', `There is no service ${q.serviceId}.`);
  const share = q.serviceId ? ((await loadServiceShares(db))[q.serviceId] ?? 0) : null;
  const stepMs = q.stepMin * 60_000;
  const to = minuteOf(now).getTime();
  const from = Math.floor((to - q.hours * 3_600_000) / stepMs) * stepMs;
  const rows = await db.metricRollup.findMany({
    where: { resolution: '1m', at: { gte: new Date(from), lte: new Date(to) }, ...(q.regionId ? { regionId: q.regionId } : {}) },
    select: { at: true, rps: true, p95Ms: true, errorRate: true, utilisation: true, health: true },
    orderBy: { at: 'asc' },
  });
  // Bucket: per minute, sum over regions; per bucket, mean over its minutes.
  const buckets = new Map<number, { minutes: Set<number>; rps: number; p95W: number; errW: number; util: number; n: number; worst: HealthState }>();
  for (const r of rows) {
    const t = r.at.getTime();
    const key = Math.floor(t / stepMs) * stepMs;
    const b = buckets.get(key) ?? { minutes: new Set<number>(), rps: 0, p95W: 0, errW: 0, util: 0, n: 0, worst: 'healthy' as HealthState };
    b.minutes.add(t);
    b.rps += r.rps;
    b.p95W += r.p95Ms * r.rps;
    b.errW += r.errorRate * r.rps;
    b.util += r.utilisation;
    b.n++;
    const h = asHealth(r.health);
    if (SEVERITY[h] > SEVERITY[b.worst]) b.worst = h;
    buckets.set(key, b);
  }
  const points: HistoryPoint[] = [...buckets.entries()]
    .sort(([a], [b]) => a - b)
    .map(([key, b]) => {
      const rps = b.rps / b.minutes.size;
      const point: HistoryPoint = {
        at: new Date(key).toISOString(),
        rps: rps * (share ?? 1),
        p95Ms: b.rps > 0 ? b.p95W / b.rps : 0,
        errorRate: b.rps > 0 ? b.errW / b.rps : 0,
      };
      if (q.regionId) {
        point.utilisation = b.util / b.n;
        point.health = b.worst;
      }
      return point;
    });
  return { regionId: q.regionId ?? null, serviceId: q.serviceId ?? null, serviceShare: share, stepMin: q.stepMin, points };
}
