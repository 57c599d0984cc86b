import { describe, expect, it } from 'vitest';
import { nextHealth, type RegionHealth } from './health';
import type { TelemetrySample } from './types';

const sample = (at: number, over: Partial<TelemetrySample> = {}): TelemetrySample => ({
  regionId: 'r',
  at,
  rps: 1000,
  p50Ms: 40,
  p95Ms: 120,
  p99Ms: 200,
  errorRate: 0.001,
  utilisation: 0.5,
  up: true,
  source: 'simulator',
  ...over,
});

function run(samples: TelemetrySample[]) {
  let h: RegionHealth | undefined;
  const states: string[] = [];
  for (const s of samples) {
    h = nextHealth(h, s);
    states.push(h.state);
  }
  return states;
}

describe('health detection', () => {
  it('goes down on the first sample of an outage (within one second)', () => {
    expect(run([sample(0), sample(1000, { up: false, rps: 0 })])).toEqual(['healthy', 'down']);
  });

  it('degrades on errors, latency or saturation', () => {
    expect(run([sample(0), sample(1000, { errorRate: 0.05 })]).at(-1)).toBe('degraded');
    expect(run([sample(0), sample(1000, { p95Ms: 900 })]).at(-1)).toBe('degraded');
    expect(run([sample(0), sample(1000, { utilisation: 1.2 })]).at(-1)).toBe('degraded');
  });

  it('does not flap around the threshold: recovery needs 5 clearly good samples', () => {
    const edge = [0.021, 0.015, 0.025, 0.012, 0.019, 0.022].map((e, i) => sample(i * 1000, { errorRate: e }));
    const states = run([sample(-1000), ...edge]);
    // once degraded, the samples between 1 % and 2 % never count as recovery
    expect(states.slice(1)).toEqual(Array(6).fill('degraded'));
    const recovered = run([sample(0, { errorRate: 0.05 }), ...[1, 2, 3, 4, 5].map((i) => sample(i * 1000))]);
    expect(recovered).toEqual(['degraded', 'degraded', 'degraded', 'degraded', 'degraded', 'healthy']);
  });

  it('comes back from down through degraded, never straight to healthy', () => {
    const states = run([sample(0, { up: false }), ...Array.from({ length: 12 }, (_, i) => sample((i + 1) * 1000))]);
    expect(states.indexOf('degraded')).toBeGreaterThan(0);
    expect(states.indexOf('healthy')).toBeGreaterThan(states.indexOf('degraded'));
  });
});
