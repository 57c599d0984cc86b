import { CELL_ROWS } from './data/cells';
import { nextBetween, nextGaussian, type Rng } from './rng';
import type { PopulationCell } from './types';

// Demand: rps of a cell = users × per-user rate × diurnal(local hour) × weekly(local day) × noise × flash crowd.

export interface DemandParams {
  /** Mean requests per second per active user over a day (app opens, background syncs, API calls). */
  requestsPerUserPerS: number;
  /** Standard deviation of the per-cell log-noise (stationary), e.g. 0.05 ≈ ±5 %. */
  noiseSigma: number;
  /** Correlation time of the noise: it wanders over minutes, not second to second. */
  noiseCorrelationS: number;
  /** Expected flash crowds per hour over the whole world (a viral post, a match, an outage elsewhere). */
  flashCrowdsPerHour: number;
  flashMultiplierMin: number;
  flashMultiplierMax: number;
  flashDurationMinS: number;
  flashDurationMaxS: number;
}

export const DEFAULT_DEMAND_PARAMS: DemandParams = {
  requestsPerUserPerS: 0.005,
  noiseSigma: 0.05,
  noiseCorrelationS: 300,
  flashCrowdsPerHour: 0.5,
  flashMultiplierMin: 2,
  flashMultiplierMax: 5,
  flashDurationMinS: 120,
  flashDurationMaxS: 900,
};

/**
 * Market adoption relative to the flat population share the cells were built with: a Western consumer app is used
 * far more in rich, open markets than its population share says, and barely at all where it is blocked (China,
 * Iran) or sanctioned (Russia). Shaped after public app-store market shares; countries not listed stay at 1.
 */
export const MARKET_ADOPTION: Readonly<Record<string, number>> = {
  US: 4,
  CA: 3.5,
  GB: 3.5,
  AU: 3.5,
  NZ: 3,
  IE: 3,
  DE: 2.5,
  FR: 2.5,
  NL: 3,
  BE: 2.5,
  SE: 3,
  NO: 3,
  DK: 3,
  FI: 3,
  CH: 3,
  AT: 2.5,
  ES: 2,
  IT: 2,
  PT: 2,
  PL: 1.8,
  JP: 2,
  KR: 2,
  SG: 3,
  IL: 2.5,
  AE: 3,
  SA: 2,
  BR: 1.5,
  MX: 1.5,
  CL: 1.8,
  AR: 1.3,
  CN: 0.02,
  IR: 0.05,
  RU: 0.2,
  KP: 0,
  CU: 0.1,
  PK: 0.5,
  BD: 0.5,
  NG: 0.6,
  ET: 0.3,
};

/** The generated cells (lib/sim/data/cells.ts) as objects, with market adoption applied. */
export const CELLS: readonly PopulationCell[] = CELL_ROWS.map(([id, name, country, jurisdiction, lat, lng, utcOffsetH, users]) => ({
  id,
  name,
  country,
  jurisdiction,
  lat,
  lng,
  utcOffsetH,
  users: Math.round(users * (MARKET_ADOPTION[country] ?? 1)),
}));

// Relative activity per local hour (0-23), shaped after published mobile-traffic day curves: trough ~04:00
// (≈ 0.2 of the evening peak), a morning ramp, a lunchtime bump and the peak at 20:00-21:00. Weekends start
// later and are flatter through the day. Normalised below so each curve averages 1 over the day.
const WEEKDAY_HOURLY = [0.55, 0.4, 0.3, 0.24, 0.22, 0.26, 0.4, 0.62, 0.8, 0.88, 0.92, 0.97, 1.04, 1.0, 0.96, 0.97, 1.02, 1.1, 1.22, 1.36, 1.5, 1.52, 1.3, 0.9];
const WEEKEND_HOURLY = [
  0.68, 0.52, 0.38, 0.3, 0.26, 0.26, 0.3, 0.4, 0.55, 0.75, 0.92, 1.04, 1.1, 1.12, 1.1, 1.08, 1.1, 1.14, 1.22, 1.32, 1.42, 1.44, 1.28, 0.98,
];

function normalised(curve: readonly number[]): number[] {
  const mean = curve.reduce((s, x) => s + x, 0) / curve.length;
  return curve.map((x) => x / mean);
}

const WEEKDAY_CURVE = normalised(WEEKDAY_HOURLY);
const WEEKEND_CURVE = normalised(WEEKEND_HOURLY);

/** Day-of-week level (0 = Sunday): Friday evenings are busy, weekends slightly quieter overall. */
const WEEKLY_LEVEL = [0.94, 0.98, 1.0, 1.0, 1.01, 1.05, 0.96];

export interface LocalTime {
  hour: number; // fractional, [0, 24)
  dayOfWeek: number; // 0 = Sunday
}

export function localTime(timeMs: number, utcOffsetH: number): LocalTime {
  const localMs = timeMs + utcOffsetH * 3_600_000;
  const dayIndex = Math.floor(localMs / 86_400_000);
  const hour = (localMs - dayIndex * 86_400_000) / 3_600_000;
  // 1970-01-01 was a Thursday (4).
  const dayOfWeek = (((dayIndex + 4) % 7) + 7) % 7;
  return { hour, dayOfWeek };
}

/** Diurnal multiplier (mean 1 over a day), linearly interpolated between the hourly points. */
export function diurnalFactor(localHour: number, weekend: boolean): number {
  const curve = weekend ? WEEKEND_CURVE : WEEKDAY_CURVE;
  const h = ((localHour % 24) + 24) % 24;
  const lo = Math.floor(h);
  const hi = (lo + 1) % 24;
  return curve[lo] + (curve[hi] - curve[lo]) * (h - lo);
}

export function weeklyFactor(dayOfWeek: number): number {
  return WEEKLY_LEVEL[dayOfWeek];
}

/** Expected rps of a cell at a time, without noise or flash crowds (what a forecast or a preview uses). */
export function baseCellRps(cell: PopulationCell, timeMs: number, params: DemandParams = DEFAULT_DEMAND_PARAMS): number {
  const { hour, dayOfWeek } = localTime(timeMs, cell.utcOffsetH);
  const weekend = dayOfWeek === 0 || dayOfWeek === 6;
  return cell.users * params.requestsPerUserPerS * diurnalFactor(hour, weekend) * weeklyFactor(dayOfWeek);
}

/** Largest diurnal × weekly multiplier: sizes capacity for a cell's peak. */
export const PEAK_DEMAND_FACTOR = Math.max(...WEEKDAY_CURVE, ...WEEKEND_CURVE) * Math.max(...WEEKLY_LEVEL);

export interface FlashCrowd {
  cellId: string;
  cellIndex: number;
  startMs: number;
  durationMs: number;
  /** Peak multiplier on the cell's demand. */
  multiplier: number;
}

export interface DemandState {
  /** Per-cell log-noise, an Ornstein–Uhlenbeck process (mean 0, stdev noiseSigma). */
  logNoise: Float64Array;
  flashCrowds: FlashCrowd[];
}

export function createDemandState(cellCount: number): DemandState {
  return { logNoise: new Float64Array(cellCount), flashCrowds: [] };
}

/** Flash-crowd envelope: a 60 s ramp up, a plateau, a decay over the last quarter. */
function flashEnvelope(crowd: FlashCrowd, timeMs: number): number {
  const t = timeMs - crowd.startMs;
  if (t < 0 || t >= crowd.durationMs) return 0;
  const rampMs = Math.min(60_000, crowd.durationMs / 4);
  const decayMs = crowd.durationMs / 4;
  if (t < rampMs) return t / rampMs;
  if (t > crowd.durationMs - decayMs) return (crowd.durationMs - t) / decayMs;
  return 1;
}

export interface DemandStep {
  state: DemandState;
  cellRps: Float64Array;
}

/**
 * Advances noise and flash crowds by dtS and returns each cell's rps at timeMs. Consumes rng in a fixed
 * order (one Gaussian per cell, then the flash-crowd draws), so a seed fixes the result.
 */
export function stepDemand(
  prev: DemandState,
  cells: readonly PopulationCell[],
  timeMs: number,
  dtS: number,
  rng: Rng,
  params: DemandParams = DEFAULT_DEMAND_PARAMS,
): DemandStep {
  const n = cells.length;
  const logNoise = new Float64Array(n);
  // Exact OU discretisation: keeps the stationary stdev at noiseSigma whatever dtS is.
  const phi = Math.exp(-dtS / params.noiseCorrelationS);
  const innovation = params.noiseSigma * Math.sqrt(1 - phi * phi);
  for (let i = 0; i < n; i++) logNoise[i] = (prev.logNoise[i] ?? 0) * phi + innovation * nextGaussian(rng);

  const flashCrowds = prev.flashCrowds.filter((c) => timeMs < c.startMs + c.durationMs);
  const startProbability = 1 - Math.exp((-params.flashCrowdsPerHour * dtS) / 3600);
  if (n > 0 && rng.next() < startProbability) {
    // Pick the cell in proportion to its users: crowds form where people are.
    const cellIndex = pickWeighted(cells, rng.next());
    flashCrowds.push({
      cellId: cells[cellIndex].id,
      cellIndex,
      startMs: timeMs,
      durationMs: Math.round(nextBetween(rng, params.flashDurationMinS, params.flashDurationMaxS) * 1000),
      multiplier: nextBetween(rng, params.flashMultiplierMin, params.flashMultiplierMax),
    });
  }

  const cellRps = new Float64Array(n);
  for (let i = 0; i < n; i++) cellRps[i] = baseCellRps(cells[i], timeMs, params) * Math.exp(logNoise[i]);
  for (const crowd of flashCrowds) {
    if (crowd.cellIndex < n) cellRps[crowd.cellIndex] *= 1 + (crowd.multiplier - 1) * flashEnvelope(crowd, timeMs);
  }
  return { state: { logNoise, flashCrowds }, cellRps };
}

function pickWeighted(cells: readonly PopulationCell[], u: number): number {
  let total = 0;
  for (const c of cells) total += c.users;
  let target = u * total;
  for (let i = 0; i < cells.length; i++) {
    target -= cells[i].users;
    if (target < 0) return i;
  }
  return cells.length - 1;
}

let countryCentres: Map<string, { lat: number; lng: number }> | null = null;

/** Where a country's users are, for drawing its flows: the user-weighted centre of its population cells. */
export function countryCentre(country: string): { lat: number; lng: number } {
  if (!countryCentres) {
    const acc = new Map<string, { lat: number; lng: number; w: number }>();
    for (const c of CELLS) {
      const a = acc.get(c.country) ?? { lat: 0, lng: 0, w: 0 };
      a.lat += c.lat * c.users;
      a.lng += c.lng * c.users;
      a.w += c.users;
      acc.set(c.country, a);
    }
    countryCentres = new Map([...acc].map(([k, a]) => [k, { lat: a.lat / a.w, lng: a.lng / a.w }]));
  }
  return countryCentres.get(country) ?? { lat: 0, lng: 0 };
}
