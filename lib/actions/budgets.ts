'use server';
import { revalidatePath } from 'next/cache';
import { audit } from '../audit';
import { db } from '../db';
import { AppError, isUniqueViolation } from '../errors';
import { budgetCreateSchema, budgetDeleteSchema, budgetUpdateSchema } from '../schemas/budget';
import { defineAction } from './action';

export const createBudget = defineAction('costs:write', budgetCreateSchema, async (input, actor) => {
  await assertScopeExists(input.scopeType, input.scopeId);
  try {
    const budget = await db.$transaction(async (tx) => {
      const b = await tx.budget.create({ data: input });
      await audit(tx, { actor: actor.email, action: 'budget.create', targetType: 'budget', targetId: b.id, after: b });
      return b;
    });
    revalidatePath('/costs', 'layout');
    return { id: budget.id, month: budget.month };
  } catch (e) {
    if (isUniqueViolation(e)) {
      throw new AppError('DUPLICATE', `There is already a ${input.scopeType} budget for ${input.scopeId} in ${input.month}: edit that one.`, {
        scopeId: [`Already has a budget for ${input.month}`],
      });
    }
    throw e;
  }
});

export const updateBudget = defineAction('costs:write', budgetUpdateSchema, async ({ id, version, amountUsd }, actor) => {
  await db.$transaction(async (tx) => {
    const before = await tx.budget.findUnique({ where: { id } });
    if (!before) throw new AppError('NOT_FOUND', 'This budget no longer exists.');
    // Optimistic concurrency: the write lands only if nobody saved since this form was opened.
    const { count } = await tx.budget.updateMany({ where: { id, version }, data: { amountUsd, version: { increment: 1 } } });
    if (count === 0) {
      throw new AppError(
        'STALE_VERSION',
        `Someone else changed this budget since you opened it (it is now $${before.amountUsd.toLocaleString('en-US')}, version ${before.version}). Nothing was saved: reload to see their change.`,
      );
    }
    await audit(tx, {
      actor: actor.email,
      action: 'budget.update',
      targetType: 'budget',
      targetId: id,
      before,
      after: { ...before, amountUsd, version: version + 1 },
    });
  });
  revalidatePath('/costs', 'layout');
  return { id };
});

export const deleteBudget = defineAction('costs:write', budgetDeleteSchema, async ({ id, version }, actor) => {
  await db.$transaction(async (tx) => {
    const before = await tx.budget.findUnique({ where: { id } });
    if (!before) throw new AppError('NOT_FOUND', 'This budget no longer exists.');
    const { count } = await tx.budget.deleteMany({ where: { id, version } });
    if (count === 0) throw new AppError('STALE_VERSION', 'Someone else changed this budget since you opened it. Nothing was deleted: reload.');
    await audit(tx, { actor: actor.email, action: 'budget.delete', targetType: 'budget', targetId: id, before });
  });
  revalidatePath('/costs', 'layout');
  return { id };
});

async function assertScopeExists(scopeType: string, scopeId: string) {
  const found =
    scopeType === 'team'
      ? await db.service.findFirst({ where: { team: scopeId }, select: { id: true } })
      : scopeType === 'service'
        ? await db.service.findUnique({ where: { id: scopeId }, select: { id: true } })
        : await db.region.findUnique({ where: { id: scopeId }, select: { id: true } });
  if (!found) throw new AppError('VALIDATION', 'Some fields need attention.', { scopeId: [`No ${scopeType} "${scopeId}" in the inventory`] });
}
