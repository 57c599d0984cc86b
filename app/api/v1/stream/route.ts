import { apiRoute } from '@/lib/api/handler';
import { bus } from '@/lib/live/bus';
import type { LiveEvent } from '@/lib/live/types';
import { fleetRuntime } from '@/lib/runtime/fleet-runtime';

export const dynamic = 'force-dynamic';

const SNAPSHOT_EVERY_MS = 1000; // deltas at most once a second

/**
 * Server-Sent Events: the latest snapshot at once, then snapshots (at most one a second) and every other event.
 * A client that reconnects with Last-Event-ID gets the events it missed, or a fresh snapshot when too far behind.
 */
export const GET = apiRoute('read', async (req) => {
  await fleetRuntime();
  const encoder = new TextEncoder();
  const lastId = Number(req.headers.get('last-event-id') ?? new URL(req.url).searchParams.get('lastEventId') ?? 0);
  let unsubscribe = () => {};
  let heartbeat: NodeJS.Timeout | undefined;
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      const send = (id: number, e: LiveEvent) => {
        try {
          controller.enqueue(encoder.encode(`id: ${id}\nevent: ${e.type}\ndata: ${JSON.stringify(e.data)}\n\n`));
        } catch {
          unsubscribe();
        }
      };
      controller.enqueue(encoder.encode('retry: 1000\n\n'));
      const missed = lastId ? bus.since(lastId) : null;
      if (missed) for (const e of missed.filter((x) => x.type !== 'snapshot')) send(e.id, e);
      const snap = bus.latestSnapshot();
      if (snap) {
        const { eventId, ...data } = snap;
        send(eventId, { type: 'snapshot', data });
      }
      let lastSnapshotAt = 0;
      unsubscribe = bus.subscribe((e) => {
        if (e.type === 'snapshot') {
          const now = Date.now();
          if (now - lastSnapshotAt < SNAPSHOT_EVERY_MS * 0.9) return;
          lastSnapshotAt = now;
        }
        send(e.id, e);
      });
      heartbeat = setInterval(() => {
        try {
          controller.enqueue(encoder.encode(': keep-alive\n\n'));
        } catch {
          unsubscribe();
        }
      }, 15_000);
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
