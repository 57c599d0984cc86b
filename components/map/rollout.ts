// The rollout overlay: while a release runs, each region of its service is ringed in the colour of the version it
// runs (VERSION_COLOURS, shared with the release page). Pure: fed by GET /api/v1/releases/active.
import { VERSION_COLOURS } from '@/lib/releases/colours';

/** One entry of GET /api/v1/releases/active. */
export interface ActiveRelease {
  releaseId: string;
  serviceId: string;
  version: string;
  fromVersion: string;
  status: string;
  /** regions already on the new version */
  regions: string[];
}

export interface RolloutVersions {
  release: ActiveRelease;
  /** region id → the version it runs and its colour */
  byRegion: Map<string, { version: string; colour: string }>;
  legend: { version: string; colour: string; regions: number; label: 'new' | 'old' }[];
}

export function rolloutVersions(release: ActiveRelease, serviceRegionIds: readonly string[]): RolloutVersions {
  const onNew = new Set(release.regions);
  const byRegion = new Map<string, { version: string; colour: string }>();
  for (const id of new Set([...serviceRegionIds, ...release.regions]))
    byRegion.set(id, onNew.has(id) ? { version: release.version, colour: VERSION_COLOURS.new } : { version: release.fromVersion, colour: VERSION_COLOURS.old });
  const count = (v: string) => [...byRegion.values()].filter((x) => x.version === v).length;
  return {
    release,
    byRegion,
    legend: [
      { version: release.version, colour: VERSION_COLOURS.new, regions: onNew.size, label: 'new' },
      {
        version: release.fromVersion,
        colour: VERSION_COLOURS.old,
        regions: count(release.fromVersion) - (release.fromVersion === release.version ? onNew.size : 0),
        label: 'old',
      },
    ],
  };
}
