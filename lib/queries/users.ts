import 'server-only';
import type { Role } from '../auth/roles';
import { db } from '../db';

export interface UserRow {
  id: string;
  email: string;
  name: string;
  role: Role;
  createdAt: string;
  disabledAt: string | null;
  activeSessions: number;
  activeTokens: number;
}

/** Every account, admins first; never the password hash. */
export async function listUsers(): Promise<UserRow[]> {
  const now = new Date();
  const rows = await db.user.findMany({
    orderBy: [{ email: 'asc' }],
    select: {
      id: true,
      email: true,
      name: true,
      role: true,
      createdAt: true,
      disabledAt: true,
      _count: { select: { sessions: { where: { expiresAt: { gt: now } } }, tokens: { where: { revokedAt: null } } } },
    },
  });
  return rows.map((u) => ({
    id: u.id,
    email: u.email,
    name: u.name,
    role: u.role as Role,
    createdAt: u.createdAt.toISOString(),
    disabledAt: u.disabledAt?.toISOString() ?? null,
    activeSessions: u._count.sessions,
    activeTokens: u._count.tokens,
  }));
}

export interface ApiTokenRow {
  id: string;
  name: string;
  role: Role;
  ownerEmail: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** Every API token, newest first. The hash is never read here, and the secret was never stored. */
export async function listApiTokens(): Promise<ApiTokenRow[]> {
  const rows = await db.apiToken.findMany({
    orderBy: [{ createdAt: 'desc' }],
    select: { id: true, name: true, role: true, createdAt: true, lastUsedAt: true, revokedAt: true, user: { select: { email: true } } },
  });
  return rows.map((t) => ({
    id: t.id,
    name: t.name,
    role: t.role as Role,
    ownerEmail: t.user.email,
    createdAt: t.createdAt.toISOString(),
    lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
    revokedAt: t.revokedAt?.toISOString() ?? null,
  }));
}
