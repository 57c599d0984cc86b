import { apiRoute, readJson } from '@/lib/api/handler';
import { commitFailoverChange } from '@/lib/failover/operations';
import { listOperations } from '@/lib/queries/operations';
import { commitSchema } from '@/lib/schemas/failover';

export const dynamic = 'force-dynamic';

export const GET = apiRoute('read', async () => ({ operations: await listOperations() }));

/** POST {"change":{...},"expectedVersion":N,"confirm":"<region code>","reason":"..."} starts an operation. */
export const POST = apiRoute('failover:operate', async (req, { actor }) => {
  const { change, ...opts } = await readJson(req, commitSchema);
  return Response.json(await commitFailoverChange(change, opts, actor), { status: 201 });
});
