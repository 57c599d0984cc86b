// GET /api/v1/stream: a new client gets a snapshot, then deltas it can apply; a client that reconnects with
// Last-Event-ID first gets the events it missed, then a fresh snapshot to continue from.
import { describe, expect, it, vi } from 'vitest';
import type { Actor } from '../lib/auth/roles';
import type { LiveDelta } from '../lib/live/delta';
import type { LiveSnapshot } from '../lib/live/types';

vi.mock('next/cache', () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));
const viewer: Actor = { userId: 'u', email: 'viewer@test', name: 'v', role: 'viewer', via: 'token' };
vi.mock('../lib/auth/session', () => ({ currentActor: async () => viewer }));

// A runtime without its timer: the test decides when snapshots are published.
const { FleetRuntime } = await import('../lib/runtime/fleet-runtime');
const rt = new FleetRuntime();
await rt.reload('start');
(globalThis as unknown as { meridianRuntime?: unknown }).meridianRuntime = rt;
const { GET } = await import('../app/api/v1/stream/route');
const { bus } = await import('../lib/live/bus');
const { applyDelta } = await import('../lib/live/delta');

interface Frame {
  id: number;
  event: string;
  data: unknown;
}

/** Opens the stream and reads frames until `until` says stop; then closes it. */
async function read(headers: Record<string, string>, until: (frames: Frame[]) => boolean, publish?: () => void): Promise<Frame[]> {
  const ctrl = new AbortController();
  const res = await GET(new Request('http://localhost/api/v1/stream', { headers, signal: ctrl.signal }), { params: Promise.resolve({}) });
  expect(res.status).toBe(200);
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  const dec = new TextDecoder();
  const frames: Frame[] = [];
  let buf = '';
  let published = false;
  while (!until(frames)) {
    const { value, done } = await reader.read();
    if (done) break;
    buf += dec.decode(value, { stream: true });
    for (let i = buf.indexOf('\n\n'); i >= 0; i = buf.indexOf('\n\n')) {
      const block = buf.slice(0, i);
      buf = buf.slice(i + 2);
      const id = /^id: (\d+)$/m.exec(block)?.[1];
      const event = /^event: (\w+)$/m.exec(block)?.[1];
      const data = /^data: (.*)$/m.exec(block)?.[1];
      if (id && event && data) frames.push({ id: Number(id), event, data: JSON.parse(data) });
    }
    if (!published && frames.length && publish) {
      published = true;
      publish();
    }
  }
  ctrl.abort();
  await reader.cancel().catch(() => {});
  return frames;
}

describe('live stream', () => {
  it('starts with a snapshot, then sends deltas that apply to it', async () => {
    bus.publish({ type: 'snapshot', data: rt.snapshot() });
    const frames = await read(
      {},
      (f) => f.some((x) => x.event === 'delta'),
      () => setTimeout(() => bus.publish({ type: 'snapshot', data: rt.snapshot() }), 0),
    );
    expect(frames[0].event).toBe('snapshot');
    const first = frames[0].data as LiveSnapshot;
    // Each edge carries its cost: internet egress on traffic arcs, inter-region transfer on replication links.
    expect(first.flows.every((f) => (f.egressUsdPerHour ?? 0) > 0)).toBe(true);
    expect(first.replication.every((r) => (r.transferUsdPerHour ?? 0) > 0)).toBe(true);
    const delta = frames.find((x) => x.event === 'delta')?.data as LiveDelta;
    expect(delta.base).toBe(first.seq);
    expect(applyDelta(first, delta).seq).toBe(delta.seq);
  });

  it('a reconnect with Last-Event-ID gets the missed events, then a fresh snapshot', async () => {
    const seen = await read({}, (f) => f.length > 0);
    const lastId = seen[0].id;
    bus.publish({ type: 'health', data: { regionId: 'aws-eu-west-1', from: 'healthy', to: 'degraded', at: Date.now() } });
    bus.publish({ type: 'operation', data: { id: 'op-1', status: 'running', step: 1, totalSteps: 2 } });
    const frames = await read({ 'last-event-id': String(lastId) }, (f) => f.some((x) => x.event === 'snapshot'));
    expect(frames.map((f) => f.event)).toEqual(['health', 'operation', 'snapshot']);
    expect(frames[0].data).toMatchObject({ regionId: 'aws-eu-west-1', to: 'degraded' });
    expect(frames[0].id).toBeGreaterThan(lastId);
  });

  it('a client too far behind gets no replay, only the snapshot to resync from', async () => {
    for (let i = 0; i < 250; i++) bus.publish({ type: 'inventory', data: { reason: `test ${i}` } });
    const frames = await read({ 'last-event-id': '1' }, (f) => f.some((x) => x.event === 'snapshot'));
    expect(frames.map((f) => f.event)).toEqual(['snapshot']);
  });
});
