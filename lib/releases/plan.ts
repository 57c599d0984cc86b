// Wave planning for a release: pure, no I/O. The runner, the start form's preview, the tests and bench/waves.ts all
// call planWaves with plain data.
import { continentOf } from '../geo';

export const BAKE_S_MIN = 5;
export const CANARY_MIN_SHARE = 0.01;
export const BAKE_S_MAX = 24 * 3600;
export const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;

export interface PlanRegion {
  id: string;
  code: string;
  country: string;
  /** Current requests per second: the canary is the quietest eligible region, so a bad version hurts fewest users. */
  rps: number;
  drained: boolean;
  /** Runtime health 'down'/'degraded' or an active injected failure: not the time to change software there. */
  inIncident: boolean;
}

export interface Wave {
  index: number;
  label: string;
  regionIds: string[];
}

export interface SkippedRegion {
  regionId: string;
  reason: 'drained' | 'incident';
}

export interface WavePlan {
  waves: Wave[];
  skipped: SkippedRegion[];
}

export class PlanError extends Error {
  constructor(
    public readonly code: 'EMPTY_PLAN' | 'UNKNOWN_CANARY',
    message: string,
  ) {
    super(message);
  }
}

const byQuietest = (a: PlanRegion, b: PlanRegion) => a.rps - b.rps || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * Default plan: one canary region (the quietest eligible one with ≥ 1 % of the traffic, unless named), then one region per continent not yet
 * covered (the quietest of each), then the rest. Drained regions and regions in an incident are skipped and listed.
 * Throws EMPTY_PLAN when nothing is eligible.
 */
export function planWaves(regions: readonly PlanRegion[], opts: { canaryRegionId?: string } = {}): WavePlan {
  const skipped: SkippedRegion[] = [];
  const eligible: PlanRegion[] = [];
  for (const r of regions) {
    if (r.drained) skipped.push({ regionId: r.id, reason: 'drained' });
    else if (r.inIncident) skipped.push({ regionId: r.id, reason: 'incident' });
    else eligible.push(r);
  }
  if (eligible.length === 0) {
    throw new PlanError(
      'EMPTY_PLAN',
      regions.length === 0
        ? 'The service is not deployed in any region: there is nothing to roll out.'
        : `Every region of the service is drained or in an incident (${skipped.length} skipped): the wave plan would be empty.`,
    );
  }
  eligible.sort(byQuietest);
  // The quietest region that still carries ≥ 1 % of the service's traffic: few users at risk, yet enough requests
  // for the gate's test to see a difference during the bake.
  const total = eligible.reduce((s, r) => s + r.rps, 0);
  let canary = eligible.find((r) => r.rps >= total * CANARY_MIN_SHARE) ?? eligible[eligible.length - 1];
  if (opts.canaryRegionId) {
    const named = eligible.find((r) => r.id === opts.canaryRegionId);
    if (!named)
      throw new PlanError('UNKNOWN_CANARY', `${opts.canaryRegionId} cannot be the canary: the service does not run there, or it is drained or in an incident.`);
    canary = named;
  }
  const waves: Wave[] = [{ index: 0, label: `Canary: ${canary.code}`, regionIds: [canary.id] }];
  const covered = new Set([continentOf(canary.country)]);
  const perContinent: PlanRegion[] = [];
  for (const r of eligible) {
    if (r.id === canary.id) continue;
    const c = continentOf(r.country);
    if (covered.has(c)) continue;
    covered.add(c);
    perContinent.push(r);
  }
  if (perContinent.length) waves.push({ index: waves.length, label: 'One region per continent', regionIds: perContinent.map((r) => r.id) });
  const taken = new Set([canary.id, ...perContinent.map((r) => r.id)]);
  const rest = eligible.filter((r) => !taken.has(r.id));
  if (rest.length) waves.push({ index: waves.length, label: 'The rest', regionIds: rest.map((r) => r.id) });
  return { waves, skipped };
}

/** Null when fine, or the reason the version is refused. */
export function versionProblem(version: string, runningVersion: string | null): string | null {
  if (!SEMVER.test(version)) return `"${version}" is not a semantic version (like 1.4.2 or 2.0.0-rc.1).`;
  if (runningVersion !== null && version === runningVersion) return `${version} is already running: a release needs a different version.`;
  return null;
}
