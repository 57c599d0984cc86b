import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LiveBus } from './bus';
import { applyDelta, type LiveDelta } from './delta';
import type { LiveSnapshot } from './types';

const snap = (seq: number, rps: number): LiveSnapshot => ({
  seq,
  at: seq,
  sim: { running: true, speed: 1, tick: seq, fleetTimeMs: seq },
  totals: { rps, p95Ms: 1, errorRate: 0, users: 1, unservedRps: 0, byHealth: { healthy: 0, degraded: 0, down: 0 } },
  regions: [],
  flows: [{ country: 'IE', lat: 1, lng: 2, regionId: 'a', rps, rttMs: 10 }],
  replication: [],
  failures: [],
  hourlyCostUsd: 0,
});

/** Parses one SSE frame back into its parts. */
const parse = (frame: Uint8Array) => {
  const text = new TextDecoder().decode(frame);
  const [, id] = /^id: (\d+)$/m.exec(text) ?? [];
  const [, event] = /^event: (\w+)$/m.exec(text) ?? [];
  const [, data] = /^data: (.*)$/m.exec(text) ?? [];
  return { id: Number(id), event, data: JSON.parse(data) };
};

describe('live bus', () => {
  beforeEach(() => vi.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => vi.useRealTimers());

  it('sends snapshots at most once a second, as deltas a client can chain from the snapshot it started with', () => {
    const bus = new LiveBus();
    const got: ReturnType<typeof parse>[] = [];
    bus.publish({ type: 'snapshot', data: snap(1, 10) });
    // A client connecting now starts from the latest snapshot, then follows the bus.
    let held = parse(bus.snapshotFrame()).data as LiveSnapshot;
    bus.subscribe((e) => got.push(parse(e.frame)));

    bus.publish({ type: 'snapshot', data: snap(2, 20) });
    bus.publish({ type: 'snapshot', data: snap(3, 30) }); // coalesced with 2: only the newest goes out
    expect(got).toEqual([]);
    vi.advanceTimersByTime(999);
    expect(got).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(got.map((g) => g.event)).toEqual(['delta']);
    held = applyDelta(held, got[0].data as LiveDelta);
    expect(held).toEqual(snap(3, 30));

    vi.advanceTimersByTime(5000);
    bus.publish({ type: 'snapshot', data: snap(4, 40) }); // a second has passed: out at once
    expect(got).toHaveLength(2);
    expect(applyDelta(held, got[1].data as LiveDelta)).toEqual(snap(4, 40));
  });

  it('other events go out at once, and a reconnecting client gets what it missed but no stale deltas', () => {
    const bus = new LiveBus();
    bus.publish({ type: 'snapshot', data: snap(1, 10) });
    const first = parse(bus.snapshotFrame()).id;
    vi.advanceTimersByTime(1000);
    bus.publish({ type: 'health', data: { regionId: 'a', from: 'healthy', to: 'down', at: 1 } });
    bus.publish({ type: 'snapshot', data: snap(2, 20) });
    const missed = bus.since(first) ?? [];
    expect(missed.map((e) => e.type)).toEqual(['health']);
    expect(parse(missed[0].frame).data).toMatchObject({ regionId: 'a', to: 'down' });
    expect(bus.latestSnapshot()?.seq).toBe(2);
  });

  it('a client too far behind is told to resync', () => {
    const bus = new LiveBus();
    for (let i = 0; i < 300; i++) bus.publish({ type: 'inventory', data: { reason: String(i) } });
    expect(bus.since(5)).toBeNull();
    expect(bus.since(299)?.length).toBe(1);
  });
});
