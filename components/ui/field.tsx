import type { ComponentProps, ReactNode } from 'react';

const inputClass = 'w-full rounded-md border border-[var(--border)] bg-[var(--panel)] px-2 py-1.5 text-sm aria-[invalid=true]:border-red-500';

/** A labelled form field with its hint and errors right beside it, tied to the control by id for screen readers. */
export function Field({ label, name, errors, children, hint }: { label: string; name: string; errors?: string[]; children?: ReactNode; hint?: string }) {
  return (
    <div className="text-sm">
      <label htmlFor={name} className="mb-1 block font-medium">
        {label}
      </label>
      {children}
      {hint && !errors?.length && (
        <span id={`${name}-hint`} className="mt-1 block text-xs text-[var(--muted)]">
          {hint}
        </span>
      )}
      {errors?.length ? (
        <span id={`${name}-error`} className="mt-1 block text-xs text-red-600 dark:text-red-400">
          {errors.join(' ')}
        </span>
      ) : null}
    </div>
  );
}

const describedBy = (name: string, errors?: string[]) => (errors?.length ? `${name}-error` : `${name}-hint`);

export function Input({ name, errors, ...props }: ComponentProps<'input'> & { name: string; errors?: string[] }) {
  return (
    <input
      id={name}
      name={name}
      aria-invalid={errors?.length ? true : undefined}
      aria-describedby={describedBy(name, errors)}
      className={inputClass}
      {...props}
    />
  );
}

export function Select({ name, errors, children, ...props }: ComponentProps<'select'> & { name: string; errors?: string[] }) {
  return (
    <select
      id={name}
      name={name}
      aria-invalid={errors?.length ? true : undefined}
      aria-describedby={describedBy(name, errors)}
      className={inputClass}
      {...props}
    >
      {children}
    </select>
  );
}
