'use client';
import { useQueryClient } from '@tanstack/react-query';
import { useState, useTransition } from 'react';
import { commitFailover, previewFailover } from '@/lib/actions/failover';
import type { ControlChange, Preview } from '@/lib/failover/types';
import { OVERRIDABLE } from '@/lib/failover/types';
import { Field, Input } from '../ui/field';
import { Button, Notice } from '../ui/primitives';
import { PreviewView } from './preview-view';

/** Needs the region code typed by hand: drains, evacuations, deep dial cuts, promotions. */
function confirmCode(change: ControlChange, codeOf: (id: string) => string): string | null {
  if (change.kind === 'drain' || change.kind === 'evacuate') return codeOf(change.regionId);
  if (change.kind === 'set_dial' && change.dialPct < 50) return codeOf(change.regionId);
  if (change.kind === 'switchover' || change.kind === 'failover') return codeOf(change.targetRegionId);
  return null;
}

/** Preview first, then a deliberate confirm. Nothing is committed without a preview of this exact change. */
export function ControlPanel({
  change,
  title,
  expectedVersion,
  isAdmin,
  codeOf,
  onDone,
}: {
  change: ControlChange;
  title: string;
  expectedVersion: number;
  isAdmin: boolean;
  codeOf: (id: string) => string;
  onDone: () => void;
}) {
  const qc = useQueryClient();
  const [preview, setPreview] = useState<Preview | null>(null);
  const [error, setError] = useState<{ message: string; fieldErrors?: Record<string, string[]> } | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [typed, setTyped] = useState('');
  const [reason, setReason] = useState('');
  const [override, setOverride] = useState(false);
  const [pending, start] = useTransition();
  const code = confirmCode(change, codeOf);
  const blocking = preview?.violations.filter((v) => !OVERRIDABLE.has(v.rule)) ?? [];
  const overridable = preview?.violations.filter((v) => OVERRIDABLE.has(v.rule)) ?? [];
  const canCommit =
    !!preview && blocking.length === 0 && (overridable.length === 0 || (isAdmin && override && reason.trim().length >= 10)) && (!code || typed.trim() === code);

  return (
    <section aria-label={title} className="space-y-3 rounded-lg border-2 border-[var(--accent)] bg-[var(--panel)] p-4">
      <div className="flex items-center justify-between">
        <h2 className="font-semibold">{title}</h2>
        <Button variant="secondary" onClick={onDone}>
          Close
        </Button>
      </div>
      <Button
        disabled={pending}
        onClick={() =>
          start(async () => {
            setError(null);
            setDone(null);
            const r = await previewFailover({ change });
            if (r.ok) setPreview(r.data);
            else setError(r);
          })
        }
      >
        {preview ? 'Preview again' : 'Preview'}
      </Button>
      {preview && <PreviewView preview={preview} />}
      {preview && blocking.length === 0 && (
        <form
          className="space-y-3 border-t border-[var(--border)] pt-3"
          onSubmit={(e) => {
            e.preventDefault();
            start(async () => {
              setError(null);
              const r = await commitFailover({ change, expectedVersion, confirm: typed, reason, override });
              if (r.ok) {
                setDone(`Started operation ${r.data.operationId}.`);
                setPreview(null);
                await qc.invalidateQueries();
              } else setError(r);
            });
          }}
        >
          {code && (
            <Field label={`Type ${code} to confirm`} name="confirm" errors={error?.fieldErrors?.confirm}>
              <Input name="confirm" value={typed} onChange={(e) => setTyped(e.target.value)} autoComplete="off" />
            </Field>
          )}
          <Field label="Reason (recorded in the audit log)" name="reason" errors={error?.fieldErrors?.reason}>
            <Input name="reason" value={reason} onChange={(e) => setReason(e.target.value)} placeholder="e.g. INC-4821: elevated errors in the region" />
          </Field>
          {overridable.length > 0 &&
            (isAdmin ? (
              <label className="flex items-center gap-2 text-sm">
                <input type="checkbox" checked={override} onChange={(e) => setOverride(e.target.checked)} /> Override{' '}
                {overridable.map((v) => v.rule).join(', ')} as admin (a reason of at least 10 characters is required and recorded)
              </label>
            ) : (
              <p className="text-sm text-[var(--muted)]">Only an admin may override these rules.</p>
            ))}
          <Button type="submit" variant="danger" disabled={!canCommit || pending}>
            Commit change
          </Button>
        </form>
      )}
      {error && <Notice kind="error">{error.message}</Notice>}
      {done && <Notice kind="success">{done}</Notice>}
    </section>
  );
}
