import 'server-only';
import { audit } from '../audit';
// Releases as durable operations: an Operation row (kind 'release', scope service:<id>, lockKey = scope while it
// runs or is paused, so one release per service at a time), params holding the plan and the wave state, step =
// the current wave. Every transition is one transaction guarded by the row's updatedAt (optimistic), so a second
// instance, a double click or a restart never applies a transition twice. advanceDueReleases(rt) runs every
// second from the fleet runtime.
import type { Actor } from '../auth/roles';
import { db } from '../db';
import { AppError, isUniqueViolation } from '../errors';
import type { Prisma } from '../generated/sqlite/client';
import { bus } from '../live/bus';
import type { LiveSnapshot } from '../live/types';
import type { FleetRuntime } from '../runtime/fleet-runtime';
import { combine, evaluateGate, type GateResult, type GroupStats, overTime } from './gates';
import { BAKE_S_MAX, BAKE_S_MIN, PlanError, type PlanRegion, planWaves, type SkippedRegion, versionProblem, type Wave } from './plan';

/** Wait between reverting two waves: traffic returns to the old version gradually, never onto everything at once. */
export const ROLLBACK_WAVE_WAIT_S = 3;

export type ReleasePhase = 'baking' | 'paused' | 'rolling_back' | 'done';

export interface ReleaseParams {
  release: true;
  serviceId: string;
  serviceName: string;
  version: string;
  fromVersion: string;
  waves: Wave[];
  skipped: SkippedRegion[];
  bakeS: number;
  autoRollback: boolean;
  simulateBadVersion: { errorRate: number } | null;
  sloAvailabilityPct: number;
  phase: ReleasePhase;
  dueAt: number | null;
  /** Remaining bake when paused, to resume where it stopped. */
  remainingS: number | null;
  /** Version each region ran before the release: what a rollback restores. */
  previous: Record<string, string>;
  /** Simulated failures injected per region ("bad version"), cleared on rollback. */
  failures: Record<string, string>;
  before: { candidate: GroupStats; baseline: GroupStats } | null;
  gates: { wave: number; at: string; pass: boolean; reason: string; checks: GateResult['checks'] }[];
  /** Waves already on the new version (reverted newest first on rollback). */
  appliedWaves: number;
}

export interface StartReleaseInput {
  serviceId: string;
  version: string;
  bakeS: number;
  autoRollback: boolean;
  simulateBadVersion: { errorRate: number } | null;
  canaryRegionId?: string;
  reason: string;
}

const json = (v: unknown) => JSON.parse(JSON.stringify(v)) as Prisma.InputJsonValue;
const scopeOf = (serviceId: string) => `service:${serviceId}`;

/** The version most of the service's regions run. */
export function majorityVersion(versions: readonly string[]): string | null {
  const counts = new Map<string, number>();
  for (const v of versions) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0] ?? null;
}

function incidentRegions(snap: LiveSnapshot): Set<string> {
  const out = new Set<string>();
  for (const r of snap.regions) if (r.health === 'down' || r.health === 'degraded') out.add(r.id);
  for (const f of snap.failures) if (f.regionId) out.add(f.regionId);
  return out;
}

/** The service's regions as the planner sees them: drained (global or per service), in an incident, traffic now. */
export async function planRegionsFor(serviceId: string, snap: LiveSnapshot): Promise<{ regions: PlanRegion[]; versions: Record<string, string> }> {
  const deployments = await db.deployment.findMany({ where: { serviceId }, include: { region: true } });
  const routing = await db.routingState.findMany({ where: { regionId: { in: deployments.map((d) => d.regionId) } } });
  const drained = new Set(routing.filter((r) => r.drained && (r.serviceId === null || r.serviceId === serviceId)).map((r) => r.regionId));
  const incident = incidentRegions(snap);
  const live = new Map(snap.regions.map((r) => [r.id, r]));
  const regions = deployments.map((d) => ({
    id: d.regionId,
    code: d.region.code,
    country: d.region.country,
    rps: live.get(d.regionId)?.rps ?? 0,
    drained: drained.has(d.regionId) || d.region.status !== 'active',
    inIncident: incident.has(d.regionId),
  }));
  return { regions, versions: Object.fromEntries(deployments.map((d) => [d.regionId, d.version])) };
}

function statsOf(snap: LiveSnapshot, ids: Iterable<string>): GroupStats {
  const set = new Set(ids);
  return combine(snap.regions.filter((r) => set.has(r.id)).map((r) => ({ rps: r.rps, errorRate: r.errorRate, p95Ms: r.p95Ms })));
}

/** Baseline: the service's regions still on the old version and not skipped (the rest of the service). */
function baselineIds(p: ReleaseParams, uptoWave: number): string[] {
  const onNew = new Set(p.waves.slice(0, uptoWave + 1).flatMap((w) => w.regionIds));
  const skipped = new Set(p.skipped.map((s) => s.regionId));
  return Object.keys(p.previous).filter((id) => !onNew.has(id) && !skipped.has(id));
}

// Samples over the bake, per release and wave, kept in memory: the gate uses their mean. After a restart they are
// rebuilt from the stored minute rollups of the bake window; with none yet, the snapshot at gate time is used.
const g = globalThis as unknown as { meridianReleaseSamples?: Map<string, { cand: GroupStats[]; base: GroupStats[] }> };
if (!g.meridianReleaseSamples) g.meridianReleaseSamples = new Map();
const samples = g.meridianReleaseSamples;

function publish(id: string, status: string, step: number, totalSteps: number) {
  bus.publish({ type: 'operation', data: { id, status, step, totalSteps } });
}

async function event(kind: 'deployment', regionId: string | null, detail: Record<string, unknown>) {
  await db.fleetEvent.create({ data: { kind, regionId, detail: json(detail) } }).catch(() => {});
}

export async function startRelease(input: StartReleaseInput, actor: Actor, rt: FleetRuntime) {
  const refuse = async (message: string, field?: string) => {
    await audit(db, {
      actor: actor.email,
      action: 'release.start',
      targetType: 'service',
      targetId: input.serviceId,
      outcome: 'refused',
      reason: message,
      after: { version: input.version, bakeS: input.bakeS },
    });
    throw new AppError(field ? 'VALIDATION' : 'REFUSED', message, field ? { [field]: [message] } : undefined);
  };
  const service = await db.service.findUnique({ where: { id: input.serviceId } });
  if (service?.status !== 'active') throw new AppError('NOT_FOUND', `There is no active service ${input.serviceId}.`, { serviceId: ['Choose a service'] });
  if (input.bakeS < BAKE_S_MIN || input.bakeS > BAKE_S_MAX) await refuse(`Bake time must be between ${BAKE_S_MIN} s and ${BAKE_S_MAX} s.`, 'bakeS');
  const running = await db.operation.findUnique({ where: { lockKey: scopeOf(service.id) } });
  if (running) await refuse(`${service.name} already has a ${running.kind} in progress (${running.id}, ${running.status}); one release per service at a time.`);
  const snap = rt.snapshot();
  const { regions, versions } = await planRegionsFor(service.id, snap);
  const fromVersion = majorityVersion(Object.values(versions));
  const vp = versionProblem(input.version, fromVersion);
  if (vp) await refuse(vp, 'version');
  let plan: ReturnType<typeof planWaves>;
  try {
    plan = planWaves(regions, { canaryRegionId: input.canaryRegionId || undefined });
  } catch (e) {
    if (e instanceof PlanError) return refuse(e.message);
    throw e;
  }
  const params: ReleaseParams = {
    release: true,
    serviceId: service.id,
    serviceName: service.name,
    version: input.version,
    fromVersion: fromVersion ?? '',
    waves: plan.waves,
    skipped: plan.skipped,
    bakeS: input.bakeS,
    autoRollback: input.autoRollback,
    simulateBadVersion: input.simulateBadVersion,
    sloAvailabilityPct: service.sloAvailabilityPct,
    phase: 'baking',
    dueAt: null,
    remainingS: null,
    previous: versions,
    failures: {},
    before: null,
    gates: [],
    appliedWaves: 0,
  };
  let id: string;
  try {
    const op = await db.$transaction(async (tx) => {
      const op = await tx.operation.create({
        data: {
          kind: 'release',
          scope: scopeOf(service.id),
          lockKey: scopeOf(service.id), // unique: a concurrent second release fails here
          status: 'running',
          step: 0,
          totalSteps: plan.waves.length,
          params: json(params),
          actor: actor.email,
          reason: input.reason,
          // nextStepAt stays null: the failover runner must not pick releases up; the due time is params.dueAt.
        },
      });
      await audit(tx, {
        actor: actor.email,
        action: 'release.start',
        targetType: 'service',
        targetId: service.id,
        reason: input.reason || `${service.name} ${fromVersion} → ${input.version}`,
        before: { version: fromVersion },
        after: {
          version: input.version,
          waves: plan.waves.map((w) => ({ label: w.label, regions: w.regionIds })),
          skipped: plan.skipped,
          bakeS: input.bakeS,
          autoRollback: input.autoRollback,
          simulateBadVersion: input.simulateBadVersion,
        },
        operationId: op.id,
      });
      return op;
    });
    id = op.id;
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError('CONFLICT', `Another release of ${service.name} started a moment ago; yours was not started.`);
    throw e;
  }
  await startWave(id, 0, rt, actor.email);
  return { id, waves: plan.waves, skipped: plan.skipped };
}

async function load(id: string) {
  const op = await db.operation.findUnique({ where: { id } });
  if (op?.kind !== 'release') throw new AppError('NOT_FOUND', `There is no release ${id}.`);
  return { op, p: op.params as unknown as ReleaseParams };
}

/** One guarded transition: applies only if the row did not change since it was read. */
async function transition(
  op: { id: string; updatedAt: Date },
  data: Omit<Prisma.OperationUpdateManyMutationInput, 'params'> & { params: ReleaseParams },
  then: (tx: Prisma.TransactionClient) => Promise<void>,
): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const moved = await tx.operation.updateMany({ where: { id: op.id, updatedAt: op.updatedAt }, data: { ...data, params: json(data.params) } });
    if (moved.count === 0) return false;
    await then(tx);
    return true;
  });
}

/** Puts wave k on the new version and starts its bake. */
async function startWave(id: string, k: number, rt: FleetRuntime, actor: string) {
  const { op, p } = await load(id);
  const snap = rt.snapshot();
  const incident = incidentRegions(snap);
  const drained = new Set(
    (await db.routingState.findMany({ where: { drained: true } })).filter((r) => r.serviceId === null || r.serviceId === p.serviceId).map((r) => r.regionId),
  );
  const wave = p.waves[k];
  // Conditions change during a long rollout: a region drained or in an incident since planning is skipped now.
  const skippedNow: SkippedRegion[] = [];
  const regionIds = wave.regionIds.filter((r) => {
    // The bad-version simulation's own failures are the release's doing, not an incident.
    if (drained.has(r)) skippedNow.push({ regionId: r, reason: 'drained' });
    else if (incident.has(r) && !p.failures[r]) skippedNow.push({ regionId: r, reason: 'incident' });
    else return true;
    return false;
  });
  const waves = p.waves.map((w) => (w.index === k ? { ...w, regionIds } : w));
  const next: ReleaseParams = {
    ...p,
    waves,
    skipped: [...p.skipped, ...skippedNow],
    phase: 'baking',
    dueAt: Date.now() + p.bakeS * 1000,
    remainingS: null,
    appliedWaves: k + 1,
  };
  next.before = { candidate: statsOf(snap, regionIds), baseline: statsOf(snap, baselineIds(next, k)) };
  const ok = await transition(op, { step: k, params: next }, async (tx) => {
    await tx.deployment.updateMany({ where: { serviceId: p.serviceId, regionId: { in: regionIds } }, data: { version: p.version, state: 'progressing' } });
    await audit(tx, {
      actor,
      action: 'release.wave.start',
      targetType: 'service',
      targetId: p.serviceId,
      reason: `Wave ${k + 1} of ${p.waves.length} (${wave.label}): ${p.version} to ${regionIds.length} region(s), bake ${p.bakeS} s${skippedNow.length ? `; skipped ${skippedNow.map((s) => `${s.regionId} (${s.reason})`).join(', ')}` : ''}`,
      after: { wave: k, regions: regionIds, skipped: skippedNow, version: p.version },
      operationId: id,
    });
  });
  if (!ok) return;
  samples.delete(`${id}:${k}`);
  for (const r of regionIds)
    await event('deployment', r, { releaseId: id, serviceId: p.serviceId, version: p.version, from: p.previous[r], wave: k, action: 'wave.start' });
  if (p.simulateBadVersion) {
    const failures = { ...next.failures };
    for (const r of regionIds) if (!failures[r]) failures[r] = rt.inject({ kind: 'degradation', regionId: r, errorRate: p.simulateBadVersion.errorRate });
    const fresh = await load(id);
    await transition(fresh.op, { params: { ...fresh.p, failures } }, async () => {});
  }
  publish(id, 'running', k, p.waves.length);
}

function clearFailures(rt: FleetRuntime, p: ReleaseParams, regionIds: string[]): Record<string, string> {
  const failures = { ...p.failures };
  for (const r of regionIds) {
    if (failures[r]) rt.clear(failures[r]);
    delete failures[r];
  }
  return failures;
}

/** One group figure per stored minute of [fromMs, toMs] for these regions (the 1-minute telemetry rollups). */
export async function samplesFromRollups(regionIds: readonly string[], fromMs: number, toMs: number): Promise<GroupStats[]> {
  if (!regionIds.length || toMs <= fromMs) return [];
  const rows = await db.metricRollup.findMany({
    where: { resolution: '1m', regionId: { in: [...regionIds] }, at: { gte: new Date(Math.floor(fromMs / 60_000) * 60_000), lte: new Date(toMs) } },
    select: { at: true, rps: true, errorRate: true, p95Ms: true },
  });
  const byMinute = new Map<number, GroupStats[]>();
  for (const r of rows) byMinute.set(r.at.getTime(), [...(byMinute.get(r.at.getTime()) ?? []), r]);
  return [...byMinute.entries()].sort(([a], [b]) => a - b).map(([, regions]) => combine(regions));
}

/** Gate at the end of a wave's bake: pass → next wave (or done); fail → pause, or roll back when configured. */
async function gateWave(id: string, rt: FleetRuntime) {
  const { op, p } = await load(id);
  // Another caller may have gated this wave a moment ago (its transition committed after our list was read): only a
  // wave still baking and due is judged, once.
  if (op.status !== 'running' || p.phase !== 'baking' || p.dueAt === null || p.dueAt > Date.now()) return;
  const k = op.step;
  const snap = rt.snapshot();
  const wave = p.waves[k];
  const base = baselineIds(p, k);
  let acc = samples.get(`${id}:${k}`);
  if (!acc?.cand.length && p.dueAt !== null) {
    // This process did not see the bake (a restart): the stored minute rollups of the bake window stand in.
    const from = p.dueAt - p.bakeS * 1000;
    acc = { cand: await samplesFromRollups(wave.regionIds, from, Date.now()), base: await samplesFromRollups(base, from, Date.now()) };
  }
  const candidate = acc?.cand.length ? overTime(acc.cand) : statsOf(snap, wave.regionIds);
  const before = p.before ?? { candidate, baseline: candidate };
  // With no region left on the old version, the wave's regions before the wave are the baseline.
  const baseline = base.length ? (acc?.base.length ? overTime(acc.base) : statsOf(snap, base)) : before.candidate;
  const result = evaluateGate({
    candidate,
    baseline,
    candidateBefore: before.candidate,
    baselineBefore: base.length ? before.baseline : before.candidate,
    bakeS: p.bakeS,
    sloAvailabilityPct: p.sloAvailabilityPct,
  });
  samples.delete(`${id}:${k}`);
  const gate = { wave: k, at: new Date().toISOString(), pass: result.pass, reason: result.reason, checks: result.checks };
  const gates = [...p.gates, gate];
  if (result.pass) {
    const last = k + 1 >= p.waves.length;
    const ok = await transition(
      op,
      {
        params: { ...p, gates, phase: last ? 'done' : 'baking', dueAt: null },
        status: last ? 'completed' : 'running',
        lockKey: last ? null : op.lockKey,
        finishedAt: last ? new Date() : null,
      },
      async (tx) => {
        await tx.deployment.updateMany({ where: { serviceId: p.serviceId, regionId: { in: wave.regionIds } }, data: { state: 'healthy' } });
        await audit(tx, {
          actor: 'system',
          action: 'release.gate.pass',
          targetType: 'service',
          targetId: p.serviceId,
          reason: `Wave ${k + 1} passed its gate: ${result.checks.map((c) => c.detail).join('; ')}`,
          after: gate,
          operationId: id,
        });
        if (last) await auditCompleted(tx, p, id);
      },
    );
    if (!ok) return;
    if (last) publish(id, 'completed', k + 1, p.waves.length);
    else await startWave(id, k + 1, rt, 'system');
    return;
  }
  const why = `Wave ${k + 1} failed its gate: ${result.reason}`;
  const ok = await transition(op, { params: { ...p, gates, phase: 'paused', dueAt: null, remainingS: null }, status: 'paused', error: why }, async (tx) => {
    await tx.deployment.updateMany({ where: { serviceId: p.serviceId, regionId: { in: wave.regionIds } }, data: { state: 'degraded' } });
    await audit(tx, {
      actor: 'system',
      action: 'release.gate.fail',
      targetType: 'service',
      targetId: p.serviceId,
      reason: why,
      outcome: 'failed',
      after: gate,
      operationId: id,
    });
    await audit(tx, {
      actor: 'system',
      action: 'release.pause',
      targetType: 'service',
      targetId: p.serviceId,
      reason: p.autoRollback
        ? `Paused after a failed gate; rolling back automatically`
        : 'Paused after a failed gate; an operator decides: resume, promote or roll back',
      operationId: id,
    });
  });
  if (!ok) return;
  publish(id, 'paused', k, p.waves.length);
  if (p.autoRollback) await rollbackRelease(id, { email: 'system' }, `Automatic rollback: ${why}`, rt);
}

/** Reverts the newest wave still on the new version; after the last one the release is rolled back. */
async function rollbackStep(id: string, rt: FleetRuntime) {
  const { op, p } = await load(id);
  const k = p.appliedWaves - 1;
  if (k < 0) return;
  const regionIds = p.waves[k].regionIds;
  const failures = clearFailures(rt, p, regionIds);
  const done = k === 0;
  const ok = await transition(
    op,
    {
      params: { ...p, failures, appliedWaves: k, phase: done ? 'done' : 'rolling_back', dueAt: done ? null : Date.now() + ROLLBACK_WAVE_WAIT_S * 1000 },
      status: done ? 'rolled_back' : 'running',
      lockKey: done ? null : op.lockKey,
      finishedAt: done ? new Date() : null,
    },
    async (tx) => {
      for (const r of regionIds) {
        await tx.deployment.updateMany({ where: { serviceId: p.serviceId, regionId: r }, data: { version: p.previous[r], state: 'rolled_back' } });
      }
      await audit(tx, {
        actor: 'system',
        action: 'release.rollback.wave',
        targetType: 'service',
        targetId: p.serviceId,
        reason: `Wave ${k + 1} (${p.waves[k].label}) back on ${p.fromVersion}: ${regionIds.join(', ')}`,
        after: { wave: k, regions: regionIds, version: p.fromVersion },
        operationId: id,
      });
      if (done)
        await audit(tx, {
          actor: 'system',
          action: 'release.rolled_back',
          targetType: 'service',
          targetId: p.serviceId,
          reason: `${p.serviceName} is back on ${p.fromVersion} everywhere`,
          operationId: id,
          outcome: 'failed',
        });
    },
  );
  if (!ok) return;
  for (const r of regionIds)
    await event('deployment', r, { releaseId: id, serviceId: p.serviceId, version: p.previous[r], from: p.version, wave: k, action: 'rollback' });
  publish(id, done ? 'rolled_back' : 'running', k, p.waves.length);
}

// --- operator controls ------------------------------------------------------------------------------------------

export async function promoteRelease(id: string, actor: Pick<Actor, 'email'>, reason: string, rt: FleetRuntime) {
  const { op, p } = await load(id);
  if (!['running', 'paused'].includes(op.status) || p.phase === 'rolling_back')
    throw new AppError(
      'CONFLICT',
      `Release ${id} is ${p.phase === 'rolling_back' ? 'rolling back' : op.status}; only a baking or paused release can be promoted.`,
    );
  const k = op.step;
  const last = k + 1 >= p.waves.length;
  const ok = await transition(
    op,
    {
      params: { ...p, phase: last ? 'done' : 'baking', dueAt: null },
      status: last ? 'completed' : 'running',
      lockKey: last ? null : op.lockKey,
      finishedAt: last ? new Date() : null,
      error: null,
    },
    async (tx) => {
      await tx.deployment.updateMany({ where: { serviceId: p.serviceId, regionId: { in: p.waves[k].regionIds } }, data: { state: 'healthy' } });
      await audit(tx, {
        actor: actor.email,
        action: 'release.promote',
        targetType: 'service',
        targetId: p.serviceId,
        reason: reason || `Wave ${k + 1} promoted by hand (bake and gate skipped)`,
        after: { wave: k },
        operationId: id,
      });
      if (last) await auditCompleted(tx, p, id);
    },
  );
  if (!ok) throw new AppError('CONFLICT', `Release ${id} moved on a moment ago; reload and try again.`);
  if (last) publish(id, 'completed', k + 1, p.waves.length);
  else await startWave(id, k + 1, rt, actor.email);
  return { id };
}

export async function pauseRelease(id: string, actor: Pick<Actor, 'email'>, reason: string) {
  const { op, p } = await load(id);
  if (op.status !== 'running' || p.phase !== 'baking')
    throw new AppError('CONFLICT', `Release ${id} is ${op.status}${p.phase === 'rolling_back' ? ' (rolling back)' : ''}; only a baking release can be paused.`);
  const remainingS = p.dueAt ? Math.max(0, Math.round((p.dueAt - Date.now()) / 1000)) : p.bakeS;
  const ok = await transition(op, { params: { ...p, phase: 'paused', dueAt: null, remainingS }, status: 'paused' }, async (tx) => {
    await audit(tx, {
      actor: actor.email,
      action: 'release.pause',
      targetType: 'service',
      targetId: p.serviceId,
      reason: reason || 'Paused by an operator',
      after: { wave: op.step, remainingS },
      operationId: id,
    });
  });
  if (!ok) throw new AppError('CONFLICT', `Release ${id} moved on a moment ago; reload and try again.`);
  publish(id, 'paused', op.step, p.waves.length);
  return { id };
}

/** Resumes the bake where it stopped; after a failed gate the wave bakes again in full. */
export async function resumeRelease(id: string, actor: Pick<Actor, 'email'>, reason: string) {
  const { op, p } = await load(id);
  if (op.status !== 'paused') throw new AppError('CONFLICT', `Release ${id} is ${op.status}; only a paused release can be resumed.`);
  const bakeS = p.remainingS ?? p.bakeS;
  const ok = await transition(
    op,
    { params: { ...p, phase: 'baking', dueAt: Date.now() + bakeS * 1000, remainingS: null }, status: 'running', error: null },
    async (tx) => {
      await audit(tx, {
        actor: actor.email,
        action: 'release.resume',
        targetType: 'service',
        targetId: p.serviceId,
        reason: reason || `Resumed: wave ${op.step + 1} bakes ${bakeS} s more`,
        operationId: id,
      });
    },
  );
  if (!ok) throw new AppError('CONFLICT', `Release ${id} moved on a moment ago; reload and try again.`);
  samples.delete(`${id}:${op.step}`);
  publish(id, 'running', op.step, p.waves.length);
  return { id };
}

export async function rollbackRelease(id: string, actor: Pick<Actor, 'email'>, reason: string, rt: FleetRuntime) {
  const { op, p } = await load(id);
  if (!['running', 'paused'].includes(op.status)) throw new AppError('CONFLICT', `Release ${id} is ${op.status}; it cannot be rolled back.`);
  if (p.phase === 'rolling_back') throw new AppError('CONFLICT', `Release ${id} is already rolling back.`);
  const ok = await transition(op, { params: { ...p, phase: 'rolling_back', dueAt: Date.now(), remainingS: null }, status: 'running' }, async (tx) => {
    await audit(tx, {
      actor: actor.email,
      action: 'release.rollback',
      targetType: 'service',
      targetId: p.serviceId,
      reason: reason || 'Rolled back by an operator',
      after: { waves: p.appliedWaves, waitBetweenWavesS: ROLLBACK_WAVE_WAIT_S },
      operationId: id,
    });
  });
  if (!ok) throw new AppError('CONFLICT', `Release ${id} moved on a moment ago; reload and try again.`);
  await rollbackStep(id, rt);
  return { id };
}

// --- the clock ----------------------------------------------------------------------------------------------------

// Process-wide (route handlers and instrumentation load this module in separate bundles): one advance at a time.
const running = globalThis as unknown as { meridianReleasesAdvancing?: boolean };

/** Called every second by the fleet runtime: samples baking waves, runs due gates and rollback waves. */
/** The closing audit row of a release that reached every wave (after a gate or a manual promotion). */
function auditCompleted(tx: Parameters<typeof audit>[0], p: { serviceId: string; serviceName: string; version: string }, id: string) {
  return audit(tx, {
    actor: 'system',
    action: 'release.complete',
    targetType: 'service',
    targetId: p.serviceId,
    reason: `${p.serviceName} runs ${p.version}`,
    operationId: id,
  });
}

export async function advanceDueReleases(rt: FleetRuntime): Promise<void> {
  if (running.meridianReleasesAdvancing || !rt.isLeader || !rt.state) return;
  running.meridianReleasesAdvancing = true;
  try {
    const ops = await db.operation.findMany({ where: { kind: 'release', status: 'running' }, orderBy: { createdAt: 'asc' } });
    if (!ops.length) return;
    const snap = rt.snapshot();
    for (const op of ops) {
      const p = op.params as unknown as ReleaseParams;
      try {
        if (p.phase === 'baking') {
          const key = `${op.id}:${op.step}`;
          const acc = samples.get(key) ?? { cand: [], base: [] };
          acc.cand.push(statsOf(snap, p.waves[op.step]?.regionIds ?? []));
          const base = baselineIds(p, op.step);
          if (base.length) acc.base.push(statsOf(snap, base));
          samples.set(key, acc);
          if (p.dueAt !== null && p.dueAt <= Date.now()) await gateWave(op.id, rt);
        } else if (p.phase === 'rolling_back' && (p.dueAt === null || p.dueAt <= Date.now())) {
          await rollbackStep(op.id, rt);
        }
      } catch (e) {
        console.error(`release ${op.id} step failed`, e);
      }
    }
  } finally {
    running.meridianReleasesAdvancing = false;
  }
}

// Until the runtime calls advanceDueReleases itself (one line in fleet-runtime.ts step()), the release runner keeps
// its own one-second clock, started by the first release action or page in this process. Both are safe together:
// `meridianReleasesAdvancing` serialises calls in a process and every transition is guarded in the database.
const clock = globalThis as unknown as { meridianReleaseClock?: NodeJS.Timeout };
export function ensureReleaseClock(rt: FleetRuntime): void {
  if (clock.meridianReleaseClock) return;
  clock.meridianReleaseClock = setInterval(() => void advanceDueReleases(rt).catch((e) => console.error('release clock', e)), 1000);
  clock.meridianReleaseClock.unref();
}
