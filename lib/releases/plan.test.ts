import { describe, expect, it } from 'vitest';
import { continentOf } from '../geo';
import { PlanError, type PlanRegion, planWaves, versionProblem } from './plan';

const r = (id: string, country: string, rps: number, extra: Partial<PlanRegion> = {}): PlanRegion => ({
  id,
  code: id,
  country,
  rps,
  drained: false,
  inIncident: false,
  ...extra,
});

// Eight regions on four continents; rps makes the quietest one obvious.
const fleet = [
  r('us-east', 'US', 9000),
  r('us-west', 'US', 4000),
  r('eu-west', 'IE', 7000),
  r('eu-central', 'DE', 3000),
  r('ap-south', 'IN', 5000),
  r('ap-east', 'JP', 6000),
  r('sa-east', 'BR', 800),
  r('ca-central', 'CA', 1200),
];

describe('planWaves', () => {
  it('puts the quietest region first as the canary, alone', () => {
    const { waves } = planWaves(fleet);
    expect(waves[0]).toMatchObject({ index: 0, regionIds: ['sa-east'] });
  });

  it('then one region per continent not yet covered (the quietest of each), then the rest', () => {
    const { waves } = planWaves(fleet);
    // Canary sa-east covers South America. Quietest per other continent: North America ca-central (1200),
    // Europe eu-central (3000), Asia ap-south (5000).
    expect(waves[1].regionIds).toEqual(['ca-central', 'eu-central', 'ap-south']);
    expect(new Set(waves[1].regionIds.map((id) => continentOf(fleet.find((x) => x.id === id)?.country ?? ''))).size).toBe(3);
    expect(waves[2].regionIds.sort()).toEqual(['ap-east', 'eu-west', 'us-east', 'us-west']);
    expect(waves.flatMap((w) => w.regionIds)).toHaveLength(fleet.length);
  });

  it('skips regions too quiet for the gate to judge: the canary carries at least 1 % of the traffic', () => {
    // Total 36,000 + 50 rps; 1 % = 360.5 rps: 'tiny' (50) is quieter than sa-east (800) but under 1 %.
    const { waves } = planWaves([...fleet, r('tiny', 'CL', 50)]);
    expect(waves[0].regionIds).toEqual(['sa-east']);
    expect(waves.flatMap((w) => w.regionIds)).toContain('tiny');
  });

  it('honours a named canary', () => {
    expect(planWaves(fleet, { canaryRegionId: 'eu-west' }).waves[0].regionIds).toEqual(['eu-west']);
    expect(() => planWaves(fleet, { canaryRegionId: 'nowhere' })).toThrow(PlanError);
  });

  it('skips drained regions and regions in an incident, and says why', () => {
    const regions = fleet.map((x) => (x.id === 'sa-east' ? { ...x, drained: true } : x.id === 'ca-central' ? { ...x, inIncident: true } : x));
    const { waves, skipped } = planWaves(regions);
    const planned = waves.flatMap((w) => w.regionIds);
    expect(planned).not.toContain('sa-east');
    expect(planned).not.toContain('ca-central');
    expect(skipped).toEqual([
      { regionId: 'sa-east', reason: 'drained' },
      { regionId: 'ca-central', reason: 'incident' },
    ]);
    // Next quietest becomes the canary.
    expect(waves[0].regionIds).toEqual(['eu-central']);
  });

  it('refuses an empty plan', () => {
    expect(() => planWaves([])).toThrow(/not deployed in any region/);
    const allOut = fleet.map((x) => ({ ...x, drained: true }));
    expect(() => planWaves(allOut)).toThrow(/would be empty/);
  });

  it('a single region is a one-wave plan', () => {
    expect(planWaves([r('only', 'US', 10)]).waves).toHaveLength(1);
  });
});

describe('versionProblem', () => {
  it('wants semver different from the running version', () => {
    expect(versionProblem('1.2.3', '1.2.2')).toBeNull();
    expect(versionProblem('2.0.0-rc.1', '1.9.0')).toBeNull();
    expect(versionProblem('latest', '1.2.2')).toMatch(/not a semantic version/);
    expect(versionProblem('1.2', '1.2.2')).toMatch(/not a semantic version/);
    expect(versionProblem('01.2.3', '1.2.2')).toMatch(/not a semantic version/);
    expect(versionProblem('1.2.2', '1.2.2')).toMatch(/already running/);
  });
});
