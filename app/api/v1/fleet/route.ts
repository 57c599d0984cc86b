import { apiRoute } from '@/lib/api/handler';
import { bus } from '@/lib/live/bus';
import { fleetRuntime } from '@/lib/runtime/fleet-runtime';

export const dynamic = 'force-dynamic';

/**
 * The fleet right now: regions with live figures, flows, replication, active failures. It is the snapshot the live
 * stream's deltas continue from (at most a second old), so a client that resyncs here can apply the next delta.
 */
export const GET = apiRoute('read', async () => {
  const rt = await fleetRuntime();
  return bus.latestSnapshot() ?? rt.snapshot();
});
