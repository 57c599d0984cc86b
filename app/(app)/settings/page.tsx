import type { Metadata } from 'next';
import Link from 'next/link';
import { AdminOnly } from '@/components/settings/admin-only';
import { Card, PageHeader, Stat } from '@/components/ui/primitives';
import { can } from '@/lib/auth/roles';
import { currentActor } from '@/lib/auth/session';
import { listApiTokens, listUsers } from '@/lib/queries/users';

export const metadata: Metadata = { title: 'Settings' };
export const dynamic = 'force-dynamic';

export default async function SettingsPage() {
  const actor = await currentActor();
  if (!can(actor?.role, 'users:admin')) return <AdminOnly role={actor?.role} />;
  const [users, tokens] = await Promise.all([listUsers(), listApiTokens()]);
  return (
    <>
      <PageHeader title="Settings" subtitle="Who may sign in, with which role, and which API tokens automation uses." />
      <div className="grid max-w-3xl grid-cols-1 gap-4 sm:grid-cols-2">
        <Stat label="Active users" value={users.filter((u) => !u.disabledAt).length} testId="stat-users" />
        <Stat label="Active API tokens" value={tokens.filter((t) => !t.revokedAt).length} testId="stat-tokens" />
        <Card title="Users">
          <Link href="/settings/users" className="text-[var(--accent)] hover:underline">
            Manage users
          </Link>
          <p className="mt-1 text-sm text-[var(--muted)]">Create accounts, change roles, disable, reset passwords.</p>
        </Card>
        <Card title="API tokens">
          <Link href="/settings/tokens" className="text-[var(--accent)] hover:underline">
            Manage API tokens
          </Link>
          <p className="mt-1 text-sm text-[var(--muted)]">Tokens for scripts and monitoring; shown once, stored hashed.</p>
        </Card>
      </div>
    </>
  );
}
