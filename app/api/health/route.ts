import { db } from '@/lib/db';

export const dynamic = 'force-dynamic';

/** Liveness and readiness for load balancers and the e2e harness: 200 once the database answers. */
export async function GET() {
  try {
    await db.region.count();
    return Response.json({ ok: true });
  } catch {
    return Response.json({ ok: false }, { status: 503 });
  }
}
