import type { Metadata } from 'next';
import { Notice, PageHeader } from '@/components/ui/primitives';

export const metadata: Metadata = { title: 'Failover' };

export default function FailoverPage() {
  return (
    <>
      <PageHeader title="Failover" />
      <Notice>Failover controls (drain, traffic dials, weights, database promotion, with preview and safety rules) are not built yet.</Notice>
    </>
  );
}
