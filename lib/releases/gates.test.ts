import { describe, expect, it } from 'vitest';
import { combine, evaluateGate, GATE_DEFAULTS, type GateInput, overTime, twoProportionZ } from './gates';

const base = { rps: 1000, errorRate: 0.001, p95Ms: 100 };
const input = (over: Partial<GateInput>): GateInput => ({
  candidate: { rps: 100, errorRate: 0.001, p95Ms: 100 },
  baseline: base,
  candidateBefore: { rps: 100, errorRate: 0.001, p95Ms: 100 },
  baselineBefore: base,
  bakeS: 60,
  sloAvailabilityPct: 99.9,
  ...over,
});

describe('twoProportionZ', () => {
  it('matches the textbook example', () => {
    // x1 = 30 of n1 = 1000 (3 %), x0 = 20 of n0 = 1000 (2 %): pooled p = 50/2000 = 0.025,
    // se = √(0.025 × 0.975 × (1/1000 + 1/1000)) = √(0.00004875) = 0.0069821, z = 0.01 / 0.0069821 = 1.4322.
    expect(twoProportionZ(30, 1000, 20, 1000)).toBeCloseTo(1.4322, 3);
  });
  it('is 0 without data', () => {
    expect(twoProportionZ(0, 0, 5, 100)).toBe(0);
    expect(twoProportionZ(0, 100, 0, 100)).toBe(0);
  });
});

describe('evaluateGate', () => {
  it('passes a version that behaves like the baseline', () => {
    const g = evaluateGate(input({}));
    expect(g.pass).toBe(true);
    expect(g.reason).toBe('');
  });

  it('fails a bad version on errors and burn, with the reason', () => {
    // Canary 100 rps × 60 s = 6,000 requests at 20 % errors → 1,200 failures; baseline 60,000 requests at 0.1 % → 60.
    // pooled p = 1,260 / 66,000 = 0.019091; se = √(0.019091 × 0.980909 × (1/6000 + 1/60000)) = √(3.4333e-6) = 0.0018529;
    // z = (0.2 − 0.001) / 0.0018529 = 107.4 > 2.326, and the difference 19.9 pp ≥ 0.1 pp → errors fail.
    // Burn: 0.2 / (1 − 0.999) = 200× ≥ 14.4× while the baseline burns 0.001 / 0.001 = 1× → burn fails.
    const g = evaluateGate(input({ candidate: { rps: 100, errorRate: 0.2, p95Ms: 100 } }));
    expect(g.pass).toBe(false);
    expect(g.z).toBeCloseTo(107.4, 0);
    expect(g.burnRate).toBeCloseTo(200, 6);
    expect(g.checks.map((c) => [c.name, c.pass])).toEqual([
      ['traffic', true],
      ['errors', false],
      ['latency', true],
      ['burn', false],
    ]);
    expect(g.reason).toMatch(/^errors: error rate 20\.00 % vs baseline 0\.10 %/);
  });

  it('does not fail on a difference too small to be significant', () => {
    // Canary 10 rps × 10 s = 100 requests with 1 failure (1 %) vs 10,000 requests at 0.5 % (50 failures):
    // pooled p = 51 / 10,100 = 0.0050495; se = √(0.0050495 × 0.9949505 × (1/100 + 1/10000)) = √(5.0742e-5) = 0.0071233;
    // z = 0.005 / 0.0071233 = 0.70 < 2.326 → pass, though 1 % is twice 0.5 %. Burn 1 % / 0.1 % = 10× < 14.4×.
    const g = evaluateGate(
      input({
        candidate: { rps: 10, errorRate: 0.01, p95Ms: 100 },
        baseline: { rps: 1000, errorRate: 0.005, p95Ms: 100 },
        baselineBefore: { rps: 1000, errorRate: 0.005, p95Ms: 100 },
        bakeS: 10,
      }),
    );
    expect(g.z).toBeCloseTo(0.702, 2);
    expect(g.pass).toBe(true);
  });

  it('needs a practical difference, not only a significant one', () => {
    // 1,000 rps × 3,600 s = 3.6 M requests in each group. 0.11 % vs 0.10 %: pooled p = 0.00105,
    // se = √(0.00105 × 0.99895 × 2 / 3.6e6) = √(5.8275e-10) = 0.00002414, z = 0.0001 / 0.00002414 = 4.14 > 2.326:
    // significant, but 0.01 pp < 0.1 pp → pass. At 0.25 % (0.15 pp more) it fails.
    const big = (e: number) => evaluateGate(input({ candidate: { rps: 1000, errorRate: e, p95Ms: 100 }, bakeS: 3600, sloAvailabilityPct: 99 }));
    expect(big(0.0011).z).toBeCloseTo(4.14, 1);
    expect(big(0.0011).z).toBeGreaterThan(GATE_DEFAULTS.zCritical);
    expect(big(0.0011).pass).toBe(true);
    expect(big(0.0025).pass).toBe(false);
  });

  it('fails latency beyond the relative tolerance, compared with the baseline over the same time', () => {
    // Canary p95 100 → 140 ms (×1.40); baseline 100 → 100 (×1.00); limit ×1.00 × 1.25 = ×1.25 → fail.
    const slow = evaluateGate(input({ candidate: { rps: 100, errorRate: 0.001, p95Ms: 140 } }));
    expect(slow.checks.find((c) => c.name === 'latency')?.pass).toBe(false);
    expect(slow.reason).toMatch(/^latency: p95 140 ms/);
    // The whole fleet slowed by 30 % (a traffic peak): canary ×1.40 vs baseline ×1.30 × 1.25 = ×1.625 → pass.
    const peak = evaluateGate(input({ candidate: { rps: 100, errorRate: 0.001, p95Ms: 140 }, baseline: { ...base, p95Ms: 130 } }));
    expect(peak.checks.find((c) => c.name === 'latency')?.pass).toBe(true);
  });

  it('does not pass a wave that saw too little traffic to judge', () => {
    // 0.5 rps × 60 s = 30 requests < 100.
    const g = evaluateGate(input({ candidate: { rps: 0.5, errorRate: 0, p95Ms: 100 } }));
    expect(g.pass).toBe(false);
    expect(g.reason).toMatch(/^traffic: 30 requests/);
  });

  it('does not blame the version when the whole fleet burns', () => {
    // Both at 3 % errors with a 99.9 % SLO: 30× burn each. Not significantly different, and the baseline burns too.
    const g = evaluateGate(input({ candidate: { rps: 100, errorRate: 0.03, p95Ms: 100 }, baseline: { ...base, errorRate: 0.03 } }));
    expect(g.burnRate).toBeCloseTo(30, 6);
    expect(g.pass).toBe(true);
  });
});

describe('combine', () => {
  it('weights by requests', () => {
    // (900 × 0 + 100 × 0.1) / 1000 = 0.01; p95 (900 × 50 + 100 × 150) / 1000 = 60.
    expect(
      combine([
        { rps: 900, errorRate: 0, p95Ms: 50 },
        { rps: 100, errorRate: 0.1, p95Ms: 150 },
      ]),
    ).toEqual({ rps: 1000, errorRate: 0.01, p95Ms: 60 });
  });
});

describe('overTime', () => {
  it('averages a bake: mean rps, request-weighted error rate and p95', () => {
    const s = overTime([
      { rps: 100, errorRate: 0.01, p95Ms: 100 },
      { rps: 300, errorRate: 0.03, p95Ms: 200 },
    ]);
    expect(s.rps).toBe(200);
    expect(s.errorRate).toBeCloseTo((100 * 0.01 + 300 * 0.03) / 400, 12);
    expect(s.p95Ms).toBeCloseTo((100 * 100 + 300 * 200) / 400, 12);
  });

  it('a longer bake at the same rate is not more requests per second (the gate multiplies by bake time)', () => {
    const one = { rps: 50, errorRate: 0.002, p95Ms: 80 };
    const s = overTime(Array.from({ length: 120 }, () => one));
    expect(s.rps).toBeCloseTo(one.rps, 9);
    expect(s.errorRate).toBeCloseTo(one.errorRate, 12);
    expect(s.p95Ms).toBeCloseTo(one.p95Ms, 9);
    expect(overTime([])).toEqual({ rps: 0, errorRate: 0, p95Ms: 0 });
  });
});
