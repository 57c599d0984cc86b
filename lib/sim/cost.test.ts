import { describe, expect, it } from 'vitest';
import { egressUsdPerHour, hourlyCostUsd, replicationUsdPerHour } from './cost';
import { region } from './test-fixtures';

const dub = { ...region('dub', 53.35, -6.26, 'EU'), provider: 'aws' as const };
const fra = { ...region('fra', 50.11, 8.68, 'EU'), provider: 'gcp' as const };
const vir = { ...region('vir', 39.04, -77.49, 'US'), provider: 'azure' as const };

describe('cost on the map edges', () => {
  it("traffic arcs' egress adds up to the fleet's egress", () => {
    const flows = [
      { region: dub, rps: 1200 },
      { region: dub, rps: 300 },
      { region: vir, rps: 2500 },
    ];
    const regionRps = [
      { regionId: 'dub', rps: 1500 },
      { regionId: 'vir', rps: 2500 },
    ];
    const total = hourlyCostUsd({ regions: [dub, vir], regionRps }).byCategory.egressUsd;
    const arcs = flows.reduce((s, f) => s + egressUsdPerHour(f.region, f.rps), 0);
    expect(arcs).toBeCloseTo(total, 9);
    // 1,500 rps × 20 kB × 3,600 s = 108 GB/h at AWS's $0.09/GB (EU at US level).
    expect(egressUsdPerHour(dub, 1500)).toBeCloseTo(108 * 0.09, 9);
  });

  it("replication arcs are the primary's replication cost; on GCP crossing an ocean costs more than staying in Europe", () => {
    const store = { id: 's', name: 's', primaryRegionId: 'fra', replicaRegionIds: ['dub', 'vir'], pinnedJurisdiction: null, maxLagMs: 1000 };
    const regionRps = [
      { regionId: 'fra', rps: 4000 },
      { regionId: 'dub', rps: 0 },
      { regionId: 'vir', rps: 0 },
    ];
    const cost = hourlyCostUsd({ regions: [dub, fra, vir], regionRps, dataStores: [store] });
    const arcs = replicationUsdPerHour(fra, dub, 4000, 1) + replicationUsdPerHour(fra, vir, 4000, 1);
    expect(arcs).toBeCloseTo(cost.byRegion.fra.interRegionUsd, 9);
    expect(replicationUsdPerHour(fra, vir, 4000, 1)).toBeGreaterThan(replicationUsdPerHour(fra, dub, 4000, 1));
    expect(replicationUsdPerHour(fra, dub, 4000, 0)).toBe(0);
  });
});
