'use server';
import { revalidatePath } from 'next/cache';
import { ensureReleaseClock, pauseRelease, promoteRelease, resumeRelease, rollbackRelease, startRelease as start } from '../releases/runner';
import { fleetRuntime } from '../runtime/fleet-runtime';
import { releaseControlSchema, startReleaseSchema } from '../schemas/release';
import { defineAction } from './action';

/** Plans the waves, refuses bad input (version, bake, empty plan, a release already running), starts wave 1. */
export const startRelease = defineAction('fleet:write', startReleaseSchema, async (input, actor) => {
  const rt = await fleetRuntime();
  ensureReleaseClock(rt);
  const out = await start(input, actor, rt);
  revalidatePath('/releases');
  return out;
});

/** Skips the rest of the current wave's bake (and its gate) and starts the next wave. */
export const promoteReleaseWave = defineAction('fleet:write', releaseControlSchema, async ({ id, reason }, actor) => {
  const rt = await fleetRuntime();
  ensureReleaseClock(rt);
  const out = await promoteRelease(id, actor, reason, rt);
  revalidatePath(`/releases/${id}`);
  return out;
});

export const pauseReleaseWave = defineAction('fleet:write', releaseControlSchema, async ({ id, reason }, actor) => {
  const out = await pauseRelease(id, actor, reason);
  revalidatePath(`/releases/${id}`);
  return out;
});

export const resumeReleaseWave = defineAction('fleet:write', releaseControlSchema, async ({ id, reason }, actor) => {
  ensureReleaseClock(await fleetRuntime());
  const out = await resumeRelease(id, actor, reason);
  revalidatePath(`/releases/${id}`);
  return out;
});

/** Reverts the waves newest first, with a short wait between them. */
export const rollBackRelease = defineAction('fleet:write', releaseControlSchema, async ({ id, reason }, actor) => {
  const rt = await fleetRuntime();
  ensureReleaseClock(rt);
  const out = await rollbackRelease(id, actor, reason, rt);
  revalidatePath(`/releases/${id}`);
  return out;
});
