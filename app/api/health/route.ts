import { db } from '@/lib/db';
import { fleetRuntime } from '@/lib/runtime/fleet-runtime';

export const dynamic = 'force-dynamic';

/** Liveness and readiness for load balancers and test harnesses: 200 once the database answers. */
export async function GET() {
  try {
    await db.region.count();
    const rt = await fleetRuntime();
    return Response.json({ ok: true, leader: rt.isLeader, instance: rt.cluster?.instanceId ?? 'single' });
  } catch {
    return Response.json({ ok: false }, { status: 503 });
  }
}
