// The last 24 h of a region or a service, as three small line charts (requests, p95, errors) from the minute
// rollups. Server-rendered SVG: no chart library, no client JavaScript; each chart has a text summary.
import { formatMs, formatPct, formatRps } from '@/lib/format';
import type { HistorySeries } from '@/lib/queries/history';
import { Card } from '../ui/primitives';

const W = 320;
const H = 56;

function Spark({ label, values, format, testId }: { label: string; values: number[]; format: (x: number) => string; testId: string }) {
  const max = Math.max(...values, 0);
  const min = Math.min(...values, max);
  const span = max - min || 1;
  const pts = values.map((v, i) => `${((i / Math.max(1, values.length - 1)) * W).toFixed(1)},${(H - 2 - ((v - min) / span) * (H - 4)).toFixed(1)}`);
  const last = values.at(-1) ?? 0;
  return (
    <figure className="space-y-1" data-testid={testId}>
      <figcaption className="flex items-baseline justify-between text-xs text-[var(--muted)]">
        <span>{label}</span>
        <span className="tabular">
          now <strong className="text-[var(--fg)]">{format(last)}</strong> · range {format(min)}–{format(max)}
        </span>
      </figcaption>
      <svg
        viewBox={`0 0 ${W} ${H}`}
        preserveAspectRatio="none"
        className="h-14 w-full"
        role="img"
        aria-label={`${label} over the last 24 hours: from ${format(min)} to ${format(max)}, now ${format(last)}`}
      >
        <polyline points={pts.join(' ')} fill="none" stroke="var(--accent)" strokeWidth="1.5" vectorEffect="non-scaling-stroke" />
      </svg>
    </figure>
  );
}

export function HistoryCard({ series, title = 'Last 24 hours' }: { series: HistorySeries; title?: string }) {
  const p = series.points;
  return (
    <Card title={title}>
      {p.length < 2 ? (
        <p className="text-sm text-[var(--muted)]">No history yet: rollups are written every minute.</p>
      ) : (
        <div className="space-y-3">
          <Spark label="Requests" values={p.map((x) => x.rps)} format={formatRps} testId="history-rps" />
          <Spark label="p95 latency" values={p.map((x) => x.p95Ms)} format={formatMs} testId="history-p95" />
          <Spark label="Error rate" values={p.map((x) => x.errorRate)} format={(x) => formatPct(x, 3)} testId="history-errors" />
          <div className="flex justify-between text-xs text-[var(--muted)]" aria-hidden="true">
            <span>24 h ago</span>
            <span>12 h ago</span>
            <span>now</span>
          </div>
          <p className="text-xs text-[var(--muted)]">
            {series.stepMin}-minute means of the per-minute rollups
            {series.serviceShare !== null
              ? `; this service's requests are its ${formatPct(series.serviceShare, 1)} share of each region's (its share of the fleet's replicas), with the regions' latency and errors`
              : ''}
            .
          </p>
        </div>
      )}
    </Card>
  );
}
