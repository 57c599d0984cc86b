import type { Metadata } from 'next';
import Link from 'next/link';
import { Input, Select } from '@/components/ui/field';
import { Button, ButtonLink, PageHeader, tableClass } from '@/components/ui/primitives';
import { formatDateTime } from '@/lib/format';
import { AUDIT_PAGE_SIZE, auditFilterSchema, listAudit } from '@/lib/queries/audit';

export const metadata: Metadata = { title: 'Audit' };
export const dynamic = 'force-dynamic';

const summary = (v: unknown) => {
  if (v === null || v === undefined) return '';
  const s = JSON.stringify(v);
  return s.length > 140 ? `${s.slice(0, 140)}…` : s;
};

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const raw = await searchParams;
  const f = auditFilterSchema.parse(raw);
  const { rows, total } = await listAudit(f);
  const qs = (over: Record<string, string | number | undefined>) => {
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries({ ...f, ...over })) if (v !== undefined && v !== '') p.set(k, String(v));
    return p.toString();
  };
  const pages = Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE));
  return (
    <>
      <PageHeader
        title="Audit log"
        subtitle="Every change, refusal and sign-in, append-only. Undo is a new operation: history is never edited."
        actions={
          <ButtonLink variant="secondary" href={`/api/v1/audit?${qs({ format: 'csv', page: undefined })}`} prefetch={false}>
            Export CSV
          </ButtonLink>
        }
      />
      <form
        method="get"
        className="mb-4 flex flex-wrap items-end gap-3 rounded-lg border border-[var(--border)] bg-[var(--panel)] p-4"
        aria-label="Filter the audit log"
      >
        {(
          [
            ['actor', 'Actor'],
            ['action', 'Action starts with'],
            ['target', 'Target'],
          ] as const
        ).map(([name, label]) => (
          <label key={name} className="text-sm">
            <span className="mb-1 block font-medium">{label}</span>
            <Input name={name} defaultValue={f[name]} />
          </label>
        ))}
        <label className="text-sm">
          <span className="mb-1 block font-medium">Outcome</span>
          <Select name="outcome" defaultValue={f.outcome ?? ''}>
            <option value="">All</option>
            <option value="ok">ok</option>
            <option value="refused">refused</option>
            <option value="failed">failed</option>
          </Select>
        </label>
        <label className="text-sm">
          <span className="mb-1 block font-medium">From</span>
          <Input name="from" type="date" defaultValue={f.from} />
        </label>
        <label className="text-sm">
          <span className="mb-1 block font-medium">To</span>
          <Input name="to" type="date" defaultValue={f.to} />
        </label>
        <Button type="submit">Apply</Button>
        <Link href="/audit" className="py-1.5 text-sm text-[var(--muted)] hover:underline">
          Clear
        </Link>
        <span className="ml-auto text-sm text-[var(--muted)]" data-testid="audit-count">
          {total} events
        </span>
      </form>
      <div className="overflow-x-auto rounded-lg border border-[var(--border)] bg-[var(--panel)] p-4">
        <table className={tableClass} aria-label="Audit events">
          <thead>
            <tr>
              <th>When</th>
              <th>Actor</th>
              <th>Action</th>
              <th>Target</th>
              <th>Outcome</th>
              <th>Reason</th>
              <th>Change</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((e) => (
              <tr key={e.id}>
                <td className="whitespace-nowrap text-xs">{formatDateTime(e.at)}</td>
                <td>{e.actor}</td>
                <td className="font-mono text-xs">{e.action}</td>
                <td className="font-mono text-xs">
                  {e.targetType}:{e.targetId}
                </td>
                <td className={e.outcome === 'ok' ? '' : 'font-medium text-red-700 dark:text-red-400'}>{e.outcome}</td>
                <td className="max-w-64 text-xs">{e.reason}</td>
                <td className="max-w-96 font-mono text-[11px] text-[var(--muted)]">{summary(e.after)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <nav aria-label="Pages" className="mt-3 flex items-center gap-3 text-sm">
          {f.page > 1 && <Link href={`/audit?${qs({ page: f.page - 1 })}`}>← Newer</Link>}
          <span className="text-[var(--muted)]">
            Page {f.page} of {pages}
          </span>
          {f.page < pages && <Link href={`/audit?${qs({ page: f.page + 1 })}`}>Older →</Link>}
        </nav>
      </div>
    </>
  );
}
