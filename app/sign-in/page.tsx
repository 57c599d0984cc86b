import type { Metadata } from 'next';
import { SignInForm } from '@/components/shell/sign-in-form';
import { databaseKind } from '@/lib/config';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '@/lib/demo/fleet';

export const metadata: Metadata = { title: 'Sign in' };
export const dynamic = 'force-dynamic';

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const { next } = await searchParams;
  // Demo accounts exist only on the embedded demo database, so only there are they shown.
  const demo = databaseKind() === 'sqlite' && process.env.MERIDIAN_HIDE_DEMO_ACCOUNTS !== '1';
  return (
    <main className="flex min-h-screen items-center justify-center p-4">
      <div className="w-full max-w-sm rounded-lg border border-[var(--border)] bg-[var(--panel)] p-6 shadow-sm">
        <h1 className="mb-1 text-xl font-semibold">
          <span aria-hidden className="text-[var(--accent)]">
            ◉
          </span>{' '}
          Meridian
        </h1>
        <p className="mb-4 text-sm text-[var(--muted)]">Sign in to the control room.</p>
        <SignInForm next={typeof next === 'string' ? next : undefined} />
        {demo && (
          <div className="mt-6 border-t border-[var(--border)] pt-4 text-xs text-[var(--muted)]">
            <p className="mb-2 font-medium">Demo accounts (password {DEMO_PASSWORD}):</p>
            <ul className="space-y-0.5 font-mono">
              {DEMO_ACCOUNTS.map((a) => (
                <li key={a.email}>
                  {a.email} <span className="text-[var(--text)]">({a.role})</span>
                </li>
              ))}
            </ul>
          </div>
        )}
      </div>
    </main>
  );
}
