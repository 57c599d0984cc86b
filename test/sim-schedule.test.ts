// Simulation failures scheduled for later and limited in time: not active before their start, active after,
// gone after their duration; visible as scheduled in the live snapshot, and cancellable.
import { describe, expect, it, vi } from 'vitest';
import type { Actor } from '../lib/auth/roles';

vi.mock('next/cache', () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));

const { FleetRuntime } = await import('../lib/runtime/fleet-runtime');
const rt = new FleetRuntime(); // no timer: the test ticks it
await rt.reload('start');
(globalThis as unknown as { meridianRuntime?: unknown }).meridianRuntime = rt;
const { applySimCommand } = await import('../lib/runtime/sim-control');
const { simCommandSchema } = await import('../lib/schemas/sim');
const operator: Actor = { userId: 'u-op', email: 'operator@test', name: 'op', role: 'operator', via: 'session' };

// South Africa's regions: no other test file touches them.
const REGION = 'aws-af-south-1';
const health = () => rt.snapshot().regions.find((r) => r.id === REGION);

describe('scheduled failures', () => {
  it('starts after its delay, lasts its duration, and shows as scheduled until then', async () => {
    const cmd = simCommandSchema.parse({ action: 'inject', failure: { kind: 'region_outage', regionId: REGION }, startInS: 2, durationS: 3 });
    const { failureId } = await applySimCommand(cmd, operator);
    let snap = rt.snapshot();
    expect(snap.failures.map((f) => f.id)).not.toContain(failureId);
    expect(snap.scheduled).toEqual([expect.objectContaining({ id: failureId, startsInS: 2, endsInS: 5, regionId: REGION })]);

    await rt.step(); // 1 s: still scheduled
    expect(rt.snapshot().scheduled?.map((f) => f.id)).toContain(failureId);
    await rt.step(); // 2 s: started
    snap = rt.snapshot();
    expect(snap.failures.find((f) => f.id === failureId)).toMatchObject({ endsInS: 3 });
    expect(snap.scheduled).toEqual([]);
    await rt.step();
    expect(health()?.rps).toBe(0); // the region is out: nothing routed to it

    for (let i = 0; i < 3; i++) await rt.step(); // 5 s: over
    expect(rt.snapshot().failures.map((f) => f.id)).not.toContain(failureId);
    expect(health()?.rps).toBeGreaterThan(0);
  });

  it('a scheduled failure can be cancelled before it starts', async () => {
    const cmd = simCommandSchema.parse({ action: 'inject', failure: { kind: 'degradation', regionId: REGION, errorRate: 0.5 }, startInS: 60 });
    const { failureId } = await applySimCommand(cmd, operator);
    expect(rt.snapshot().scheduled?.map((f) => f.id)).toContain(failureId);
    await applySimCommand({ action: 'clear', failureId: failureId as string }, operator);
    expect(rt.snapshot().scheduled).toEqual([]);
  });

  it.each([
    [{ startInS: -1 }, /startInS must be 0-86400 s/],
    [{ startInS: 90_000 }, /startInS must be 0-86400 s/],
    [{ durationS: 0 }, /durationS must be 1-86400 s/],
    [{ durationS: 1.5 }, /whole number/],
  ])('refuses %o', (extra, message) => {
    const r = simCommandSchema.safeParse({ action: 'inject', failure: { kind: 'region_outage', regionId: REGION }, ...extra });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toMatch(message);
  });
});
