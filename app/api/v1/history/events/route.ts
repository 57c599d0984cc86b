import { apiRoute } from '@/lib/api/handler';
import { AppError } from '@/lib/errors';
import { HISTORY_WINDOW_MS, historyEventsSchema, listHistoryMarks } from '@/lib/queries/history';

export const dynamic = 'force-dynamic';

/** GET ?since=<ISO>&until=<ISO> — timeline marks (failures, health changes, control changes, deployments); default the last 24 h. */
export const GET = apiRoute('read', async (req) => {
  const p = new URL(req.url).searchParams;
  const q = historyEventsSchema.safeParse({ since: p.get('since') ?? undefined, until: p.get('until') ?? undefined });
  if (!q.success) throw new AppError('VALIDATION', q.error.issues[0]?.message ?? 'Invalid query.');
  const until = q.data.until ? new Date(q.data.until) : new Date();
  const since = q.data.since ? new Date(q.data.since) : new Date(until.getTime() - HISTORY_WINDOW_MS);
  return { since: since.toISOString(), until: until.toISOString(), marks: await listHistoryMarks(since, until) };
});
