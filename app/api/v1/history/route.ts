import { apiRoute } from '@/lib/api/handler';
import { AppError } from '@/lib/errors';
import { getHistoryAt, historyAtSchema } from '@/lib/queries/history';

export const dynamic = 'force-dynamic';

/** GET ?at=<ISO> — every region's figures at that minute (per-minute rollups), and the range history covers. */
export const GET = apiRoute('read', async (req) => {
  const q = historyAtSchema.safeParse({ at: new URL(req.url).searchParams.get('at') ?? undefined });
  if (!q.success) throw new AppError('VALIDATION', q.error.issues[0]?.message ?? 'Invalid at.');
  return getHistoryAt(new Date(q.data.at));
});
