import { apiRoute, readJson } from '@/lib/api/handler';
import { AppError } from '@/lib/errors';
import { setLagLimit } from '@/lib/failover/operations';
import { lagLimitSchema } from '@/lib/schemas/failover';

export const dynamic = 'force-dynamic';

const bodySchema = lagLimitSchema.omit({ dataStoreId: true });

/** PATCH {"maxLagMs":N,"expectedVersion":V,"reason":"..."} sets the store's replication lag limit. */
export const PATCH = apiRoute<{ id: string }>('failover:operate', async (req, { actor, params }) => {
  if (!params.id || params.id.length > 100) throw new AppError('VALIDATION', 'Bad data store id.');
  const body = await readJson(req, bodySchema);
  return setLagLimit({ ...body, dataStoreId: params.id }, actor);
});
