import type { Metadata } from 'next';
import { MapView } from '@/components/map/map-view';
import { PageHeader } from '@/components/ui/primitives';
import { listMapServices } from '@/lib/queries/region-panel';
import { fleetRuntime } from '@/lib/runtime/fleet-runtime';

export const metadata: Metadata = { title: 'Map' };
export const dynamic = 'force-dynamic';

export default async function MapPage() {
  const [runtime, services] = await Promise.all([fleetRuntime(), listMapServices()]);
  return (
    <>
      <PageHeader
        title="Map"
        subtitle="Live health, traffic and replication of every region. Choose a region on the map or in the table for its details and failover controls."
      />
      <MapView initial={runtime.snapshot()} services={services} />
    </>
  );
}
