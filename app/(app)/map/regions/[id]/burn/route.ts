import { apiRoute } from '@/lib/api/handler';
import { regionBurn } from '@/lib/queries/slo';

export const dynamic = 'force-dynamic';

export type RegionBurn = { burn: Awaited<ReturnType<typeof regionBurn>> };

/**
 * GET /map/regions/<id>/burn — the region's SLO burn (lib/queries/slo regionBurn) for the map's region panel: burn
 * rates per window against the strictest availability objective of the services deployed there, and firing alerts.
 * `burn: null` when no active service runs in the region.
 */
export const GET = apiRoute<{ id: string }>('read', async (_req, { params }): Promise<RegionBurn> => ({ burn: await regionBurn(params.id) }));
