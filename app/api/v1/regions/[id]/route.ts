import { apiRoute } from '@/lib/api/handler';
import { getRegionPanel } from '@/lib/queries/region-panel';

export const dynamic = 'force-dynamic';

/** GET — one region's deployments, database role, cost (today, last full day, month to date) and recent events. */
export const GET = apiRoute<{ id: string }>('read', async (_req, { params }) => getRegionPanel(params.id));
