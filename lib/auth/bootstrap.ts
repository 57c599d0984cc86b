// The first admin of an installation without demo accounts: from the command line (scripts/create-admin.ts) or from
// configuration (MERIDIAN_ADMIN_EMAIL + MERIDIAN_ADMIN_PASSWORD, applied by `scripts/db.ts prepare`). No 'server-only':
// scripts run this under plain Node.
import bcrypt from 'bcryptjs';
import { audit } from '../audit';
import type { Db } from '../db-client';
import { AppError } from '../errors';
import { userCreateSchema } from '../schemas/users';

// Cost 12 (4,096 rounds): about 0.25 s per hash in bcryptjs on one core; makes offline guessing from a leaked table
// expensive while a sign-in stays well under a second.
export const BCRYPT_COST = 12;

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, BCRYPT_COST);
}

/** Creates an admin account; refuses an invalid input or an email that already exists, changing nothing. */
export async function createAdmin(db: Db, input: { email: string; name: string; password: string }, via: string): Promise<{ id: string; email: string }> {
  const r = userCreateSchema.safeParse({ ...input, role: 'admin' });
  if (!r.success) {
    throw new AppError('VALIDATION', r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  }
  const { email, name, password } = r.data;
  if (await db.user.findUnique({ where: { email }, select: { id: true } })) {
    throw new AppError('DUPLICATE', `A user ${email} already exists; nothing was changed.`);
  }
  const passwordHash = await hashPassword(password);
  return db.$transaction(async (tx) => {
    const user = await tx.user.create({ data: { email, name, role: 'admin', passwordHash }, select: { id: true, email: true, name: true, role: true } });
    await audit(tx, { actor: via, action: 'user.create', targetType: 'user', targetId: user.id, after: user, reason: 'first admin' });
    return { id: user.id, email: user.email };
  });
}

export type ConfiguredAdminOutcome = 'not-configured' | 'admin-exists' | 'email-taken' | 'created';

/**
 * Creates the admin named by MERIDIAN_ADMIN_EMAIL and MERIDIAN_ADMIN_PASSWORD (and optionally MERIDIAN_ADMIN_NAME)
 * when the database has no active admin. Never changes an existing account: an email already in use is reported, not
 * promoted. Call it after migrations and seeding (the seed loads only an empty database, and this adds a user).
 */
export async function ensureConfiguredAdmin(
  db: Db,
  env: Record<string, string | undefined> = process.env,
  log: (s: string) => void = console.log,
): Promise<ConfiguredAdminOutcome> {
  const email = env.MERIDIAN_ADMIN_EMAIL?.trim();
  const password = env.MERIDIAN_ADMIN_PASSWORD;
  if (!email || !password) return 'not-configured';
  if ((await db.user.count({ where: { role: 'admin', disabledAt: null } })) > 0) return 'admin-exists';
  if (await db.user.findUnique({ where: { email: email.toLowerCase() }, select: { id: true } })) {
    log(`MERIDIAN_ADMIN_EMAIL ${email} belongs to an existing non-admin account; not promoting it. Use the settings page or scripts/create-admin.ts.`);
    return 'email-taken';
  }
  await createAdmin(db, { email, name: env.MERIDIAN_ADMIN_NAME?.trim() || 'Administrator', password }, 'system:configuration');
  log(`Created the configured admin ${email.toLowerCase()}.`);
  return 'created';
}
