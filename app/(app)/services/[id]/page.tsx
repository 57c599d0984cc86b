import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { HistoryCard } from '@/components/fleet/history-card';
import { RetireButton } from '@/components/fleet/retire-button';
import { ServiceForm } from '@/components/services/service-form';
import { Card, Notice, PageHeader, Stat, StatusBadge, tableClass } from '@/components/ui/primitives';
import { can } from '@/lib/auth/roles';
import { currentActor } from '@/lib/auth/session';
import { getHistorySeries } from '@/lib/queries/history';
import { getService } from '@/lib/queries/services';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Service' };

export default async function ServicePage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ saved?: string }> }) {
  const { id } = await params;
  const [service, actor, { saved }] = await Promise.all([getService(decodeURIComponent(id)), currentActor(), searchParams]);
  if (!service) notFound();
  const history = await getHistorySeries({ serviceId: service.id, stepMin: 15, hours: 24 });
  return (
    <>
      <PageHeader
        title={service.name}
        subtitle={`${service.slug} · owned by ${service.team} · tier ${service.tier}`}
        actions={<StatusBadge status={service.status} />}
      />
      {saved && (
        <div className="mb-4">
          <Notice kind="success">Saved.</Notice>
        </div>
      )}
      <div className="mb-6 grid grid-cols-2 gap-4 lg:grid-cols-4">
        <Stat label="Availability SLO" value={`${service.sloAvailabilityPct} %`} />
        <Stat label="Latency SLO (p95)" value={`${service.sloLatencyP95Ms} ms`} />
        <Stat label="Regions" value={service.deployments.length} />
        <Stat label="Data stores" value={service.dataStores.length} />
      </div>
      <div className="mb-6">
        <HistoryCard series={history} />
      </div>
      <div className="grid gap-4 lg:grid-cols-2">
        <Card title="Deployments">
          <table className={tableClass}>
            <thead>
              <tr>
                <th>Region</th>
                <th>Version</th>
                <th>State</th>
                <th className="text-right">Ready</th>
              </tr>
            </thead>
            <tbody>
              {service.deployments.map((d) => (
                <tr key={d.id}>
                  <td>
                    <Link href={`/regions/${d.region.id}`} className="font-mono text-[var(--accent)] hover:underline">
                      {d.region.provider}/{d.region.code}
                    </Link>
                  </td>
                  <td className="font-mono">{d.version}</td>
                  <td>
                    <StatusBadge status={d.state} />
                  </td>
                  <td className="tabular text-right">
                    {d.readyReplicas}/{d.desiredReplicas}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </Card>
        <div className="space-y-4">
          <Card title="Data stores">
            <ul className="space-y-2 text-sm">
              {service.dataStores.map((d) => (
                <li key={d.id}>
                  <strong>{d.name}</strong> ({d.engine}) · primary {d.primaryRegion.provider}/{d.primaryRegion.code} · replicas{' '}
                  {d.replicas.map((r) => `${r.region.provider}/${r.region.code}`).join(', ')}
                  {d.pinnedJurisdiction && ` · writes pinned to ${d.pinnedJurisdiction}`}
                </li>
              ))}
              {!service.dataStores.length && <li className="text-[var(--muted)]">Stateless.</li>}
            </ul>
          </Card>
          {can(actor?.role, 'fleet:write') && (
            <Card title={`Edit (version ${service.version})`}>
              <ServiceForm initial={service} />
              {service.status !== 'retired' && (
                <div className="mt-6 border-t border-[var(--border)] pt-4">
                  <RetireButton kind="service" id={service.id} version={service.version} label={service.name} />
                </div>
              )}
            </Card>
          )}
        </div>
      </div>
    </>
  );
}
