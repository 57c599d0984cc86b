import type { Metadata } from 'next';
import { SloTable } from '@/components/releases/slo-table';
import { PageHeader } from '@/components/ui/primitives';
import { serviceSlos } from '@/lib/queries/slo';

export const metadata: Metadata = { title: 'SLOs' };
export const dynamic = 'force-dynamic';

export default async function SloPage() {
  const slos = await serviceSlos();
  return (
    <>
      <PageHeader title="SLOs" subtitle="Availability and latency objectives per service, error budgets and multi-window burn-rate alerts from telemetry." />
      <SloTable slos={slos} />
    </>
  );
}
