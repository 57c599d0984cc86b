import Link from 'next/link';
import type { ComponentProps, ReactNode } from 'react';

export function cx(...xs: (string | false | null | undefined)[]) {
  return xs.filter(Boolean).join(' ');
}

export function PageHeader({ title, subtitle, actions }: { title: string; subtitle?: ReactNode; actions?: ReactNode }) {
  return (
    <div className="mb-6 flex flex-wrap items-end justify-between gap-4">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">{title}</h1>
        {subtitle && <p className="mt-1 text-sm text-[var(--muted)]">{subtitle}</p>}
      </div>
      {actions && <div className="flex gap-2">{actions}</div>}
    </div>
  );
}

export function Card({ title, children, className }: { title?: ReactNode; children: ReactNode; className?: string }) {
  return (
    <section className={cx('rounded-lg border border-[var(--border)] bg-[var(--panel)] p-4', className)}>
      {title && <h2 className="mb-3 text-sm font-medium text-[var(--muted)]">{title}</h2>}
      {children}
    </section>
  );
}

export function Stat({ label, value, hint, testId }: { label: string; value: ReactNode; hint?: ReactNode; testId?: string }) {
  return (
    <div className="rounded-lg border border-[var(--border)] bg-[var(--panel)] p-4">
      <div className="text-xs uppercase tracking-wide text-[var(--muted)]">{label}</div>
      <div className="tabular mt-1 text-2xl font-semibold" data-testid={testId}>
        {value}
      </div>
      {hint && <div className="mt-1 text-xs text-[var(--muted)]">{hint}</div>}
    </div>
  );
}

const buttonStyles = {
  primary: 'bg-[var(--accent)] text-white hover:opacity-90',
  secondary: 'border border-[var(--border)] bg-[var(--panel)] hover:bg-[var(--bg)]',
  danger: 'bg-red-600 text-white hover:bg-red-700',
};

export function Button({ variant = 'primary', className, ...props }: ComponentProps<'button'> & { variant?: keyof typeof buttonStyles }) {
  return (
    <button
      type="button"
      {...props}
      className={cx('inline-flex items-center gap-1 rounded-md px-3 py-1.5 text-sm font-medium disabled:opacity-50', buttonStyles[variant], className)}
    />
  );
}

export function ButtonLink({ variant = 'primary', className, ...props }: ComponentProps<typeof Link> & { variant?: keyof typeof buttonStyles }) {
  return <Link {...props} className={cx('inline-flex items-center gap-1 rounded-md px-3 py-1.5 text-sm font-medium', buttonStyles[variant], className)} />;
}

/** Status shown by colour AND a symbol, so it reads without colour vision. */
const STATUS: Record<string, { symbol: string; className: string }> = {
  active: { symbol: '●', className: 'text-green-700 dark:text-green-400' },
  healthy: { symbol: '●', className: 'text-green-700 dark:text-green-400' },
  maintenance: { symbol: '◆', className: 'text-amber-700 dark:text-amber-400' },
  degraded: { symbol: '▲', className: 'text-amber-700 dark:text-amber-400' },
  progressing: { symbol: '◐', className: 'text-blue-700 dark:text-blue-400' },
  pending: { symbol: '○', className: 'text-slate-500' },
  retired: { symbol: '✕', className: 'text-slate-500' },
  down: { symbol: '■', className: 'text-red-700 dark:text-red-400' },
  rolled_back: { symbol: '↺', className: 'text-red-700 dark:text-red-400' },
  drained: { symbol: '⊘', className: 'text-violet-700 dark:text-violet-400' },
  running: { symbol: '◐', className: 'text-blue-700 dark:text-blue-400' },
  completed: { symbol: '✓', className: 'text-green-700 dark:text-green-400' },
  aborted: { symbol: '✕', className: 'text-amber-700 dark:text-amber-400' },
  failed: { symbol: '■', className: 'text-red-700 dark:text-red-400' },
};

export function StatusBadge({ status }: { status: string }) {
  const s = STATUS[status] ?? { symbol: '•', className: '' };
  return (
    <span className={cx('inline-flex items-center gap-1 whitespace-nowrap text-sm', s.className)}>
      <span aria-hidden>{s.symbol}</span>
      {status.replace('_', ' ')}
    </span>
  );
}

export function Notice({ kind = 'info', children }: { kind?: 'info' | 'error' | 'success'; children: ReactNode }) {
  const styles = {
    info: 'border-blue-300 bg-blue-50 text-blue-900 dark:border-blue-800 dark:bg-blue-950 dark:text-blue-100',
    error: 'border-red-300 bg-red-50 text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100',
    success: 'border-green-300 bg-green-50 text-green-900 dark:border-green-800 dark:bg-green-950 dark:text-green-100',
  };
  return (
    <div role={kind === 'error' ? 'alert' : 'status'} className={cx('rounded-md border px-3 py-2 text-sm', styles[kind])}>
      {children}
    </div>
  );
}

export const tableClass =
  'w-full border-collapse text-sm [&_th]:border-b [&_th]:border-[var(--border)] [&_th]:px-2 [&_th]:py-2 [&_th]:text-left [&_th]:font-medium [&_th]:text-[var(--muted)] [&_td]:border-b [&_td]:border-[var(--border)] [&_td]:px-2 [&_td]:py-1.5';
