'use client';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { startRelease } from '@/lib/actions/releases';
import { BAKE_S_MAX, BAKE_S_MIN } from '@/lib/releases/plan';
import { Field, Input, Select } from '../ui/field';
import { Button, Card, Notice } from '../ui/primitives';
import { useFormAction } from '../ui/use-form-action';

export function StartReleaseForm({ services }: { services: { id: string; name: string; runningVersion: string; regions: number }[] }) {
  const router = useRouter();
  const { action, pending, result, fieldErrors, value, formKey } = useFormAction(startRelease, (d) => router.push(`/releases/${d.id}`));
  const [bad, setBad] = useState(false);
  return (
    <Card title="Start a release">
      <form action={action} key={formKey} className="grid gap-4 md:grid-cols-3" aria-label="Start a release">
        <Field label="Service" name="serviceId" errors={fieldErrors.serviceId}>
          <Select name="serviceId" defaultValue={value('serviceId', services[0]?.id ?? '')} errors={fieldErrors.serviceId}>
            {services.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name} (runs {s.runningVersion} in {s.regions} regions)
              </option>
            ))}
          </Select>
        </Field>
        <Field label="New version" name="version" errors={fieldErrors.version} hint="Semantic version, different from the running one">
          <Input name="version" defaultValue={value('version', '')} placeholder="e.g. 7.4.0" errors={fieldErrors.version} required />
        </Field>
        <Field label="Bake time per wave (s)" name="bakeS" errors={fieldErrors.bakeS} hint={`${BAKE_S_MIN} s to ${BAKE_S_MAX / 3600} h`}>
          <Input name="bakeS" type="number" defaultValue={value('bakeS', '300')} errors={fieldErrors.bakeS} required />
        </Field>
        <Field label="Reason (recorded in the audit log)" name="reason" errors={fieldErrors.reason}>
          <Input name="reason" defaultValue={value('reason', '')} errors={fieldErrors.reason} />
        </Field>
        <div className="space-y-2 text-sm">
          <label className="flex items-center gap-2">
            <input type="checkbox" name="autoRollback" defaultChecked={value('autoRollback', 'on') === 'on'} />
            Roll back automatically when a gate fails
          </label>
          <label className="flex items-center gap-2">
            <input type="checkbox" name="simulateBadVersion" checked={bad} onChange={(e) => setBad(e.target.checked)} />
            Simulate a bad version (injects errors where it lands)
          </label>
        </div>
        {bad ? (
          <Field label="Simulated error rate (fraction)" name="badErrorRate" errors={fieldErrors['simulateBadVersion.errorRate']}>
            <Input
              name="badErrorRate"
              type="number"
              step="0.01"
              defaultValue={value('badErrorRate', '0.2')}
              errors={fieldErrors['simulateBadVersion.errorRate']}
            />
          </Field>
        ) : (
          <div />
        )}
        <div className="md:col-span-3 flex items-center gap-3">
          <Button type="submit" disabled={pending}>
            {pending ? 'Starting…' : 'Start release'}
          </Button>
          <span className="text-xs text-[var(--muted)]">
            Waves: a canary region, then one region per continent, then the rest; drained regions and regions in an incident are skipped.
          </span>
        </div>
        {result && !result.ok && (
          <div className="md:col-span-3">
            <Notice kind="error">{result.message}</Notice>
          </div>
        )}
      </form>
    </Card>
  );
}
