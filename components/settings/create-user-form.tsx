'use client';
import { createUser } from '@/lib/actions/users';
import { ROLES } from '@/lib/auth/roles';
import { MIN_PASSWORD_CHARS } from '@/lib/schemas/users';
import { Field, Input, Select } from '../ui/field';
import { Button, Notice } from '../ui/primitives';
import { useFormAction } from '../ui/use-form-action';

/** New account with an initial password the admin hands over; field errors come back beside each field. */
export function CreateUserForm() {
  const { action, pending, result, fieldErrors: fe, value, formKey } = useFormAction(createUser);
  // After a success the form starts empty again; after a refusal it keeps what was typed (except the password).
  const v = (k: string, initial = '') => (result?.ok ? initial : String(value(k, initial) ?? initial));
  return (
    <form key={formKey} action={action} className="grid grid-cols-1 gap-3 sm:grid-cols-2" noValidate aria-label="New user">
      {result && !result.ok && (
        <div className="sm:col-span-2">
          <Notice kind="error">{result.message}</Notice>
        </div>
      )}
      {result?.ok && (
        <div className="sm:col-span-2">
          <Notice kind="success">User created. Hand over the initial password through a safe channel.</Notice>
        </div>
      )}
      <Field label="Email" name="email" errors={fe.email}>
        <Input name="email" type="email" autoComplete="off" defaultValue={v('email')} errors={fe.email} />
      </Field>
      <Field label="Name" name="name" errors={fe.name}>
        <Input name="name" autoComplete="off" defaultValue={v('name')} errors={fe.name} />
      </Field>
      <Field label="Role" name="role" errors={fe.role}>
        <Select name="role" defaultValue={v('role', 'viewer')} errors={fe.role}>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </Select>
      </Field>
      <Field label="Initial password" name="password" errors={fe.password} hint={`At least ${MIN_PASSWORD_CHARS} characters`}>
        <Input name="password" type="password" autoComplete="new-password" errors={fe.password} />
      </Field>
      <div className="sm:col-span-2">
        <Button type="submit" disabled={pending}>
          {pending ? 'Creating…' : 'Create user'}
        </Button>
      </div>
    </form>
  );
}
