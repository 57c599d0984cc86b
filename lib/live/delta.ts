// Deltas between two fleet snapshots: what the live stream sends each second instead of the whole fleet.
// Pure functions, shared by the server (diff, once per tick for all clients) and the browser (apply).
// Lists whose keys line up index by index travel as field patches; a list whose membership or order changed
// travels whole (rare: an inventory change, or a flow crossing the top-600 threshold).
import type { LiveFlow, LiveRegion, LiveReplica, LiveSnapshot } from './types';

export type ListDelta<T> = { full: T[] } | { patch: [index: number, fields: Partial<T>][] };

export interface LiveDelta {
  /** seq of the snapshot this delta applies to; a client holding another one must resync. */
  base: number;
  seq: number;
  at: number;
  sim: LiveSnapshot['sim'];
  totals: LiveSnapshot['totals'];
  hourlyCostUsd: number;
  failures: LiveSnapshot['failures'];
  scheduled?: LiveSnapshot['scheduled'];
  regions: ListDelta<LiveRegion>;
  flows: ListDelta<LiveFlow>;
  replication: ListDelta<LiveReplica>;
}

const regionKey = (r: LiveRegion) => r.id;
export const flowKey = (f: LiveFlow) => `${f.country}>${f.regionId}`;
const replicaKey = (r: LiveReplica) => `${r.dataStore}>${r.replicaRegionId}`;

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  return false;
}

export function diffList<T extends object>(prev: readonly T[], next: readonly T[], key: (x: T) => string): ListDelta<T> {
  if (prev.length !== next.length) return { full: [...next] };
  const patch: [number, Partial<T>][] = [];
  for (let i = 0; i < next.length; i++) {
    const a = prev[i];
    const b = next[i];
    if (key(a) !== key(b)) return { full: [...next] };
    let fields: Partial<T> | null = null;
    for (const k of Object.keys(b) as (keyof T)[]) {
      if (!sameValue(a[k], b[k])) {
        fields ??= {};
        fields[k] = b[k];
      }
    }
    if (Object.keys(a).length !== Object.keys(b).length) return { full: [...next] };
    if (fields) patch.push([i, fields]);
  }
  return { patch };
}

export function applyList<T extends object>(prev: readonly T[], d: ListDelta<T>): T[] {
  if ('full' in d) return d.full;
  const out = prev.slice();
  for (const [i, fields] of d.patch) {
    if (i < 0 || i >= out.length) throw new Error(`delta patches index ${i} of a list of ${out.length}`);
    out[i] = { ...out[i], ...fields };
  }
  return out;
}

export function diffSnapshot(prev: LiveSnapshot, next: LiveSnapshot): LiveDelta {
  return {
    base: prev.seq,
    seq: next.seq,
    at: next.at,
    sim: next.sim,
    totals: next.totals,
    hourlyCostUsd: next.hourlyCostUsd,
    failures: next.failures,
    ...(next.scheduled ? { scheduled: next.scheduled } : {}),
    regions: diffList(prev.regions, next.regions, regionKey),
    flows: diffList(prev.flows, next.flows, flowKey),
    replication: diffList(prev.replication, next.replication, replicaKey),
  };
}

/** The snapshot after `d`. Throws when `d` was made for another snapshot: the caller resyncs. */
export function applyDelta(prev: LiveSnapshot, d: LiveDelta): LiveSnapshot {
  if (prev.seq !== d.base) throw new Error(`delta for snapshot ${d.base} applied to ${prev.seq}`);
  return {
    seq: d.seq,
    at: d.at,
    sim: d.sim,
    totals: d.totals,
    hourlyCostUsd: d.hourlyCostUsd,
    failures: d.failures,
    ...(d.scheduled ? { scheduled: d.scheduled } : {}),
    regions: applyList(prev.regions, d.regions),
    flows: applyList(prev.flows, d.flows),
    replication: applyList(prev.replication, d.replication),
  };
}
