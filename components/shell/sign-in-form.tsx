'use client';
import { useActionState } from 'react';
import { signIn } from '@/lib/actions/auth';
import { Field, Input } from '../ui/field';
import { Button, Notice } from '../ui/primitives';

export function SignInForm({ next }: { next?: string }) {
  const [state, action, pending] = useActionState(signIn, null);
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  return (
    <form action={action} className="space-y-3">
      {state && !state.ok && <Notice kind="error">{state.message}</Notice>}
      <input type="hidden" name="next" value={next ?? '/'} />
      <Field label="Email" name="email" errors={errors?.email}>
        <Input name="email" type="email" autoComplete="username" required errors={errors?.email} />
      </Field>
      <Field label="Password" name="password" errors={errors?.password}>
        <Input name="password" type="password" autoComplete="current-password" required errors={errors?.password} />
      </Field>
      <Button type="submit" disabled={pending} className="w-full justify-center">
        {pending ? 'Signing in…' : 'Sign in'}
      </Button>
    </form>
  );
}
