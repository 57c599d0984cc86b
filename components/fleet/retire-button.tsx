'use client';
import { useActionState } from 'react';
import { retireRegion } from '@/lib/actions/regions';
import { retireService } from '@/lib/actions/services';
import type { ActionResult } from '@/lib/errors';
import { Button, Notice } from '../ui/primitives';

/** Retire a region or service; the server refuses with the reason when something still depends on it. */
export function RetireButton({ kind, id, version, label }: { kind: 'region' | 'service'; id: string; version: number; label: string }) {
  const [state, action, pending] = useActionState(async (_p: ActionResult<{ id: string }> | null, fd: FormData) => {
    if (!window.confirm(`Retire ${label}? It will stop taking traffic.`)) return null;
    return kind === 'region' ? retireRegion(fd) : retireService(fd);
  }, null);
  return (
    <form action={action} className="space-y-2">
      <input type="hidden" name="id" value={id} />
      <input type="hidden" name="version" value={version} />
      <Button type="submit" variant="danger" disabled={pending}>
        Retire {kind}
      </Button>
      {state && !state.ok && <Notice kind="error">{state.message}</Notice>}
      {state?.ok && <Notice kind="success">Retired.</Notice>}
    </form>
  );
}
