// Unit economics: cost per million requests, and idle cost (compute paid for but not used).

import { microsToUsd, sumMicros, usdToMicros } from './money';

export const IDLE_COST_EXPLANATION =
  'Idle cost is what we paid for compute capacity that sat unused: the compute bill times the share of capacity that was not used.';
export const IDLE_COST_FORMULA = 'idle cost = compute cost × (1 − average utilisation)';

/** USD per million requests; null when there were no requests (the ratio is undefined, not zero). */
export function costPerMillionRequests(costUsd: number, requestCount: number): number | null {
  if (!Number.isFinite(costUsd)) throw new RangeError(`costUsd must be finite, got ${costUsd}`);
  if (!(requestCount >= 0) || !Number.isFinite(requestCount)) throw new RangeError(`requestCount must be ≥ 0, got ${requestCount}`);
  return requestCount === 0 ? null : (costUsd / requestCount) * 1_000_000;
}

export interface RegionServiceCost {
  regionId: string;
  serviceId: string | null;
  amountUsd: number;
}

export interface RegionServiceRequests {
  regionId: string;
  serviceId: string | null;
  requestCount: number;
}

export interface UnitCostRow {
  regionId: string;
  serviceId: string | null;
  costUsd: number;
  requestCount: number;
  usdPerMillionRequests: number | null;
}

export interface UnitCostReport {
  rows: UnitCostRow[];
  totalCostUsd: number;
  totalRequestCount: number;
  usdPerMillionRequests: number | null;
}

/**
 * Cost per million requests for each region/service pair present in either input, plus the overall figure
 * (total cost / total requests, not the mean of the per-pair ratios). Rows sorted by region, then service.
 */
export function unitCosts(costs: readonly RegionServiceCost[], requests: readonly RegionServiceRequests[]): UnitCostReport {
  const keyOf = (regionId: string, serviceId: string | null): string => JSON.stringify([regionId, serviceId]);
  const pairs = new Map<string, { regionId: string; serviceId: string | null; micros: number; requestCount: number }>();
  const pair = (regionId: string, serviceId: string | null) => {
    const k = keyOf(regionId, serviceId);
    let p = pairs.get(k);
    if (p === undefined) {
      p = { regionId, serviceId, micros: 0, requestCount: 0 };
      pairs.set(k, p);
    }
    return p;
  };
  for (const c of costs) pair(c.regionId, c.serviceId).micros += usdToMicros(c.amountUsd);
  for (const r of requests) {
    if (!(r.requestCount >= 0)) throw new RangeError(`requestCount must be ≥ 0, got ${r.requestCount}`);
    pair(r.regionId, r.serviceId).requestCount += r.requestCount;
  }
  const rows: UnitCostRow[] = [...pairs.values()]
    .sort((a, b) => cmp(a.regionId, b.regionId) || cmp(a.serviceId ?? '', b.serviceId ?? ''))
    .map((p) => ({
      regionId: p.regionId,
      serviceId: p.serviceId,
      costUsd: microsToUsd(p.micros),
      requestCount: p.requestCount,
      usdPerMillionRequests: costPerMillionRequests(microsToUsd(p.micros), p.requestCount),
    }));
  const totalMicros = sumMicros([...pairs.values()].map((p) => p.micros));
  const totalRequestCount = rows.reduce((s, r) => s + r.requestCount, 0);
  return {
    rows,
    totalCostUsd: microsToUsd(totalMicros),
    totalRequestCount,
    usdPerMillionRequests: costPerMillionRequests(microsToUsd(totalMicros), totalRequestCount),
  };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Idle cost = computeCostUsd × (1 − averageUtilisation). Utilisation is a fraction 0–1; values above 1
 * (overcommitted hosts) count as fully used, so idle cost is never negative.
 */
export function idleCostUsd(computeCostUsd: number, averageUtilisation: number): number {
  if (!Number.isFinite(computeCostUsd)) throw new RangeError(`computeCostUsd must be finite, got ${computeCostUsd}`);
  if (!(averageUtilisation >= 0) || !Number.isFinite(averageUtilisation)) {
    throw new RangeError(`averageUtilisation must be a fraction ≥ 0, got ${averageUtilisation}`);
  }
  const idleShare = 1 - Math.min(1, averageUtilisation);
  return microsToUsd(usdToMicros(computeCostUsd * idleShare));
}

export interface UtilisationSample {
  /** Fraction 0–1 of the capacity in use during the sample. */
  utilisation: number;
  /** Capacity paid for during the sample (e.g. vCPU-hours, or rps × hours): the weight of the sample. */
  capacityUnits: number;
}

/**
 * Capacity-weighted average utilisation: Σ(utilisation × capacity) / Σ capacity. A plain mean would let a
 * quiet hour on two hosts count as much as a busy hour on twenty. Null when no capacity was paid for.
 */
export function averageUtilisation(samples: readonly UtilisationSample[]): number | null {
  let weighted = 0;
  let capacity = 0;
  for (const s of samples) {
    if (!(s.capacityUnits >= 0) || !(s.utilisation >= 0)) throw new RangeError('utilisation and capacityUnits must be ≥ 0');
    weighted += Math.min(1, s.utilisation) * s.capacityUnits;
    capacity += s.capacityUnits;
  }
  return capacity === 0 ? null : weighted / capacity;
}

export interface IdleCostInput {
  regionId: string;
  serviceId: string | null;
  computeCostUsd: number;
  averageUtilisation: number;
}

export interface IdleCostRow extends IdleCostInput {
  idleCostUsd: number;
}

/** Idle cost per region/service, and the total (sum of the rows, in micro-dollars, so it adds up). */
export function idleCosts(inputs: readonly IdleCostInput[]): { rows: IdleCostRow[]; totalIdleCostUsd: number } {
  const rows = inputs.map((i) => ({ ...i, idleCostUsd: idleCostUsd(i.computeCostUsd, i.averageUtilisation) }));
  return { rows, totalIdleCostUsd: microsToUsd(sumMicros(rows.map((r) => usdToMicros(r.idleCostUsd)))) };
}
