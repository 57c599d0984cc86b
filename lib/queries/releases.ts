import 'server-only';
import { db } from '../db';
import { VERSION_COLOURS } from '../releases/colours';
import type { ReleaseParams } from '../releases/runner';

function summary(o: {
  id: string;
  status: string;
  step: number;
  totalSteps: number;
  actor: string;
  reason: string;
  error: string | null;
  createdAt: Date;
  finishedAt: Date | null;
  params: unknown;
}) {
  const p = o.params as ReleaseParams;
  return {
    id: o.id,
    serviceId: p.serviceId,
    serviceName: p.serviceName,
    version: p.version,
    fromVersion: p.fromVersion,
    status: o.status,
    phase: p.phase,
    wave: o.step,
    waves: p.waves,
    skipped: p.skipped,
    appliedWaves: p.appliedWaves,
    bakeS: p.bakeS,
    dueAt: p.dueAt,
    autoRollback: p.autoRollback,
    simulateBadVersion: p.simulateBadVersion,
    gates: p.gates,
    actor: o.actor,
    reason: o.reason,
    error: o.error,
    createdAt: o.createdAt.toISOString(),
    finishedAt: o.finishedAt?.toISOString() ?? null,
  };
}
export type ReleaseSummary = ReturnType<typeof summary>;

export async function listReleases(limit = 50): Promise<ReleaseSummary[]> {
  const ops = await db.operation.findMany({ where: { kind: 'release' }, orderBy: { createdAt: 'desc' }, take: limit });
  return ops.map(summary);
}

export async function getRelease(id: string) {
  const op = await db.operation.findUnique({ where: { id } });
  if (op?.kind !== 'release') return null;
  const [timeline, regions] = await Promise.all([
    db.auditEvent.findMany({ where: { operationId: id }, orderBy: [{ at: 'asc' }, { id: 'asc' }] }),
    db.region.findMany({ select: { id: true, code: true, provider: true } }),
  ]);
  return {
    ...summary(op),
    regionCodes: Object.fromEntries(regions.map((r) => [r.id, r.code])),
    timeline: timeline.map((e) => ({ id: e.id, at: e.at.toISOString(), actor: e.actor, action: e.action, reason: e.reason, outcome: e.outcome })),
  };
}
export type ReleaseDetail = NonNullable<Awaited<ReturnType<typeof getRelease>>>;

/** Services to release, with the version most of their regions run. */
export async function releasableServices() {
  const services = await db.service.findMany({
    where: { status: 'active' },
    orderBy: [{ tier: 'asc' }, { name: 'asc' }],
    include: { deployments: { select: { version: true } } },
  });
  return services.map((s) => {
    const counts = new Map<string, number>();
    for (const d of s.deployments) counts.set(d.version, (counts.get(d.version) ?? 0) + 1);
    const running = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '';
    return { id: s.id, name: s.name, runningVersion: running, regions: s.deployments.length };
  });
}

/** Releases in flight (running or paused): which regions run the new version. For the map: GET /api/v1/releases/active. */
export async function activeReleases(): Promise<
  { releaseId: string; serviceId: string; version: string; fromVersion: string; status: string; regions: string[] }[]
> {
  const ops = await db.operation.findMany({ where: { kind: 'release', status: { in: ['running', 'paused'] } } });
  return ops.map((o) => {
    const p = o.params as unknown as ReleaseParams;
    return {
      releaseId: o.id,
      serviceId: p.serviceId,
      version: p.version,
      fromVersion: p.fromVersion,
      status: o.status,
      regions: p.waves.slice(0, p.appliedWaves).flatMap((w) => w.regionIds),
    };
  });
}

export { VERSION_COLOURS };

/** Region id → colour for one release's map overlay: new version violet, old version slate. */
export async function versionColours(releaseId: string): Promise<Record<string, { version: string; colour: string }>> {
  const op = await db.operation.findUnique({ where: { id: releaseId } });
  if (op?.kind !== 'release') return {};
  const p = op.params as unknown as ReleaseParams;
  const onNew = new Set(op.status === 'rolled_back' ? [] : p.waves.slice(0, p.appliedWaves).flatMap((w) => w.regionIds));
  return Object.fromEntries(
    Object.entries(p.previous).map(([regionId, v]) => [
      regionId,
      onNew.has(regionId) ? { version: p.version, colour: VERSION_COLOURS.new } : { version: v, colour: VERSION_COLOURS.old },
    ]),
  );
}
