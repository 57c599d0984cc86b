import { apiRoute } from '@/lib/api/handler';
import { activeReleases } from '@/lib/queries/releases';

export const dynamic = 'force-dynamic';

/** Releases in flight and the regions on their new version: [{ releaseId, serviceId, version, fromVersion, status, regions }]. */
export const GET = apiRoute('read', async () => activeReleases());
