import { type BulkValue, bulkInsert } from '../db-bulk';
import type { Db } from '../db-client';
import { createFleet, type FailureSpec, injectFailure, tick } from '../sim';
import { nextHealth, type RegionHealth } from '../telemetry/health';
import { sampleFromSim } from '../telemetry/types';
import { loadFleetInventory, pinnedJurisdictions } from './inventory';

const HOURS = 24;
const STEP_S = 60;

/** Past incidents for the demo history, as (minutes before now, duration, failure). */
const PAST_INCIDENTS: [minutesAgo: number, minutes: number, spec: FailureSpec][] = [
  [9 * 60, 25, { kind: 'degradation', regionId: 'aws-ap-southeast-1', errorRate: 0.08 }],
  [5 * 60, 18, { kind: 'region_outage', regionId: 'azure-southeastasia' }],
  [2 * 60, 12, { kind: 'latency_spike', regionId: 'gcp-europe-west1', extraLatencyMs: 900 }],
];

/**
 * When the database has no telemetry history for the last day (a new install), replays the fleet model over the past
 * 24 h at one tick a minute and stores the per-minute rollups and events, so replay and charts have a past.
 * Runs with the demo seed (scripts/db.ts prepare), never in the server, whose event loop it would hold up.
 */
export async function backfillHistoryIfEmpty(db: Db, now = Date.now()): Promise<number> {
  const since = new Date(now - HOURS * 3_600_000);
  if ((await db.metricRollup.count({ where: { resolution: '1m', at: { gte: since } } })) > 0) return 0;
  const inv = await loadFleetInventory(db);
  const known = new Set(inv.regions.map((r) => r.id));
  // Whole minutes, ending before the current one: the live runtime writes the current minute's rollup.
  const start = Math.floor(since.getTime() / 60_000) * 60_000 - 60_000;
  let state = createFleet({ ...inv, seed: 11, startTimeMs: start, policy: { pinnedJurisdictions: pinnedJurisdictions() } });
  const ticks = HOURS * 60;
  for (const [ago, minutes, spec] of PAST_INCIDENTS) {
    if ('regionId' in spec && !known.has(spec.regionId)) continue;
    state = injectFailure(state, spec, { startTick: ticks - ago, durationTicks: minutes });
  }
  const health = new Map<string, RegionHealth>();
  const rows: BulkValue[][] = [];
  const events: { at: Date; kind: string; regionId: string | null; detail: object }[] = [];
  for (let i = 0; i < ticks; i++) {
    state = tick(state, STEP_S);
    const at = start + (i + 1) * 60_000;
    for (const f of PAST_INCIDENTS) {
      const [ago, minutes, spec] = f;
      const regionId = 'regionId' in spec ? spec.regionId : null;
      if (i + 1 === ticks - ago) events.push({ at: new Date(at), kind: 'failure.inject', regionId, detail: { ...spec, simulated: true } });
      if (i + 1 === ticks - ago + minutes) events.push({ at: new Date(at), kind: 'failure.clear', regionId, detail: { ...spec, simulated: true } });
    }
    for (const r of state.output.regions) {
      const prev = health.get(r.regionId);
      // At one sample a minute, recovery needs the same number of good samples: minutes, not seconds.
      const h = nextHealth(prev, sampleFromSim(r, at));
      health.set(r.regionId, h);
      if (prev && prev.state !== h.state) events.push({ at: new Date(at), kind: 'health', regionId: r.regionId, detail: { from: prev.state, to: h.state } });
      rows.push([
        `bf-${r.regionId}-${at}`,
        r.regionId,
        '1m',
        new Date(at),
        r.rps,
        r.latencyP50Ms,
        r.latencyP95Ms,
        r.latencyP99Ms,
        r.errorRate,
        r.utilisation,
        h.state,
      ]);
    }
  }
  events.push({
    at: new Date(now - 150 * 60_000),
    kind: 'deployment',
    regionId: 'aws-us-east-1',
    detail: { service: 'feed', version: '12.1.0', state: 'progressing' },
  });
  events.push({
    at: new Date(now - 100 * 60_000),
    kind: 'deployment',
    regionId: 'aws-eu-north-1',
    detail: { service: 'recommendations', version: '6.1.0-rc.2', state: 'degraded' },
  });
  await bulkInsert(db, 'MetricRollup', ['id', 'regionId', 'resolution', 'at', 'rps', 'p50Ms', 'p95Ms', 'p99Ms', 'errorRate', 'utilisation', 'health'], rows);
  await db.fleetEvent.createMany({ data: events.map((e) => ({ ...e, detail: e.detail })) });
  return rows.length;
}
