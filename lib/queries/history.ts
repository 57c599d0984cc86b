import 'server-only';
import { z } from 'zod';
import { db } from '../db';
import type { HealthState } from '../fleet/types';

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
