'use client';
import Link from 'next/link';
import { formatCompact, formatMs, formatPct, formatRps, formatUsd } from '@/lib/format';
import { useLiveFleet } from '@/lib/live/client';
import type { LiveSnapshot } from '@/lib/live/types';
import { Card, Stat, StatusBadge } from '../ui/primitives';

/** Live global figures and regions by health, patched every second from the live stream. */
export function LiveStats({ initial }: { initial: LiveSnapshot }) {
  const { data } = useLiveFleet(initial);
  const s = data ?? initial;
  const troubled = s.regions.filter((r) => r.status === 'active' && r.health !== 'healthy');
  return (
    <section aria-label="Live fleet" className="mb-6">
      <div className="mb-2 flex items-center gap-2 text-xs text-[var(--muted)]">
        <span className={`inline-block h-2 w-2 rounded-full ${s.sim.running ? 'bg-green-500' : 'bg-slate-400'}`} aria-hidden />
        Live · {s.sim.running ? `simulated fleet, ×${s.sim.speed}` : 'simulation paused'} · fleet time {new Date(s.sim.fleetTimeMs).toISOString().slice(11, 19)}{' '}
        UTC
      </div>
      <div className="grid grid-cols-2 gap-4 lg:grid-cols-5">
        <Stat label="Global traffic" value={formatRps(s.totals.rps)} testId="live-rps" hint={`${formatCompact(s.totals.users)} active users`} />
        <Stat label="p95 latency" value={formatMs(s.totals.p95Ms)} testId="live-p95" />
        <Stat
          label="Error rate"
          value={formatPct(s.totals.errorRate, 2)}
          testId="live-errors"
          hint={s.totals.unservedRps > 0 ? `${formatRps(s.totals.unservedRps)} unserved` : undefined}
        />
        <Stat
          label="Regions by health"
          testId="live-health"
          value={
            <span className="text-lg">
              <span className="text-green-700 dark:text-green-400">● {s.totals.byHealth.healthy}</span>{' '}
              <span className="text-amber-700 dark:text-amber-400">▲ {s.totals.byHealth.degraded}</span>{' '}
              <span className="text-red-700 dark:text-red-400">■ {s.totals.byHealth.down}</span>
            </span>
          }
          hint="healthy · degraded · down"
        />
        <Stat label="Run rate (model)" value={`${formatUsd(s.hourlyCostUsd)}/h`} hint="compute, egress and transfer at current load" />
      </div>
      <Card title="Regions needing attention" className="mt-4">
        {troubled.length === 0 ? (
          <p className="text-sm text-[var(--muted)]" data-testid="all-healthy">
            Every active region is healthy.
          </p>
        ) : (
          <ul className="flex flex-wrap gap-x-6 gap-y-1 text-sm">
            {troubled.map((r) => (
              <li key={r.id} data-testid={`health-${r.id}`} data-health={r.health}>
                <Link href={`/regions/${r.id}`} className="font-mono hover:underline">
                  {r.provider}/{r.code}
                </Link>{' '}
                <StatusBadge status={r.health} />{' '}
                <span className="tabular text-[var(--muted)]">
                  {formatPct(r.errorRate, 1)} errors · p95 {formatMs(r.p95Ms)}
                </span>
              </li>
            ))}
          </ul>
        )}
      </Card>
    </section>
  );
}
