import Link from 'next/link';
import { COST_CATEGORIES, PROVIDERS } from '@/lib/fleet/types';
import { formatInt, formatMonth, formatSignedPct, formatSignedUsd, formatUsd } from '@/lib/format';
import type { CostLabels, ReportBreakdown, ReportMover } from '@/lib/queries/costs';
import type { CostFilter } from '@/lib/queries/costs-sql';
import type { CostReportDimension } from '@/lib/schemas/cost-report';
import { Card, cx, tableClass } from '../ui/primitives';
import { BarChart } from './bar-chart';

const FILTER_KEY: Record<CostReportDimension, keyof CostFilter> = {
  provider: 'provider',
  region: 'region',
  service: 'service',
  team: 'team',
  category: 'category',
};

/** A URL for a cost page with the given filter (empty values dropped), so every view can be shared. */
export function costHref(path: string, f: Partial<CostFilter> & { day?: string; page?: number; report?: string }): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(f)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

export function drillHref(filter: CostFilter, dim: CostReportDimension, key: string | null): string {
  return costHref('/costs/records', { ...filter, [FILTER_KEY[dim]]: key ?? '-' });
}

const sel = 'rounded-md border border-[var(--border)] bg-[var(--panel)] px-2 py-1.5 text-sm';

/** Period and filters as a GET form: the URL is the state, so a view can be bookmarked and shared. */
export function CostFilters({ action, filter, labels, months }: { action: string; filter: CostFilter; labels: CostLabels; months: string[] }) {
  return (
    <form method="get" action={action} className="no-print mb-4 flex flex-wrap items-end gap-3" aria-label="Report filters">
      <Sel name="from" label="From month" value={filter.from} options={months.map((m) => [m, formatMonth(m)])} />
      <Sel name="to" label="To month" value={filter.to} options={months.map((m) => [m, formatMonth(m)])} />
      <Sel name="provider" label="Provider" value={filter.provider} options={[['', 'All providers'], ...PROVIDERS.map((p) => [p, p] as [string, string])]} />
      <Sel
        name="region"
        label="Region"
        value={filter.region}
        options={[['', 'All regions'], ...Object.entries(labels.regions).map(([id, r]) => [id, `${r.provider} ${r.code}`] as [string, string])]}
      />
      <Sel name="team" label="Team" value={filter.team} options={[['', 'All teams'], ...labels.teams.map((t) => [t, t] as [string, string])]} />
      <Sel
        name="service"
        label="Service"
        value={filter.service}
        options={[['', 'All services'], ...Object.entries(labels.services).map(([id, s]) => [id, s.name] as [string, string])]}
      />
      <Sel
        name="category"
        label="Category"
        value={filter.category}
        options={[['', 'All categories'], ...COST_CATEGORIES.map((c) => [c, c.replace('_', ' ')] as [string, string])]}
      />
      <button type="submit" className="rounded-md bg-[var(--accent)] px-3 py-1.5 text-sm font-medium text-white">
        Apply
      </button>
      <Link href={action} className="py-1.5 text-sm underline">
        Reset
      </Link>
    </form>
  );
}

function Sel({ name, label, value, options }: { name: string; label: string; value?: string; options: [string, string][] }) {
  return (
    <label className="text-xs text-[var(--muted)]">
      <span className="mb-1 block">{label}</span>
      <select name={name} defaultValue={value ?? ''} className={sel} aria-label={label}>
        {options.map(([v, l]) => (
          <option key={v} value={v}>
            {l}
          </option>
        ))}
      </select>
    </label>
  );
}

const DIM_TITLE: Record<CostReportDimension, string> = { provider: 'Provider', region: 'Region', service: 'Service', team: 'Team', category: 'Category' };

/** One breakdown: bar chart plus table, each bar and row drilling down to its records; the total row adds up. */
export function BreakdownCard({ b, filter, totalCents }: { b: ReportBreakdown; filter: CostFilter; totalCents: number[] }) {
  const title = DIM_TITLE[b.dimension];
  return (
    <Card title={`By ${title.toLowerCase()}`} className="break-inside-avoid">
      {b.groups.length > 1 && (
        <BarChart
          title={`Cost by ${title.toLowerCase()}`}
          xLabel={title}
          height={150}
          bars={b.groups.slice(0, 15).map((g) => ({ label: g.label, tick: short(g.label), value: g.amountUsd, href: drillHref(filter, b.dimension, g.key) }))}
        />
      )}
      <table className={cx(tableClass, 'mt-2')} aria-label={`Cost by ${title.toLowerCase()}`}>
        <thead>
          <tr>
            <th>{title}</th>
            <th className="text-right">Cost (USD)</th>
            <th className="text-right">Share</th>
          </tr>
        </thead>
        <tbody>
          {b.groups.map((g, i) => (
            <tr key={g.key ?? '-'}>
              <td>
                <Link href={drillHref(filter, b.dimension, g.key)} className="hover:underline">
                  {g.label}
                </Link>
              </td>
              <td className="tabular text-right">{formatUsd(totalCents[i]! / 100, { cents: true })}</td>
              <td className="tabular text-right">{g.sharePct.toFixed(1)} %</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr className="font-semibold">
            <td className="px-2 py-1.5">Total</td>
            <td className="tabular px-2 py-1.5 text-right" data-testid={`total-${b.dimension}`}>
              {formatUsd(totalCents.reduce((a, c) => a + c, 0) / 100, { cents: true })}
            </td>
            <td className="tabular px-2 py-1.5 text-right">100.0 %</td>
          </tr>
        </tfoot>
      </table>
      <div className="no-print mt-2 text-right text-xs">
        <a href={costHref('/api/v1/costs/export', { ...filter, report: b.dimension })} className="underline" download>
          Export by {title.toLowerCase()} (CSV)
        </a>
      </div>
    </Card>
  );
}

function short(label: string): string {
  const s = label.replace(/ \(.*\)$/, '');
  return s.length > 12 ? `${s.slice(0, 11)}…` : s;
}

export function MoversTable({ movers, filter, scaledTo }: { movers: ReportMover[]; filter: CostFilter; scaledTo: number | null }) {
  return (
    <Card title={`Top movers vs the previous period${scaledTo ? ` (scaled to ${scaledTo} days)` : ''}`}>
      {movers.length === 0 ? (
        <p className="text-sm text-[var(--muted)]">No change against the previous period.</p>
      ) : (
        <table className={tableClass} aria-label="Top movers">
          <thead>
            <tr>
              <th>What</th>
              <th className="text-right">Previous</th>
              <th className="text-right">This period</th>
              <th className="text-right">Change</th>
            </tr>
          </thead>
          <tbody>
            {movers.map((m) => (
              <tr key={`${m.dimension}:${m.key}`}>
                <td>
                  <span className="mr-1 text-xs text-[var(--muted)]">{m.dimension}</span>
                  <Link href={drillHref(filter, m.dimension, m.key)} className="hover:underline">
                    {m.label}
                  </Link>
                </td>
                <td className="tabular text-right">{formatUsd(m.previousUsd)}</td>
                <td className="tabular text-right">{formatUsd(m.currentUsd)}</td>
                <td className={cx('tabular text-right', m.changeUsd > 0 ? 'text-red-700 dark:text-red-400' : 'text-green-700 dark:text-green-400')}>
                  {m.changeUsd > 0 ? '▲' : '▼'} {formatSignedUsd(m.changeUsd)}
                  {m.changePct !== null && <span className="ml-1 text-xs">({formatSignedPct(m.changePct / 100)})</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Card>
  );
}

export function CostsNav({ current, filter }: { current: 'report' | 'budgets' | 'unit' | 'import'; filter?: Partial<CostFilter> }) {
  const items = [
    ['report', 'Report', costHref('/costs', filter ?? {})],
    ['budgets', 'Budgets', '/costs/budgets'],
    ['unit', 'Unit & idle cost', costHref('/costs/unit', filter ?? {})],
    ['import', 'Import FOCUS', '/costs/import'],
  ] as const;
  return (
    <nav aria-label="Cost pages" className="no-print mb-4 flex gap-1 border-b border-[var(--border)] text-sm">
      {items.map(([k, label, href]) => (
        <Link
          key={k}
          href={href}
          aria-current={k === current ? 'page' : undefined}
          className={cx('-mb-px border-b-2 px-3 py-2', k === current ? 'border-[var(--accent)] font-medium' : 'border-transparent text-[var(--muted)]')}
        >
          {label}
        </Link>
      ))}
    </nav>
  );
}

export { formatInt };
