import type { Metadata } from 'next';
import { ReleasesTable } from '@/components/releases/releases-table';
import { StartReleaseForm } from '@/components/releases/start-release-form';
import { PageHeader } from '@/components/ui/primitives';
import { can } from '@/lib/auth/roles';
import { currentActor } from '@/lib/auth/session';
import { listReleases, releasableServices } from '@/lib/queries/releases';
import { ensureReleaseClock } from '@/lib/releases/runner';
import { fleetRuntime } from '@/lib/runtime/fleet-runtime';

export const metadata: Metadata = { title: 'Releases' };
export const dynamic = 'force-dynamic';

export default async function ReleasesPage() {
  const [releases, services, actor, rt] = await Promise.all([listReleases(), releasableServices(), currentActor(), fleetRuntime()]);
  ensureReleaseClock(rt);
  return (
    <>
      <PageHeader
        title="Releases"
        subtitle="New versions roll out in waves with a bake time each; a gate compares the new version's regions with the rest of the service before the next wave."
      />
      <div className="space-y-6">
        {can(actor?.role, 'fleet:write') && <StartReleaseForm services={services} />}
        <ReleasesTable releases={releases} />
      </div>
    </>
  );
}
