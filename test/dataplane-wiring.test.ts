// The control path end to end on a real HAProxy: an operator's failover operation writes the routing state, the
// fleet runtime follows it, and the HAProxy data plane configured by MERIDIAN_HAPROXY_SOCKET takes the change
// (drain → server in DRAIN, weight → the server's weight, restore → READY). Nobody calls the adapter directly.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Actor } from '../lib/auth/roles';
import { findHaproxyBinary, HAPROXY_MISSING_MESSAGE, type HaproxyStack, startHaproxyStack } from '../lib/dataplane/haproxy-harness';

vi.mock('next/cache', () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));

const SKIP = process.env.SKIP_HAPROXY === '1';
// Japan's regions: no other test file changes their routing.
const REGIONS = ['aws-ap-northeast-1', 'gcp-asia-northeast1', 'azure-japaneast'];
const operator: Actor = { userId: 'u-op', email: 'operator@test', name: 'op', role: 'operator', via: 'session' };

describe.skipIf(SKIP)('failover operations reach a real HAProxy through the runtime', () => {
  let stack: HaproxyStack | null = null;

  beforeAll(async () => {
    const bin = findHaproxyBinary();
    if (bin === null) throw new Error(HAPROXY_MISSING_MESSAGE);
    stack = await startHaproxyStack({ bin, regions: REGIONS.map((code) => ({ code, weight: 128 })), backendName: 'meridian' });
    process.env.MERIDIAN_HAPROXY_SOCKET = stack.socketPath;
    process.env.MERIDIAN_HAPROXY_BACKEND = 'meridian';
    // A runtime without its timer (no ticks): the data plane is applied on every routing reload.
    const { FleetRuntime } = await import('../lib/runtime/fleet-runtime');
    const rt = new FleetRuntime();
    await rt.reload('start');
    (globalThis as unknown as { meridianRuntime?: unknown }).meridianRuntime = rt;
  });

  afterAll(async () => {
    await stack?.stop();
  });

  const server = async (id: string) => {
    const observed = await stack?.adapter.read();
    return observed?.regions.find((r) => r.regionCode === id);
  };
  const version = async (id: string) => {
    const { db } = await import('../lib/db');
    return (await db.routingState.findUniqueOrThrow({ where: { scopeKey: id } })).version;
  };

  it('drain, weight and restore each land on the HAProxy server of that region', async () => {
    const { commitFailoverChange } = await import('../lib/failover/operations');
    const target = 'gcp-asia-northeast1';
    expect((await server(target))?.state).toBe('ready');

    await commitFailoverChange(
      { kind: 'drain', regionId: target },
      { expectedVersion: await version(target), confirm: 'asia-northeast1', reason: 'test: drain through HAProxy', override: false },
      operator,
    );
    await expect.poll(async () => (await server(target))?.state, { timeout: 5000, interval: 50 }).toBe('drain');
    // The other regions keep serving.
    expect((await server('azure-japaneast'))?.state).toBe('ready');

    await commitFailoverChange(
      { kind: 'set_weight', regionId: 'azure-japaneast', weight: 40 },
      { expectedVersion: await version('azure-japaneast'), reason: 'test: weight through HAProxy', override: false },
      operator,
    );
    await expect.poll(async () => (await server('azure-japaneast'))?.effectiveWeight, { timeout: 5000, interval: 50 }).toBe(40);

    for (const [id, change] of [
      [target, { kind: 'restore' as const, regionId: target }],
      ['azure-japaneast', { kind: 'set_weight' as const, regionId: 'azure-japaneast', weight: 128 }],
    ] as const) {
      await commitFailoverChange(change, { expectedVersion: await version(id), reason: 'test: undo', override: false }, operator);
    }
    await expect.poll(async () => (await server(target))?.state, { timeout: 5000, interval: 50 }).toBe('ready');
    await expect.poll(async () => (await server('azure-japaneast'))?.effectiveWeight, { timeout: 5000, interval: 50 }).toBe(128);
  });
});
