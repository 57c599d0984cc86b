'use client';
import { useActionState } from 'react';
import { revokeApiToken } from '@/lib/actions/tokens';
import type { ActionResult } from '@/lib/errors';
import { Button, Notice } from '../ui/primitives';

export function RevokeTokenButton({ id, name }: { id: string; name: string }) {
  const [state, action, pending] = useActionState(async (_p: ActionResult<{ id: string }> | null, fd: FormData) => {
    if (!window.confirm(`Revoke token ${name}? Anything using it gets 401 from now on.`)) return null;
    return revokeApiToken(fd);
  }, null);
  return (
    <form action={action} className="space-y-1">
      <input type="hidden" name="id" value={id} />
      <Button type="submit" variant="danger" disabled={pending} aria-label={`Revoke ${name}`}>
        Revoke
      </Button>
      {state && !state.ok && <Notice kind="error">{state.message}</Notice>}
    </form>
  );
}
