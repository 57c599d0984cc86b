import { apiRoute } from '@/lib/api/handler';
import { getFailoverBoard, listOperations } from '@/lib/queries/operations';

export const dynamic = 'force-dynamic';

/** Routing versions, data stores and recent operations: what the failover page needs besides the live snapshot. */
export const GET = apiRoute('read', async () => ({ ...(await getFailoverBoard()), operations: await listOperations() }));
