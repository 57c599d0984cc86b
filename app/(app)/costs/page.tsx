import type { Metadata } from 'next';
import { Notice, PageHeader } from '@/components/ui/primitives';

export const metadata: Metadata = { title: 'Costs' };

export default function CostsPage() {
  return (
    <>
      <PageHeader title="Costs" />
      <Notice>Cost reports (breakdowns, budgets, forecast, FOCUS import) are not built yet.</Notice>
    </>
  );
}
