import type { Metadata } from 'next';
import Link from 'next/link';
import { DeleteBudgetButton, EditBudgetAmount, NewBudgetForm } from '@/components/costs/budget-forms';
import { CostsNav } from '@/components/costs/report-parts';
import { Card, cx, Notice, PageHeader, tableClass } from '@/components/ui/primitives';
import { can } from '@/lib/auth/roles';
import { currentActor } from '@/lib/auth/session';
import { formatMonth, formatUsd } from '@/lib/format';
import { type BudgetLine, budgetsView } from '@/lib/queries/costs-budgets';

export const metadata: Metadata = { title: 'Budgets' };
export const dynamic = 'force-dynamic';

const STATUS = {
  over: { text: 'Over budget', symbol: '■', className: 'text-red-700 dark:text-red-400' },
  at_risk: { text: 'At risk', symbol: '▲', className: 'text-amber-700 dark:text-amber-400' },
  under: { text: 'On track', symbol: '●', className: 'text-green-700 dark:text-green-400' },
} as const;

export default async function BudgetsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const sp = await searchParams;
  const month = typeof sp.month === 'string' && /^\d{4}-(0[1-9]|1[0-2])$/.test(sp.month) ? sp.month : undefined;
  const [v, actor] = await Promise.all([budgetsView(month), currentActor()]);
  const editable = can(actor?.role, 'costs:write');
  const risky = v.lines.filter((l) => l.status !== 'under').sort((a, b) => b.worstCaseOverrunUsd - a.worstCaseOverrunUsd);
  const pct = v.lines[0]?.forecast ? Math.round(v.lines[0].forecast.confidence * 100) : 80;
  return (
    <>
      <PageHeader
        title="Budgets"
        subtitle={`${formatMonth(v.month)}: ${v.phase === 'current' ? `actuals to ${v.asOfDay}, forecast to month end` : v.phase === 'past' ? 'month closed, actuals only' : 'future month, no actuals yet'}. USD.`}
      />
      <CostsNav current="budgets" />
      <form method="get" className="no-print mb-4 flex items-end gap-2 text-sm" aria-label="Month">
        <label className="text-xs text-[var(--muted)]">
          <span className="mb-1 block">Month</span>
          <select name="month" defaultValue={v.month} className="rounded-md border border-[var(--border)] bg-[var(--panel)] px-2 py-1.5 text-sm">
            {v.months.map((m) => (
              <option key={m} value={m}>
                {formatMonth(m)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="rounded-md bg-[var(--accent)] px-3 py-1.5 font-medium text-white">
          Show
        </button>
      </form>
      <Card title={`Forecast to overrun (${risky.length})`} className="mb-6">
        {risky.length === 0 ? (
          <p className="text-sm text-[var(--muted)]">No budget is over or at risk this month.</p>
        ) : (
          <ul className="space-y-1 text-sm" aria-label="Budgets forecast to overrun">
            {risky.map((l) => (
              <li key={l.id}>
                <Status s={l.status} /> <strong>{l.scopeLabel}</strong> ({l.scopeType}):{' '}
                {l.status === 'over'
                  ? `already ${formatUsd(l.overrunUsd)} over its ${formatUsd(l.amountUsd)} budget`
                  : `forecast ${formatUsd(l.forecast?.forecastUsd ?? 0)} against ${formatUsd(l.amountUsd)}${l.overrunUsd > 0 ? ` (${formatUsd(l.overrunUsd)} over)` : ''}; up to ${formatUsd(l.worstCaseOverrunUsd)} over at the high end`}
              </li>
            ))}
          </ul>
        )}
      </Card>
      <Card title="Budget vs actual vs forecast" className="mb-6">
        {v.lines.length === 0 ? (
          <p className="text-sm text-[var(--muted)]">No budgets for {formatMonth(v.month)} yet.</p>
        ) : (
          <table className={tableClass} aria-label="Budgets">
            <thead>
              <tr>
                <th>Budget for</th>
                <th className="text-right">Budget (USD)</th>
                <th className="text-right">Actual</th>
                <th className="text-right">Forecast (month end)</th>
                <th className="text-right">{pct} % band</th>
                <th className="w-56">Budget · actual · forecast</th>
                <th>Status</th>
                {editable && (
                  <th>
                    <span className="sr-only">Actions</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {v.lines.map((l) => (
                <tr key={l.id}>
                  <td>
                    <Link href={`/costs?from=${v.month}&to=${v.month}&${l.scopeType}=${encodeURIComponent(l.scopeId)}`} className="hover:underline">
                      {l.scopeLabel}
                    </Link>{' '}
                    <span className="text-xs text-[var(--muted)]">{l.scopeType}</span>
                  </td>
                  <td className="text-right">
                    {editable ? (
                      <EditBudgetAmount id={l.id} version={l.version} amountUsd={l.amountUsd} label={l.scopeLabel} />
                    ) : (
                      <span className="tabular">{formatUsd(l.amountUsd)}</span>
                    )}
                  </td>
                  <td className="tabular text-right">{formatUsd(l.actualUsd)}</td>
                  <td className="tabular text-right">{l.forecast ? formatUsd(l.forecast.forecastUsd) : '—'}</td>
                  <td className="tabular text-right text-xs">{l.forecast ? `${formatUsd(l.forecast.lowUsd)} – ${formatUsd(l.forecast.highUsd)}` : '—'}</td>
                  <td>
                    <BudgetGauge l={l} />
                  </td>
                  <td>
                    <Status s={l.status} />
                  </td>
                  {editable && (
                    <td>
                      <DeleteBudgetButton id={l.id} version={l.version} label={l.scopeLabel} month={formatMonth(v.month)} />
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <p className="mt-3 text-xs text-[var(--muted)]">
          Forecast = actual to date + the remaining days at the recent run rate, adjusted for the day of the week (weekday factors from the last 8 weeks). The
          band is the {pct} % range from the spread of daily costs around that run rate. “At risk” means the band's high end crosses the budget. Method:
          docs/costs.md.
        </p>
      </Card>
      {editable && (
        <Card title="Add a budget">
          <NewBudgetForm month={v.month} scopes={v.scopes} />
        </Card>
      )}
      {!editable && <Notice>Only managers and admins can change budgets.</Notice>}
    </>
  );
}

function Status({ s }: { s: BudgetLine['status'] }) {
  const x = STATUS[s];
  return (
    <span className={cx('whitespace-nowrap text-sm', x.className)}>
      <span aria-hidden>{x.symbol}</span> {x.text}
    </span>
  );
}

/** Actual (solid), forecast band (light), forecast (tick) and the budget (line), on one scale. */
function BudgetGauge({ l }: { l: BudgetLine }) {
  const max = Math.max(l.amountUsd, l.forecast?.highUsd ?? 0, l.actualUsd) * 1.05 || 1;
  const x = (v: number) => `${(v / max) * 100}%`;
  return (
    <div className="relative h-4 w-full rounded bg-[var(--bg)]" role="img" aria-label={`Actual ${formatUsd(l.actualUsd)}, budget ${formatUsd(l.amountUsd)}`}>
      {l.forecast && (
        <div
          className="absolute inset-y-0 bg-blue-300/40"
          style={{ left: x(l.forecast.lowUsd), width: `calc(${x(l.forecast.highUsd)} - ${x(l.forecast.lowUsd)})` }}
        />
      )}
      <div
        className={cx('absolute inset-y-1 left-0 rounded-sm', l.status === 'over' ? 'bg-red-600' : 'bg-[var(--accent)]')}
        style={{ width: x(l.actualUsd) }}
      />
      {l.forecast && <div className="absolute inset-y-0 w-0.5 bg-blue-700" style={{ left: x(l.forecast.forecastUsd) }} />}
      <div className="absolute -inset-y-0.5 w-0.5 bg-black dark:bg-white" style={{ left: x(l.amountUsd) }} title="Budget" />
    </div>
  );
}
