'use client';
import { useActionState, useId } from 'react';
import { changeUserRole, disableUser, enableUser, resetUserPassword } from '@/lib/actions/users';
import { ROLES, type Role } from '@/lib/auth/roles';
import type { ActionResult } from '@/lib/errors';
import { MIN_PASSWORD_CHARS } from '@/lib/schemas/users';
import { Button, Notice } from '../ui/primitives';

type State = { result: ActionResult<unknown>; done: string } | null;

/** Role, disable/enable and password reset for one user; every refusal (e.g. the last admin) shows its reason here. */
export function UserActions({ user }: { user: { id: string; email: string; role: Role; disabled: boolean } }) {
  const uid = useId();
  const [state, act, pending] = useActionState(async (_prev: State, fd: FormData): Promise<State> => {
    const intent = String(fd.get('intent'));
    if (intent === 'role') return { result: await changeUserRole(fd), done: `Role of ${user.email} is now ${fd.get('role')}.` };
    if (intent === 'disable') {
      if (!window.confirm(`Disable ${user.email}? They are signed out at once and their API tokens stop working.`)) return null;
      return { result: await disableUser(fd), done: `${user.email} is disabled.` };
    }
    if (intent === 'enable') return { result: await enableUser(fd), done: `${user.email} is active again.` };
    return { result: await resetUserPassword(fd), done: `Password of ${user.email} was reset.` };
  }, null);
  const fe = state && !state.result.ok ? (state.result.fieldErrors ?? {}) : {};
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-center gap-2">
        <form action={act} className="flex items-center gap-1">
          <input type="hidden" name="intent" value="role" />
          <input type="hidden" name="id" value={user.id} />
          <label htmlFor={`${uid}-role`} className="sr-only">
            Role of {user.email}
          </label>
          <select
            id={`${uid}-role`}
            name="role"
            defaultValue={user.role}
            className="rounded-md border border-[var(--border)] bg-[var(--panel)] px-2 py-1 text-sm"
          >
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
          <Button type="submit" variant="secondary" disabled={pending} aria-label={`Save role of ${user.email}`}>
            Save role
          </Button>
        </form>
        <form action={act}>
          <input type="hidden" name="intent" value={user.disabled ? 'enable' : 'disable'} />
          <input type="hidden" name="id" value={user.id} />
          <Button
            type="submit"
            variant={user.disabled ? 'secondary' : 'danger'}
            disabled={pending}
            aria-label={`${user.disabled ? 'Enable' : 'Disable'} ${user.email}`}
          >
            {user.disabled ? 'Enable' : 'Disable'}
          </Button>
        </form>
        <details className="text-sm">
          <summary className="cursor-pointer text-[var(--muted)]">Reset password</summary>
          <form action={act} className="mt-2 flex flex-wrap items-start gap-1">
            <input type="hidden" name="intent" value="password" />
            <input type="hidden" name="id" value={user.id} />
            <label htmlFor={`${uid}-password`} className="sr-only">
              New password for {user.email}
            </label>
            <input
              id={`${uid}-password`}
              name="password"
              type="password"
              autoComplete="new-password"
              placeholder={`new password (${MIN_PASSWORD_CHARS}+ characters)`}
              aria-invalid={fe.password ? true : undefined}
              aria-describedby={fe.password ? `${uid}-password-error` : undefined}
              className="w-64 rounded-md border border-[var(--border)] bg-[var(--panel)] px-2 py-1 text-sm aria-[invalid=true]:border-red-500"
            />
            <Button type="submit" variant="secondary" disabled={pending}>
              Set password
            </Button>
            {fe.password && (
              <span id={`${uid}-password-error`} className="block w-full text-xs text-red-600 dark:text-red-400">
                {fe.password.join(' ')}
              </span>
            )}
          </form>
        </details>
      </div>
      {state && !state.result.ok && <Notice kind="error">{state.result.message}</Notice>}
      {state?.result.ok && <Notice kind="success">{state.done}</Notice>}
    </div>
  );
}
