'use client';
import { createApiToken } from '@/lib/actions/tokens';
import { ROLES } from '@/lib/auth/roles';
import { Field, Input, Select } from '../ui/field';
import { Button, Notice } from '../ui/primitives';
import { useFormAction } from '../ui/use-form-action';

/** Creates a token and shows the plain secret once: it lives only in this component's state, never in the database. */
export function CreateTokenForm() {
  const { action, pending, result, fieldErrors: fe, value, formKey } = useFormAction(createApiToken);
  const v = (k: string, initial = '') => (result?.ok ? initial : String(value(k, initial) ?? initial));
  return (
    <div className="space-y-3">
      {result?.ok && (
        <div className="space-y-2 rounded-md border border-amber-400 p-3">
          <Notice kind="success">
            Token “{result.data.name}” ({result.data.role}) created. Copy it now: it is shown once and cannot be recovered.
          </Notice>
          <label htmlFor="new-token" className="block text-sm font-medium">
            New API token
          </label>
          <input
            id="new-token"
            data-testid="new-token"
            readOnly
            value={result.data.token}
            onFocus={(e) => e.currentTarget.select()}
            className="w-full rounded-md border border-[var(--border)] bg-[var(--bg)] px-2 py-1.5 font-mono text-sm"
          />
          <p className="text-xs text-[var(--muted)]">
            Use it as <code>Authorization: Bearer &lt;token&gt;</code>.
          </p>
        </div>
      )}
      <form key={formKey} action={action} className="grid grid-cols-1 gap-3 sm:grid-cols-3" noValidate aria-label="New API token">
        {result && !result.ok && (
          <div className="sm:col-span-3">
            <Notice kind="error">{result.message}</Notice>
          </div>
        )}
        <Field label="Token name" name="name" errors={fe.name} hint="What uses it, e.g. ci-deploy or prometheus">
          <Input name="name" autoComplete="off" defaultValue={v('name')} errors={fe.name} />
        </Field>
        <Field label="Token role" name="role" errors={fe.role} hint="What the token may do; give it the least it needs">
          <Select name="role" defaultValue={v('role', 'viewer')} errors={fe.role}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </Select>
        </Field>
        <div className="flex items-start pt-6">
          <Button type="submit" disabled={pending}>
            {pending ? 'Creating…' : 'Create token'}
          </Button>
        </div>
      </form>
    </div>
  );
}
