import type { LatLng } from '../fleet/types';

// Network round-trip model. Light in fibre travels at ~c/1.47 ≈ 204 km/ms, so a round trip over a great circle of
// d km can never take less than the "fibre floor" 2·d/200 ms. Real paths are longer than great circles: they
// follow a graph of backbone corridors (terrestrial routes along roads and railways, submarine cables between
// landing stations), so the model routes every pair over a small hand-built graph of 65 hubs and 112 corridors
// (below) and adds fixed per-hop and end-point overheads. This captures what a distance-only formula cannot: in
// Microsoft's published Azure matrix (lib/sim/data/measured-rtt.ts) round trips are 2.0-2.8× the fibre floor
// Europe ↔ East Asia (via Suez and Singapore), 1.25-1.5× transatlantic (nearly straight cables) and 1.7-2.1× US
// coast to coast (terrestrial routes). Checked against that matrix out of sample (docs/sim.md has the figures, the
// sources and how the constants were chosen).

const EARTH_RADIUS_KM = 6371;
/** Speed of light in silica fibre (refractive index ≈1.47): c / 1.47 ≈ 204 km/ms, rounded down to 200. */
export const FIBRE_KM_PER_MS = 200;

/** Tuning constants of the model (chosen by a grid search; provenance and a re-fit check in docs/sim.md). */
export interface LatencyParams {
  /** Path length / great circle for terrestrial backbone corridors (roads, railways, rights of way). */
  landInflation: number;
  /** Path length / great circle for submarine cable corridors (cables are laid close to great circles). */
  seaInflation: number;
  /** Path length / great circle for the access leg from an end point to a backbone hub. */
  accessInflation: number;
  /** Router, switch and serialisation delay per hub crossed, round trip. */
  perHopMs: number;
  /** Fixed overhead per round trip: the two end points' data-centre fabric, hypervisor and kernel stack. */
  endpointOverheadMs: number;
  /** End points closer than this may also connect directly (metro and regional fibre) rather than via hubs. */
  directMaxKm: number;
  /** Number of nearest hubs an end point may enter the backbone at. */
  attachHubs: number;
}

export const DEFAULT_LATENCY_PARAMS: LatencyParams = {
  landInflation: 1.45,
  seaInflation: 1.25,
  accessInflation: 1.9,
  perHopMs: 1,
  endpointOverheadMs: 3,
  directMaxKm: 1200,
  attachHubs: 3,
};

/**
 * Mobile last-mile round trip added to user ↔ region paths: radio access plus the carrier core. Public
 * measurements put 4G at 30-50 ms and 5G (non-standalone, the common case) at 15-30 ms (Opensignal's 5G/4G
 * latency reports, 2023-2024); 25 ms is a blend weighted towards 4G-era handsets.
 */
export const MOBILE_LAST_MILE_MS = 25;

export function haversineKm(a: LatLng, b: LatLng): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLng = (b.lng - a.lng) * rad;
  const s = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(s)));
}

/** The physical lower bound: a straight great-circle fibre, there and back. */
export function fibreFloorMs(a: LatLng, b: LatLng): number {
  return (2 * haversineKm(a, b)) / FIBRE_KM_PER_MS;
}

// ---------------------------------------------------------------------------------------------------------------
// Backbone graph: major interconnection / cable-landing metros and the corridors between them. Coordinates are
// city centres; corridors follow the public submarine cable map (TeleGeography) and well-known terrestrial routes.

const HUBS: ReadonlyArray<readonly [string, number, number]> = [
  // North America
  ['ASH', 39.04, -77.49],
  ['NYC', 40.71, -74.0],
  ['CHI', 41.88, -87.63],
  ['ATL', 33.75, -84.39],
  ['MIA', 25.77, -80.19],
  ['DAL', 32.78, -96.8],
  ['DEN', 39.74, -104.99],
  ['LAX', 34.05, -118.24],
  ['SJC', 37.34, -121.89],
  ['SEA', 47.61, -122.33],
  ['TOR', 43.65, -79.38],
  ['MTL', 45.5, -73.57],
  ['MEX', 19.43, -99.13],
  ['HNL', 21.31, -157.86],
  // Latin America
  ['PTY', 8.98, -79.52],
  ['BOG', 4.71, -74.07],
  ['LIM', -12.05, -77.04],
  ['SCL', -33.45, -70.67],
  ['EZE', -34.6, -58.38],
  ['GRU', -23.55, -46.63],
  ['FOR', -3.73, -38.52],
  // Europe
  ['LON', 51.51, -0.13],
  ['DUB', 53.35, -6.26],
  ['AMS', 52.37, 4.9],
  ['FRA', 50.11, 8.68],
  ['PAR', 48.86, 2.35],
  ['MRS', 43.3, 5.37],
  ['MAD', 40.42, -3.7],
  ['LIS', 38.72, -9.14],
  ['MIL', 45.46, 9.19],
  ['STO', 59.33, 18.07],
  ['WAW', 52.23, 21.01],
  ['VIE', 48.2, 16.37],
  ['IST', 41.01, 28.98],
  ['MOW', 55.75, 37.62],
  // Middle East and Africa
  ['CAI', 30.04, 31.24],
  ['TLV', 32.08, 34.78],
  ['JED', 21.49, 39.19],
  ['DJI', 11.59, 43.15],
  ['DXB', 25.2, 55.27],
  ['BAH', 26.07, 50.56],
  ['KHI', 24.86, 67.0],
  ['DKR', 14.69, -17.44],
  ['LOS', 6.52, 3.38],
  ['CPT', -33.92, 18.42],
  ['JNB', -26.2, 28.05],
  ['MBA', -4.04, 39.67],
  ['NBO', -1.29, 36.82],
  // Asia and Oceania
  ['BOM', 19.08, 72.88],
  ['MAA', 13.08, 80.27],
  ['SIN', 1.35, 103.82],
  ['JKT', -6.21, 106.85],
  ['BKK', 13.75, 100.5],
  ['HKG', 22.32, 114.17],
  ['TPE', 25.03, 121.57],
  ['SHA', 31.23, 121.47],
  ['BJS', 39.9, 116.4],
  ['ICN', 37.57, 126.98],
  ['TYO', 35.68, 139.69],
  ['OSA', 34.69, 135.5],
  ['MNL', 14.6, 120.98],
  ['GUM', 13.44, 144.79],
  ['SYD', -33.87, 151.21],
  ['PER', -31.95, 115.86],
  ['AKL', -36.85, 174.76],
];

type Corridor = readonly [string, string, 'land' | 'sea'];

const CORRIDORS: readonly Corridor[] = [
  // North American terrestrial backbone
  ['ASH', 'NYC', 'land'],
  ['ASH', 'ATL', 'land'],
  ['ASH', 'CHI', 'land'],
  ['NYC', 'CHI', 'land'],
  ['NYC', 'MTL', 'land'],
  ['TOR', 'MTL', 'land'],
  ['TOR', 'CHI', 'land'],
  ['TOR', 'NYC', 'land'],
  ['ATL', 'MIA', 'land'],
  ['ATL', 'DAL', 'land'],
  ['CHI', 'DEN', 'land'],
  ['DAL', 'DEN', 'land'],
  ['DAL', 'LAX', 'land'],
  ['DEN', 'SJC', 'land'],
  ['LAX', 'SJC', 'land'],
  ['SJC', 'SEA', 'land'],
  ['CHI', 'SEA', 'land'],
  ['DEN', 'SEA', 'land'],
  ['DAL', 'MEX', 'land'],
  ['CHI', 'ATL', 'land'],
  // Latin America
  ['MIA', 'PTY', 'sea'],
  ['MIA', 'BOG', 'sea'],
  ['PTY', 'BOG', 'land'],
  ['PTY', 'LIM', 'sea'],
  ['LIM', 'SCL', 'sea'],
  ['SCL', 'EZE', 'land'],
  ['EZE', 'GRU', 'sea'],
  ['GRU', 'FOR', 'sea'],
  ['MIA', 'FOR', 'sea'],
  ['NYC', 'FOR', 'sea'],
  ['LAX', 'SCL', 'sea'],
  ['MEX', 'PTY', 'land'],
  ['MIA', 'MEX', 'sea'],
  // Transatlantic
  ['NYC', 'LON', 'sea'],
  ['NYC', 'DUB', 'sea'],
  ['ASH', 'PAR', 'sea'],
  ['ASH', 'MAD', 'sea'],
  ['MTL', 'DUB', 'sea'],
  // Europe
  ['LON', 'DUB', 'sea'],
  ['LON', 'AMS', 'sea'],
  ['LON', 'PAR', 'land'],
  ['AMS', 'FRA', 'land'],
  ['PAR', 'FRA', 'land'],
  ['PAR', 'MRS', 'land'],
  ['PAR', 'MAD', 'land'],
  ['MAD', 'LIS', 'land'],
  ['MAD', 'MRS', 'land'],
  ['FRA', 'MIL', 'land'],
  ['MRS', 'MIL', 'land'],
  ['FRA', 'STO', 'land'],
  ['AMS', 'STO', 'sea'],
  ['FRA', 'WAW', 'land'],
  ['FRA', 'VIE', 'land'],
  ['VIE', 'MIL', 'land'],
  ['VIE', 'IST', 'land'],
  ['WAW', 'MOW', 'land'],
  ['STO', 'MOW', 'land'],
  ['LIS', 'MRS', 'sea'],
  // Mediterranean, Red Sea, Gulf, Africa
  ['MRS', 'CAI', 'sea'],
  ['IST', 'CAI', 'sea'],
  ['CAI', 'TLV', 'land'],
  ['MRS', 'TLV', 'sea'],
  ['CAI', 'JED', 'sea'],
  ['JED', 'DJI', 'sea'],
  ['DJI', 'BOM', 'sea'],
  ['DJI', 'DXB', 'sea'],
  ['DXB', 'BOM', 'sea'],
  ['DXB', 'KHI', 'sea'],
  ['KHI', 'BOM', 'sea'],
  ['BAH', 'DXB', 'land'],
  ['JED', 'BAH', 'land'],
  ['IST', 'BAH', 'land'],
  ['LIS', 'DKR', 'sea'],
  ['DKR', 'LOS', 'sea'],
  ['LOS', 'CPT', 'sea'],
  ['CPT', 'JNB', 'land'],
  ['JNB', 'MBA', 'land'],
  ['MBA', 'NBO', 'land'],
  ['MBA', 'DJI', 'sea'],
  ['GRU', 'CPT', 'sea'],
  // Asia
  ['BOM', 'MAA', 'land'],
  ['MAA', 'SIN', 'sea'],
  ['BOM', 'SIN', 'sea'],
  ['SIN', 'JKT', 'sea'],
  ['SIN', 'BKK', 'land'],
  ['SIN', 'HKG', 'sea'],
  ['HKG', 'TPE', 'sea'],
  ['HKG', 'SHA', 'land'],
  ['SHA', 'BJS', 'land'],
  ['SHA', 'ICN', 'sea'],
  ['BJS', 'ICN', 'land'],
  ['HKG', 'MNL', 'sea'],
  ['ICN', 'TYO', 'sea'],
  ['TYO', 'OSA', 'land'],
  ['HKG', 'TYO', 'sea'],
  ['TPE', 'TYO', 'sea'],
  ['MNL', 'GUM', 'sea'],
  ['GUM', 'TYO', 'sea'],
  ['BKK', 'HKG', 'land'],
  // Oceania and the Pacific
  ['SIN', 'PER', 'sea'],
  ['JKT', 'PER', 'sea'],
  ['PER', 'SYD', 'land'],
  ['SYD', 'AKL', 'sea'],
  ['SYD', 'GUM', 'sea'],
  ['SYD', 'HNL', 'sea'],
  ['AKL', 'HNL', 'sea'],
  ['HNL', 'SJC', 'sea'],
  ['HNL', 'LAX', 'sea'],
  ['TYO', 'SEA', 'sea'],
  ['TYO', 'SJC', 'sea'],
  ['TYO', 'LAX', 'sea'],
  ['GUM', 'HNL', 'sea'],
];

/** A point resolved once against the backbone: its nearest hubs and the access round trip to each. */
export interface AttachedPoint extends LatLng {
  hubIdx: Int32Array;
  accessMs: Float64Array;
}

export interface LatencyModel {
  params: LatencyParams;
  attach(p: LatLng): AttachedPoint;
  /** Round trip between two attached points (the hot path when precomputing cell → region tables). */
  roundTripAttachedMs(a: AttachedPoint, b: AttachedPoint): number;
  roundTripMs(a: LatLng, b: LatLng): number;
}

export function createLatencyModel(params: LatencyParams = DEFAULT_LATENCY_PARAMS): LatencyModel {
  const hubs: LatLng[] = HUBS.map(([, lat, lng]) => ({ lat, lng }));
  const hubIndex = new Map(HUBS.map(([code], i) => [code, i] as const));
  const n = hubs.length;
  // All-pairs shortest round trip over the corridor graph (Floyd–Warshall: n = 65, done once per model).
  const hubRttMs = new Float64Array(n * n).fill(Number.POSITIVE_INFINITY);
  for (let i = 0; i < n; i++) hubRttMs[i * n + i] = 0;
  for (const [from, to, kind] of CORRIDORS) {
    const i = hubIndex.get(from);
    const j = hubIndex.get(to);
    if (i === undefined || j === undefined) throw new Error(`latency: unknown hub in corridor ${from}-${to}`);
    const inflation = kind === 'land' ? params.landInflation : params.seaInflation;
    const ms = (2 * haversineKm(hubs[i], hubs[j]) * inflation) / FIBRE_KM_PER_MS + params.perHopMs;
    if (ms < hubRttMs[i * n + j]) {
      hubRttMs[i * n + j] = ms;
      hubRttMs[j * n + i] = ms;
    }
  }
  for (let k = 0; k < n; k++) {
    for (let i = 0; i < n; i++) {
      const ik = hubRttMs[i * n + k];
      if (ik === Number.POSITIVE_INFINITY) continue;
      for (let j = 0; j < n; j++) {
        const viaK = ik + hubRttMs[k * n + j];
        if (viaK < hubRttMs[i * n + j]) hubRttMs[i * n + j] = viaK;
      }
    }
  }

  const accessFactor = (2 * params.accessInflation) / FIBRE_KM_PER_MS;

  function attach(p: LatLng): AttachedPoint {
    const k = Math.min(params.attachHubs, n);
    const bestIdx = new Int32Array(k).fill(-1);
    const bestKm = new Float64Array(k).fill(Number.POSITIVE_INFINITY);
    for (let h = 0; h < n; h++) {
      const km = haversineKm(p, hubs[h]);
      if (km >= bestKm[k - 1]) continue;
      let pos = k - 1;
      while (pos > 0 && bestKm[pos - 1] > km) {
        bestKm[pos] = bestKm[pos - 1];
        bestIdx[pos] = bestIdx[pos - 1];
        pos--;
      }
      bestKm[pos] = km;
      bestIdx[pos] = h;
    }
    const accessMs = new Float64Array(k);
    for (let i = 0; i < k; i++) accessMs[i] = bestKm[i] * accessFactor;
    return { lat: p.lat, lng: p.lng, hubIdx: bestIdx, accessMs };
  }

  function roundTripAttachedMs(a: AttachedPoint, b: AttachedPoint): number {
    const km = haversineKm(a, b);
    let pathMs = km <= params.directMaxKm ? km * accessFactor : Number.POSITIVE_INFINITY;
    for (let i = 0; i < a.hubIdx.length; i++) {
      const rowOffset = a.hubIdx[i] * n;
      const ai = a.accessMs[i];
      for (let j = 0; j < b.hubIdx.length; j++) {
        const ms = ai + hubRttMs[rowOffset + b.hubIdx[j]] + b.accessMs[j];
        if (ms < pathMs) pathMs = ms;
      }
    }
    const floorMs = (2 * km) / FIBRE_KM_PER_MS;
    // The floor guard is belt and braces: every path above is at least the great circle times an inflation ≥ 1.
    return Math.max(floorMs, pathMs + params.endpointOverheadMs);
  }

  return {
    params,
    attach,
    roundTripAttachedMs,
    roundTripMs: (a, b) => roundTripAttachedMs(attach(a), attach(b)),
  };
}

let defaultModel: LatencyModel | null = null;

/** The shared model with the default constants (built lazily: the graph costs ~1 ms). */
export function defaultLatencyModel(): LatencyModel {
  if (!defaultModel) defaultModel = createLatencyModel();
  return defaultModel;
}

/** Network round trip between two points (e.g. two regions), in ms. Never below fibreFloorMs(a, b). */
export function roundTripMs(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  return defaultLatencyModel().roundTripMs(a, b);
}

/** Round trip a mobile user sees to a region: network path plus the radio/carrier last mile. */
export function userRoundTripMs(user: LatLng, region: LatLng, lastMileMs: number = MOBILE_LAST_MILE_MS): number {
  return roundTripMs(user, region) + lastMileMs;
}

export interface LatencyAccuracy {
  pairs: number;
  medianAbsErrorPct: number;
  p90AbsErrorPct: number;
  worst: { a: string; b: string; measuredMs: number; modelMs: number; errorPct: number }[];
}

/** Compares a model with measured pairs; used by the tests, the benchmark and the fitting script. */
export function latencyAccuracy(
  regions: readonly { code: string; lat: number; lng: number }[],
  measured: readonly { a: string; b: string; rttMs: number }[],
  model: LatencyModel = defaultLatencyModel(),
): LatencyAccuracy {
  const byCode = new Map(regions.map((r) => [r.code, r] as const));
  const rows = measured.map((m) => {
    const a = byCode.get(m.a);
    const b = byCode.get(m.b);
    if (!a || !b) throw new Error(`latencyAccuracy: unknown region ${m.a} or ${m.b}`);
    const modelMs = model.roundTripMs(a, b);
    return { a: m.a, b: m.b, measuredMs: m.rttMs, modelMs, errorPct: (Math.abs(modelMs - m.rttMs) / m.rttMs) * 100 };
  });
  const errors = rows.map((r) => r.errorPct).sort((x, y) => x - y);
  return {
    pairs: rows.length,
    medianAbsErrorPct: quantileSorted(errors, 0.5),
    p90AbsErrorPct: quantileSorted(errors, 0.9),
    worst: [...rows].sort((x, y) => y.errorPct - x.errorPct).slice(0, 5),
  };
}

/** Linear-interpolated quantile of an ascending array. */
export function quantileSorted(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}
