// Failover preview at scale: previewControl (the pure what-if the failover page and the safety check share) for
// evacuating one region of a 1,000-region synthetic fleet. Goal ≤ 50 ms. Merges into bench/results/failover.json.
// Run: npx tsx bench/failover-preview.ts

import { previewControl } from '../lib/failover/preview';
import type { FleetFacts } from '../lib/failover/types';
import { createFleet, defaultRouting, syntheticRegions, tick } from '../lib/sim';
import { loadNote, median, mergeResults, round } from './lib';

const REGIONS = 1000;
const SEED = 42;
const WARMUP = 5;
const RUNS = 20;
const GOAL_MS = 50;
const PINNED = ['EU', 'IN', 'BR', 'CH'] as const;

const loadBefore = loadNote();
const regions = syntheticRegions(REGIONS, SEED);
const routing = defaultRouting(regions);
let state = createFleet({
  regions,
  routing,
  seed: 7,
  // 18:00 UTC on a weekday: Europe's evening, the Americas' afternoon: a busy hour.
  startTimeMs: Date.UTC(2025, 2, 12, 18, 0, 0),
  policy: { pinnedJurisdictions: [...PINNED] },
});
// A few ticks so demand and capacity are those of a running fleet, not the initial state.
for (let i = 0; i < 5; i++) state = tick(state);

const facts: FleetFacts = {
  regions: regions.map((r) => ({ id: r.id, code: r.code, jurisdiction: r.jurisdiction, status: r.status, health: 'healthy' })),
  routing,
  dataStores: [],
  replicaLagMs: {},
  pinnedJurisdictions: [...PINNED],
  busyScopes: [],
};
// The busiest US region: not pinned, so the preview runs every rule instead of stopping at sovereignty.
const busiest = [...state.output.regions].filter((o) => regions.find((r) => r.id === o.regionId)?.jurisdiction === 'US').sort((a, b) => b.rps - a.rps)[0];
const change = { kind: 'evacuate', regionId: busiest.regionId, steps: 4, waitS: 30 } as const;

for (let i = 0; i < WARMUP; i++) previewControl(state, facts, change);
const ms: number[] = [];
let last = previewControl(state, facts, change);
for (let i = 0; i < RUNS; i++) {
  const t0 = performance.now();
  last = previewControl(state, facts, change);
  ms.push(performance.now() - t0);
}
const med = median(ms);
console.log(
  `previewControl evacuate ${change.regionId} (${round(busiest.rps, 0)} rps) in a ${REGIONS}-region fleet: median ${med.toFixed(2)} ms, ` +
    `min ${Math.min(...ms).toFixed(2)}, max ${Math.max(...ms).toFixed(2)} (goal ≤ ${GOAL_MS} ms); ` +
    `${last.steps.length} steps, ${round(last.affected.rps, 0)} rps moved, ${last.violations.length} violations`,
);
mergeResults(
  'failover',
  'failover-preview',
  { preview_ms_1000_regions: round(med, 2) },
  `preview_ms_1000_regions: previewControl for evacuating the busiest US region (${change.regionId}, ${change.steps} steps) of ` +
    `syntheticRegions(${REGIONS}, ${SEED}) at 18:00 UTC, all healthy, default routing, no data stores, pinned ${PINNED.join('/')}; ` +
    `median of ${RUNS} after ${WARMUP} warm-up (min ${Math.min(...ms).toFixed(2)}, max ${Math.max(...ms).toFixed(2)} ms; goal ≤ ${GOAL_MS} ms). ` +
    `Preview: ${round(last.affected.rps, 0)} rps moved, ${last.violations.length} violations (${[...new Set(last.violations.map((v) => v.rule))].join(', ')}). ` +
    `Shared machine: ${loadBefore} before, ${loadNote()} after.`,
);
if (med > GOAL_MS) console.warn(`over the ${GOAL_MS} ms goal`);
