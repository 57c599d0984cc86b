import type { Metadata } from 'next';
import Link from 'next/link';
import { CostsNav, costHref } from '@/components/costs/report-parts';
import { PageHeader, tableClass } from '@/components/ui/primitives';
import { formatInt, formatUsd } from '@/lib/format';
import { costRecords, labeller } from '@/lib/queries/costs';
import { costRecordsQuerySchema } from '@/lib/schemas/cost-report';

export const metadata: Metadata = { title: 'Cost records' };
export const dynamic = 'force-dynamic';

export default async function CostRecordsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const r = await costRecords(costRecordsQuerySchema.parse(await searchParams));
  const { filter } = r;
  const region = labeller(r.labels, 'region');
  const scope = [
    filter.day ?? `${r.period.fromDay} to ${r.period.toDay}`,
    filter.provider,
    filter.region && region(filter.region),
    filter.team && `team ${filter.team}`,
    filter.service && (filter.service === '-' ? 'no service' : (r.labels.services[filter.service]?.name ?? filter.service)),
    filter.category?.replace('_', ' '),
  ].filter(Boolean);
  const back = costHref('/costs', { ...filter, day: undefined });
  return (
    <>
      <PageHeader
        title="Cost records"
        subtitle={`${scope.join(' · ')}: ${formatInt(r.records)} records, ${formatUsd(r.totalUsd, { cents: true })} in total.`}
      />
      <CostsNav current="report" filter={{ ...filter }} />
      <div className="no-print mb-3 flex justify-between text-sm">
        <Link href={back} className="underline">
          ← Back to the report
        </Link>
        <a href={costHref('/api/v1/costs/export', { ...filter, report: 'records' })} className="underline" download>
          Export these records (CSV)
        </a>
      </div>
      <table className={tableClass} aria-label="Cost records">
        <thead>
          <tr>
            <th>Day</th>
            <th>Provider</th>
            <th>Region</th>
            <th>Service</th>
            <th>Team</th>
            <th>Category</th>
            <th className="text-right">Usage</th>
            <th className="text-right">Cost (USD)</th>
            <th>Source</th>
          </tr>
        </thead>
        <tbody>
          {r.rows.map((x) => {
            const svc = x.serviceId ? r.labels.services[x.serviceId] : undefined;
            return (
              <tr key={x.id}>
                <td className="tabular">{x.day}</td>
                <td>{x.provider}</td>
                <td>{region(x.regionId)}</td>
                <td>{svc?.name ?? '—'}</td>
                <td>{svc?.team ?? '—'}</td>
                <td>{x.category.replace('_', ' ')}</td>
                <td className="tabular text-right">
                  {formatInt(x.usageQuantity)} {x.usageUnit}
                </td>
                <td className="tabular text-right">{formatUsd(x.amountUsd, { cents: true })}</td>
                <td>{x.source}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {r.rows.length === 0 && <p className="mt-3 text-sm text-[var(--muted)]">No records match.</p>}
      <nav aria-label="Pages" className="no-print mt-3 flex items-center gap-3 text-sm">
        {r.page > 1 && (
          <Link href={costHref('/costs/records', { ...filter, page: r.page - 1 })} className="underline">
            ← Previous
          </Link>
        )}
        <span className="tabular">
          Page {formatInt(r.page)} of {formatInt(r.pageCount)}
        </span>
        {r.page < r.pageCount && (
          <Link href={costHref('/costs/records', { ...filter, page: r.page + 1 })} className="underline">
            Next →
          </Link>
        )}
      </nav>
    </>
  );
}
