import type { Metadata } from 'next';
import { Notice, PageHeader } from '@/components/ui/primitives';

export const metadata: Metadata = { title: 'Map' };

export default function MapPage() {
  return (
    <>
      <PageHeader title="Map" />
      <Notice>The live world map of traffic, health and replication (issue 5) is not built yet.</Notice>
    </>
  );
}
