// Health detection: healthy / degraded / down from telemetry samples, with hysteresis.
// Getting worse takes one sample over a threshold (samples arrive every second, so a change shows within 2 s);
// getting better needs several samples in a row under lower thresholds, so a region on the edge does not flap.
import type { HealthState } from '../fleet/types';
import type { TelemetrySample } from './types';

export const HEALTH_THRESHOLDS = {
  down: { errorRate: 0.25 },
  degraded: { errorRate: 0.02, p95Ms: 800, utilisation: 0.97 },
  // Recovery thresholds sit below the trip thresholds (the hysteresis band).
  recover: { errorRate: 0.01, p95Ms: 600, utilisation: 0.9, samples: 5 },
} as const;

export interface RegionHealth {
  state: HealthState;
  /** consecutive samples that would allow a better state */
  goodStreak: number;
  since: number;
}

export function classify(s: TelemetrySample): HealthState {
  if (!s.up || s.errorRate >= HEALTH_THRESHOLDS.down.errorRate) return 'down';
  const d = HEALTH_THRESHOLDS.degraded;
  if (s.errorRate >= d.errorRate || s.p95Ms >= d.p95Ms || s.utilisation >= d.utilisation) return 'degraded';
  return 'healthy';
}

function clearlyBetter(s: TelemetrySample, target: HealthState): boolean {
  const r = HEALTH_THRESHOLDS.recover;
  if (target === 'healthy') return s.up && s.errorRate < r.errorRate && s.p95Ms < r.p95Ms && s.utilisation < r.utilisation;
  return s.up && s.errorRate < HEALTH_THRESHOLDS.down.errorRate * 0.5; // down -> degraded
}

const RANK: Record<HealthState, number> = { healthy: 0, degraded: 1, down: 2 };

/** Next health of a region given its previous health and a new sample. Returns the same object when unchanged. */
export function nextHealth(prev: RegionHealth | undefined, s: TelemetrySample): RegionHealth {
  const raw = classify(s);
  if (!prev) return { state: raw, goodStreak: 0, since: s.at };
  if (RANK[raw] > RANK[prev.state]) return { state: raw, goodStreak: 0, since: s.at };
  if (RANK[raw] === RANK[prev.state]) return prev.goodStreak === 0 ? prev : { ...prev, goodStreak: 0 };
  // raw is better: step one level up only after enough clearly-better samples.
  const target: HealthState = prev.state === 'down' ? 'degraded' : 'healthy';
  if (!clearlyBetter(s, target)) return prev.goodStreak === 0 ? prev : { ...prev, goodStreak: 0 };
  const goodStreak = prev.goodStreak + 1;
  if (goodStreak >= HEALTH_THRESHOLDS.recover.samples)
    return { state: raw === 'healthy' && target === 'healthy' ? 'healthy' : target, goodStreak: 0, since: s.at };
  return { ...prev, goodStreak };
}
