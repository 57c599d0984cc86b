import type { Metadata } from 'next';
import { ImportForm } from '@/components/costs/import-form';
import { CostsNav } from '@/components/costs/report-parts';
import { Card, Notice, PageHeader, StatusBadge, tableClass } from '@/components/ui/primitives';
import { can } from '@/lib/auth/roles';
import { currentActor } from '@/lib/auth/session';
import { db } from '@/lib/db';
import { formatDateTime, formatInt } from '@/lib/format';

export const metadata: Metadata = { title: 'Import costs' };
export const dynamic = 'force-dynamic';

export default async function ImportPage() {
  const [actor, imports] = await Promise.all([currentActor(), db.costImport.findMany({ orderBy: { createdAt: 'desc' }, take: 15 })]);
  return (
    <>
      <PageHeader
        title="Import FOCUS costs"
        subtitle="FinOps FOCUS 1.0–1.2 CSV exports from AWS, Google Cloud, Azure or OCI, up to 200 MB. The whole file lands, or none of it."
      />
      <CostsNav current="import" />
      <Card title="Upload" className="mb-6">
        {can(actor?.role, 'costs:write') ? <ImportForm /> : <Notice>Only managers and admins can import costs.</Notice>}
        <p className="mt-3 text-xs text-[var(--muted)]">
          Rows are matched to inventory regions by provider and region code (e.g. aws eu-west-1), and to services by the row's <code>service</code> tag. Any
          rejected row (bad date, negative or non-numeric cost, unknown region, non-USD currency…) or a file error (missing columns, empty file, broken CSV)
          stops the whole import. Importing the same rows again adds nothing.
        </p>
      </Card>
      <Card title="Recent imports">
        <table className={tableClass} aria-label="Recent imports">
          <thead>
            <tr>
              <th>File</th>
              <th>Status</th>
              <th className="text-right">Rows</th>
              <th className="text-right">Accepted</th>
              <th className="text-right">Rejected</th>
              <th>By</th>
              <th>Started</th>
            </tr>
          </thead>
          <tbody>
            {imports.map((i) => (
              <tr key={i.id}>
                <td>{i.filename}</td>
                <td>
                  {/* A run left 'running' for an hour was killed mid-import: its transaction never committed. */}
                  <StatusBadge status={i.status === 'running' && Date.now() - i.createdAt.getTime() > 3_600_000 ? 'interrupted (nothing landed)' : i.status} />
                </td>
                <td className="tabular text-right">{formatInt(i.rowsTotal)}</td>
                <td className="tabular text-right">{formatInt(i.rowsAccepted)}</td>
                <td className="tabular text-right">{formatInt(i.rowsRejected)}</td>
                <td>{i.actor}</td>
                <td className="tabular">{formatDateTime(i.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {imports.length === 0 && <p className="mt-2 text-sm text-[var(--muted)]">No imports yet.</p>}
      </Card>
    </>
  );
}
