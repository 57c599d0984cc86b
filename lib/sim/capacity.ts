// Capacity: queueing latency, saturation errors and a lagging autoscaler.

export interface ServiceParams {
  /** Mean service time of one request on an idle region. */
  baseServiceMs: number;
  /** Utilisation at which the queueing term stops growing: beyond it, overload shows as errors, not latency. */
  maxQueueUtilisation: number;
  /** Errors of a healthy, unloaded region (client errors, timeouts, deploys). */
  baselineErrorRate: number;
  /** A region whose error rate exceeds this is reported 'degraded'. */
  degradedErrorRate: number;
}

export const DEFAULT_SERVICE_PARAMS: ServiceParams = {
  baseServiceMs: 12,
  // At 0.97 the mean response time is 1/(1-0.97) ≈ 33× the base: a request timeout of ~1 s in practice.
  maxQueueUtilisation: 0.97,
  // Healthy-region background errors: 0.004 %, inside a 99.99 % availability objective (a tier-1 budget).
  baselineErrorRate: 0.00004,
  degradedErrorRate: 0.05,
};

/**
 * Quantile q (0-1) of the time a request spends in a region, modelled as an M/M/1 queue: the sojourn time is
 * exponential with mean base/(1-ρ), so its q-quantile is mean·ln(1/(1-q)). Simple, and it has the property that
 * matters to an operator: latency climbs steeply as utilisation nears 1 (×2 at ρ=0.5, ×10 at ρ=0.9).
 */
export function serviceLatencyMs(utilisation: number, q: number, params: ServiceParams = DEFAULT_SERVICE_PARAMS): number {
  const rho = Math.min(Math.max(utilisation, 0), params.maxQueueUtilisation);
  const meanMs = params.baseServiceMs / (1 - rho);
  return meanMs * Math.log(1 / (1 - q));
}

/** Share of requests shed when offered load exceeds capacity: (ρ-1)/ρ of them cannot be served. */
export function saturationErrorRate(utilisation: number): number {
  return utilisation > 1 ? 1 - 1 / utilisation : 0;
}

/** Independent failure causes combine as 1 - Π(1 - pᵢ). */
export function combineErrorRates(...rates: number[]): number {
  let ok = 1;
  for (const r of rates) ok *= 1 - Math.min(Math.max(r, 0), 1);
  return 1 - ok;
}

export interface AutoscalerParams {
  /** Decide to scale up when utilisation exceeds this. */
  scaleUpAtUtilisation: number;
  /** Size new capacity so the observed load would sit at this utilisation. */
  targetUtilisation: number;
  /** Scale down when utilisation stays below this for scaleDownAfterS. */
  scaleDownAtUtilisation: number;
  scaleDownAfterS: number;
  /** Time from decision to capacity serving traffic: instance boot, image pull, warm-up, health checks. */
  leadTimeS: number;
  /** Ceiling: capacity never exceeds this multiple of the region's provisioned (base) capacity. */
  maxCapacityMultiple: number;
}

export const DEFAULT_AUTOSCALER_PARAMS: AutoscalerParams = {
  scaleUpAtUtilisation: 0.7,
  targetUtilisation: 0.55,
  scaleDownAtUtilisation: 0.3,
  scaleDownAfterS: 600,
  leadTimeS: 180,
  maxCapacityMultiple: 3,
};

export interface RegionCapacityState {
  regionId: string;
  /** Provisioned capacity from the inventory (FleetRegion.capacityRps): the floor. */
  baseCapacityRps: number;
  /** Capacity serving traffic now. */
  capacityRps: number;
  /** A scale-up decided but not yet effective. One at a time: no new decision while one is in flight. */
  pending: { capacityRps: number; effectiveAtMs: number } | null;
  /** Since when utilisation has been below the scale-down threshold (null: it is not). */
  lowSinceMs: number | null;
}

export function createCapacityState(regionId: string, baseCapacityRps: number): RegionCapacityState {
  return { regionId, baseCapacityRps, capacityRps: baseCapacityRps, pending: null, lowSinceMs: null };
}

/** Capacity the autoscaler converges to for a steady load: what a preview should cost. */
export function steadyCapacityRps(baseCapacityRps: number, rps: number, params: AutoscalerParams = DEFAULT_AUTOSCALER_PARAMS): number {
  const wanted = rps / params.scaleUpAtUtilisation > baseCapacityRps ? rps / params.targetUtilisation : baseCapacityRps;
  return Math.min(baseCapacityRps * params.maxCapacityMultiple, Math.max(baseCapacityRps, wanted));
}

/** Capacity in force at nowMs: a pending scale-up that has come due becomes serving capacity. */
export function applyDueCapacity(prev: RegionCapacityState, nowMs: number): RegionCapacityState {
  if (!prev.pending || nowMs < prev.pending.effectiveAtMs) return prev;
  return { ...prev, capacityRps: prev.pending.capacityRps, pending: null };
}

/** One autoscaler step: applies a pending action that has come due, then decides on the load just observed. */
export function stepCapacity(
  prev: RegionCapacityState,
  observedRps: number,
  nowMs: number,
  params: AutoscalerParams = DEFAULT_AUTOSCALER_PARAMS,
): RegionCapacityState {
  const next: RegionCapacityState = { ...applyDueCapacity(prev, nowMs) };
  const ceilingRps = next.baseCapacityRps * params.maxCapacityMultiple;
  const utilisation = next.capacityRps > 0 ? observedRps / next.capacityRps : Number.POSITIVE_INFINITY;

  if (utilisation > params.scaleUpAtUtilisation) {
    next.lowSinceMs = null;
    if (!next.pending && next.capacityRps < ceilingRps) {
      const targetRps = Math.min(ceilingRps, Math.max(next.capacityRps * 1.1, observedRps / params.targetUtilisation));
      next.pending = { capacityRps: targetRps, effectiveAtMs: nowMs + params.leadTimeS * 1000 };
    }
  } else if (utilisation < params.scaleDownAtUtilisation && next.capacityRps > next.baseCapacityRps) {
    if (next.lowSinceMs === null) next.lowSinceMs = nowMs;
    else if (nowMs - next.lowSinceMs >= params.scaleDownAfterS * 1000 && !next.pending) {
      // Removing capacity takes effect at once (instances drain and stop); only the decision waits.
      next.capacityRps = Math.max(next.baseCapacityRps, observedRps / params.targetUtilisation);
      next.lowSinceMs = null;
    }
  } else {
    next.lowSinceMs = null;
  }
  return next;
}
