import type { Metadata } from 'next';
import { Notice, PageHeader } from '@/components/ui/primitives';

export const metadata: Metadata = { title: 'Audit' };

export default function AuditPage() {
  return (
    <>
      <PageHeader title="Audit" />
      <Notice>The audit log page is not built yet; audit rows are already recorded for every change.</Notice>
    </>
  );
}
