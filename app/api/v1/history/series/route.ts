import { apiRoute } from '@/lib/api/handler';
import { AppError } from '@/lib/errors';
import { getHistorySeries, historySeriesSchema } from '@/lib/queries/history';

export const dynamic = 'force-dynamic';

/**
 * GET ?regionId=&serviceId=&stepMin=5&hours=24 — the last hours of a region, a service, or a service in a region,
 * from the per-minute rollups: rps, request-weighted p95 and error rate (and, for a region, utilisation and health).
 */
export const GET = apiRoute('read', async (req) => {
  const params = Object.fromEntries(new URL(req.url).searchParams);
  const q = historySeriesSchema.safeParse(params);
  if (!q.success) {
    const issue = q.error.issues[0];
    throw new AppError('VALIDATION', issue?.message ?? 'Invalid query.', issue?.path.length ? { [String(issue.path[0])]: [issue.message] } : undefined);
  }
  return getHistorySeries(q.data);
});
