import type { Metadata } from 'next';
import { CostFilters, CostsNav } from '@/components/costs/report-parts';
import { Card, Notice, PageHeader, Stat, tableClass } from '@/components/ui/primitives';
import { formatCompact, formatDateTime, formatPct, formatUsd } from '@/lib/format';
import { costLabels, resolvePeriod, unitCostReport } from '@/lib/queries/costs';
import { monthsBetween } from '@/lib/queries/costs-sql';
import { costFilterSchema } from '@/lib/schemas/cost-report';

export const metadata: Metadata = { title: 'Unit and idle cost' };
export const dynamic = 'force-dynamic';

const perM = (v: number | null) => (v === null ? 'no requests' : formatUsd(v, { cents: true }));

export default async function UnitCostPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const input = costFilterSchema.parse(await searchParams);
  const { earliestMonth, latestMonth } = await resolvePeriod(input);
  const defaultToLatest = { ...input, from: input.from ?? latestMonth ?? undefined, to: input.to ?? input.from ?? latestMonth ?? undefined };
  const [r, labels] = await Promise.all([unitCostReport(defaultToLatest), costLabels()]);
  const { filter } = await resolvePeriod(defaultToLatest);
  const months = earliestMonth && latestMonth ? monthsBetween(earliestMonth, latestMonth).reverse() : [filter.from];
  return (
    <>
      <PageHeader
        title="Unit and idle cost"
        subtitle={`${r.period.fromDay} to ${r.period.toDay} (UTC). Cost per million requests, and what we pay for unused compute.`}
      />
      <CostsNav current="unit" filter={filter} />
      <CostFilters action="/costs/unit" filter={filter} labels={labels} months={months} />
      <Card title="Idle cost" className="mb-6">
        <p className="text-sm">{r.explanation}</p>
        <p className="mt-1 font-mono text-sm" data-testid="idle-formula">
          {r.formula}
        </p>
      </Card>
      {!r.telemetry ? (
        <Notice>
          No request telemetry for this period, so cost per request and idle cost cannot be computed. Telemetry is kept as 1-minute rollups for the recent past
          only; choose the current month.
        </Notice>
      ) : (
        <>
          <p className="mb-3 text-sm text-[var(--muted)]">
            Based on {formatCompact(r.telemetry.minutes)} minutes of request telemetry ({formatDateTime(r.telemetry.fromAt)} to{' '}
            {formatDateTime(r.telemetry.toAt)}): requests = Σ rps × 60 per minute; daily costs are prorated to the minutes with telemetry. The rest of the
            period has no request data.
          </p>
          <div className="mb-6 grid grid-cols-1 gap-4 sm:grid-cols-3">
            <Stat label="Cost per million requests" value={perM(r.total.usdPerMillion)} hint="total cost ÷ total requests" testId="unit-total" />
            <Stat label="Requests" value={formatCompact(r.total.requests)} hint={`cost in the window ${formatUsd(r.total.costUsd)}`} />
            <Stat label="Idle compute cost" value={formatUsd(r.total.idleUsd, { cents: true })} hint="in the telemetry window" />
          </div>
          <div className="grid grid-cols-1 gap-4 lg:grid-cols-2">
            <Card title="By region">
              <table className={tableClass} aria-label="Unit cost by region">
                <thead>
                  <tr>
                    <th>Region</th>
                    <th className="text-right">Requests</th>
                    <th className="text-right">USD / M requests</th>
                    <th className="text-right">Utilisation</th>
                    <th className="text-right">Idle cost</th>
                  </tr>
                </thead>
                <tbody>
                  {r.regions.map((x) => (
                    <tr key={x.regionId}>
                      <td>{x.label}</td>
                      <td className="tabular text-right">{formatCompact(x.requests)}</td>
                      <td className="tabular text-right">{perM(x.usdPerMillion)}</td>
                      <td className="tabular text-right">{x.utilisation === null ? '—' : formatPct(x.utilisation)}</td>
                      <td className="tabular text-right">{x.idleUsd === null ? '—' : formatUsd(x.idleUsd, { cents: true })}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </Card>
            <Card title="By service (requests of the regions it runs in)">
              <table className={tableClass} aria-label="Unit cost by service">
                <thead>
                  <tr>
                    <th>Service</th>
                    <th className="text-right">Cost</th>
                    <th className="text-right">USD / M requests</th>
                  </tr>
                </thead>
                <tbody>
                  {r.services.map((x) => (
                    <tr key={x.serviceId}>
                      <td>{x.label}</td>
                      <td className="tabular text-right">{formatUsd(x.costUsd, { cents: true })}</td>
                      <td className="tabular text-right">{perM(x.usdPerMillion)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </Card>
          </div>
        </>
      )}
    </>
  );
}
