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
    expect(accuracy.pairs).toBeGreaterThanOrEqual(40);
    expect(accuracy.medianAbsErrorPct).toBeLessThanOrEqual(8);
    expect(accuracy.p90AbsErrorPct).toBeLessThanOrEqual(25);
  });

  it('routes Europe ↔ East Asia the long way round, unlike a distance-only model', () => {
    const frankfurt = { lat: 50.11, lng: 8.68 };
    const tokyo = { lat: 35.68, lng: 139.69 };
    expect(roundTripMs(frankfurt, tokyo)).toBeGreaterThan(2 * fibreFloorMs(frankfurt, tokyo));
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
