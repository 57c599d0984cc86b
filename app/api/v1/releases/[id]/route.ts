import { apiRoute } from '@/lib/api/handler';
import { AppError } from '@/lib/errors';
import { getRelease } from '@/lib/queries/releases';

export const dynamic = 'force-dynamic';

/** One release: plan, wave state, gate results and its timeline (the audit rows of the operation). */
export const GET = apiRoute<{ id: string }>('read', async (_req, { params }) => {
  const r = await getRelease(params.id);
  if (!r) throw new AppError('NOT_FOUND', `There is no release ${params.id}.`);
  return r;
});
