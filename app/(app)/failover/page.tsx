import type { Metadata } from 'next';
import { FailoverBoardView } from '@/components/failover/failover-board';
import { PageHeader } from '@/components/ui/primitives';
import { can } from '@/lib/auth/roles';
import { currentActor } from '@/lib/auth/session';
import { getFailoverBoard, listOperations } from '@/lib/queries/operations';
import { fleetRuntime } from '@/lib/runtime/fleet-runtime';

export const metadata: Metadata = { title: 'Failover' };
export const dynamic = 'force-dynamic';

export default async function FailoverPage({ searchParams }: { searchParams: Promise<{ region?: string }> }) {
  const [runtime, board, operations, actor, { region }] = await Promise.all([
    fleetRuntime(),
    getFailoverBoard(),
    listOperations(),
    currentActor(),
    searchParams,
  ]);
  return (
    <>
      <PageHeader
        title="Failover"
        subtitle="Move traffic away from a failing region: every change is previewed by the fleet model, checked by the safety rules, run as a durable operation and audited."
      />
      <FailoverBoardView
        initialLive={runtime.snapshot()}
        initialBoard={{ ...board, operations }}
        mayOperate={can(actor?.role, 'failover:operate')}
        isAdmin={can(actor?.role, 'safety:override')}
        focus={typeof region === 'string' ? region : undefined}
      />
    </>
  );
}
