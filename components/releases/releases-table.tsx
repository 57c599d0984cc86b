import Link from 'next/link';
import { formatDateTime } from '@/lib/format';
import type { ReleaseSummary } from '@/lib/queries/releases';
import { Card, StatusBadge, tableClass } from '../ui/primitives';

export function ReleasesTable({ releases }: { releases: ReleaseSummary[] }) {
  return (
    <Card title="Releases">
      {releases.length === 0 ? (
        <p className="text-sm text-[var(--muted)]">No releases yet.</p>
      ) : (
        <table className={tableClass} aria-label="Releases">
          <thead>
            <tr>
              <th>Started</th>
              <th>Service</th>
              <th>Version</th>
              <th>Status</th>
              <th>Wave</th>
              <th>By</th>
            </tr>
          </thead>
          <tbody>
            {releases.map((r) => (
              <tr key={r.id}>
                <td className="tabular">
                  <Link className="underline" href={`/releases/${r.id}`}>
                    {formatDateTime(r.createdAt)}
                  </Link>
                </td>
                <td>{r.serviceName}</td>
                <td className="font-mono">
                  {r.fromVersion} → {r.version}
                </td>
                <td>
                  <StatusBadge status={r.status} />
                  {r.phase === 'rolling_back' ? ' (rolling back)' : ''}
                </td>
                <td className="tabular">
                  {Math.min(r.wave + 1, r.waves.length)}/{r.waves.length}
                </td>
                <td>{r.actor}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Card>
  );
}
