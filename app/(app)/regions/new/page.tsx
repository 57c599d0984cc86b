import type { Metadata } from 'next';
import { RegionForm } from '@/components/regions/region-form';
import { PageHeader } from '@/components/ui/primitives';

export const metadata: Metadata = { title: 'New region' };

export default function NewRegionPage() {
  return (
    <>
      <PageHeader title="New region" subtitle="Add a provider region to the inventory. It starts with the default routing weight and a full traffic dial." />
      <RegionForm />
    </>
  );
}
