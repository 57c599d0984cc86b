'use client';
import { useRouter } from 'next/navigation';
import { createService, updateService } from '@/lib/actions/services';
import { Field, Input } from '../ui/field';
import { Button, Notice } from '../ui/primitives';
import { useFormAction } from '../ui/use-form-action';

export interface ServiceFormValues {
  id?: string;
  version?: number;
  slug?: string;
  name?: string;
  team?: string;
  tier?: number;
  sloAvailabilityPct?: number;
  sloLatencyP95Ms?: number;
}

export function ServiceForm({ initial = {} }: { initial?: ServiceFormValues }) {
  const router = useRouter();
  const editing = !!initial.id;
  const {
    action,
    pending,
    result,
    fieldErrors: fe,
    value,
    formKey,
  } = useFormAction(
    (fd) => (editing ? updateService(fd) : createService(fd)),
    (data) => router.push(`/services/${data.id}?saved=1`),
  );
  const v = (k: keyof ServiceFormValues) => value(k, initial[k]);
  return (
    <form key={formKey} action={action} className="grid max-w-3xl grid-cols-1 gap-4 sm:grid-cols-2" noValidate>
      {result && !result.ok && (
        <div className="sm:col-span-2">
          <Notice kind="error">{result.message}</Notice>
        </div>
      )}
      {editing ? (
        <>
          <input type="hidden" name="id" value={initial.id} />
          <input type="hidden" name="version" value={initial.version} />
        </>
      ) : (
        <Field label="Slug" name="slug" errors={fe.slug} hint="Stable identifier, e.g. checkout">
          <Input name="slug" defaultValue={v('slug')} errors={fe.slug} />
        </Field>
      )}
      <Field label="Name" name="name" errors={fe.name}>
        <Input name="name" defaultValue={v('name')} errors={fe.name} />
      </Field>
      <Field label="Owning team" name="team" errors={fe.team}>
        <Input name="team" defaultValue={v('team')} errors={fe.team} />
      </Field>
      <Field label="Tier (1 critical – 3 best effort)" name="tier" errors={fe.tier}>
        <Input name="tier" inputMode="numeric" defaultValue={v('tier') ?? 2} errors={fe.tier} />
      </Field>
      <Field label="Availability SLO (%)" name="sloAvailabilityPct" errors={fe.sloAvailabilityPct}>
        <Input name="sloAvailabilityPct" inputMode="decimal" defaultValue={v('sloAvailabilityPct') ?? 99.9} errors={fe.sloAvailabilityPct} />
      </Field>
      <Field label="Latency SLO, p95 (ms)" name="sloLatencyP95Ms" errors={fe.sloLatencyP95Ms}>
        <Input name="sloLatencyP95Ms" inputMode="numeric" defaultValue={v('sloLatencyP95Ms') ?? 300} errors={fe.sloLatencyP95Ms} />
      </Field>
      <div className="sm:col-span-2">
        <Button type="submit" disabled={pending}>
          {pending ? 'Saving…' : editing ? 'Save changes' : 'Create service'}
        </Button>
      </div>
    </form>
  );
}
