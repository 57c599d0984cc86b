import { apiRoute, readJson } from '@/lib/api/handler';
import { listReleases } from '@/lib/queries/releases';
import { ensureReleaseClock, startRelease } from '@/lib/releases/runner';
import { fleetRuntime } from '@/lib/runtime/fleet-runtime';
import { startReleaseSchema } from '@/lib/schemas/release';

export const dynamic = 'force-dynamic';

export const GET = apiRoute('read', async () => ({ releases: await listReleases() }));

/** POST {"serviceId","version","bakeS","autoRollback","simulateBadVersion":{"errorRate"}|null,"reason"} starts a release. */
export const POST = apiRoute('fleet:write', async (req, { actor }) => {
  const input = await readJson(req, startReleaseSchema);
  const rt = await fleetRuntime();
  ensureReleaseClock(rt);
  return Response.json(await startRelease(input, actor, rt), { status: 201 });
});
