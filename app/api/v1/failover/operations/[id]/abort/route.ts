import { apiRoute } from '@/lib/api/handler';
import { AppError } from '@/lib/errors';
import { rollBack } from '@/lib/failover/operations';
import { fleetRuntime } from '@/lib/runtime/fleet-runtime';

export const dynamic = 'force-dynamic';

export const POST = apiRoute<{ id: string }>('failover:operate', async (_req, { actor, params }) => {
  if (!params.id || params.id.length > 100) throw new AppError('VALIDATION', 'Bad operation id.');
  await rollBack(params.id, 'aborted', actor.email, 'Aborted through the API', await fleetRuntime());
  return { id: params.id, status: 'aborted' };
});
