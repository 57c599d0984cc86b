import { db } from '@/lib/db';
import { fleetRuntime } from '@/lib/runtime/fleet-runtime';

export const dynamic = 'force-dynamic';

/** Liveness and readiness for load balancers and test harnesses: 200 once the database answers. */
export async function GET() {
  try {
    await db.region.count();
    const rt = await fleetRuntime();
    return Response.json({
      ok: true,
      leader: rt.isLeader,
      instance: rt.cluster?.instanceId ?? 'single',
      // The model's progress on the instance that runs it: a tick counter and how long ago the last step ended.
      tick: rt.state?.tick ?? null,
      lastStepAgeMs: rt.lastStepAt ? Date.now() - rt.lastStepAt : null,
    });
  } catch {
    return Response.json({ ok: false }, { status: 503 });
  }
}
