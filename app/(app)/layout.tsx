import Link from 'next/link';
import { redirect } from 'next/navigation';
import type { ReactNode } from 'react';
import { NavLinks } from '@/components/shell/nav';
import { ThemeToggle } from '@/components/shell/theme-toggle';
import { signOut } from '@/lib/actions/auth';
import { currentActor } from '@/lib/auth/session';
import { LiveProvider } from '@/lib/live/client';

export default async function AppLayout({ children }: { children: ReactNode }) {
  const actor = await currentActor();
  if (!actor) redirect('/sign-in');
  return (
    <div className="flex min-h-screen flex-col">
      <header className="border-b border-[var(--border)] bg-[var(--panel)]">
        <nav aria-label="Main" className="mx-auto flex max-w-[1800px] flex-wrap items-center gap-4 px-4 py-2">
          <Link href="/" className="mr-2 font-semibold tracking-tight">
            <span aria-hidden className="text-[var(--accent)]">
              ◉
            </span>{' '}
            Meridian
          </Link>
          <NavLinks />
          <div className="ml-auto flex items-center gap-3 text-sm">
            <ThemeToggle />
            <span className="text-[var(--muted)]" data-testid="whoami">
              {actor.name} · <strong className="font-medium">{actor.role}</strong>
            </span>
            <form action={signOut}>
              <button type="submit" className="rounded-md px-2 py-1 text-[var(--muted)] hover:text-[var(--text)]">
                Sign out
              </button>
            </form>
          </div>
        </nav>
      </header>
      <main className="mx-auto w-full max-w-[1800px] flex-1 px-4 py-6">
        <LiveProvider>{children}</LiveProvider>
      </main>
    </div>
  );
}
