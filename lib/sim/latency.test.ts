import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MEASURED_REGIONS, MEASURED_RTT } from './data/measured-rtt';
import { fibreFloorMs, haversineKm, latencyAccuracy, MOBILE_LAST_MILE_MS, roundTripMs, userRoundTripMs } from './latency';

const point = fc.record({
  lat: fc.double({ min: -90, max: 90, noNaN: true }),
  lng: fc.double({ min: -180, max: 180, noNaN: true }),
});

describe('roundTripMs', () => {
  it('is never below the fibre floor 2·d/200, for any pair of points', () => {
    fc.assert(
      fc.property(point, point, (a, b) => {
        const floorMs = (2 * haversineKm(a, b)) / 200;
        expect(roundTripMs(a, b)).toBeGreaterThanOrEqual(floorMs);
        expect(fibreFloorMs(a, b)).toBeCloseTo(floorMs, 9);
      }),
      { numRuns: 2000 },
    );
  });

  it('is symmetric and positive', () => {
    fc.assert(
      fc.property(point, point, (a, b) => {
        expect(roundTripMs(a, b)).toBeCloseTo(roundTripMs(b, a), 9);
        expect(roundTripMs(a, b)).toBeGreaterThan(0);
      }),
    );
  });

  it('matches the measured inter-region matrix: median |error| ≤ 8 %, p90 ≤ 25 %', () => {
    const accuracy = latencyAccuracy(MEASURED_REGIONS, MEASURED_RTT);
    expect(accuracy.pairs).toBeGreaterThanOrEqual(1000);
    expect(accuracy.medianAbsErrorPct).toBeLessThanOrEqual(8);
    expect(accuracy.p90AbsErrorPct).toBeLessThanOrEqual(25);
  });

  it('routes Europe ↔ East Asia the long way round, unlike a distance-only model', () => {
    const frankfurt = { lat: 50.11, lng: 8.68 };
    const tokyo = { lat: 35.68, lng: 139.69 };
    expect(roundTripMs(frankfurt, tokyo)).toBeGreaterThan(2 * fibreFloorMs(frankfurt, tokyo));
  });
});

describe('measured matrix', () => {
  it('is the published CSV, every pair once, both directions kept (regenerate with build-measured-rtt.mjs)', () => {
    const rows = readFileSync(fileURLToPath(new URL('./data/azure-network-latency-2026-07-30.csv', import.meta.url)), 'utf8')
      .trim()
      .split('\n')
      .map((l) => l.split(','));
    const names = rows[0].slice(1);
    const codeOf = new Map(MEASURED_REGIONS.map((r) => [r.name, r.code] as const));
    const published = new Map<string, number>();
    for (const row of rows.slice(1)) {
      names.forEach((dest, i) => {
        if (dest !== row[0]) published.set(`${codeOf.get(row[0])}>${codeOf.get(dest)}`, Number(row[i + 1]));
      });
    }
    expect(MEASURED_REGIONS.map((r) => r.name)).toEqual(names);
    expect(MEASURED_RTT.length).toBe((names.length * (names.length - 1)) / 2);
    for (const p of MEASURED_RTT) {
      expect(p.abMs).toBe(published.get(`${p.a}>${p.b}`));
      expect(p.baMs).toBe(published.get(`${p.b}>${p.a}`));
      expect(p.rttMs).toBe((p.abMs + p.baMs) / 2);
    }
  });
});

describe('userRoundTripMs', () => {
  it('adds the mobile last mile to the network round trip', () => {
    const user = { lat: 48.85, lng: 2.35 };
    const dc = { lat: 50.11, lng: 8.68 };
    expect(userRoundTripMs(user, dc)).toBeCloseTo(roundTripMs(user, dc) + MOBILE_LAST_MILE_MS, 9);
    expect(MOBILE_LAST_MILE_MS).toBeGreaterThanOrEqual(20);
    expect(MOBILE_LAST_MILE_MS).toBeLessThanOrEqual(40);
  });
});
