'use server';
import { revalidatePath } from 'next/cache';
import { audit } from '../audit';
import { newSecret, sha256 } from '../auth/tokens';
import { db } from '../db';
import { AppError } from '../errors';
import { roleCovers, TOKEN_PREFIX, tokenCreateSchema, tokenIdSchema } from '../schemas/users';
import { defineAction } from './action';

/**
 * A token for automation, acting with the role chosen here (never more than the creator's). Only its SHA-256 is
 * stored: the plain token is in this one response and nowhere else, so the UI shows it once.
 */
export const createApiToken = defineAction('users:admin', tokenCreateSchema, async ({ name, role }, actor) => {
  if (actor.role !== 'admin' && !roleCovers(actor.role, role)) {
    throw new AppError('REFUSED', `A ${actor.role} cannot create a ${role} token.`, { role: [`At most ${actor.role}`] });
  }
  const token = newSecret(TOKEN_PREFIX);
  const row = await db.$transaction(async (tx) => {
    const owner = await tx.user.findUnique({ where: { id: actor.userId }, select: { id: true, disabledAt: true } });
    if (!owner || owner.disabledAt) throw new AppError('REFUSED', 'Your account cannot own tokens (it is disabled or gone).');
    const row = await tx.apiToken.create({ data: { name, role, userId: owner.id, tokenHash: sha256(token) }, select: { id: true, name: true, role: true } });
    await audit(tx, { actor: actor.email, action: 'token.create', targetType: 'api_token', targetId: row.id, after: row });
    return row;
  });
  revalidatePath('/settings', 'layout');
  return { id: row.id, name: row.name, role: row.role, token };
});

export const revokeApiToken = defineAction('users:admin', tokenIdSchema, async ({ id }, actor) => {
  await db.$transaction(async (tx) => {
    const before = await tx.apiToken.findUnique({
      where: { id },
      select: { id: true, name: true, role: true, revokedAt: true, user: { select: { email: true } } },
    });
    if (!before) throw new AppError('NOT_FOUND', 'This token no longer exists.');
    if (before.revokedAt) throw new AppError('CONFLICT', `Token ${before.name} is already revoked.`);
    await tx.apiToken.update({ where: { id }, data: { revokedAt: new Date() } });
    await audit(tx, {
      actor: actor.email,
      action: 'token.revoke',
      targetType: 'api_token',
      targetId: id,
      before: { name: before.name, role: before.role, owner: before.user.email },
      after: { revoked: true },
    });
  });
  revalidatePath('/settings', 'layout');
  return { id };
});
