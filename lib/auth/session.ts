import 'server-only';
import { cookies, headers } from 'next/headers';
import { cache } from 'react';
import { db } from '../db';
import type { Actor, Role } from './roles';
import { newSecret, sha256 } from './tokens';

export const SESSION_COOKIE = 'meridian_session';
const SESSION_TTL_MS = 12 * 60 * 60 * 1000; // one on-call shift

/** Sessions live in the database (revocable at once); the cookie holds a random token whose hash is the row id. */
export async function startSession(userId: string): Promise<void> {
  const token = newSecret();
  const expiresAt = new Date(Date.now() + SESSION_TTL_MS);
  await db.session.create({ data: { id: sha256(token), userId, expiresAt } });
  const h = await headers();
  const secure = h.get('x-forwarded-proto') === 'https';
  (await cookies()).set(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'lax', secure, path: '/', expires: expiresAt });
}

export async function endSession(): Promise<void> {
  const jar = await cookies();
  const token = jar.get(SESSION_COOKIE)?.value;
  if (token) await db.session.deleteMany({ where: { id: sha256(token) } });
  jar.delete(SESSION_COOKIE);
}

export async function actorFromSessionToken(token: string | undefined): Promise<Actor | null> {
  if (!token) return null;
  const s = await db.session.findUnique({ where: { id: sha256(token) }, include: { user: true } });
  if (!s || s.expiresAt < new Date() || s.user.disabledAt) return null;
  return { userId: s.user.id, email: s.user.email, name: s.user.name, role: s.user.role as Role, via: 'session' };
}

export async function actorFromApiToken(token: string | undefined): Promise<Actor | null> {
  if (!token) return null;
  const t = await db.apiToken.findUnique({ where: { tokenHash: sha256(token) }, include: { user: true } });
  if (!t || t.revokedAt || t.user.disabledAt) return null;
  // lastUsedAt is informative; never let its write fail a request.
  db.apiToken.update({ where: { id: t.id }, data: { lastUsedAt: new Date() } }).catch(() => {});
  return { userId: t.user.id, email: t.user.email, name: `${t.name} (token)`, role: t.role as Role, via: 'token' };
}

/** The signed-in user of this request (cookie), or an API token (Authorization: Bearer), or null. */
export const currentActor = cache(async (): Promise<Actor | null> => {
  const auth = (await headers()).get('authorization');
  if (auth?.startsWith('Bearer ')) return actorFromApiToken(auth.slice(7).trim());
  return actorFromSessionToken((await cookies()).get(SESSION_COOKIE)?.value);
});
