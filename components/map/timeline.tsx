'use client';
import { Button } from '@/components/ui/primitives';
import type { HistoryMark, HistoryMarkKind } from '@/lib/queries/history';

const DAY_MS = 24 * 3_600_000;
const MINUTE = 60_000;

const MARK_STYLE: Record<HistoryMarkKind, { colour: string; label: string }> = {
  failure: { colour: 'var(--color-down)', label: 'failure' },
  health: { colour: 'var(--color-degraded)', label: 'health got worse' },
  recovery: { colour: 'var(--color-healthy)', label: 'recovery' },
  control: { colour: '#7c3aed', label: 'control change' },
  deployment: { colour: '#2563eb', label: 'deployment' },
};

export const hhmm = (ms: number) => new Date(ms).toISOString().slice(11, 16);
export const replayLabelOf = (ms: number) => `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/**
 * The replay scrubber over the last 24 h: a range input (arrow keys step a minute, Page Up/Down an hour), the marks of
 * failures, health changes, control changes and deployments above it, and Back to live.
 */
export function Timeline({
  nowMs,
  value,
  onChange,
  marks,
  range,
}: {
  nowMs: number;
  value: number | null;
  onChange: (ms: number | null) => void;
  marks: readonly HistoryMark[];
  range: { from: string; to: string } | null | undefined;
}) {
  const max = Math.floor(nowMs / MINUTE) * MINUTE;
  const min = max - DAY_MS;
  const pos = (ms: number) => `${Math.max(0, Math.min(100, ((ms - min) / DAY_MS) * 100))}%`;
  const shown = value ?? max;
  const recent = marks
    .filter((m) => Date.parse(m.at) >= min)
    .slice(-40)
    .reverse();
  const historyFrom = range ? Date.parse(range.from) : null;
  return (
    <section aria-label="Replay" className="mt-3 rounded-lg border border-[var(--border)] bg-[var(--panel)] px-4 py-3">
      <div className="flex flex-wrap items-center gap-3 text-sm">
        <span className="font-medium">Replay (last 24 h)</span>
        {value === null ? (
          <span className="inline-flex items-center gap-1 text-green-700 dark:text-green-400" data-testid="replay-state">
            <span aria-hidden>●</span> Live
          </span>
        ) : (
          <span className="font-medium text-amber-700 dark:text-amber-400" data-testid="replay-state">
            Showing {replayLabelOf(value)}
          </span>
        )}
        <Button variant={value === null ? 'secondary' : 'primary'} disabled={value === null} onClick={() => onChange(null)}>
          Back to live
        </Button>
        {recent.length > 0 && (
          <label className="ml-auto flex items-center gap-2 text-xs text-[var(--muted)]">
            Jump to event
            <select
              className="max-w-[320px] rounded-md border border-[var(--border)] bg-[var(--panel)] px-2 py-1 text-xs text-[var(--text)]"
              value=""
              onChange={(e) => e.target.value && onChange(Math.floor(Date.parse(e.target.value) / MINUTE) * MINUTE)}
            >
              <option value="">{recent.length} most recent…</option>
              {recent.map((m) => (
                <option key={m.id} value={m.at}>
                  {hhmm(Date.parse(m.at))} {m.label}
                </option>
              ))}
            </select>
          </label>
        )}
      </div>
      <div className="relative mt-2">
        {/* Marks sit on a strip above the track; colour and a title say what happened. */}
        <div className="relative h-4" aria-hidden>
          {historyFrom !== null && historyFrom > min + 5 * MINUTE && (
            <div
              className="absolute inset-y-0 left-0 rounded-sm bg-[repeating-linear-gradient(45deg,var(--border)_0_4px,transparent_4px_8px)]"
              style={{ width: pos(historyFrom) }}
              title="No history recorded for this period"
            />
          )}
          {marks.map((m) => {
            const s = MARK_STYLE[m.kind];
            const t = Date.parse(m.at);
            if (t < min) return null;
            return (
              <span
                key={m.id}
                className="absolute top-0 h-4 w-[3px] -translate-x-1/2 rounded-sm"
                style={{ left: pos(t), background: s.colour }}
                title={`${hhmm(t)} UTC · ${s.label}: ${m.label}`}
              />
            );
          })}
        </div>
        <input
          type="range"
          aria-label="Replay time"
          aria-valuetext={value === null ? 'live' : replayLabelOf(shown)}
          className="w-full accent-[var(--accent)]"
          min={min}
          max={max}
          step={MINUTE}
          value={shown}
          data-testid="replay-slider"
          onChange={(e) => {
            const v = Number(e.target.value);
            onChange(v >= max ? null : v);
          }}
        />
        <div className="flex justify-between text-xs text-[var(--muted)] tabular">
          <span>{hhmm(min)} UTC yesterday</span>
          <span>{hhmm(min + DAY_MS / 2)}</span>
          <span>now {hhmm(max)} UTC</span>
        </div>
      </div>
      <ul className="mt-1 flex flex-wrap gap-3 text-xs text-[var(--muted)]" aria-label="Timeline marks">
        {Object.values(MARK_STYLE).map((s) => (
          <li key={s.label} className="inline-flex items-center gap-1">
            <span aria-hidden className="inline-block h-3 w-[3px] rounded-sm" style={{ background: s.colour }} />
            {s.label}
          </li>
        ))}
        {range === null && <li className="font-medium">No history recorded yet: the runtime writes one rollup a minute.</li>}
      </ul>
    </section>
  );
}
