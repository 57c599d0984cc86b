import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { HistoryCard } from '@/components/fleet/history-card';
import { RetireButton } from '@/components/fleet/retire-button';
import { RegionForm } from '@/components/regions/region-form';
import { Card, Notice, PageHeader, Stat, StatusBadge, tableClass } from '@/components/ui/primitives';
import { can } from '@/lib/auth/roles';
import { currentActor } from '@/lib/auth/session';
import { formatDateTime, formatInt, formatUsd } from '@/lib/format';
import { getHistorySeries } from '@/lib/queries/history';
import { getRegion } from '@/lib/queries/regions';

export const dynamic = 'force-dynamic';

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  return { title: `Region ${(await params).id}` };
}

export default async function RegionPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ saved?: string }> }) {
  const { id } = await params;
  const [region, actor, { saved }] = await Promise.all([getRegion(decodeURIComponent(id)), currentActor(), searchParams]);
  if (!region) notFound();
  const history = await getHistorySeries({ regionId: region.id, stepMin: 15, hours: 24 });
  const global = region.routing.find((r) => !r.serviceId);
  const mayEdit = can(actor?.role, 'fleet:write');
  return (
    <>
      <PageHeader
        title={`${region.name}`}
        subtitle={
          <>
            <span className="font-mono uppercase">{region.provider}</span> · <span className="font-mono">{region.code}</span> · {region.city}, {region.country}{' '}
            · jurisdiction {region.jurisdiction} · {region.lat.toFixed(2)}, {region.lng.toFixed(2)}
          </>
        }
        actions={<StatusBadge status={region.status} />}
      />
      {saved && (
        <div className="mb-4">
          <Notice kind="success">Saved.</Notice>
        </div>
      )}
      <div className="mb-6 grid grid-cols-2 gap-4 lg:grid-cols-5">
        <Stat label="Capacity" value={`${formatInt(region.capacityRps)} rps`} />
        <Stat label="Deployments" value={region.deployments.length} />
        <Stat
          label="Routing"
          value={global ? (global.drained ? 'drained' : `dial ${global.dialPct} %`) : '—'}
          hint={global ? `weight ${global.weight}/255` : undefined}
        />
        <Stat label="Cost yesterday" value={formatUsd(region.yesterdayUsd)} />
        <Stat label="Cost month to date" value={formatUsd(region.monthToDateUsd)} />
      </div>
      <div className="mb-6">
        <HistoryCard series={history} />
      </div>
      <div className="grid gap-4 lg:grid-cols-2">
        <Card title="Deployments">
          <table className={tableClass}>
            <thead>
              <tr>
                <th>Service</th>
                <th>Version</th>
                <th>State</th>
                <th className="text-right">Ready</th>
                <th>Updated</th>
              </tr>
            </thead>
            <tbody>
              {region.deployments.map((d) => (
                <tr key={d.id}>
                  <td>
                    <Link className="text-[var(--accent)] hover:underline" href={`/services/${d.serviceId}`}>
                      {d.service.name}
                    </Link>
                  </td>
                  <td className="font-mono">{d.version}</td>
                  <td>
                    <StatusBadge status={d.state} />
                  </td>
                  <td className="tabular text-right">
                    {d.readyReplicas}/{d.desiredReplicas}
                  </td>
                  <td className="text-xs text-[var(--muted)]">{formatDateTime(d.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {region.deployments.length === 0 && <p className="text-sm text-[var(--muted)]">No deployments.</p>}
        </Card>
        <div className="space-y-4">
          <Card title="Database roles">
            <ul className="space-y-1 text-sm">
              {region.primaryOf.map((d) => (
                <li key={d.id}>
                  <strong>Primary</strong> of {d.name} ({d.engine})
                </li>
              ))}
              {region.replicaOf.map((r) => (
                <li key={r.dataStore.id}>
                  Replica of {r.dataStore.name} ({r.dataStore.engine}), primary in {r.dataStore.primaryRegionId}
                </li>
              ))}
              {!region.primaryOf.length && !region.replicaOf.length && <li className="text-[var(--muted)]">No data stores.</li>}
            </ul>
          </Card>
          {mayEdit && (
            <Card title={`Edit (version ${region.version})`}>
              <RegionForm
                initial={{
                  id: region.id,
                  version: region.version,
                  provider: region.provider,
                  code: region.code,
                  name: region.name,
                  city: region.city,
                  country: region.country,
                  jurisdiction: region.jurisdiction,
                  lat: region.lat,
                  lng: region.lng,
                  capacityRps: region.capacityRps,
                  status: region.status,
                }}
              />
              {region.status !== 'retired' && (
                <div className="mt-6 border-t border-[var(--border)] pt-4">
                  <RetireButton kind="region" id={region.id} version={region.version} label={region.name} />
                </div>
              )}
            </Card>
          )}
        </div>
      </div>
    </>
  );
}
