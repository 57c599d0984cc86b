import { formatPct } from '@/lib/format';
import type { ServiceSlo } from '@/lib/queries/slo';
import { Card, tableClass } from '../ui/primitives';

const burn = (v: number) => `${v < 10 ? v.toFixed(2) : Math.round(v)}×`;
const span = (minutes: number) => (minutes >= 2 * 1440 ? `${(minutes / 1440).toFixed(1)} days` : `${(minutes / 60).toFixed(1)} h`);

export function SloTable({ slos }: { slos: ServiceSlo[] }) {
  const dataMinutes = Math.max(0, ...slos.map((s) => s.dataMinutes));
  return (
    <div className="space-y-6">
      <p className="text-sm text-[var(--muted)]" data-testid="slo-data-span">
        {dataMinutes >= 30 * 1440
          ? 'Figures over the last 30 days of per-minute telemetry.'
          : `Only ${span(dataMinutes)} of telemetry so far, not 30 days: the "30-day" figures are based on those ${span(dataMinutes)}, and the budget spent is prorated to them.`}{' '}
        Telemetry is per region: a service's figures are those of the regions it runs in, weighted by requests.
      </p>
      <Card title="Service level objectives, 30 days">
        <table className={tableClass} aria-label="Service level objectives">
          <thead>
            <tr>
              <th>Service</th>
              <th className="text-right">Objective</th>
              <th className="text-right">Availability</th>
              <th className="text-right">Error budget left</th>
              <th className="whitespace-nowrap text-right">Burn 5 m · 1 h · 6 h · 3 d</th>
              <th className="text-right">p95 objective</th>
              <th className="text-right">Latency budget left</th>
              <th>Alerts</th>
            </tr>
          </thead>
          <tbody>
            {slos.map((s) => (
              <tr key={s.serviceId} data-testid={`slo-${s.serviceId}`}>
                <td>
                  {s.name}{' '}
                  <span className="text-xs text-[var(--muted)]">
                    tier {s.tier} · {s.regionCount} regions
                  </span>
                </td>
                <td className="tabular text-right">{s.sloAvailabilityPct} %</td>
                <td className="tabular text-right">{s.availability30d === null ? '—' : formatPct(s.availability30d, 3)}</td>
                <td className={`tabular text-right ${s.budgetRemaining < 0 ? 'text-red-700 dark:text-red-400' : ''}`}>{formatPct(s.budgetRemaining, 1)}</td>
                <td className="tabular whitespace-nowrap text-right">
                  {(['5m', '1h', '6h', '3d'] as const).map((k) => burn(s.availabilityBurn[k])).join(' · ')}
                </td>
                <td className="tabular text-right">{s.sloLatencyP95Ms} ms</td>
                <td className={`tabular text-right ${s.latencyBudgetRemaining < 0 ? 'text-red-700 dark:text-red-400' : ''}`}>
                  {formatPct(s.latencyBudgetRemaining, 1)}
                </td>
                <td className="text-xs">
                  {s.alerts.length === 0
                    ? '—'
                    : s.alerts.map((a) => (
                        <span
                          key={`${a.sli}${a.long}`}
                          className={`mr-1 rounded px-1 ${a.severity === 'page' ? 'bg-red-600 text-white' : 'bg-amber-200 text-amber-900'}`}
                        >
                          {a.severity} {a.sli} {a.burn}× {a.long}
                          {a.short ? `+${a.short}` : ''}
                        </span>
                      ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="mt-3 text-xs text-[var(--muted)]">
          Burn rate = bad fraction ÷ allowed bad fraction (1× spends the budget in exactly 30 days). Alerts: page at 14.4× over 1 h and 5 min, page at 6× over 6
          h and 30 min, ticket at 1× over 3 days. Latency: requests in minutes whose p95 exceeded the objective; 99 % must not.
        </p>
      </Card>
    </div>
  );
}
