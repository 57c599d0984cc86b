import type { ComponentProps, ReactNode } from 'react';

const inputClass = 'w-full rounded-md border border-[var(--border)] bg-[var(--panel)] px-2 py-1.5 text-sm aria-[invalid=true]:border-red-500';

/** A labelled form field with its errors right beside it (aria-described for screen readers). */
export function Field({ label, name, errors, children, hint }: { label: string; name: string; errors?: string[]; children?: ReactNode; hint?: string }) {
  const errorId = `${name}-error`;
  return (
    <label className="block text-sm">
      <span className="mb-1 block font-medium">{label}</span>
      {children}
      {hint && !errors?.length && <span className="mt-1 block text-xs text-[var(--muted)]">{hint}</span>}
      {errors?.length ? (
        <span id={errorId} className="mt-1 block text-xs text-red-600 dark:text-red-400">
          {errors.join(' ')}
        </span>
      ) : null}
    </label>
  );
}

export function Input({ name, errors, ...props }: ComponentProps<'input'> & { name: string; errors?: string[] }) {
  return <input id={name} name={name} aria-invalid={errors?.length ? true : undefined} aria-describedby={errors?.length ? `${name}-error` : undefined} className={inputClass} {...props} />;
}

export function Select({ name, errors, children, ...props }: ComponentProps<'select'> & { name: string; errors?: string[] }) {
  return (
    <select id={name} name={name} aria-invalid={errors?.length ? true : undefined} aria-describedby={errors?.length ? `${name}-error` : undefined} className={inputClass} {...props}>
      {children}
    </select>
  );
}
