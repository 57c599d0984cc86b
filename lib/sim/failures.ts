import type { FailureSpec, ScheduledFailure } from './types';

// Failures are data: a list of scheduled failures, of which the ones covering the current tick are active.

/** Active at tick t when startTick ≤ t < startTick + durationTicks. */
export function isFailureActive(failure: ScheduledFailure, tick: number): boolean {
  if (tick < failure.startTick) return false;
  return failure.durationTicks === null || tick < failure.startTick + failure.durationTicks;
}

export function activeFailures(failures: readonly ScheduledFailure[], tick: number): ScheduledFailure[] {
  return failures.filter((f) => isFailureActive(f, tick));
}

/** Expired failures are dropped so the list stays short over a long run. */
export function pruneFailures(failures: readonly ScheduledFailure[], tick: number): ScheduledFailure[] {
  return failures.filter((f) => f.durationTicks === null || tick < f.startTick + f.durationTicks);
}

export function scheduleFailure(failures: readonly ScheduledFailure[], failure: ScheduledFailure): ScheduledFailure[] {
  if (failures.some((f) => f.id === failure.id)) throw new Error(`failure id already scheduled: ${failure.id}`);
  return [...failures, failure];
}

export function clearFailure(failures: readonly ScheduledFailure[], id: string): ScheduledFailure[] {
  return failures.filter((f) => f.id !== id);
}

/** Failure effects indexed for lookups in the hot path. */
export interface FailureEffects {
  downRegionIds: ReadonlySet<string>;
  /** Added error rate per region (degradations combine). */
  errorRateByRegion: ReadonlyMap<string, number>;
  extraLatencyMsByRegion: ReadonlyMap<string, number>;
  isPartitioned(regionAId: string, regionBId: string): boolean;
  isReplicationStalled(dataStoreId: string, replicaRegionId: string): boolean;
}

function pairKey(a: string, b: string): string {
  return a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`;
}

export function failureEffects(specs: readonly FailureSpec[]): FailureEffects {
  const down = new Set<string>();
  const errorRate = new Map<string, number>();
  const extraLatency = new Map<string, number>();
  const partitions = new Set<string>();
  const stalls = new Set<string>();
  for (const spec of specs) {
    switch (spec.kind) {
      case 'region_outage':
        down.add(spec.regionId);
        break;
      case 'degradation': {
        const prev = errorRate.get(spec.regionId) ?? 0;
        errorRate.set(spec.regionId, 1 - (1 - prev) * (1 - Math.min(Math.max(spec.errorRate, 0), 1)));
        break;
      }
      case 'latency_spike':
        extraLatency.set(spec.regionId, (extraLatency.get(spec.regionId) ?? 0) + Math.max(0, spec.extraLatencyMs));
        break;
      case 'partition':
        partitions.add(pairKey(spec.regionAId, spec.regionBId));
        break;
      case 'replication_stall':
        stalls.add(spec.replicaRegionId === null ? `${spec.dataStoreId}\u0000*` : `${spec.dataStoreId}\u0000${spec.replicaRegionId}`);
        break;
    }
  }
  return {
    downRegionIds: down,
    errorRateByRegion: errorRate,
    extraLatencyMsByRegion: extraLatency,
    isPartitioned: (a, b) => partitions.has(pairKey(a, b)),
    isReplicationStalled: (storeId, replicaId) => stalls.has(`${storeId}\u0000*`) || stalls.has(`${storeId}\u0000${replicaId}`),
  };
}

export const NO_FAILURES: FailureEffects = failureEffects([]);
