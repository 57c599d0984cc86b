import type { Metadata } from 'next';
import { AdminOnly } from '@/components/settings/admin-only';
import { CreateTokenForm } from '@/components/settings/create-token-form';
import { TokensTable } from '@/components/settings/tokens-table';
import { Card, PageHeader } from '@/components/ui/primitives';
import { can } from '@/lib/auth/roles';
import { currentActor } from '@/lib/auth/session';
import { listApiTokens } from '@/lib/queries/users';

export const metadata: Metadata = { title: 'API tokens' };
export const dynamic = 'force-dynamic';

export default async function TokensPage() {
  const actor = await currentActor();
  if (!can(actor?.role, 'users:admin')) return <AdminOnly role={actor?.role} />;
  const tokens = await listApiTokens();
  return (
    <>
      <PageHeader
        title="API tokens"
        subtitle="For automation: send as Authorization: Bearer <token>. A token acts with its own role; disabling its owner stops it too."
      />
      <div className="space-y-4">
        <Card title="New token">
          <CreateTokenForm />
        </Card>
        <Card title="Tokens">
          <TokensTable rows={tokens} />
        </Card>
      </div>
    </>
  );
}
