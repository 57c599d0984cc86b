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

export interface RegionProps {
  id: string;
  health: HealthState;
  icon: string;
  /** 0..1: the marker's size, from capacity */
  size: number;
  /** halo radius in px, from current load (rps) */
  halo: number;
  drained: boolean;
  dialled: boolean;
  primary: boolean;
  /** text drawn beside the marker when the region needs attention, '' otherwise */
  label: string;
  name: string;
  code: string;
  provider: string;
  rps: number;
  p95Ms: number;
  utilisation: number;
  errorRate: number;
  dialPct: number;
  primaryOf: string;
}

/** What sets a region apart from a healthy, fully-dialled one: shown on its label and in the legend. */
export function regionMarks(r: Pick<MapRegion, 'drained' | 'dialPct' | 'primaryOf'>): string[] {
  const marks: string[] = [];
  if (r.drained) marks.push('drained');
  else if (r.dialPct < 100) marks.push(`dial ${r.dialPct} %`);
  if (r.primaryOf.length) marks.push('DB primary');
  return marks;
}

export function regionsToGeoJSON(regions: readonly MapRegion[], opts: { labels?: boolean } = {}): FeatureCollection<Point, RegionProps> {
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
          size: Math.sqrt(r.capacityRps / maxCap),
          halo: r.rps > 0 ? 6 + 18 * Math.sqrt(r.rps / maxRps) : 0,
          drained: r.drained,
          dialled: !r.drained && r.dialPct < 100,
          primary: r.primaryOf.length > 0,
          label,
          name: r.name,
          code: r.code,
          provider: r.provider,
          rps: r.rps,
          p95Ms: r.p95Ms,
          utilisation: r.utilisation,
          errorRate: r.errorRate,
          dialPct: r.dialPct,
          primaryOf: r.primaryOf.join(', '),
        },
      };
    }),
  };
}

const RAD = Math.PI / 180;

/**
 * Great-circle path from a to b as [lng, lat] points, split where it crosses the antimeridian so that a Tokyo → US
 * West arc goes over the Pacific in two pieces instead of wrapping across the whole map.
 */
export function greatCircle(a: Position, b: Position, maxPoints = 24): Position[][] {
  const [l1, p1] = [a[0] * RAD, a[1] * RAD];
  const [l2, p2] = [b[0] * RAD, b[1] * RAD];
  const d = 2 * Math.asin(Math.sqrt(Math.sin((p2 - p1) / 2) ** 2 + Math.cos(p1) * Math.cos(p2) * Math.sin((l2 - l1) / 2) ** 2));
  if (d < 1e-9) return [[a, b]];
  // Fewer points for short arcs: 50,000 arcs must stay cheap.
  const n = Math.max(2, Math.min(maxPoints, Math.ceil(d / RAD / 6)));
  const pts: Position[] = [];
  for (let i = 0; i <= n; i++) {
    const f = i / n;
    const A = Math.sin((1 - f) * d) / Math.sin(d);
    const B = Math.sin(f * d) / Math.sin(d);
    const x = A * Math.cos(p1) * Math.cos(l1) + B * Math.cos(p2) * Math.cos(l2);
    const y = A * Math.cos(p1) * Math.sin(l1) + B * Math.cos(p2) * Math.sin(l2);
    const z = A * Math.sin(p1) + B * Math.sin(p2);
    pts.push([Math.atan2(y, x) / RAD, Math.atan2(z, Math.sqrt(x * x + y * y)) / RAD]);
  }
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
  rps: number;
  rttMs: number;
  width: number;
  from: string;
  to: string;
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
      geometry: { type: 'MultiLineString', coordinates: greatCircle([f.lng, f.lat], [r.lng, r.lat]) },
      properties: { rps: f.rps, rttMs: f.rttMs, width: 0.75 + 4.25 * Math.sqrt(f.rps / maxRps), from: f.country, to: r.code },
    });
  }
  return { type: 'FeatureCollection', features };
}

/** User demand per country (sum of its flows' rps), weighted 0..1 for the heat layer. */
export function flowsToDemand(flows: readonly LiveFlow[]): FeatureCollection<Point, { weight: number; rps: number; country: string }> {
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
      properties: { weight: Math.sqrt(c.rps / max), rps: c.rps, country },
    })),
  };
}

export interface ReplicationProps {
  dataStore: string;
  lagMs: number;
  stalled: boolean;
  from: string;
  to: string;
}

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
      geometry: { type: 'MultiLineString', coordinates: greatCircle([a.lng, a.lat], [b.lng, b.lat]) },
      properties: { dataStore: r.dataStore, lagMs: r.lagMs, stalled: r.stalled, from: a.code, to: b.code },
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
