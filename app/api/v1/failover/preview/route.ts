import { apiRoute, readJson } from '@/lib/api/handler';
import { previewFailoverChange } from '@/lib/failover/operations';
import { previewSchema } from '@/lib/schemas/failover';

export const dynamic = 'force-dynamic';

/** POST {"change":{"kind":"drain","regionId":"aws-eu-west-1"}} → the what-if preview and the safety verdict. */
export const POST = apiRoute('read', async (req) => previewFailoverChange((await readJson(req, previewSchema)).change));
