import 'server-only';
import type { z } from 'zod';
import { audit } from '../audit';
import { type Actor, can, type Permission } from '../auth/roles';
import { currentActor } from '../auth/session';
import { db } from '../db';
import { type ActionResult, AppError, type FieldErrors, toFailure } from '../errors';

/** FormData from a <form>, or a plain object from code and tests. */
export type ActionInput = FormData | Record<string, unknown> | null | undefined;

export function inputToObject(input: ActionInput): Record<string, unknown> {
  if (input instanceof FormData) {
    const o: Record<string, unknown> = {};
    for (const [k, v] of input.entries()) if (!k.startsWith('$ACTION')) o[k] = typeof v === 'string' ? v : v;
    return o;
  }
  return input && typeof input === 'object' ? input : {};
}

export function zodFieldErrors(error: z.ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.join('.') || '_';
    out[key] = [...(out[key] ?? []), issue.message];
  }
  return out;
}

/** True when any string in the value holds a NUL character, which PostgreSQL text cannot store. */
export function containsNul(v: unknown, depth = 0): boolean {
  if (typeof v === 'string') return v.includes('\u0000');
  if (depth > 20 || v === null || typeof v !== 'object') return false;
  return Object.entries(v).some(([k, x]) => k.includes('\u0000') || containsNul(x, depth + 1));
}

/** Parses with zod or throws a VALIDATION AppError carrying field errors. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  if (containsNul(input)) throw new AppError('VALIDATION', 'Text must not contain NUL characters.');
  const r = schema.safeParse(input);
  if (!r.success) throw new AppError('VALIDATION', 'Some fields need attention.', zodFieldErrors(r.error));
  return r.data;
}

/**
 * Every server action is built here: who is calling (401 if nobody), may they (403, audited), is the input valid
 * (field errors), then the handler. Returns one result shape; never throws to the client.
 */
export function defineAction<S extends z.ZodType, T>(
  permission: Permission,
  schema: S,
  handler: (input: z.infer<S>, actor: Actor) => Promise<T>,
): (input: ActionInput) => Promise<ActionResult<T>> {
  return async (input) => {
    try {
      const actor = await currentActor();
      if (!actor) throw new AppError('UNAUTHENTICATED', 'Sign in to do this.');
      if (!can(actor.role, permission)) {
        await audit(db, {
          actor: actor.email,
          action: 'access.refused',
          targetType: 'permission',
          targetId: permission,
          outcome: 'refused',
          reason: `role ${actor.role}`,
        }).catch(() => {});
        throw new AppError('FORBIDDEN', `Your role (${actor.role}) may not do this: it needs ${permission}.`);
      }
      const data = await handler(parseInput(schema, inputToObject(input)), actor);
      return { ok: true, data };
    } catch (e) {
      return toFailure(e);
    }
  };
}
