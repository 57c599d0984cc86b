import { Notice } from '../ui/primitives';

/** What a signed-in non-admin sees on a settings page: the reason, and no data. */
export function AdminOnly({ role }: { role: string | undefined }) {
  return <Notice kind="error">Settings are for admins: your role ({role ?? 'none'}) may not manage users or API tokens.</Notice>;
}
