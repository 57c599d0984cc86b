import Link from 'next/link';
import { formatUsd } from '@/lib/format';

export interface Bar {
  label: string;
  /** Short tick label; defaults to label. */
  tick?: string;
  value: number;
  href?: string;
  muted?: boolean;
}

/**
 * The one cost chart: vertical bars with a labelled money axis, every bar a link to the records behind it.
 * Plain SVG, rendered on the server: no chart library, prints as-is, readable without JavaScript.
 */
export function BarChart({ bars, title, xLabel, height = 180 }: { bars: Bar[]; title: string; xLabel: string; height?: number }) {
  const max = Math.max(0, ...bars.map((b) => b.value));
  const top = niceCeil(max);
  const w = 1000;
  const padL = 70;
  const padB = 28;
  const plotW = w - padL - 10;
  const plotH = height - padB - 8;
  const bw = bars.length ? plotW / bars.length : plotW;
  const tickEvery = Math.max(1, Math.ceil(bars.length / 12));
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => f * top);
  return (
    <figure className="w-full">
      <svg viewBox={`0 0 ${w} ${height}`} role="img" aria-label={title} className="h-auto w-full text-[var(--muted)]">
        <title>{title}</title>
        {ticks.map((t) => {
          const y = 8 + plotH - (top ? (t / top) * plotH : 0);
          return (
            <g key={t}>
              <line x1={padL} x2={w - 10} y1={y} y2={y} stroke="currentColor" strokeOpacity={0.2} />
              <text x={padL - 6} y={y + 4} textAnchor="end" fontSize={12} fill="currentColor" className="tabular">
                {formatUsd(t, { compact: true })}
              </text>
            </g>
          );
        })}
        {bars.map((b, i) => {
          const h = top ? (Math.max(0, b.value) / top) * plotH : 0;
          const x = padL + i * bw + Math.min(2, bw * 0.1);
          const rect = (
            <rect
              x={x}
              y={8 + plotH - h}
              width={Math.max(1, bw - Math.min(4, bw * 0.2))}
              height={h}
              className={b.muted ? 'fill-slate-400/50' : 'fill-[var(--accent)]'}
            >
              <title>{`${b.label}: ${formatUsd(b.value, { cents: true })}`}</title>
            </rect>
          );
          return (
            <g key={b.label}>
              {b.href ? (
                <Link href={b.href} aria-label={`${b.label}: ${formatUsd(b.value, { cents: true })}, show records`}>
                  {rect}
                </Link>
              ) : (
                rect
              )}
              {i % tickEvery === 0 && (
                <text x={x + bw / 2} y={height - 10} textAnchor="middle" fontSize={12} fill="currentColor">
                  {b.tick ?? b.label}
                </text>
              )}
            </g>
          );
        })}
      </svg>
      <figcaption className="mt-1 text-center text-xs text-[var(--muted)]">{xLabel} · USD per bar · click a bar for its records</figcaption>
    </figure>
  );
}

function niceCeil(v: number): number {
  if (v <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}
