import type { Metadata } from 'next';
import { RegionsTable } from '@/components/regions/regions-table';
import { ButtonLink, PageHeader } from '@/components/ui/primitives';
import { can } from '@/lib/auth/roles';
import { currentActor } from '@/lib/auth/session';
import { listRegions, regionFilterSchema } from '@/lib/queries/regions';

export const metadata: Metadata = { title: 'Regions' };
export const dynamic = 'force-dynamic';

export default async function RegionsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const filter = regionFilterSchema.parse(await searchParams);
  const [rows, actor] = await Promise.all([listRegions(filter), currentActor()]);
  return (
    <>
      <PageHeader
        title="Regions"
        subtitle="Every region of every provider, with its routing state. Filter and sort are in the URL, so a view can be shared."
        actions={can(actor?.role, 'fleet:write') && <ButtonLink href="/regions/new">New region</ButtonLink>}
      />
      <RegionsTable rows={rows} filter={filter} />
    </>
  );
}
