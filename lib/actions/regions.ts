'use server';
import { revalidatePath } from 'next/cache';
import { audit } from '../audit';
import { db } from '../db';
import { AppError, isUniqueViolation } from '../errors';
import { inventoryChanged } from '../runtime/fleet-runtime';
import { regionCreateSchema, regionUpdateSchema, retireSchema } from '../schemas/region';
import { defineAction } from './action';

export const createRegion = defineAction('fleet:write', regionCreateSchema, async (input, actor) => {
  const id = `${input.provider}-${input.code}`;
  try {
    const region = await db.$transaction(async (tx) => {
      const region = await tx.region.create({ data: { id, ...input } });
      await tx.routingState.create({ data: { scopeKey: id, regionId: id, drained: input.status !== 'active', dialPct: input.status === 'active' ? 100 : 0 } });
      await audit(tx, { actor: actor.email, action: 'region.create', targetType: 'region', targetId: id, after: region });
      return region;
    });
    revalidatePath('/', 'layout');
    inventoryChanged('inventory edited');
    return { id: region.id };
  } catch (e) {
    if (isUniqueViolation(e)) {
      throw new AppError('DUPLICATE', `A region ${input.provider} ${input.code} already exists.`, {
        code: [`${input.provider} already has a region with code ${input.code}`],
      });
    }
    throw e;
  }
});

export const updateRegion = defineAction('fleet:write', regionUpdateSchema, async ({ id, version, ...fields }, actor) => {
  await db.$transaction(async (tx) => {
    const before = await tx.region.findUnique({ where: { id } });
    if (!before) throw new AppError('NOT_FOUND', 'This region no longer exists.');
    if (fields.status === 'retired' && before.status !== 'retired') await assertRetirable(tx, id);
    // Optimistic concurrency: the write lands only if nobody saved since this form was opened.
    const { count } = await tx.region.updateMany({ where: { id, version }, data: { ...fields, version: { increment: 1 } } });
    if (count === 0) {
      throw new AppError(
        'STALE_VERSION',
        `Someone else changed ${before.name} since you opened it (you had version ${version}, it is now ${before.version}). Nothing was saved: reload to see their change.`,
      );
    }
    await audit(tx, {
      actor: actor.email,
      action: 'region.update',
      targetType: 'region',
      targetId: id,
      before,
      after: { ...before, ...fields, version: version + 1 },
    });
  });
  revalidatePath('/', 'layout');
  inventoryChanged('inventory edited');
  return { id };
});

type Tx = Parameters<Parameters<typeof db.$transaction>[0]>[0];

async function assertRetirable(tx: Tx, id: string) {
  const [deployments, primaries] = await Promise.all([
    tx.deployment.findMany({ where: { regionId: id }, select: { service: { select: { name: true } } } }),
    tx.dataStore.findMany({ where: { primaryRegionId: id }, select: { name: true } }),
  ]);
  const reasons: string[] = [];
  if (deployments.length) {
    const names = deployments.map((d) => d.service.name);
    reasons.push(
      `it still hosts ${deployments.length} deployment${deployments.length > 1 ? 's' : ''} (${names.slice(0, 4).join(', ')}${names.length > 4 ? ', ...' : ''})`,
    );
  }
  if (primaries.length) reasons.push(`it is the database primary of ${primaries.map((p) => p.name).join(', ')}`);
  if (reasons.length) throw new AppError('REFUSED', `This region cannot be retired: ${reasons.join(' and ')}. Move them first.`);
}

export const retireRegion = defineAction('fleet:write', retireSchema, async ({ id, version }, actor) => {
  await db.$transaction(async (tx) => {
    const before = await tx.region.findUnique({ where: { id } });
    if (!before) throw new AppError('NOT_FOUND', 'This region no longer exists.');
    if (before.status === 'retired') throw new AppError('CONFLICT', `${before.name} is already retired.`);
    await assertRetirable(tx, id);
    const { count } = await tx.region.updateMany({ where: { id, version }, data: { status: 'retired', version: { increment: 1 } } });
    if (count === 0) throw new AppError('STALE_VERSION', `Someone else changed ${before.name} since you opened it. Nothing was changed: reload.`);
    await tx.routingState.updateMany({ where: { regionId: id }, data: { drained: true, dialPct: 0, version: { increment: 1 } } });
    await audit(tx, {
      actor: actor.email,
      action: 'region.retire',
      targetType: 'region',
      targetId: id,
      before: { status: before.status },
      after: { status: 'retired' },
    });
  });
  revalidatePath('/', 'layout');
  inventoryChanged('inventory edited');
  return { id };
});
