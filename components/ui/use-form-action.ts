'use client';
import { useActionState } from 'react';
import type { ActionResult, FieldErrors } from '@/lib/errors';

/**
 * Runs a server action from a <form>, keeps what the user typed after a refusal (React resets forms after an
 * action), and exposes field errors. `formKey` re-mounts the inputs so their defaults show the typed values.
 */
export function useFormAction<T>(run: (fd: FormData) => Promise<ActionResult<T>>, onOk?: (data: T) => void) {
  const [submitted, action, pending] = useActionState(async (_prev: { result: ActionResult<T>; values: Record<string, string> } | null, fd: FormData) => {
    const result = await run(fd);
    if (result.ok) onOk?.(result.data);
    return { result, values: Object.fromEntries([...fd.entries()].map(([k, x]) => [k, String(x)])) };
  }, null);
  const result = submitted?.result ?? null;
  const fieldErrors: FieldErrors = result && !result.ok ? (result.fieldErrors ?? {}) : {};
  const value = <V>(name: string, initial: V) => (submitted?.values[name] ?? initial) as V | string;
  return { action, pending, result, fieldErrors, value, formKey: JSON.stringify(submitted?.values ?? null) };
}
