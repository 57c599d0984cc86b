'use client';
import { useRouter } from 'next/navigation';
import { createRegion, updateRegion } from '@/lib/actions/regions';
import { JURISDICTIONS, PROVIDERS, REGION_STATUSES } from '@/lib/fleet/types';
import { Field, Input, Select } from '../ui/field';
import { Button, Notice } from '../ui/primitives';
import { useFormAction } from '../ui/use-form-action';

export interface RegionFormValues {
  id?: string;
  version?: number;
  provider?: string;
  code?: string;
  name?: string;
  city?: string;
  country?: string;
  jurisdiction?: string;
  lat?: number;
  lng?: number;
  capacityRps?: number;
  status?: string;
}

/** Create (no id) or edit (id + version) a region. Field errors come back from the server action beside each field. */
export function RegionForm({ initial = {} }: { initial?: RegionFormValues }) {
  const router = useRouter();
  const editing = !!initial.id;
  const {
    action,
    pending,
    result: state,
    fieldErrors: fe,
    value,
    formKey,
  } = useFormAction(
    (fd) => (editing ? updateRegion(fd) : createRegion(fd)),
    (data) => router.push(`/regions/${data.id}?saved=1`),
  );
  const v = (k: keyof RegionFormValues) => value(k, initial[k]);
  return (
    <form key={formKey} action={action} className="grid max-w-3xl grid-cols-1 gap-4 sm:grid-cols-2" noValidate>
      {state && !state.ok && (
        <div className="sm:col-span-2">
          <Notice kind="error">{state.message}</Notice>
        </div>
      )}
      {editing && (
        <>
          <input type="hidden" name="id" value={initial.id} />
          <input type="hidden" name="version" value={initial.version} />
        </>
      )}
      <Field label="Provider" name="provider" errors={fe.provider}>
        <Select name="provider" defaultValue={v('provider') ?? 'aws'} disabled={editing} errors={fe.provider}>
          {PROVIDERS.map((p) => (
            <option key={p} value={p}>
              {p}
            </option>
          ))}
        </Select>
      </Field>
      <Field label="Region code" name="code" errors={fe.code} hint="The provider's own code, e.g. eu-west-1">
        <Input name="code" defaultValue={v('code')} disabled={editing} errors={fe.code} />
      </Field>
      <Field label="Name" name="name" errors={fe.name}>
        <Input name="name" defaultValue={v('name')} errors={fe.name} />
      </Field>
      <Field label="City" name="city" errors={fe.city}>
        <Input name="city" defaultValue={v('city')} errors={fe.city} />
      </Field>
      <Field label="Country (ISO code)" name="country" errors={fe.country}>
        <Input name="country" defaultValue={v('country')} maxLength={2} errors={fe.country} />
      </Field>
      <Field label="Jurisdiction" name="jurisdiction" errors={fe.jurisdiction} hint="Where this region's data legally lives">
        <Select name="jurisdiction" defaultValue={v('jurisdiction') ?? 'US'} errors={fe.jurisdiction}>
          {JURISDICTIONS.map((j) => (
            <option key={j} value={j}>
              {j}
            </option>
          ))}
        </Select>
      </Field>
      <Field label="Latitude" name="lat" errors={fe.lat}>
        <Input name="lat" inputMode="decimal" defaultValue={v('lat')} errors={fe.lat} />
      </Field>
      <Field label="Longitude" name="lng" errors={fe.lng}>
        <Input name="lng" inputMode="decimal" defaultValue={v('lng')} errors={fe.lng} />
      </Field>
      <Field label="Capacity (requests per second)" name="capacityRps" errors={fe.capacityRps}>
        <Input name="capacityRps" inputMode="numeric" defaultValue={v('capacityRps')} errors={fe.capacityRps} />
      </Field>
      <Field label="Status" name="status" errors={fe.status}>
        <Select name="status" defaultValue={v('status') ?? 'active'} errors={fe.status}>
          {REGION_STATUSES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </Select>
      </Field>
      {editing && (
        <>
          <input type="hidden" name="provider" value={initial.provider} />
          <input type="hidden" name="code" value={initial.code} />
        </>
      )}
      <div className="sm:col-span-2">
        <Button type="submit" disabled={pending}>
          {pending ? 'Saving…' : editing ? 'Save changes' : 'Create region'}
        </Button>
      </div>
    </form>
  );
}
