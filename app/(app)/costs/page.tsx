import type { Metadata } from 'next';
import { BarChart } from '@/components/costs/bar-chart';
import { PrintButton } from '@/components/costs/print-button';
import { BreakdownCard, CostFilters, CostsNav, costHref, MoversTable } from '@/components/costs/report-parts';
import { Card, PageHeader, Stat } from '@/components/ui/primitives';
import { apportionCents } from '@/lib/costs/money';
import { formatInt, formatMonth, formatSignedPct, formatSignedUsd, formatUsd } from '@/lib/format';
import { costReport } from '@/lib/queries/costs';
import { monthsBetween } from '@/lib/queries/costs-sql';
import { costFilterSchema } from '@/lib/schemas/cost-report';

export const metadata: Metadata = { title: 'Costs' };
export const dynamic = 'force-dynamic';

export default async function CostsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const r = await costReport(costFilterSchema.parse(await searchParams));
  const { period, filter } = r;
  const months = r.earliestMonth && r.latestMonth ? monthsBetween(r.earliestMonth, r.latestMonth).reverse() : [filter.from];
  const periodText = `${period.fromDay} to ${period.toDay}${period.partial ? ' (to date)' : ''}, ${period.days} days, UTC`;
  const prevText = `${formatMonth(r.previous.from)}${r.previous.from !== r.previous.to ? ` – ${formatMonth(r.previous.to)}` : ''}`;
  const filtered = Boolean(filter.provider || filter.region || filter.service || filter.team || filter.category);
  return (
    <>
      <PageHeader
        title="Costs"
        subtitle={`${formatMonth(filter.from)}${filter.from !== filter.to ? ` – ${formatMonth(filter.to)}` : ''}: ${periodText}. All amounts in US dollars.`}
        actions={
          <span className="no-print flex gap-2">
            <PrintButton />
          </span>
        }
      />
      <CostsNav current="report" filter={filter} />
      <CostFilters action="/costs" filter={filter} labels={r.labels} months={months} />
      {filtered && <p className="mb-3 text-sm text-[var(--muted)]">Filtered: {describeFilter(r)}.</p>}
      <div className="mb-6 grid grid-cols-1 gap-4 sm:grid-cols-3">
        <Stat label="Total cost" value={formatUsd(r.totalUsd, { cents: true })} testId="cost-total" hint={periodText} />
        <Stat
          label={`Change vs ${prevText}`}
          value={
            <span className={r.changeUsd > 0 ? 'text-red-700 dark:text-red-400' : 'text-green-700 dark:text-green-400'}>
              {formatSignedUsd(r.changeUsd)}
              {r.changePct !== null && <span className="ml-2 text-base">({formatSignedPct(r.changePct / 100)})</span>}
            </span>
          }
          hint={`Previous period ${formatUsd(r.previous.totalUsd)}${r.previous.scaledTo ? `, scaled to the same ${r.previous.scaledTo} days` : ''}`}
          testId="cost-change"
        />
        <Stat
          label="Cost records"
          value={formatInt(r.records)}
          hint={<a href={costHref('/costs/records', filter)}>Show all records →</a>}
          testId="cost-records"
        />
      </div>
      <div className="mb-6 grid grid-cols-1 gap-4 lg:grid-cols-2">
        <Card title={`Daily cost, ${period.fromDay} to ${period.toDay}`}>
          <BarChart
            title="Daily cost"
            xLabel="Day (UTC)"
            bars={r.daily.map((d) => ({ label: d.day, tick: d.day.slice(5), value: d.amountUsd, href: costHref('/costs/records', { ...filter, day: d.day }) }))}
          />
          <ExportLink filter={filter} report="daily" label="Export daily (CSV)" />
        </Card>
        <Card title="Monthly cost, 13 months to the end of the period (period in colour)">
          <BarChart
            title="Monthly cost"
            xLabel="Month"
            bars={r.monthly.map((m) => ({
              label: formatMonth(m.month),
              value: m.amountUsd,
              muted: !m.inPeriod,
              href: costHref('/costs/records', { ...filter, from: m.month, to: m.month }),
            }))}
          />
          <ExportLink filter={filter} report="monthly" label="Export monthly (CSV)" />
        </Card>
      </div>
      <div className="mb-6">
        <MoversTable movers={r.movers} filter={filter} scaledTo={r.previous.scaledTo} />
      </div>
      <div className="grid grid-cols-1 gap-4 lg:grid-cols-2">
        {(['provider', 'category', 'team', 'service', 'region'] as const).map((d) => (
          <BreakdownCard key={d} b={r.breakdowns[d]} filter={filter} totalCents={apportionCents(r.breakdowns[d].groups.map((g) => g.amountMicros))} />
        ))}
      </div>
    </>
  );
}

function ExportLink({ filter, report, label }: { filter: object; report: string; label: string }) {
  return (
    <div className="no-print mt-2 text-right text-xs">
      <a href={costHref('/api/v1/costs/export', { ...filter, report })} className="underline" download>
        {label}
      </a>
    </div>
  );
}

function describeFilter(r: Awaited<ReturnType<typeof costReport>>): string {
  const f = r.filter;
  const parts: string[] = [];
  if (f.provider) parts.push(`provider ${f.provider}`);
  if (f.region) parts.push(`region ${r.labels.regions[f.region]?.name ?? f.region}`);
  if (f.team) parts.push(`team ${f.team}`);
  if (f.service) parts.push(`service ${f.service === '-' ? '(none)' : (r.labels.services[f.service]?.name ?? f.service)}`);
  if (f.category) parts.push(`category ${f.category.replace('_', ' ')}`);
  return parts.join(', ');
}
