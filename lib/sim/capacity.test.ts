import { describe, expect, it } from 'vitest';
import { createCapacityState, saturationErrorRate, serviceLatencyMs, steadyCapacityRps, stepCapacity } from './capacity';

describe('capacity model', () => {
  it('climbs in latency as utilisation nears 1, and sheds (ρ-1)/ρ beyond it', () => {
    const p50 = [0, 0.5, 0.8, 0.9, 0.95].map((u) => serviceLatencyMs(u, 0.5));
    for (let i = 1; i < p50.length; i++) expect(p50[i]).toBeGreaterThan(p50[i - 1]);
    expect(serviceLatencyMs(0.5, 0.5) / serviceLatencyMs(0, 0.5)).toBeCloseTo(2, 9);
    expect(serviceLatencyMs(5, 0.99)).toBe(serviceLatencyMs(0.97, 0.99)); // capped
    expect(saturationErrorRate(0.9)).toBe(0);
    expect(saturationErrorRate(2)).toBeCloseTo(0.5, 9);
  });

  it('makes a scale-up effective exactly leadTimeS after the decision, up to the ceiling', () => {
    const params = {
      scaleUpAtUtilisation: 0.7,
      targetUtilisation: 0.5,
      scaleDownAtUtilisation: 0.3,
      scaleDownAfterS: 600,
      leadTimeS: 180,
      maxCapacityMultiple: 3,
    };
    let s = createCapacityState('r', 1000);
    s = stepCapacity(s, 900, 0, params); // ρ = 0.9 → decide
    expect(s.pending).toEqual({ capacityRps: 1800, effectiveAtMs: 180_000 });
    for (let t = 1; t < 180; t++) {
      s = stepCapacity(s, 900, t * 1000, params);
      expect(s.capacityRps).toBe(1000);
    }
    s = stepCapacity(s, 900, 180_000, params);
    expect(s.capacityRps).toBe(1800);
    expect(steadyCapacityRps(1000, 10_000, params)).toBe(3000);
    expect(steadyCapacityRps(1000, 100, params)).toBe(1000);
  });

  it('scales down only after utilisation stays low for scaleDownAfterS', () => {
    const params = {
      scaleUpAtUtilisation: 0.7,
      targetUtilisation: 0.5,
      scaleDownAtUtilisation: 0.3,
      scaleDownAfterS: 600,
      leadTimeS: 180,
      maxCapacityMultiple: 3,
    };
    let s = { ...createCapacityState('r', 1000), capacityRps: 3000 };
    for (let t = 0; t < 600; t++) s = stepCapacity(s, 300, t * 1000, params);
    expect(s.capacityRps).toBe(3000);
    s = stepCapacity(s, 300, 600_000, params);
    expect(s.capacityRps).toBe(1000);
  });
});
