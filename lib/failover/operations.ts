import 'server-only';
import { audit } from '../audit';
import { type Actor, can } from '../auth/roles';
import { db } from '../db';
import { AppError, isUniqueViolation } from '../errors';
import type { Jurisdiction } from '../fleet/types';
import type { Prisma } from '../generated/sqlite/client';
import { bus } from '../live/bus';
import { type FleetRuntime, fleetRuntime } from '../runtime/fleet-runtime';
import { pinnedJurisdictions } from '../runtime/inventory';
import { controlRow, finalRouting, scopeOf } from './plan';
import { previewControl } from './preview';
import { type ControlChange, DEFAULT_LIMITS, type FleetFacts, type OperationStep, OVERRIDABLE, type Preview } from './types';

const json = (v: unknown) => JSON.parse(JSON.stringify(v)) as Prisma.InputJsonValue;

/** Destructive changes need the region code typed by hand. */
export function needsTypedConfirmation(change: ControlChange): string | null {
  if (change.kind === 'drain' || change.kind === 'evacuate') return change.regionId;
  if (change.kind === 'set_dial' && change.dialPct < 50) return change.regionId;
  if (change.kind === 'switchover' || change.kind === 'failover') return change.targetRegionId;
  return null;
}

/** The fleet as the safety rules see it: inventory from the database, health and lag from the runtime. */
export async function gatherFacts(rt: FleetRuntime): Promise<FleetFacts> {
  const st = rt.state;
  if (!st) throw new AppError('CONFLICT', 'The fleet model is not running on this instance.');
  const [busy, services] = await Promise.all([
    db.operation.findMany({ where: { lockKey: { not: null } }, select: { lockKey: true } }),
    db.service.findMany({ select: { id: true, name: true } }),
  ]);
  const replicaLagMs: Record<string, number> = {};
  for (const r of st.output.replication) replicaLagMs[`${r.dataStoreId}|${r.replicaRegionId}`] = r.lagMs;
  return {
    services,
    regions: st.regions.map((r) => ({ id: r.id, code: r.code, jurisdiction: r.jurisdiction, status: r.status, health: rt.healthOf(r.id) })),
    routing: [...st.routing],
    dataStores: st.dataStores.map((d) => ({
      ...d,
      replicaRegionIds: [...d.replicaRegionIds],
      pinnedJurisdiction: d.pinnedJurisdiction as Jurisdiction | null,
    })),
    replicaLagMs,
    pinnedJurisdictions: pinnedJurisdictions(),
    busyScopes: busy.map((b) => b.lockKey as string),
  };
}

export async function previewFailoverChange(change: ControlChange): Promise<Preview> {
  const rt = await fleetRuntime();
  await rt.reload('preview', false);
  const facts = await gatherFacts(rt);
  if (!rt.state) throw new AppError('CONFLICT', 'The fleet model is not running.');
  return previewControl(rt.state, facts, change, DEFAULT_LIMITS);
}

export interface CommitOptions {
  expectedVersion: number;
  confirm?: string;
  reason: string;
  override: boolean;
}

/** Checks, then starts an operation (a durable state machine) and runs its first step. */
export async function commitFailoverChange(change: ControlChange, opts: CommitOptions, actor: Actor) {
  const rt = await fleetRuntime();
  await rt.reload('commit', false);
  const facts = await gatherFacts(rt);
  if (!rt.state) throw new AppError('CONFLICT', 'The fleet model is not running.');
  const preview = previewControl(rt.state, facts, change, DEFAULT_LIMITS);
  const scope = scopeOf(change);

  const typed = needsTypedConfirmation(change);
  if (typed) {
    const code = facts.regions.find((r) => r.id === typed)?.code ?? typed;
    if (opts.confirm?.trim() !== code && opts.confirm?.trim() !== typed) {
      throw new AppError('VALIDATION', `Type the region code ${code} to confirm this change.`, { confirm: [`Type ${code} to confirm`] });
    }
  }
  const blocking = preview.violations.filter((v) => !OVERRIDABLE.has(v.rule));
  const overridable = preview.violations.filter((v) => OVERRIDABLE.has(v.rule));
  const refuse = async (violations: typeof preview.violations, extra = '') => {
    await audit(db, {
      actor: actor.email,
      action: `failover.${change.kind}`,
      targetType: scope.split(':')[0],
      targetId: scope.split(':')[1],
      outcome: 'refused',
      reason: opts.reason,
      after: { change, violations },
    });
    throw new AppError('REFUSED', `Refused: ${violations.map((v) => `[${v.rule}] ${v.message}`).join(' ')}${extra}`);
  };
  if (blocking.length) await refuse(blocking);
  let overridden: typeof overridable = [];
  if (overridable.length) {
    if (!opts.override) await refuse(overridable, can(actor.role, 'safety:override') ? ' An admin may override with a written reason.' : '');
    if (!can(actor.role, 'safety:override'))
      throw new AppError('FORBIDDEN', `Only an admin may override safety rules (${overridable.map((v) => v.rule).join(', ')}).`);
    if (opts.reason.length < 10)
      throw new AppError('VALIDATION', 'An override needs a written reason (at least 10 characters).', {
        reason: ['Explain why the safety rule should be overridden'],
      });
    overridden = overridable;
  }

  const steps = preview.steps;
  const before = 'regionId' in change ? controlRow(facts.routing, change.regionId, change.serviceId) : undefined;
  try {
    const op = await db.$transaction(async (tx) => {
      // Optimistic concurrency: the operator acted on a version; if it moved, they were looking at stale state.
      // Claiming the version with a conditional update (not a read, then a write) makes the check atomic: two
      // concurrent commits on one version serialize on the row, and the second finds it moved.
      if ('regionId' in change) {
        const claimed = await tx.routingState.updateMany({
          where: { scopeKey: change.regionId, version: opts.expectedVersion },
          data: { version: { increment: 1 } },
        });
        if (claimed.count === 0) {
          const row = await tx.routingState.findUnique({ where: { scopeKey: change.regionId } });
          if (!row) throw new AppError('NOT_FOUND', `${change.regionId} has no routing state.`);
          throw new AppError(
            'STALE_VERSION',
            `The routing of ${change.regionId} changed since you looked (version ${opts.expectedVersion}, now ${row.version}). Nothing was changed: review the new state and try again.`,
          );
        }
      } else {
        const claimed = await tx.dataStore.updateMany({
          where: { id: change.dataStoreId, version: opts.expectedVersion },
          data: { version: { increment: 1 } },
        });
        if (claimed.count === 0) {
          const store = await tx.dataStore.findUnique({ where: { id: change.dataStoreId } });
          if (!store) throw new AppError('NOT_FOUND', `There is no data store ${change.dataStoreId}.`);
          throw new AppError(
            'STALE_VERSION',
            `${store.name} changed since you looked (version ${opts.expectedVersion}, now ${store.version}). Nothing was changed.`,
          );
        }
      }
      const op = await tx.operation.create({
        data: {
          kind: change.kind,
          scope,
          lockKey: scope, // unique: a second operation on this scope fails here, whoever commits first wins
          status: 'running',
          step: 0,
          totalSteps: steps.length,
          params: json({ change, steps, before, overridden }),
          preview: json(preview),
          actor: actor.email,
          reason: opts.reason,
          nextStepAt: new Date(),
        },
      });
      await audit(tx, {
        actor: actor.email,
        action: `failover.${change.kind}`,
        targetType: scope.split(':')[0],
        targetId: scope.split(':')[1],
        reason: overridden.length ? `OVERRIDE of ${overridden.map((v) => v.rule).join(', ')}: ${opts.reason}` : opts.reason,
        before,
        after: { change, steps: steps.map((s) => s.label), preview: summarisePreview(preview) },
        operationId: op.id,
      });
      return op;
    });
    await advanceOperation(op.id, rt);
    return { operationId: op.id, preview };
  } catch (e) {
    if (isUniqueViolation(e)) {
      throw new AppError('CONFLICT', `Another operation on ${scope.replace(':', ' ')} started a moment ago; yours was not started. Reload to see it.`);
    }
    throw e;
  }
}

function summarisePreview(p: Preview) {
  return {
    affectedRps: Math.round(p.affected.rps),
    rttBeforeMs: Math.round(p.affected.rttBeforeMs),
    rttAfterMs: Math.round(p.affected.rttAfterMs),
    costDeltaUsdPerHour: Math.round(p.costDeltaUsdPerHour * 100) / 100,
    sloBurnRateAfter: Math.round(p.sloBurnRateAfter * 100) / 100,
    maxUtilisationAfter: Math.round(Math.max(0, ...p.regions.map((r) => r.utilisationAfter)) * 1000) / 1000,
  };
}

interface OpParams {
  change: ControlChange;
  steps: OperationStep[];
  before?: RoutingWrite;
}

type RoutingWrite = NonNullable<OperationStep['routing']>[number];

/** Writes one routing row; a service's first change creates its row. Bumps the version either way. */
async function writeRouting(tx: Prisma.TransactionClient, w: RoutingWrite) {
  const values = { weight: w.weight, dialPct: w.dialPct, drained: w.drained };
  await tx.routingState.upsert({
    where: { scopeKey: w.scopeKey },
    update: { ...values, version: { increment: 1 } },
    create: { scopeKey: w.scopeKey, regionId: w.regionId, serviceId: w.serviceId ?? null, ...values },
  });
}

/**
 * Runs the next step of a running operation if it is due. Each step is one transaction that writes the routing
 * and moves the step counter only if nobody else did (step = k), so a restart or a second instance never runs a
 * step twice and never leaves half a step.
 */
export async function advanceOperation(id: string, rt: FleetRuntime): Promise<void> {
  const op = await db.operation.findUnique({ where: { id } });
  if (op?.status !== 'running' || (op.nextStepAt && op.nextStepAt.getTime() > Date.now())) return;
  const params = op.params as unknown as OpParams;
  const step = params.steps[op.step];
  if (!step) return;

  // Guard for gradual shifts: before moving more traffic, look at the regions that received it so far.
  const change = params.change;
  if (op.step > 0 && change.kind === 'evacuate') {
    // The receivers are the regions the preview expected to gain traffic.
    const receivers = new Set(((op.preview as unknown as Preview | null)?.regions ?? []).filter((r) => r.rpsAfter > r.rpsBefore).map((r) => r.regionId));
    const trouble = rt
      .snapshot()
      .regions.filter((r) => r.id !== change.regionId && receivers.has(r.id))
      .find((r) => r.errorRate > DEFAULT_LIMITS.abortErrorRate || r.p95Ms > DEFAULT_LIMITS.abortP95Ms);
    if (trouble) {
      const why = `${trouble.code} crossed a guard (error rate ${(trouble.errorRate * 100).toFixed(1)} %, p95 ${Math.round(trouble.p95Ms)} ms; limits ${DEFAULT_LIMITS.abortErrorRate * 100} % / ${DEFAULT_LIMITS.abortP95Ms} ms)`;
      await rollBack(id, 'rolled_back', 'system', `Automatic rollback: ${why}`, rt);
      return;
    }
  }

  if (step.promote && step.promote.waitForLagMs > 0 && !(op.params as { fenced?: boolean }).fenced) {
    // Planned switchover: writes are fenced; the replica needs `lag` to apply what it has. Wait, durably.
    await db.operation.updateMany({
      where: { id, step: op.step, status: 'running' },
      data: { params: json({ ...params, fenced: true }), nextStepAt: new Date(Date.now() + step.promote.waitForLagMs) },
    });
    return;
  }

  const last = op.step + 1 >= op.totalSteps;
  await db.$transaction(async (tx) => {
    const moved = await tx.operation.updateMany({
      where: { id, step: op.step, status: 'running' },
      data: {
        step: op.step + 1,
        status: last ? 'completed' : 'running',
        lockKey: last ? null : op.lockKey,
        finishedAt: last ? new Date() : null,
        nextStepAt: last ? null : new Date(Date.now() + step.waitAfterS * 1000),
      },
    });
    if (moved.count === 0) return; // someone else ran it
    for (const w of step.routing ?? []) await writeRouting(tx, w);
    if (step.promote) {
      const store = await tx.dataStore.findUniqueOrThrow({ where: { id: step.promote.dataStoreId }, include: { replicas: true } });
      const target = step.promote.targetRegionId;
      await tx.dataStoreReplica.deleteMany({ where: { dataStoreId: store.id, regionId: target } });
      await tx.dataStoreReplica.create({ data: { dataStoreId: store.id, regionId: store.primaryRegionId } });
      await tx.dataStore.update({ where: { id: store.id }, data: { primaryRegionId: target, version: { increment: 1 } } });
    }
    await audit(tx, {
      actor: op.actor,
      action: 'operation.step',
      targetType: op.scope.split(':')[0],
      targetId: op.scope.split(':')[1],
      reason: step.label,
      after: { step: op.step + 1, of: op.totalSteps, routing: step.routing, promote: step.promote, status: last ? 'completed' : 'running' },
      operationId: id,
    });
  });
  await rt.reload(`operation ${id} step ${op.step + 1}`);
  bus.publish({ type: 'operation', data: { id, status: last ? 'completed' : 'running', step: op.step + 1, totalSteps: op.totalSteps } });
}

/** Restores the routing the operation found, and closes it as aborted (by an operator) or rolled back (by a guard). */
export async function rollBack(id: string, status: 'aborted' | 'rolled_back', actor: string, reason: string, rt: FleetRuntime) {
  await db.$transaction(async (tx) => {
    const op = await tx.operation.findUnique({ where: { id } });
    if (!op) throw new AppError('NOT_FOUND', `There is no operation ${id}.`);
    if (op.kind === 'release') throw new AppError('CONFLICT', `Operation ${id} is a release: pause or roll it back on its release page.`);
    if (op.status !== 'running') throw new AppError('CONFLICT', `Operation ${id} is ${op.status}; only a running operation can be stopped.`);
    const params = op.params as unknown as OpParams;
    const moved = await tx.operation.updateMany({ where: { id, status: 'running' }, data: { status, lockKey: null, finishedAt: new Date(), error: reason } });
    if (moved.count === 0) throw new AppError('CONFLICT', `Operation ${id} finished a moment ago.`);
    if (params.before && op.step > 0) await writeRouting(tx, params.before);
    await audit(tx, {
      actor,
      action: status === 'aborted' ? 'operation.abort' : 'operation.rollback',
      targetType: op.scope.split(':')[0],
      targetId: op.scope.split(':')[1],
      reason,
      before: { step: op.step, of: op.totalSteps },
      after: params.before,
      operationId: id,
      outcome: status === 'aborted' ? 'ok' : 'failed',
    });
  });
  await rt.reload(`operation ${id} ${status}`);
  bus.publish({ type: 'operation', data: { id, status, step: 0, totalSteps: 0 } });
}

/** Called every second by the runtime: resumes due steps, including operations left running by a restart. */
export async function advanceDueOperations(rt: FleetRuntime): Promise<void> {
  const due = await db.operation.findMany({
    where: { status: 'running', nextStepAt: { lte: new Date() } },
    select: { id: true },
    orderBy: { createdAt: 'asc' },
  });
  for (const op of due) await advanceOperation(op.id, rt).catch((e) => console.error(`operation ${op.id} step failed`, e));
}

export { finalRouting };

/** Sets a data store's replication lag limit (optimistic concurrency on the store's version), audited. */
export async function setLagLimit(input: { dataStoreId: string; maxLagMs: number; expectedVersion: number; reason: string }, actor: Actor) {
  const rt = await fleetRuntime();
  const store = await db.$transaction(async (tx) => {
    const found = await tx.dataStore.findUnique({ where: { id: input.dataStoreId } });
    if (!found) throw new AppError('NOT_FOUND', `There is no data store ${input.dataStoreId}.`, { dataStoreId: ['Unknown data store'] });
    const claimed = await tx.dataStore.updateMany({
      where: { id: found.id, version: input.expectedVersion },
      data: { maxLagMs: input.maxLagMs, version: { increment: 1 } },
    });
    if (claimed.count === 0) {
      throw new AppError(
        'STALE_VERSION',
        `${found.name} changed since you looked (version ${input.expectedVersion}, now ${found.version}). Nothing was changed.`,
      );
    }
    await audit(tx, {
      actor: actor.email,
      action: 'datastore.lag_limit',
      targetType: 'datastore',
      targetId: found.id,
      reason: input.reason,
      before: { maxLagMs: found.maxLagMs },
      after: { maxLagMs: input.maxLagMs },
    });
    return { id: found.id, name: found.name, maxLagMs: input.maxLagMs, version: found.version + 1 };
  });
  await rt.reload(`lag limit of ${store.name}`);
  return store;
}
