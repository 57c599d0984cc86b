'use server';
import { revalidatePath } from 'next/cache';
import { audit } from '../audit';
import { hashPassword } from '../auth/bootstrap';
import type { Role } from '../auth/roles';
import { db } from '../db';
import { AppError, isUniqueViolation } from '../errors';
import { roleCovers, userCreateSchema, userIdSchema, userPasswordSchema, userRoleSchema } from '../schemas/users';
import { defineAction } from './action';

type Tx = Parameters<Parameters<typeof db.$transaction>[0]>[0];

/**
 * Runs a change to accounts in a serializable transaction and checks, after the write, that an active admin remains:
 * two admins demoting each other at once cannot both succeed (PostgreSQL aborts one; SQLite has one writer).
 */
async function inAccountsTx<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
  try {
    return await db.$transaction(
      async (tx) => {
        const out = await fn(tx);
        if ((await tx.user.count({ where: { role: 'admin', disabledAt: null } })) === 0) {
          throw new AppError('REFUSED', 'This would leave Meridian without an active admin. Make another user admin first.');
        }
        return out;
      },
      { isolationLevel: 'Serializable' },
    );
  } catch (e) {
    // P2034: a write conflict or deadlock under serializable isolation; nothing was written.
    if (typeof e === 'object' && e !== null && (e as { code?: unknown }).code === 'P2034') {
      throw new AppError('CONFLICT', 'Someone else changed accounts at the same moment. Nothing was changed: try again.');
    }
    throw e;
  }
}

async function findUser(tx: Tx, id: string) {
  const user = await tx.user.findUnique({ where: { id }, select: { id: true, email: true, name: true, role: true, disabledAt: true } });
  if (!user) throw new AppError('NOT_FOUND', 'This user no longer exists.');
  return user;
}

const done = () => revalidatePath('/settings', 'layout');

export const createUser = defineAction('users:admin', userCreateSchema, async ({ password, ...input }, actor) => {
  const passwordHash = await hashPassword(password);
  try {
    const user = await db.$transaction(async (tx) => {
      const user = await tx.user.create({ data: { ...input, passwordHash }, select: { id: true, email: true, name: true, role: true } });
      await audit(tx, { actor: actor.email, action: 'user.create', targetType: 'user', targetId: user.id, after: user });
      return user;
    });
    done();
    return { id: user.id };
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError('DUPLICATE', `A user ${input.email} already exists.`, { email: [`${input.email} is already taken`] });
    throw e;
  }
});

export const changeUserRole = defineAction('users:admin', userRoleSchema, async ({ id, role }, actor) => {
  const revoked = await inAccountsTx(async (tx) => {
    const before = await findUser(tx, id);
    if (before.role === role) return 0;
    await tx.user.update({ where: { id }, data: { role } });
    // A token acts with its own role; tokens that now out-rank their owner are revoked with the demotion.
    const tokens = await tx.apiToken.findMany({ where: { userId: id, revokedAt: null }, select: { id: true, role: true } });
    const over = tokens.filter((t) => !roleCovers(role, t.role as Role)).map((t) => t.id);
    if (over.length) await tx.apiToken.updateMany({ where: { id: { in: over } }, data: { revokedAt: new Date() } });
    await audit(tx, {
      actor: actor.email,
      action: 'user.role',
      targetType: 'user',
      targetId: id,
      before: { email: before.email, role: before.role },
      after: { email: before.email, role, revokedTokens: over },
    });
    return over.length;
  });
  done();
  return { id, revokedTokens: revoked };
});

export const disableUser = defineAction('users:admin', userIdSchema, async ({ id }, actor) => {
  if (id === actor.userId) throw new AppError('REFUSED', 'You cannot disable your own account. Ask another admin.');
  await inAccountsTx(async (tx) => {
    const before = await findUser(tx, id);
    if (before.disabledAt) throw new AppError('CONFLICT', `${before.email} is already disabled.`);
    await tx.user.update({ where: { id }, data: { disabledAt: new Date() } });
    // Signed out everywhere at once; their API tokens stop working too (the token check reads disabledAt).
    const { count } = await tx.session.deleteMany({ where: { userId: id } });
    await audit(tx, {
      actor: actor.email,
      action: 'user.disable',
      targetType: 'user',
      targetId: id,
      before: { email: before.email, disabledAt: null },
      after: { email: before.email, disabled: true, sessionsEnded: count },
    });
  });
  done();
  return { id };
});

export const enableUser = defineAction('users:admin', userIdSchema, async ({ id }, actor) => {
  await db.$transaction(async (tx) => {
    const before = await findUser(tx, id);
    if (!before.disabledAt) throw new AppError('CONFLICT', `${before.email} is already active.`);
    await tx.user.update({ where: { id }, data: { disabledAt: null } });
    await audit(tx, {
      actor: actor.email,
      action: 'user.enable',
      targetType: 'user',
      targetId: id,
      before: { email: before.email, disabled: true },
      after: { disabled: false },
    });
  });
  done();
  return { id };
});

export const resetUserPassword = defineAction('users:admin', userPasswordSchema, async ({ id, password }, actor) => {
  const passwordHash = await hashPassword(password);
  await db.$transaction(async (tx) => {
    const before = await findUser(tx, id);
    await tx.user.update({ where: { id }, data: { passwordHash } });
    // Whoever knew the old password is signed out; an admin resetting their own keeps the session they are using.
    const { count } = id === actor.userId ? { count: 0 } : await tx.session.deleteMany({ where: { userId: id } });
    // The audit row records that the password changed, never the password or its hash.
    await audit(tx, {
      actor: actor.email,
      action: 'user.password_reset',
      targetType: 'user',
      targetId: id,
      after: { email: before.email, sessionsEnded: count },
    });
  });
  done();
  return { id };
});
