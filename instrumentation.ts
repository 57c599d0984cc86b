// Runs once when the server starts: start the fleet runtime (model ticks, health detection, live bus).
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs' || process.env.MERIDIAN_RUNTIME === 'off') return;
  const { fleetRuntime } = await import('./lib/runtime/fleet-runtime');
  await fleetRuntime().catch((e) => console.error('Fleet runtime failed to start:', e));
}
