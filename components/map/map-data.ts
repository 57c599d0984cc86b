// Pure functions from fleet data to the GeoJSON the map draws. No map library, no React: unit-testable and used by
// the live map, the replay and the benchmark alike.
import type { HealthState } from '@/lib/fleet/types';
import type { LiveFlow, LiveRegion, LiveReplica } from '@/lib/live/types';

export type MapRegion = LiveRegion;

type Position = [number, number];
interface Feature<G, P> {
  type: 'Feature';
  id?: number;
  geometry: G;
  properties: P;
}
export interface FeatureCollection<G = unknown, P = Record<string, unknown>> {
  type: 'FeatureCollection';
  features: Feature<G, P>[];
}
type Point = { type: 'Point'; coordinates: Position };
type MultiLine = { type: 'MultiLineString'; coordinates: Position[][] };

export const HEALTH_SHAPE: Record<HealthState, 'circle' | 'triangle' | 'square'> = { healthy: 'circle', degraded: 'triangle', down: 'square' };

/** Latency buckets for arc colours (ms, upper bounds) — the legend reads the same table. */
export const LATENCY_BUCKETS = [
  { maxMs: 40, colour: '#06b6d4', label: '< 40 ms' },
  { maxMs: 80, colour: '#3b82f6', label: '40–80 ms' },
  { maxMs: 150, colour: '#8b5cf6', label: '80–150 ms' },
  { maxMs: Number.POSITIVE_INFINITY, colour: '#db2777', label: '≥ 150 ms' },
] as const;

/**
 * What a region's marker needs to be drawn, and nothing else: live figures (rps, p95, …) change every second and are
 * read from the snapshot for tooltips, so a tick that moves no marker sends nothing to the map (no setData, no
 * re-tiling in the worker).
 */
export interface RegionProps {
  id: string;
  health: HealthState;
  icon: string;
  /** 0..1: the marker's size, from capacity */
  size: number;
  /** halo radius in px, from current load (rps), in 2 px steps */
  halo: number;
  drained: boolean;
  dialled: boolean;
  primary: boolean;
  /** text drawn beside the marker when the region needs attention, '' otherwise */
  label: string;
  /** ring colour of the version this region runs during a rollout, '' when not colouring by version */
  versionColour: string;
}

/** What sets a region apart from a healthy, fully-dialled one: shown on its label and in the legend. */
export function regionMarks(r: Pick<MapRegion, 'drained' | 'dialPct' | 'primaryOf'>): string[] {
  const marks: string[] = [];
  if (r.drained) marks.push('drained');
  else if (r.dialPct < 100) marks.push(`dial ${r.dialPct} %`);
  if (r.primaryOf.length) marks.push('DB primary');
  return marks;
}

export function regionsToGeoJSON(
  regions: readonly MapRegion[],
  opts: { labels?: boolean; versionColours?: ReadonlyMap<string, string> } = {},
): FeatureCollection<Point, RegionProps> {
  const maxCap = Math.max(1, ...regions.map((r) => r.capacityRps));
  const maxRps = Math.max(1, ...regions.map((r) => r.rps));
  return {
    type: 'FeatureCollection',
    features: regions.map((r, i) => {
      const marks = regionMarks(r);
      const attention = r.health !== 'healthy' || r.drained || r.dialPct < 100;
      const label =
        opts.labels !== false && attention ? [r.code, r.health !== 'healthy' ? r.health.toUpperCase() : '', ...marks].filter(Boolean).join(' · ') : '';
      return {
        type: 'Feature',
        id: i,
        geometry: { type: 'Point', coordinates: [r.lng, r.lat] },
        properties: {
          id: r.id,
          health: r.health,
          icon: `marker-${r.health}`,
          size: Math.round(Math.sqrt(r.capacityRps / maxCap) * 20) / 20,
          halo: r.rps > 0 ? 2 * Math.round((6 + 18 * Math.sqrt(r.rps / maxRps)) / 2) : 0,
          drained: r.drained,
          dialled: !r.drained && r.dialPct < 100,
          primary: r.primaryOf.length > 0,
          label,
          versionColour: opts.versionColours?.get(r.id) ?? '',
        },
      };
    }),
  };
}

/**
 * The previous collection when nothing drawn changed (same properties, in order; geometry follows from the ids), so
 * the map skips setData. A snapshot a second otherwise re-tiles every source in the worker and redraws every frame.
 */
export function sameAsBefore<T extends FeatureCollection<unknown, object>>(prev: { sig: string; fc: T } | null, fc: T): { sig: string; fc: T } {
  const sig = JSON.stringify(fc.features.map((f) => f.properties));
  return prev && prev.sig === sig ? prev : { sig, fc };
}

const RAD = Math.PI / 180;

/** Web Mercator y in degrees-equivalent units (what the map draws), for the flatness test below. */
const mercY = (latDeg: number) => Math.log(Math.tan(Math.PI / 4 + (Math.max(-85, Math.min(85, latDeg)) * RAD) / 2)) / RAD;

/**
 * Great-circle path from a to b as [lng, lat] points, split where it crosses the antimeridian so that a Tokyo → US
 * West arc goes over the Pacific in two pieces instead of wrapping across the whole map.
 *
 * Points are adaptive: a piece is halved only while the great circle's midpoint lies more than `toleranceDeg` (in
 * Mercator degrees, what the map draws) from the straight chord. Short or straight arcs get 1–2 segments, long curved
 * ones up to 32: every point costs worker tiling and GPU vertices on every frame (see docs/map.md, Speed).
 */
export function greatCircle(a: Position, b: Position, toleranceDeg = 1): Position[][] {
  const [l1, p1] = [a[0] * RAD, a[1] * RAD];
  const [l2, p2] = [b[0] * RAD, b[1] * RAD];
  const d = 2 * Math.asin(Math.sqrt(Math.sin((p2 - p1) / 2) ** 2 + Math.cos(p1) * Math.cos(p2) * Math.sin((l2 - l1) / 2) ** 2));
  if (d < 1e-9) return [[a, b]];
  const sinD = Math.sin(d);
  const ax = Math.cos(p1) * Math.cos(l1);
  const ay = Math.cos(p1) * Math.sin(l1);
  const az = Math.sin(p1);
  const bx = Math.cos(p2) * Math.cos(l2);
  const by = Math.cos(p2) * Math.sin(l2);
  const bz = Math.sin(p2);
  const at = (f: number): Position => {
    const A = Math.sin((1 - f) * d) / sinD;
    const B = Math.sin(f * d) / sinD;
    const x = A * ax + B * bx;
    const y = A * ay + B * by;
    const z = A * az + B * bz;
    return [Math.atan2(y, x) / RAD, Math.atan2(z, Math.sqrt(x * x + y * y)) / RAD];
  };
  // Longitude difference the short way round, so the flatness test is not fooled by the antimeridian.
  const dLng = (x0: number, x1: number) => ((x1 - x0 + 540) % 360) - 180;
  const pts: Position[] = [a];
  const refine = (f0: number, q0: Position, f1: number, q1: Position, depth: number) => {
    const fm = (f0 + f1) / 2;
    const qm = at(fm);
    const cx = q0[0] + dLng(q0[0], q1[0]) / 2;
    const cy = (mercY(q0[1]) + mercY(q1[1])) / 2;
    const off = Math.hypot(dLng(cx, qm[0]), mercY(qm[1]) - cy);
    if (depth < 5 && (off > toleranceDeg || (depth < 1 && d > 60 * RAD))) {
      refine(f0, q0, fm, qm, depth + 1);
      refine(fm, qm, f1, q1, depth + 1);
    } else pts.push(q1);
  };
  refine(0, a, 1, b, 0);
  pts[pts.length - 1] = b;
  return splitAtAntimeridian(pts);
}

/** Cuts a line where consecutive points are more than 180° of longitude apart, interpolating the crossing at ±180. */
export function splitAtAntimeridian(pts: Position[]): Position[][] {
  const parts: Position[][] = [[pts[0]]];
  for (let i = 1; i < pts.length; i++) {
    const [x0, y0] = pts[i - 1];
    const [x1, y1] = pts[i];
    if (Math.abs(x1 - x0) > 180) {
      const east = x0 > 0; // leaving through +180
      const x1u = east ? x1 + 360 : x1 - 360;
      const edge = east ? 180 : -180;
      const y = y0 + ((y1 - y0) * (edge - x0)) / (x1u - x0);
      parts[parts.length - 1].push([edge, y]);
      parts.push([[-edge, y]]);
    }
    parts[parts.length - 1].push(pts[i]);
  }
  return parts.filter((p) => p.length > 1);
}

export interface ArcProps {
  /** `${country}>${regionId}`: the flow, looked up in the live data for tooltips */
  key: string;
  /** latency bucket (index into LATENCY_BUCKETS): colour and pattern */
  bucket: number;
  /** line width in px, in 0.25 px steps */
  width: number;
}

export const flowKey = (f: Pick<LiveFlow, 'country' | 'regionId'>) => `${f.country}>${f.regionId}`;
export const latencyBucket = (rttMs: number) => LATENCY_BUCKETS.findIndex((b) => rttMs < b.maxMs);

// Great circles do not change while users and regions stay put: computed once per pair.
const arcCache = new Map<string, Position[][]>();
function cachedArc(a: Position, b: Position): Position[][] {
  const k = `${a[0]},${a[1]},${b[0]},${b[1]}`;
  let g = arcCache.get(k);
  if (!g) {
    if (arcCache.size > 200_000) arcCache.clear();
    g = greatCircle(a, b);
    arcCache.set(k, g);
  }
  return g;
}

export function flowsToArcs(
  flows: readonly LiveFlow[],
  regionsById: ReadonlyMap<string, Pick<MapRegion, 'lat' | 'lng' | 'code'>>,
): FeatureCollection<MultiLine, ArcProps> {
  const maxRps = Math.max(1, ...flows.map((f) => f.rps));
  const features: Feature<MultiLine, ArcProps>[] = [];
  for (const f of flows) {
    const r = regionsById.get(f.regionId);
    if (!r) continue;
    features.push({
      type: 'Feature',
      geometry: { type: 'MultiLineString', coordinates: cachedArc([f.lng, f.lat], [r.lng, r.lat]) },
      properties: { key: flowKey(f), bucket: latencyBucket(f.rttMs), width: Math.round((0.75 + 4.25 * Math.sqrt(f.rps / maxRps)) * 4) / 4 },
    });
  }
  return { type: 'FeatureCollection', features };
}

/** User demand per country (sum of its flows' rps), weighted 0..1 (in 0.05 steps) for the demand layer. */
export function flowsToDemand(flows: readonly LiveFlow[]): FeatureCollection<Point, { weight: number; country: string }> {
  const byCountry = new Map<string, { lat: number; lng: number; rps: number }>();
  for (const f of flows) {
    const c = byCountry.get(f.country) ?? { lat: f.lat, lng: f.lng, rps: 0 };
    c.rps += f.rps;
    byCountry.set(f.country, c);
  }
  const max = Math.max(1, ...[...byCountry.values()].map((c) => c.rps));
  return {
    type: 'FeatureCollection',
    features: [...byCountry].map(([country, c]) => ({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [c.lng, c.lat] },
      properties: { weight: Math.round(Math.sqrt(c.rps / max) * 20) / 20, country },
    })),
  };
}

export interface ReplicationProps {
  /** `${dataStore}|${primaryRegionId}|${replicaRegionId}`: looked up in the live data for the lag */
  key: string;
  stalled: boolean;
}

export const replicaKey = (r: Pick<LiveReplica, 'dataStore' | 'primaryRegionId' | 'replicaRegionId'>) =>
  `${r.dataStore}|${r.primaryRegionId}|${r.replicaRegionId}`;

export function replicationToArcs(
  replication: readonly LiveReplica[],
  regionsById: ReadonlyMap<string, Pick<MapRegion, 'lat' | 'lng' | 'code'>>,
): FeatureCollection<MultiLine, ReplicationProps> {
  const features: Feature<MultiLine, ReplicationProps>[] = [];
  for (const r of replication) {
    const a = regionsById.get(r.primaryRegionId);
    const b = regionsById.get(r.replicaRegionId);
    if (!a || !b) continue;
    features.push({
      type: 'Feature',
      geometry: { type: 'MultiLineString', coordinates: cachedArc([a.lng, a.lat], [b.lng, b.lat]) },
      properties: { key: replicaKey(r), stalled: r.stalled },
    });
  }
  return { type: 'FeatureCollection', features };
}

/** Figures of one region at one past minute (GET /api/v1/history). */
export interface HistoryFigures {
  regionId: string;
  rps: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  errorRate: number;
  utilisation: number;
  health: HealthState;
}

/**
 * The fleet as it was: live inventory (position, capacity, routing marks as now) with the past minute's figures.
 * A region with no rollup at that minute did not report then: shown with zero traffic and its health as "down"
 * would lie, so it keeps its current health but zero figures and the table says "no data".
 */
export function regionsAt(regions: readonly MapRegion[], figures: readonly HistoryFigures[]): (MapRegion & { noData?: boolean })[] {
  const byId = new Map(figures.map((f) => [f.regionId, f]));
  return regions.map((r) => {
    const f = byId.get(r.id);
    if (!f) return { ...r, rps: 0, p50Ms: 0, p95Ms: 0, p99Ms: 0, errorRate: 0, utilisation: 0, noData: true };
    return { ...r, ...f, id: r.id };
  });
}
