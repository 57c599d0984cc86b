import type { Metadata } from 'next';
import { AdminOnly } from '@/components/settings/admin-only';
import { CreateUserForm } from '@/components/settings/create-user-form';
import { UsersTable } from '@/components/settings/users-table';
import { Card, PageHeader } from '@/components/ui/primitives';
import { can } from '@/lib/auth/roles';
import { currentActor } from '@/lib/auth/session';
import { listUsers } from '@/lib/queries/users';

export const metadata: Metadata = { title: 'Users' };
export const dynamic = 'force-dynamic';

export default async function UsersPage() {
  const actor = await currentActor();
  if (!can(actor?.role, 'users:admin')) return <AdminOnly role={actor?.role} />;
  const users = await listUsers();
  return (
    <>
      <PageHeader title="Users" subtitle="Disabling a user signs them out at once. Meridian always keeps at least one active admin." />
      <div className="space-y-4">
        <Card title="New user">
          <CreateUserForm />
        </Card>
        <Card title={`${users.length} user${users.length === 1 ? '' : 's'}`}>
          <UsersTable rows={users} />
        </Card>
      </div>
    </>
  );
}
