// The tests' fleet hour is pinned (test/sim-clock.ts, set by the global setup); the runtime must start there, or
// every test that drains a region passes or fails with the hour CI happens to run at.
import { describe, expect, it, vi } from 'vitest';
import { TEST_SIM_START } from './sim-clock';

vi.mock('next/cache', () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));

describe('the fleet model clock in tests', () => {
  it('starts at MERIDIAN_SIM_START, whatever the wall clock says', async () => {
    expect(process.env.MERIDIAN_SIM_START).toBe(TEST_SIM_START);
    const { FleetRuntime } = await import('../lib/runtime/fleet-runtime');
    const rt = new FleetRuntime(); // no timer
    await rt.reload('start', false);
    expect(rt.snapshot().sim.fleetTimeMs).toBe(Date.parse(TEST_SIM_START));
  });
});
