import { apiRoute } from '@/lib/api/handler';
import { db } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { regionBurn } from '@/lib/queries/slo';

export const dynamic = 'force-dynamic';

export type RegionBurn = { burn: Awaited<ReturnType<typeof regionBurn>> };

/**
 * GET /api/v1/regions/<id>/burn — the region's SLO burn (lib/queries/slo regionBurn) for the map's region panel: burn
 * rates per window against the strictest availability objective of the services deployed there, and firing alerts.
 * `burn: null` when no active service runs in the region; 404 for a region that does not exist.
 */
export const GET = apiRoute<{ id: string }>('read', async (_req, { params }): Promise<RegionBurn> => {
  if (!params.id || params.id.length > 100) throw new AppError('VALIDATION', 'Bad region id.');
  if (!(await db.region.findUnique({ where: { id: params.id }, select: { id: true } }))) throw new AppError('NOT_FOUND', `There is no region ${params.id}.`);
  return { burn: await regionBurn(params.id) };
});
