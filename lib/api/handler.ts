import 'server-only';
import type { z } from 'zod';
import { containsNul, zodFieldErrors } from '../actions/action';
import { audit } from '../audit';
import { type Actor, can, type Permission } from '../auth/roles';
import { currentActor } from '../auth/session';
import { db } from '../db';
import { AppError, toFailure } from '../errors';

export const MAX_JSON_BYTES = 1_000_000;

type Handler<P> = (req: Request, ctx: { actor: Actor; params: P }) => Promise<Response | object>;

export function errorResponse(e: unknown): Response {
  const f = toFailure(e);
  const status = e instanceof AppError ? e.httpStatus : 500;
  return Response.json({ error: { code: f.code, message: f.message, fieldErrors: f.fieldErrors } }, { status, headers: { 'Cache-Control': 'no-store' } });
}

/**
 * Every HTTP API route is built here: authenticate (session cookie or `Authorization: Bearer <token>`), check the
 * role, refuse cross-site cookie writes, map errors to JSON with a status, never leak a stack trace.
 */
export function apiRoute<P = Record<string, never>>(permission: Permission, handler: Handler<P>) {
  const route = async (req: Request, ctx: { params: Promise<P> }): Promise<Response> => {
    try {
      if (hasNulInUrl(req.url)) throw new AppError('VALIDATION', 'The address must not contain NUL characters.');
      const actor = await currentActor();
      if (!actor) throw new AppError('UNAUTHENTICATED', 'Sign in, or send an API token as "Authorization: Bearer <token>".');
      if (actor.via === 'session' && req.method !== 'GET' && req.method !== 'HEAD') {
        // Cookies ride along on cross-site requests; tokens do not. So cookie writes must come from our own origin.
        const origin = req.headers.get('origin');
        const host = req.headers.get('x-forwarded-host') ?? req.headers.get('host');
        if (!origin || new URL(origin).host !== host) throw new AppError('FORBIDDEN', 'Cross-site request refused.');
      }
      if (!can(actor.role, permission)) {
        await audit(db, {
          actor: actor.email,
          action: 'access.refused',
          targetType: 'api',
          targetId: `${req.method} ${new URL(req.url).pathname}`,
          outcome: 'refused',
          reason: `role ${actor.role}`,
        }).catch(() => {});
        throw new AppError('FORBIDDEN', `Your role (${actor.role}) may not do this: it needs ${permission}.`);
      }
      const out = await handler(req, { actor, params: ctx?.params ? await ctx.params : ({} as P) });
      return out instanceof Response ? out : Response.json(out, { headers: { 'Cache-Control': 'no-store' } });
    } catch (e) {
      return errorResponse(e);
    }
  };
  return Object.assign(route, { permission });
}

/** PostgreSQL text cannot hold NUL, so such ids and filters are refused before they reach a query. */
export function hasNulInUrl(url: string): boolean {
  try {
    return decodeURIComponent(url).includes('\u0000');
  } catch {
    return true; // malformed escapes are refused the same way
  }
}

/** Reads a JSON body with a size limit and validates it; every failure is a 4xx with the reason. */
export async function readJson<S extends z.ZodType>(req: Request, schema: S, maxBytes = MAX_JSON_BYTES): Promise<z.infer<S>> {
  const declared = Number(req.headers.get('content-length') ?? 0);
  if (declared > maxBytes) throw new AppError('PAYLOAD_TOO_LARGE', `Body is ${declared} bytes; the limit is ${maxBytes}.`);
  const text = await req.text();
  if (Buffer.byteLength(text) > maxBytes) throw new AppError('PAYLOAD_TOO_LARGE', `Body is over the ${maxBytes}-byte limit.`);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new AppError('VALIDATION', 'Body is not valid JSON.');
  }
  if (containsNul(body)) throw new AppError('VALIDATION', 'Text must not contain NUL characters.');
  const r = schema.safeParse(body);
  if (!r.success)
    throw new AppError(
      'VALIDATION',
      `Invalid request: ${r.error.issues
        .slice(0, 5)
        .map((i) => `${i.path.join('.') || 'body'}: ${i.message}`)
        .join('; ')}`,
      zodFieldErrors(r.error),
    );
  return r.data;
}
