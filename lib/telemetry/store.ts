// Recent samples in memory (a short ring per region), rolled up per minute into the database by the runtime.
import type { TelemetrySample } from './types';

const RING = 300; // five minutes at one sample a second

export interface MinuteRollup {
  regionId: string;
  at: number; // start of the minute, epoch ms
  rps: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  errorRate: number;
  utilisation: number;
  health: string;
}

export class TelemetryStore {
  private rings = new Map<string, TelemetrySample[]>();
  private minute = new Map<string, { at: number; n: number; rps: number; p50: number; p95: number; p99: number; err: number; util: number; worst: string }>();

  /** Adds a sample; returns the rollup of the previous minute when this sample starts a new one. */
  add(s: TelemetrySample, health: string): MinuteRollup | null {
    const ring = this.rings.get(s.regionId) ?? [];
    this.rings.set(s.regionId, ring);
    ring.push(s);
    if (ring.length > RING) ring.shift();
    const minuteAt = Math.floor(s.at / 60_000) * 60_000;
    const acc = this.minute.get(s.regionId);
    let done: MinuteRollup | null = null;
    if (acc && acc.at !== minuteAt) {
      done = {
        regionId: s.regionId,
        at: acc.at,
        rps: acc.rps / acc.n,
        p50Ms: acc.p50 / acc.n,
        p95Ms: acc.p95 / acc.n,
        p99Ms: acc.p99 / acc.n,
        errorRate: acc.err / acc.n,
        utilisation: acc.util / acc.n,
        health: acc.worst,
      };
    }
    const cur = acc && acc.at === minuteAt ? acc : { at: minuteAt, n: 0, rps: 0, p50: 0, p95: 0, p99: 0, err: 0, util: 0, worst: 'healthy' };
    cur.n++;
    cur.rps += s.rps;
    cur.p50 += s.p50Ms;
    cur.p95 += s.p95Ms;
    cur.p99 += s.p99Ms;
    cur.err += s.errorRate;
    cur.util += s.utilisation;
    if (health === 'down' || (health === 'degraded' && cur.worst === 'healthy')) cur.worst = health;
    this.minute.set(s.regionId, cur);
    return done;
  }

  latest(regionId: string): TelemetrySample | undefined {
    return this.rings.get(regionId)?.at(-1);
  }

  recent(regionId: string): readonly TelemetrySample[] {
    return this.rings.get(regionId) ?? [];
  }
}
