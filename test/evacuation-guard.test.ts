// A gradual evacuation watches the regions receiving the traffic: when one of them starts failing requests, the
// operation rolls itself back (routing restored as it found it) and the audit log says why.
import { describe, expect, it, vi } from 'vitest';
import type { Actor } from '../lib/auth/roles';

vi.mock('next/cache', () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));

const { FleetRuntime } = await import('../lib/runtime/fleet-runtime');
const rt = new FleetRuntime(); // no timer: the test ticks it
await rt.reload('start');
(globalThis as unknown as { meridianRuntime?: unknown }).meridianRuntime = rt;
const { commitFailoverChange, previewFailoverChange } = await import('../lib/failover/operations');
const { db } = await import('../lib/db');
const operator: Actor = { userId: 'u-op', email: 'operator@test', name: 'op', role: 'operator', via: 'session' };

// Australia: no other test file touches its routing.
const REGION = 'aws-ap-southeast-2';

describe('evacuation guard', () => {
  it('rolls back by itself when a receiving region degrades, restoring the routing and saying why', async () => {
    const change = { kind: 'evacuate' as const, regionId: REGION, steps: 3, waitS: 1 };
    const preview = await previewFailoverChange(change);
    expect(preview.violations).toEqual([]);
    const receivers = preview.regions.filter((r) => r.rpsAfter > r.rpsBefore).map((r) => r.regionId);
    expect(receivers.length).toBeGreaterThan(0);
    const before = await db.routingState.findUniqueOrThrow({ where: { scopeKey: REGION } });

    const { operationId } = await commitFailoverChange(
      change,
      { expectedVersion: before.version, confirm: 'ap-southeast-2', reason: 'test: guard', override: false },
      operator,
    );
    // Step 1 ran at once: the dial went down.
    expect((await db.routingState.findUniqueOrThrow({ where: { scopeKey: REGION } })).dialPct).toBeLessThan(before.dialPct);

    const failures = receivers.map((regionId) => rt.inject({ kind: 'degradation', regionId, errorRate: 0.3 }));
    await expect
      .poll(
        async () => {
          await rt.step(); // a tick of the model, then due operation steps: the guard looks before step 2
          return (await db.operation.findUniqueOrThrow({ where: { id: operationId } })).status;
        },
        { timeout: 15_000, interval: 250 },
      )
      .toBe('rolled_back');

    const after = await db.routingState.findUniqueOrThrow({ where: { scopeKey: REGION } });
    expect({ dialPct: after.dialPct, drained: after.drained, weight: after.weight }).toEqual({
      dialPct: before.dialPct,
      drained: before.drained,
      weight: before.weight,
    });
    const op = await db.operation.findUniqueOrThrow({ where: { id: operationId } });
    expect(op.step).toBe(1);
    expect(op.lockKey).toBeNull();
    const rollback = await db.auditEvent.findFirstOrThrow({ where: { operationId, action: 'operation.rollback' } });
    expect(rollback.reason).toMatch(/Automatic rollback: .* crossed a guard \(error rate/);
    for (const id of failures) rt.clear(id);
  });

  it('an operator can abort at any step: the routing goes back to what the operation found', async () => {
    const { rollBack } = await import('../lib/failover/operations');
    const region = 'aws-ca-central-1';
    const before = await db.routingState.findUniqueOrThrow({ where: { scopeKey: region } });
    const { operationId } = await commitFailoverChange(
      { kind: 'evacuate', regionId: region, steps: 4, waitS: 600 },
      { expectedVersion: before.version, confirm: 'ca-central-1', reason: 'test: abort', override: false },
      operator,
    );
    expect((await db.routingState.findUniqueOrThrow({ where: { scopeKey: region } })).dialPct).toBe(75);
    await rollBack(operationId, 'aborted', operator.email, 'test: changed my mind', rt);
    const after = await db.routingState.findUniqueOrThrow({ where: { scopeKey: region } });
    expect(after.dialPct).toBe(before.dialPct);
    const op = await db.operation.findUniqueOrThrow({ where: { id: operationId } });
    expect(op.status).toBe('aborted');
    expect(await db.auditEvent.count({ where: { operationId, action: 'operation.abort', actor: operator.email } })).toBe(1);
    // A finished operation cannot be stopped again.
    await expect(rollBack(operationId, 'aborted', operator.email, 'again', rt)).rejects.toThrow(/only a running operation can be stopped/);
  });
});
