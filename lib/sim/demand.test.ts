import { describe, expect, it } from 'vitest';
import { baseCellRps, CELLS, createDemandState, diurnalFactor, localTime, stepDemand } from './demand';
import { jurisdictionOf } from './jurisdictions';
import { createRng } from './rng';

describe('demand', () => {
  it('has 500-2,000 cells with users in the millions overall', () => {
    expect(CELLS.length).toBeGreaterThanOrEqual(500);
    expect(CELLS.length).toBeLessThanOrEqual(2000);
    const users = CELLS.reduce((s, c) => s + c.users, 0);
    expect(users).toBeGreaterThan(10e6);
    expect(new Set(CELLS.map((c) => c.id)).size).toBe(CELLS.length);
  });

  it('maps countries to jurisdictions', () => {
    expect(jurisdictionOf('DE')).toBe('EU');
    expect(jurisdictionOf('GB')).toBe('UK');
    expect(jurisdictionOf('IN')).toBe('IN');
    expect(jurisdictionOf('AR')).toBe('CL');
    expect(jurisdictionOf('NG')).toBe('ZA');
    expect(CELLS.find((c) => c.id === 'london-gb')?.jurisdiction).toBe('UK');
  });

  it('troughs around 04:00 and peaks in the evening, averaging 1 over a day', () => {
    const hours = Array.from({ length: 24 * 4 }, (_, i) => i / 4);
    const weekday = hours.map((h) => diurnalFactor(h, false));
    const mean = weekday.reduce((s, x) => s + x, 0) / weekday.length;
    expect(mean).toBeCloseTo(1, 2);
    const peakHour = hours[weekday.indexOf(Math.max(...weekday))];
    const troughHour = hours[weekday.indexOf(Math.min(...weekday))];
    expect(peakHour).toBeGreaterThanOrEqual(20);
    expect(peakHour).toBeLessThanOrEqual(21.5);
    expect(troughHour).toBeGreaterThanOrEqual(3);
    expect(troughHour).toBeLessThanOrEqual(5);
    expect(diurnalFactor(8, true)).toBeLessThan(diurnalFactor(8, false)); // weekends start later
  });

  it('uses each cell’s local time', () => {
    expect(localTime(Date.UTC(2025, 2, 12, 23, 0), 5.5)).toEqual({ hour: 4.5, dayOfWeek: 4 });
    const tokyo = CELLS.find((c) => c.id === 'tokyo-jp');
    expect(tokyo?.utcOffsetH).toBe(9);
    if (!tokyo) return;
    // 11:00 UTC is 20:00 in Tokyo (peak), 19:00 UTC is 04:00 (trough).
    expect(baseCellRps(tokyo, Date.UTC(2025, 2, 12, 11))).toBeGreaterThan(4 * baseCellRps(tokyo, Date.UTC(2025, 2, 12, 19)));
  });

  it('adds bounded, seeded noise and flash crowds', () => {
    const cells = CELLS.slice(0, 50);
    let state = createDemandState(cells.length);
    const rng = createRng(99);
    let sawFlash = false;
    for (let t = 1; t <= 600; t++) {
      const timeMs = Date.UTC(2025, 2, 12) + t * 1000;
      const step = stepDemand(state, cells, timeMs, 1, rng, {
        requestsPerUserPerS: 0.005,
        noiseSigma: 0.05,
        noiseCorrelationS: 300,
        flashCrowdsPerHour: 60,
        flashMultiplierMin: 3,
        flashMultiplierMax: 3,
        flashDurationMinS: 300,
        flashDurationMaxS: 300,
      });
      state = step.state;
      for (let i = 0; i < cells.length; i++) {
        const ratio = step.cellRps[i] / baseCellRps(cells[i], timeMs);
        const flashing = state.flashCrowds.some((f) => f.cellIndex === i);
        if (flashing && ratio > 2) sawFlash = true;
        if (!flashing) expect(Math.abs(Math.log(ratio))).toBeLessThan(0.3); // 6σ
      }
    }
    expect(sawFlash).toBe(true);
  });
});
