import type { DataStoreTopology, LatLng } from '../fleet/types';
import type { FailureEffects } from './failures';
import type { ReplicaLag } from './types';

// Asynchronous primary → replica replication. Healthy lag = one-way network delay (half the round trip) plus
// apply time, which grows with the primary's write load (queueing, like the service model). Under a stall
// (outage of either end, partition, stalled stream) nothing is applied and lag grows one second per second;
// after recovery the replica catches up at catchUpSpeed × real time.

export interface ReplicationParams {
  /** Apply time of a write on an idle replica (commit, index maintenance). */
  baseApplyMs: number;
  /** Write-load queueing cap, as for the service model. */
  maxWriteUtilisation: number;
  /** A recovering replica applies the backlog this many times faster than real time. */
  catchUpSpeed: number;
}

export const DEFAULT_REPLICATION_PARAMS: ReplicationParams = {
  baseApplyMs: 5,
  maxWriteUtilisation: 0.95,
  catchUpSpeed: 4,
};

export interface ReplicationContext {
  regionsById: ReadonlyMap<string, LatLng>;
  roundTripMs(a: LatLng, b: LatLng): number;
  /** Write load of a region as a utilisation (the primary's region utilisation is the proxy). */
  writeUtilisation(regionId: string): number;
  isRegionDown(regionId: string): boolean;
  failures: FailureEffects;
}

export function steadyLagMs(rttMs: number, writeUtilisation: number, params: ReplicationParams = DEFAULT_REPLICATION_PARAMS): number {
  const rho = Math.min(Math.max(writeUtilisation, 0), params.maxWriteUtilisation);
  return rttMs / 2 + params.baseApplyMs / (1 - rho);
}

function stallReason(store: DataStoreTopology, replicaId: string, ctx: ReplicationContext): ReplicaLag['stallReason'] {
  if (ctx.isRegionDown(store.primaryRegionId)) return 'primary_down';
  if (ctx.isRegionDown(replicaId)) return 'replica_down';
  if (ctx.failures.isPartitioned(store.primaryRegionId, replicaId)) return 'partition';
  if (ctx.failures.isReplicationStalled(store.id, replicaId)) return 'replication_stall';
  return null;
}

/** Advances every replica's lag by dtS. `prev` carries lag across ticks (by store and replica region). */
export function stepReplication(
  prev: readonly ReplicaLag[],
  stores: readonly DataStoreTopology[],
  ctx: ReplicationContext,
  dtS: number,
  params: ReplicationParams = DEFAULT_REPLICATION_PARAMS,
): ReplicaLag[] {
  const prevByKey = new Map(prev.map((p) => [`${p.dataStoreId}\u0000${p.primaryRegionId}\u0000${p.replicaRegionId}`, p] as const));
  const dtMs = dtS * 1000;
  const out: ReplicaLag[] = [];
  for (const store of stores) {
    const primary = ctx.regionsById.get(store.primaryRegionId);
    for (const replicaId of store.replicaRegionIds) {
      if (replicaId === store.primaryRegionId) continue;
      const replica = ctx.regionsById.get(replicaId);
      const before = prevByKey.get(`${store.id}\u0000${store.primaryRegionId}\u0000${replicaId}`);
      const reason = primary && replica ? stallReason(store, replicaId, ctx) : 'replica_down';
      let lagMs: number;
      if (reason !== null) {
        lagMs = (before?.lagMs ?? 0) + dtMs;
      } else {
        const targetMs = steadyLagMs(ctx.roundTripMs(primary as LatLng, replica as LatLng), ctx.writeUtilisation(store.primaryRegionId), params);
        const prevLagMs = before?.lagMs ?? targetMs;
        lagMs = prevLagMs > targetMs ? Math.max(targetMs, prevLagMs - dtMs * (params.catchUpSpeed - 1)) : targetMs;
      }
      out.push({
        dataStoreId: store.id,
        primaryRegionId: store.primaryRegionId,
        replicaRegionId: replicaId,
        lagMs,
        stalled: reason !== null,
        stallReason: reason,
        withinBudget: lagMs <= store.maxLagMs,
      });
    }
  }
  return out;
}
