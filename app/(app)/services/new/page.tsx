import type { Metadata } from 'next';
import { ServiceForm } from '@/components/services/service-form';
import { PageHeader } from '@/components/ui/primitives';

export const metadata: Metadata = { title: 'New service' };

export default function NewServicePage() {
  return (
    <>
      <PageHeader title="New service" subtitle="Register a service, its owning team and its objectives." />
      <ServiceForm />
    </>
  );
}
