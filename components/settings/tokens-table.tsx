import { formatDateTime } from '@/lib/format';
import type { ApiTokenRow } from '@/lib/queries/users';
import { StatusBadge, tableClass } from '../ui/primitives';
import { RevokeTokenButton } from './revoke-token-button';

export function TokensTable({ rows }: { rows: ApiTokenRow[] }) {
  if (!rows.length) return <p className="text-sm text-[var(--muted)]">No API tokens yet.</p>;
  return (
    <div className="overflow-x-auto">
      <table className={tableClass} aria-label="API tokens">
        <thead>
          <tr>
            <th>Name</th>
            <th>Role</th>
            <th>Owner</th>
            <th>Status</th>
            <th>Created</th>
            <th>Last used</th>
            <th>Actions</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((t) => (
            <tr key={t.id}>
              <td>{t.name}</td>
              <td>{t.role}</td>
              <td className="font-mono text-xs">{t.ownerEmail}</td>
              <td>
                <StatusBadge status={t.revokedAt ? 'revoked' : 'active'} />
              </td>
              <td className="whitespace-nowrap text-xs">{formatDateTime(t.createdAt)}</td>
              <td className="whitespace-nowrap text-xs">{t.lastUsedAt ? formatDateTime(t.lastUsedAt) : 'never'}</td>
              <td>
                {t.revokedAt ? (
                  <span className="text-xs text-[var(--muted)]">revoked {formatDateTime(t.revokedAt)}</span>
                ) : (
                  <RevokeTokenButton id={t.id} name={t.name} />
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
