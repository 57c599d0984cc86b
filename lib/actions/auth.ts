'use server';
import bcrypt from 'bcryptjs';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { audit } from '../audit';
import { RateLimiter } from '../auth/rate-limit';
import { endSession, startSession } from '../auth/session';
import { db } from '../db';
import { type ActionResult, AppError, toFailure } from '../errors';
import { type ActionInput, inputToObject, parseInput } from './action';

const signInSchema = z.object({
  email: z.string().trim().toLowerCase().email('Enter your email address').max(200),
  password: z.string().min(1, 'Enter your password').max(200, 'Password is too long'),
  next: z.string().max(500).optional(),
});

const globalForLimiter = globalThis as { meridianSignInLimiter?: RateLimiter };
globalForLimiter.meridianSignInLimiter ??= new RateLimiter(5, 15 * 60 * 1000);
const limiter = globalForLimiter.meridianSignInLimiter;
// A hash to compare against when the user does not exist, so timing does not reveal which emails are registered.
const DUMMY_HASH = '$2b$10$CwTycUXWue0Thq9StjUM0uJ8.kDkGrBVxXw.XGTZtmnwdQ9UKyU7a';

/** Public by design: the one action an anonymous caller may use. */
export async function signIn(_prev: unknown, input: ActionInput): Promise<ActionResult<null>> {
  let target = '/';
  try {
    const { email, password, next } = parseInput(signInSchema, inputToObject(input));
    // Per email always; per client address only behind a proxy that sets it (without one, all clients look alike).
    const ip = (await headers()).get('x-forwarded-for')?.split(',')[0]?.trim();
    const keys = [`email:${email}`, ...(ip ? [`ip:${ip}`] : [])];
    if (keys.some((k) => limiter.blocked(k))) {
      await audit(db, { actor: email, action: 'auth.sign_in', targetType: 'user', targetId: email, outcome: 'refused', reason: 'rate limited' });
      throw new AppError('RATE_LIMITED', 'Too many failed sign-ins. Wait 15 minutes and try again.');
    }
    const user = await db.user.findUnique({ where: { email } });
    const ok = await bcrypt.compare(password, user?.passwordHash ?? DUMMY_HASH);
    if (!user || !ok || user.disabledAt) {
      for (const k of keys) limiter.fail(k);
      await audit(db, { actor: email, action: 'auth.sign_in', targetType: 'user', targetId: email, outcome: 'refused', reason: 'wrong email or password' });
      throw new AppError('UNAUTHENTICATED', 'Wrong email or password.');
    }
    limiter.reset(`email:${email}`);
    await startSession(user.id);
    await audit(db, { actor: email, action: 'auth.sign_in', targetType: 'user', targetId: user.id });
    if (next?.startsWith('/') && !next.startsWith('//')) target = next;
  } catch (e) {
    return toFailure(e);
  }
  redirect(target);
}

export async function signOut(): Promise<void> {
  await endSession();
  redirect('/sign-in');
}
