import { apiRoute } from '@/lib/api/handler';
import { bus } from '@/lib/live/bus';
import { fleetRuntime } from '@/lib/runtime/fleet-runtime';

export const dynamic = 'force-dynamic';

const encoder = new TextEncoder();

/**
 * Server-Sent Events: the latest fleet snapshot at once, then a delta against it at most once a second, and every
 * other event (health, inventory, operation) as it happens. Frames are encoded once on the bus, not per client.
 * A client that reconnects with Last-Event-ID gets the events it missed, then a fresh snapshot to apply deltas to.
 */
export const GET = apiRoute('read', async (req) => {
  await fleetRuntime();
  const lastId = Number(req.headers.get('last-event-id') ?? new URL(req.url).searchParams.get('lastEventId') ?? 0);
  let unsubscribe = () => {};
  let heartbeat: NodeJS.Timeout | undefined;
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      const write = (bytes: Uint8Array) => {
        try {
          controller.enqueue(bytes);
        } catch {
          unsubscribe();
        }
      };
      write(encoder.encode('retry: 1000\n\n'));
      const missed = lastId ? bus.since(lastId) : null;
      if (missed) for (const e of missed) write(e.frame);
      if (bus.hasSnapshot()) write(bus.snapshotFrame());
      // Synchronously after the snapshot: the next delta on the bus is made against exactly that snapshot.
      unsubscribe = bus.subscribe((e) => write(e.frame));
      heartbeat = setInterval(() => write(encoder.encode(': keep-alive\n\n')), 15_000);
      req.signal.addEventListener('abort', () => {
        unsubscribe();
        clearInterval(heartbeat);
        try {
          controller.close();
        } catch {}
      });
    },
    cancel() {
      unsubscribe();
      clearInterval(heartbeat);
    },
  });
  return new Response(stream, {
    headers: { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store, no-transform', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' },
  });
});
