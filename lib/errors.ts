// One error shape for the whole app: a stable code, a plain-words message, optional field errors.
// Mapped once to HTTP status (httpStatus) and shown as-is in the UI.

export const ERROR_STATUS = {
  VALIDATION: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  STALE_VERSION: 409,
  DUPLICATE: 409,
  REFUSED: 422,
  RATE_LIMITED: 429,
  PAYLOAD_TOO_LARGE: 413,
  INTERNAL: 500,
} as const;
export type ErrorCode = keyof typeof ERROR_STATUS;

export type FieldErrors = Record<string, string[]>;

export class AppError extends Error {
  constructor(
    public readonly code: ErrorCode,
    message: string,
    public readonly fieldErrors?: FieldErrors,
  ) {
    super(message);
    this.name = 'AppError';
  }
  get httpStatus(): number {
    return ERROR_STATUS[this.code];
  }
}

export type ActionResult<T> = { ok: true; data: T } | { ok: false; code: ErrorCode; message: string; fieldErrors?: FieldErrors };

/** Turns anything thrown into the public error shape. Unknown errors never leak their message or stack. */
export function toFailure(e: unknown): Extract<ActionResult<never>, { ok: false }> {
  if (e instanceof AppError) return { ok: false, code: e.code, message: e.message, fieldErrors: e.fieldErrors };
  console.error(e);
  return { ok: false, code: 'INTERNAL', message: 'Something went wrong on the server. Nothing was changed.' };
}

/** Prisma's unique-constraint violation, recognised by its stable code on both databases. */
export function isUniqueViolation(e: unknown): boolean {
  return typeof e === 'object' && e !== null && 'code' in e && (e as { code: unknown }).code === 'P2002';
}
