import 'server-only';
import { db } from '../db';

export async function listOperations(limit = 30) {
  // Releases are operations too, with their own page and runner (lib/releases).
  const ops = await db.operation.findMany({ where: { kind: { not: 'release' } }, orderBy: { createdAt: 'desc' }, take: limit });
  return ops.map((o) => ({
    id: o.id,
    kind: o.kind,
    scope: o.scope,
    status: o.status,
    step: o.step,
    totalSteps: o.totalSteps,
    actor: o.actor,
    reason: o.reason,
    error: o.error,
    createdAt: o.createdAt.toISOString(),
    finishedAt: o.finishedAt?.toISOString() ?? null,
    nextStepAt: o.nextStepAt?.toISOString() ?? null,
    steps: ((o.params as { steps?: { label: string }[] }).steps ?? []).map((s) => s.label),
  }));
}
export type OperationRow = Awaited<ReturnType<typeof listOperations>>[number];

/** Routing rows and data stores with their versions: what the failover page acts on. */
export async function getFailoverBoard() {
  const [routing, stores, services] = await Promise.all([
    db.routingState.findMany({ select: { regionId: true, serviceId: true, weight: true, dialPct: true, drained: true, version: true } }),
    db.dataStore.findMany({ include: { replicas: { select: { regionId: true } } }, orderBy: { name: 'asc' } }),
    db.service.findMany({ where: { status: 'active' }, select: { id: true, name: true }, orderBy: { name: 'asc' } }),
  ]);
  return {
    /** The region's routing version: every control in a region (global or per service) claims it. */
    versions: Object.fromEntries(routing.filter((r) => !r.serviceId).map((r) => [r.regionId, r.version])),
    services,
    /** Per-service rows, by "<regionId>:<serviceId>": where a service's routing differs from its region's. */
    serviceRouting: Object.fromEntries(
      routing.filter((r) => r.serviceId).map((r) => [`${r.regionId}:${r.serviceId}`, { weight: r.weight, dialPct: r.dialPct, drained: r.drained }]),
    ),
    dataStores: stores.map((d) => ({
      id: d.id,
      name: d.name,
      engine: d.engine,
      primaryRegionId: d.primaryRegionId,
      replicaRegionIds: d.replicas.map((r) => r.regionId),
      pinnedJurisdiction: d.pinnedJurisdiction,
      maxLagMs: d.maxLagMs,
      version: d.version,
    })),
  };
}
export type FailoverBoard = Awaited<ReturnType<typeof getFailoverBoard>>;
