import { z } from 'zod';
import { PERMISSIONS, ROLES, type Role } from '../auth/roles';
import { idField, textField } from './common';

export const MIN_PASSWORD_CHARS = 12;
// bcrypt reads only the first 72 bytes of a password: refuse longer ones rather than silently ignore the tail.
export const MAX_PASSWORD_BYTES = 72;

export const emailField = z.preprocess(
  (v) => (typeof v === 'string' ? v.trim().toLowerCase() : v),
  z.email({ error: 'Enter a valid email address' }).max(200, 'Email must be at most 200 characters'),
);

export const passwordField = z
  .string({ error: 'Password is required' })
  .min(MIN_PASSWORD_CHARS, `Password must be at least ${MIN_PASSWORD_CHARS} characters`)
  .refine((p) => Buffer.byteLength(p, 'utf8') <= MAX_PASSWORD_BYTES, `Password must be at most ${MAX_PASSWORD_BYTES} bytes`);

export const roleField = z.enum(ROLES, { error: `Role must be one of ${ROLES.join(', ')}` });

export const userCreateSchema = z.object({ email: emailField, name: textField('Name', 80), role: roleField, password: passwordField });
export type UserCreateInput = z.infer<typeof userCreateSchema>;

export const userRoleSchema = z.object({ id: idField, role: roleField });
export const userIdSchema = z.object({ id: idField });
export const userPasswordSchema = z.object({ id: idField, password: passwordField });

export const tokenCreateSchema = z.object({ name: textField('Name', 80), role: roleField });
export const tokenIdSchema = z.object({ id: idField });

/** The plain token's shape: a prefix that secret scanners can recognise, then 32 random bytes in base64url. */
export const TOKEN_PREFIX = 'mrd_';

/** Whether a holder of `holder` may hand out `granted`: every permission of the granted role must be the holder's too. */
export function roleCovers(holder: Role, granted: Role): boolean {
  return (Object.values(PERMISSIONS) as readonly (readonly Role[])[]).every((allowed) => !allowed.includes(granted) || allowed.includes(holder));
}
