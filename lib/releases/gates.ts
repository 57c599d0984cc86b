// Release gates: is the new version worse than the baseline? Pure and documented in docs/releases.md.
//
// Errors: a one-sided two-proportion z-test. Each group's sample is its requests over the bake
// (n = rps × bakeS), its failures x = n × errorRate. H0: p_new ≤ p_base; reject when z > z_(1−α), α = 0.01
// (z = 2.326). With millions of requests any difference is "significant", so the gate also needs a practical
// effect: p_new − p_base ≥ 0.1 percentage points.
// Latency: relative tolerance. A region's p95 depends on its load and size, so the new regions are compared with
// their own p95 before the wave, and that ratio with the baseline's ratio over the same time:
// fail when (p95_new_now / p95_new_before) > (p95_base_now / p95_base_before) × (1 + 25 %).
// Traffic: fewer than 100 requests on the new version during the bake is too little to judge: no pass.
// Burn: the new regions' error rate over the service's error budget (1 − SLO); fail at the fast-burn page
// threshold, 14.4× (2 % of a 30-day budget in one hour), unless the baseline burns as fast (a fleet-wide problem).

import { formatInt } from '../format';

export const GATE_DEFAULTS = {
  alpha: 0.01,
  zCritical: 2.3263478740408408, // Φ⁻¹(0.99)
  minErrorDelta: 0.001,
  latencyTolerance: 0.25,
  burnRateLimit: 14.4,
  /** Fewer requests than this in the new regions over the bake: too little to judge, the gate does not pass. */
  minRequests: 100,
} as const;
export type GateLimits = typeof GATE_DEFAULTS;

export interface GroupStats {
  rps: number;
  /** Request-weighted error fraction, 0–1. */
  errorRate: number;
  /** Request-weighted p95 in ms. */
  p95Ms: number;
}

export interface GateInput {
  candidate: GroupStats;
  baseline: GroupStats;
  /** The candidate regions and the baseline just before the wave started (for the latency ratio). */
  candidateBefore: GroupStats;
  baselineBefore: GroupStats;
  bakeS: number;
  sloAvailabilityPct: number;
}

export interface GateCheck {
  name: 'traffic' | 'errors' | 'latency' | 'burn';
  pass: boolean;
  detail: string;
}

export interface GateResult {
  pass: boolean;
  checks: GateCheck[];
  /** The failed checks' details joined: what the timeline and the audit log show. */
  reason: string;
  z: number;
  burnRate: number;
}

/** One-sided two-proportion z statistic for p1 > p0 with pooled variance; 0 when there is no information. */
export function twoProportionZ(x1: number, n1: number, x0: number, n0: number): number {
  if (n1 <= 0 || n0 <= 0) return 0;
  const p1 = x1 / n1;
  const p0 = x0 / n0;
  const p = (x1 + x0) / (n1 + n0);
  const se = Math.sqrt(p * (1 - p) * (1 / n1 + 1 / n0));
  if (se === 0) return 0;
  return (p1 - p0) / se;
}

const pct = (f: number, d = 2) => `${(f * 100).toFixed(d)} %`;

export function evaluateGate(g: GateInput, limits: GateLimits = GATE_DEFAULTS): GateResult {
  const n1 = g.candidate.rps * g.bakeS;
  const n0 = g.baseline.rps * g.bakeS;
  const x1 = n1 * g.candidate.errorRate;
  const x0 = n0 * g.baseline.errorRate;
  const z = twoProportionZ(x1, n1, x0, n0);
  const delta = g.candidate.errorRate - g.baseline.errorRate;
  const errorsFail = z > limits.zCritical && delta >= limits.minErrorDelta;
  const errors: GateCheck = {
    name: 'errors',
    pass: !errorsFail,
    detail: `error rate ${pct(g.candidate.errorRate)} vs baseline ${pct(g.baseline.errorRate)} (z = ${z.toFixed(1)}, critical ${limits.zCritical.toFixed(2)} at α = ${limits.alpha}, n = ${formatInt(n1)} vs ${formatInt(n0)} requests)`,
  };

  const ratio = (now: number, before: number) => (before > 0 ? now / before : 1);
  const rNew = ratio(g.candidate.p95Ms, g.candidateBefore.p95Ms);
  const rBase = ratio(g.baseline.p95Ms, g.baselineBefore.p95Ms);
  const latencyFail = rNew > rBase * (1 + limits.latencyTolerance);
  const latency: GateCheck = {
    name: 'latency',
    pass: !latencyFail,
    detail: `p95 ${Math.round(g.candidate.p95Ms)} ms (×${rNew.toFixed(2)} since the wave started) vs baseline ×${rBase.toFixed(2)}; tolerance +${limits.latencyTolerance * 100} %`,
  };

  const budget = Math.max(1e-9, 1 - g.sloAvailabilityPct / 100);
  const burnRate = g.candidate.errorRate / budget;
  const baseBurn = g.baseline.errorRate / budget;
  const burnFail = burnRate >= limits.burnRateLimit && baseBurn < limits.burnRateLimit;
  const burn: GateCheck = {
    name: 'burn',
    pass: !burnFail,
    detail: `burn rate ${burnRate.toFixed(1)}× vs baseline ${baseBurn.toFixed(1)}× (limit ${limits.burnRateLimit}× of a ${g.sloAvailabilityPct} % SLO)`,
  };

  const traffic: GateCheck = {
    name: 'traffic',
    pass: n1 >= limits.minRequests,
    detail: `${formatInt(n1)} requests reached the new version during the bake (at least ${limits.minRequests} needed to judge it)`,
  };
  const checks = [traffic, errors, latency, burn];
  const failed = checks.filter((c) => !c.pass);
  return {
    pass: failed.length === 0,
    checks,
    reason: failed.map((c) => `${c.name}: ${c.detail}`).join('; '),
    z,
    burnRate,
  };
}

/** Request-weighted mean of per-region figures; zero traffic gives zeros. */
/**
 * The mean over a bake of per-moment group figures (one per second live, one per minute from rollups): mean
 * rps, and error rate and p95 weighted by each moment's requests. Not `combine`, which adds regions up: summing
 * moments would count every request once per sample and make the gate's test overconfident.
 */
export function overTime(samples: readonly GroupStats[]): GroupStats {
  const c = combine(samples);
  return samples.length ? { ...c, rps: c.rps / samples.length } : c;
}

export function combine(regions: readonly GroupStats[]): GroupStats {
  const rps = regions.reduce((s, r) => s + r.rps, 0);
  if (rps <= 0) return { rps: 0, errorRate: 0, p95Ms: regions.length ? regions.reduce((s, r) => s + r.p95Ms, 0) / regions.length : 0 };
  return {
    rps,
    errorRate: regions.reduce((s, r) => s + r.errorRate * r.rps, 0) / rps,
    p95Ms: regions.reduce((s, r) => s + r.p95Ms * r.rps, 0) / rps,
  };
}
