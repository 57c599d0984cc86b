// The runtime's step watchdog: a step stalled past STEP_STALL_MS no longer blocks the clock, and when the stalled step
// finally ends it does not clear the flag of the step that replaced it (two steps would then run at once).
import { describe, expect, it, vi } from 'vitest';

vi.mock('next/cache', () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));
const { FleetRuntime } = await import('../lib/runtime/fleet-runtime');

describe('step watchdog', () => {
  it('moves past a stalled step, and the stalled one ending does not let a second step run beside the new one', async () => {
    const rt = new FleetRuntime(); // no timer: the test drives the clock
    await rt.reload('start');
    // Every step waits in flushRollups on a gate the test opens.
    const gates: (() => void)[] = [];
    const internals = rt as unknown as { flushRollups: () => Promise<void>; pendingRollups: unknown[] };
    internals.flushRollups = () => new Promise<void>((resolve) => gates.push(resolve));
    const startStep = (at: number) => {
      internals.pendingRollups.push({});
      return rt.stepOnTimer(at);
    };

    const stalled = startStep(Date.now());
    await vi.waitFor(() => expect(gates).toHaveLength(1));
    void startStep(Date.now()); // a step is running: the clock waits
    expect(gates).toHaveLength(1);

    const next = startStep(Date.now() + 16_000); // past STEP_STALL_MS: the next step starts
    await vi.waitFor(() => expect(gates).toHaveLength(2));

    gates[0]!(); // the stalled step ends while the new one still runs
    await stalled;
    void startStep(Date.now());
    expect(gates).toHaveLength(2);

    gates[1]!();
    await next;
    const last = startStep(Date.now()); // the new step over: the clock runs again
    await vi.waitFor(() => expect(gates).toHaveLength(3));
    gates[2]!();
    await last;
  });
});
