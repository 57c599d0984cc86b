import 'server-only';
import { addDays, monthRange } from '../costs/dates';
import { type BudgetStatus, budgetStatus, forecastMonthEnd, type MonthForecast } from '../costs/forecast';
import { microsToUsd } from '../costs/money';
import { db } from '../db';
import type { BudgetScopeType } from '../schemas/budget';
import { costLabels, costStore, ensureRollups, labeller } from './costs';
import { dailyByServiceRegion, latestCostDay } from './costs-sql';

export interface BudgetLine {
  id: string;
  version: number;
  month: string;
  scopeType: BudgetScopeType;
  scopeId: string;
  scopeLabel: string;
  amountUsd: number;
  actualUsd: number;
  forecast: Pick<MonthForecast, 'forecastUsd' | 'lowUsd' | 'highUsd' | 'asOfDay' | 'daysElapsed' | 'daysInMonth' | 'confidence'> | null;
  status: BudgetStatus;
  overrunUsd: number;
  worstCaseOverrunUsd: number;
}

export interface BudgetsView {
  month: string;
  asOfDay: string | null;
  /** The month is finished (no forecast needed), running (forecast) or in the future (no actuals yet). */
  phase: 'past' | 'current' | 'future';
  lines: BudgetLine[];
  months: string[];
  scopes: { team: { id: string; label: string }[]; service: { id: string; label: string }[]; region: { id: string; label: string }[] };
}

const HISTORY_DAYS = 56;

export async function budgetsView(monthInput?: string): Promise<BudgetsView> {
  await ensureRollups();
  const s = costStore();
  const asOfDay = await latestCostDay(s);
  const currentMonth = (asOfDay ?? new Date().toISOString().slice(0, 7)).slice(0, 7);
  const month = monthInput ?? currentMonth;
  const range = monthRange(month);
  const phase = month < currentMonth ? 'past' : month === currentMonth && asOfDay !== range.toDay ? 'current' : month === currentMonth ? 'past' : 'future';
  const [budgets, labels, monthRows] = await Promise.all([
    db.budget.findMany({ where: { month }, orderBy: [{ scopeType: 'asc' }, { scopeId: 'asc' }] }),
    costLabels(),
    db.budget.findMany({ distinct: ['month'], select: { month: true }, orderBy: { month: 'desc' } }),
  ]);
  const lastDay = phase === 'current' && asOfDay ? asOfDay : range.toDay;
  const series = phase === 'future' ? [] : await dailyByServiceRegion(s, { fromDay: addDays(range.fromDay, -HISTORY_DAYS), toDay: lastDay });
  const teamOf = (serviceId: string | null) => (serviceId ? (labels.services[serviceId]?.team ?? null) : null);
  const regionLabel = labeller(labels, 'region');
  const lines: BudgetLine[] = budgets.map((b) => {
    const scopeType = b.scopeType as BudgetScopeType;
    const match =
      scopeType === 'team'
        ? (r: { serviceId: string | null }) => teamOf(r.serviceId) === b.scopeId
        : scopeType === 'service'
          ? (r: { serviceId: string | null }) => r.serviceId === b.scopeId
          : (r: { regionId: string }) => r.regionId === b.scopeId;
    const byDay = new Map<string, number>();
    for (const r of series) if (match(r as never)) byDay.set(r.day, (byDay.get(r.day) ?? 0) + r.micros);
    const actuals = [...byDay].filter(([d]) => d >= range.fromDay).map(([day, m]) => ({ day, amountUsd: microsToUsd(m) }));
    const history = [...byDay].filter(([d]) => d < range.fromDay).map(([day, m]) => ({ day, amountUsd: microsToUsd(m) }));
    const actualUsd = microsToUsd(actuals.reduce((a, x) => a + Math.round(x.amountUsd * 1e6), 0));
    const forecast =
      phase === 'current' && asOfDay
        ? forecastMonthEnd({ month, actuals, history, asOfDay })
        : phase === 'past'
          ? { forecastUsd: actualUsd, highUsd: actualUsd }
          : null;
    const st = budgetStatus(b.amountUsd, actualUsd, forecast ?? { forecastUsd: 0, highUsd: 0 });
    return {
      id: b.id,
      version: b.version,
      month,
      scopeType,
      scopeId: b.scopeId,
      scopeLabel: scopeType === 'team' ? b.scopeId : scopeType === 'service' ? (labels.services[b.scopeId]?.name ?? b.scopeId) : regionLabel(b.scopeId),
      amountUsd: b.amountUsd,
      actualUsd,
      forecast:
        forecast && 'lowUsd' in forecast
          ? {
              forecastUsd: forecast.forecastUsd,
              lowUsd: forecast.lowUsd,
              highUsd: forecast.highUsd,
              asOfDay: forecast.asOfDay,
              daysElapsed: forecast.daysElapsed,
              daysInMonth: forecast.daysInMonth,
              confidence: forecast.confidence,
            }
          : null,
      status: st.status,
      overrunUsd: st.overrunUsd,
      worstCaseOverrunUsd: st.worstCaseOverrunUsd,
    };
  });
  const months = [...new Set([...monthRows.map((m) => m.month), currentMonth, month])].sort().reverse();
  return {
    month,
    asOfDay,
    phase,
    lines,
    months,
    scopes: {
      team: labels.teams.map((t) => ({ id: t, label: t })),
      service: Object.entries(labels.services).map(([id, v]) => ({ id, label: `${v.name} (${v.team})` })),
      region: Object.keys(labels.regions).map((id) => ({ id, label: regionLabel(id) })),
    },
  };
}
