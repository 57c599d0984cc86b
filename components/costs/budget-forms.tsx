'use client';
import { useRouter } from 'next/navigation';
import { useActionState, useState } from 'react';
import { createBudget, deleteBudget, updateBudget } from '@/lib/actions/budgets';
import type { ActionResult } from '@/lib/errors';
import { Field, Input, Select } from '../ui/field';
import { Button, Notice } from '../ui/primitives';
import { useFormAction } from '../ui/use-form-action';

type Scopes = Record<'team' | 'service' | 'region', { id: string; label: string }[]>;

/** New budget: month, scope and amount; the server action refuses negative or malformed amounts beside the field. */
export function NewBudgetForm({ month, scopes }: { month: string; scopes: Scopes }) {
  const router = useRouter();
  const [scopeType, setScopeType] = useState<keyof Scopes>('team');
  const { action, pending, result, fieldErrors: fe, value, formKey } = useFormAction(createBudget, () => router.refresh());
  return (
    <form key={formKey} action={action} noValidate className="grid grid-cols-1 gap-3 sm:grid-cols-5 sm:items-start" aria-label="New budget">
      {result && !result.ok && (
        <div className="sm:col-span-5">
          <Notice kind="error">{result.message}</Notice>
        </div>
      )}
      {result?.ok && (
        <div className="sm:col-span-5">
          <Notice kind="success">Budget saved.</Notice>
        </div>
      )}
      <Field label="Month" name="month" errors={fe.month}>
        <Input name="month" defaultValue={value('month', month)} placeholder="2025-03" errors={fe.month} />
      </Field>
      <Field label="Budget for" name="scopeType" errors={fe.scopeType}>
        <Select
          name="scopeType"
          defaultValue={value('scopeType', scopeType)}
          onChange={(e) => setScopeType(e.target.value as keyof Scopes)}
          errors={fe.scopeType}
        >
          <option value="team">Team</option>
          <option value="service">Service</option>
          <option value="region">Region</option>
        </Select>
      </Field>
      <Field label="Which" name="scopeId" errors={fe.scopeId}>
        <Select name="scopeId" defaultValue={value('scopeId', '')} errors={fe.scopeId}>
          {scopes[scopeType].map((s) => (
            <option key={s.id} value={s.id}>
              {s.label}
            </option>
          ))}
        </Select>
      </Field>
      <Field label="Amount (USD)" name="amountUsd" errors={fe.amountUsd} hint="Whole month, e.g. 25000">
        <Input name="amountUsd" inputMode="decimal" defaultValue={value('amountUsd', '')} errors={fe.amountUsd} />
      </Field>
      <div className="pt-6">
        <Button type="submit" disabled={pending}>
          {pending ? 'Saving…' : 'Add budget'}
        </Button>
      </div>
    </form>
  );
}

/** Inline edit of one budget's amount, with the version it was read at (optimistic concurrency). */
export function EditBudgetAmount({ id, version, amountUsd, label }: { id: string; version: number; amountUsd: number; label: string }) {
  const router = useRouter();
  const { action, pending, result, fieldErrors: fe, value, formKey } = useFormAction(updateBudget, () => router.refresh());
  const name = `amount-${id}`;
  return (
    <form key={formKey} action={action} noValidate className="flex items-start justify-end gap-2" aria-label={`Budget for ${label}`}>
      <input type="hidden" name="id" value={id} />
      <input type="hidden" name="version" value={version} />
      <div className="w-32">
        <label htmlFor={name} className="sr-only">
          Budget for {label} (USD)
        </label>
        <input
          id={name}
          name="amountUsd"
          inputMode="decimal"
          defaultValue={value('amountUsd', amountUsd.toLocaleString('en-US'))}
          aria-invalid={fe.amountUsd ? true : undefined}
          aria-describedby={fe.amountUsd ? `${name}-error` : undefined}
          className="tabular w-full rounded-md border border-[var(--border)] bg-[var(--panel)] px-2 py-1 text-right text-sm aria-[invalid=true]:border-red-500"
        />
        {fe.amountUsd && (
          <span id={`${name}-error`} className="mt-1 block text-xs text-red-600 dark:text-red-400">
            {fe.amountUsd.join(' ')}
          </span>
        )}
        {result && !result.ok && !fe.amountUsd && (
          <span role="alert" className="mt-1 block text-xs text-red-600 dark:text-red-400">
            {result.message}
          </span>
        )}
      </div>
      <Button type="submit" variant="secondary" disabled={pending}>
        Save
      </Button>
    </form>
  );
}

/** Deletes one budget after a confirmation; the version guards against deleting a budget someone just changed. */
export function DeleteBudgetButton({ id, version, label, month }: { id: string; version: number; label: string; month: string }) {
  const router = useRouter();
  const [state, action, pending] = useActionState(async (_p: ActionResult<{ id: string }> | null, fd: FormData) => {
    if (!window.confirm(`Delete the ${month} budget for ${label}? Its spend stays; only the budget line goes.`)) return null;
    const r = await deleteBudget(fd);
    if (r.ok) router.refresh();
    return r;
  }, null);
  return (
    <form action={action} className="space-y-1">
      <input type="hidden" name="id" value={id} />
      <input type="hidden" name="version" value={version} />
      <Button type="submit" variant="danger" disabled={pending} aria-label={`Delete budget for ${label}`}>
        Delete
      </Button>
      {state && !state.ok && <Notice kind="error">{state.message}</Notice>}
    </form>
  );
}
