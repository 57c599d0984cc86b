'use server';
import { revalidatePath } from 'next/cache';
import { audit } from '../audit';
import { db } from '../db';
import { AppError, isUniqueViolation } from '../errors';
import { inventoryChanged } from '../runtime/fleet-runtime';
import { retireSchema } from '../schemas/region';
import { serviceCreateSchema, serviceUpdateSchema } from '../schemas/service';
import { defineAction } from './action';

export const createService = defineAction('fleet:write', serviceCreateSchema, async (input, actor) => {
  try {
    const service = await db.$transaction(async (tx) => {
      const service = await tx.service.create({ data: { id: `svc-${input.slug}`, ...input } });
      await audit(tx, { actor: actor.email, action: 'service.create', targetType: 'service', targetId: service.id, after: service });
      return service;
    });
    revalidatePath('/', 'layout');
    inventoryChanged('inventory edited');
    return { id: service.id };
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError('DUPLICATE', `A service ${input.slug} already exists.`, { slug: [`${input.slug} is taken`] });
    throw e;
  }
});

export const updateService = defineAction('fleet:write', serviceUpdateSchema, async ({ id, version, ...fields }, actor) => {
  await db.$transaction(async (tx) => {
    const before = await tx.service.findUnique({ where: { id } });
    if (!before) throw new AppError('NOT_FOUND', 'This service no longer exists.');
    const { count } = await tx.service.updateMany({ where: { id, version }, data: { ...fields, version: { increment: 1 } } });
    if (count === 0) {
      throw new AppError(
        'STALE_VERSION',
        `Someone else changed ${before.name} since you opened it (you had version ${version}, it is now ${before.version}). Nothing was saved: reload to see their change.`,
      );
    }
    await audit(tx, { actor: actor.email, action: 'service.update', targetType: 'service', targetId: id, before, after: { ...before, ...fields } });
  });
  revalidatePath('/', 'layout');
  inventoryChanged('inventory edited');
  return { id };
});

export const retireService = defineAction('fleet:write', retireSchema, async ({ id, version }, actor) => {
  await db.$transaction(async (tx) => {
    const before = await tx.service.findUnique({ where: { id }, include: { _count: { select: { deployments: true } } } });
    if (!before) throw new AppError('NOT_FOUND', 'This service no longer exists.');
    if (before.status === 'retired') throw new AppError('CONFLICT', `${before.name} is already retired.`);
    if (before._count.deployments > 0) {
      throw new AppError('REFUSED', `${before.name} cannot be retired: it still runs in ${before._count.deployments} regions. Remove its deployments first.`);
    }
    const { count } = await tx.service.updateMany({ where: { id, version }, data: { status: 'retired', version: { increment: 1 } } });
    if (count === 0) throw new AppError('STALE_VERSION', `Someone else changed ${before.name} since you opened it. Nothing was changed: reload.`);
    await audit(tx, {
      actor: actor.email,
      action: 'service.retire',
      targetType: 'service',
      targetId: id,
      before: { status: before.status },
      after: { status: 'retired' },
    });
  });
  revalidatePath('/', 'layout');
  inventoryChanged('inventory edited');
  return { id };
});
