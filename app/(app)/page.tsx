import type { Metadata } from 'next';
import Link from 'next/link';
import { LiveStats } from '@/components/fleet/live-stats';
import { SimPanel } from '@/components/fleet/sim-panel';
import { Card, PageHeader, Stat, StatusBadge } from '@/components/ui/primitives';
import { can } from '@/lib/auth/roles';
import { currentActor } from '@/lib/auth/session';
import { formatInt, formatSignedPct, formatUsd } from '@/lib/format';
import { getFleetOverview } from '@/lib/queries/fleet';
import { fleetRuntime } from '@/lib/runtime/fleet-runtime';

export const metadata: Metadata = { title: 'Overview' };
export const dynamic = 'force-dynamic';

function Breakdown({ data, label }: { data: Record<string, number>; label: string }) {
  const total = Object.values(data).reduce((a, b) => a + b, 0) || 1;
  return (
    <ul className="space-y-2" aria-label={label}>
      {Object.entries(data)
        .sort((a, b) => b[1] - a[1])
        .map(([k, v]) => (
          <li key={k} className="text-sm">
            <div className="flex justify-between">
              <span>{k}</span>
              <span className="tabular">{formatInt(v)}</span>
            </div>
            <div className="mt-0.5 h-1.5 rounded bg-[var(--bg)]">
              <div className="h-1.5 rounded bg-[var(--accent)]" style={{ width: `${(v / total) * 100}%` }} />
            </div>
          </li>
        ))}
    </ul>
  );
}

export default async function OverviewPage() {
  const [o, runtime, actor] = await Promise.all([getFleetOverview(), fleetRuntime(), currentActor()]);
  const live = runtime.snapshot();
  const change = o.previousMonthSameDaysUsd ? o.monthToDateUsd / o.previousMonthSameDaysUsd - 1 : 0;
  return (
    <>
      <PageHeader title="Fleet overview" subtitle="Inventory across providers and continents, and what it costs this month." />
      <LiveStats initial={live} />
      <div className="mb-6 grid grid-cols-2 gap-4 lg:grid-cols-5">
        <Stat label="Regions" value={formatInt(o.regions.total)} testId="stat-regions" hint={`${o.regions.byStatus.active ?? 0} active`} />
        <Stat label="Services" value={formatInt(o.services)} testId="stat-services" hint={`${o.teams} teams`} />
        <Stat
          label="Deployments"
          value={formatInt(o.deployments.total)}
          testId="stat-deployments"
          hint={`${o.deployments.drifted} on a non-majority version`}
        />
        <Stat
          label="Not healthy"
          value={formatInt(o.deployments.total - (o.deployments.byState.healthy ?? 0))}
          hint="deployments pending, progressing, degraded or rolled back"
        />
        <Stat
          label={`Cost month to date (${o.month})`}
          value={formatUsd(o.monthToDateUsd)}
          testId="stat-mtd"
          hint={`${formatSignedPct(change)} vs the same days last month`}
        />
      </div>
      <div className="grid gap-4 lg:grid-cols-4">
        <Card title="Regions by status">
          <ul className="space-y-1 text-sm">
            {Object.entries(o.regions.byStatus).map(([s, n]) => (
              <li key={s} className="flex justify-between">
                <Link href={`/regions?status=${s}`} className="hover:underline">
                  <StatusBadge status={s} />
                </Link>
                <span className="tabular">{n}</span>
              </li>
            ))}
          </ul>
        </Card>
        <Card title="Live regions by provider">
          <Breakdown data={o.regions.byProvider} label="Regions by provider" />
        </Card>
        <Card title="Live regions by continent">
          <Breakdown data={o.regions.byContinent} label="Regions by continent" />
        </Card>
        <Card title="Deployments by state">
          <ul className="space-y-1 text-sm">
            {Object.entries(o.deployments.byState).map(([s, n]) => (
              <li key={s} className="flex justify-between">
                <StatusBadge status={s} />
                <span className="tabular">{n}</span>
              </li>
            ))}
          </ul>
        </Card>
      </div>
      {can(actor?.role, 'sim:control') && (
        <div className="mt-6">
          <SimPanel initial={live} />
        </div>
      )}
    </>
  );
}
