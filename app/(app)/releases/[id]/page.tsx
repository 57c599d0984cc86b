import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { ReleaseView } from '@/components/releases/release-view';
import { ButtonLink, PageHeader } from '@/components/ui/primitives';
import { can } from '@/lib/auth/roles';
import { currentActor } from '@/lib/auth/session';
import { getRelease } from '@/lib/queries/releases';
import { ensureReleaseClock } from '@/lib/releases/runner';
import { fleetRuntime } from '@/lib/runtime/fleet-runtime';

export const metadata: Metadata = { title: 'Release' };
export const dynamic = 'force-dynamic';

export default async function ReleasePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const [release, actor, rt] = await Promise.all([getRelease(id), currentActor(), fleetRuntime()]);
  if (!release) notFound();
  ensureReleaseClock(rt);
  return (
    <>
      <PageHeader
        title={`Release ${release.serviceName} ${release.version}`}
        subtitle={`Started ${release.createdAt.slice(0, 19).replace('T', ' ')} UTC by ${release.actor}${release.reason ? ` · ${release.reason}` : ''}`}
        actions={
          <ButtonLink variant="secondary" href={`/audit?action=release`}>
            Audit log
          </ButtonLink>
        }
      />
      <ReleaseView initial={release} mayOperate={can(actor?.role, 'fleet:write')} />
    </>
  );
}
