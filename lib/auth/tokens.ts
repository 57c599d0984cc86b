import { createHash, randomBytes } from 'node:crypto';

/** A random secret for cookies and API tokens; only its SHA-256 is stored, so a database leak reveals no token. */
export function newSecret(prefix = ''): string {
  return prefix + randomBytes(32).toString('base64url');
}

export function sha256(s: string): string {
  return createHash('sha256').update(s).digest('hex');
}
