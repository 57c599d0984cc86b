import type { Metadata } from 'next';
import Link from 'next/link';
import { ButtonLink, PageHeader, StatusBadge, tableClass } from '@/components/ui/primitives';
import { can } from '@/lib/auth/roles';
import { currentActor } from '@/lib/auth/session';
import { listServices } from '@/lib/queries/services';

export const metadata: Metadata = { title: 'Services' };
export const dynamic = 'force-dynamic';

export default async function ServicesPage() {
  const [services, actor] = await Promise.all([listServices(), currentActor()]);
  return (
    <>
      <PageHeader
        title="Services"
        subtitle="What runs in the fleet, who owns it, and the objectives it is held to."
        actions={can(actor?.role, 'fleet:write') && <ButtonLink href="/services/new">New service</ButtonLink>}
      />
      <div className="overflow-x-auto rounded-lg border border-[var(--border)] bg-[var(--panel)] p-4">
        <table className={tableClass} aria-label="Services">
          <thead>
            <tr>
              <th>Service</th>
              <th>Team</th>
              <th className="text-right">Tier</th>
              <th className="text-right">Availability SLO</th>
              <th className="text-right">p95 SLO</th>
              <th className="text-right">Regions</th>
              <th>Versions</th>
              <th className="text-right">Not healthy</th>
              <th>Status</th>
            </tr>
          </thead>
          <tbody>
            {services.map((s) => (
              <tr key={s.id}>
                <td>
                  <Link href={`/services/${s.id}`} className="text-[var(--accent)] hover:underline">
                    {s.name}
                  </Link>
                </td>
                <td>{s.team}</td>
                <td className="tabular text-right">{s.tier}</td>
                <td className="tabular text-right">{s.sloAvailabilityPct} %</td>
                <td className="tabular text-right">{s.sloLatencyP95Ms} ms</td>
                <td className="tabular text-right">{s.regions}</td>
                <td className="font-mono text-xs">{s.versions.join(', ') || '—'}</td>
                <td className="tabular text-right">{s.unhealthy}</td>
                <td>
                  <StatusBadge status={s.status} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
