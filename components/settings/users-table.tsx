import { formatDateTime, formatInt } from '@/lib/format';
import type { UserRow } from '@/lib/queries/users';
import { StatusBadge, tableClass } from '../ui/primitives';
import { UserActions } from './user-actions';

export function UsersTable({ rows }: { rows: UserRow[] }) {
  return (
    <div className="overflow-x-auto">
      <table className={tableClass} aria-label="Users">
        <thead>
          <tr>
            <th>Email</th>
            <th>Name</th>
            <th>Role</th>
            <th>Status</th>
            <th className="text-right">Sessions</th>
            <th className="text-right">Tokens</th>
            <th>Created</th>
            <th>Actions</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((u) => (
            <tr key={u.id}>
              <td className="font-mono text-xs">{u.email}</td>
              <td>{u.name}</td>
              <td>{u.role}</td>
              <td>
                <StatusBadge status={u.disabledAt ? 'disabled' : 'active'} />
              </td>
              <td className="tabular text-right">{formatInt(u.activeSessions)}</td>
              <td className="tabular text-right">{formatInt(u.activeTokens)}</td>
              <td className="whitespace-nowrap text-xs">{formatDateTime(u.createdAt)}</td>
              <td>
                <UserActions user={{ id: u.id, email: u.email, role: u.role, disabled: !!u.disabledAt }} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
