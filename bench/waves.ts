// Release planning and gates at scale: planWaves over a 1,000-region synthetic fleet (lib/sim syntheticRegions) and one
// gate evaluation (evaluateGate: z-test, latency ratio, burn). Medians of many runs. Writes bench/results/waves.json.
// Run: npx tsx bench/waves.ts

import { evaluateGate } from '../lib/releases/gates';
import { type PlanRegion, planWaves } from '../lib/releases/plan';
import { syntheticRegions } from '../lib/sim';
import { createRng, seedState } from '../lib/sim/rng';
import { loadNote, median, mergeResults, round } from './lib';

const REGIONS = 1000;
const SEED = 42;
const WARMUP = 20;
const RUNS = 200;
const GATE_RUNS = 100_000;

const loadBefore = loadNote();
const rng = createRng(seedState(SEED));
// Traffic drawn at random; 3 % drained and 2 % in an incident, so the skip logic runs too.
const regions: PlanRegion[] = syntheticRegions(REGIONS, SEED).map((r) => {
  const u = rng.next();
  return { id: r.id, code: r.code, country: r.country, rps: Math.round(rng.next() * 5000), drained: u < 0.03, inIncident: u >= 0.03 && u < 0.05 };
});

const time = (fn: () => void) => {
  const t = performance.now();
  fn();
  return performance.now() - t;
};

let plan = planWaves(regions);
for (let i = 0; i < WARMUP; i++) plan = planWaves(regions);
const planMs = median(Array.from({ length: RUNS }, () => time(() => (plan = planWaves(regions)))));

const gate = {
  candidate: { rps: 120, errorRate: 0.2, p95Ms: 140 },
  baseline: { rps: 40_000, errorRate: 0.001, p95Ms: 110 },
  candidateBefore: { rps: 120, errorRate: 0.001, p95Ms: 105 },
  baselineBefore: { rps: 40_000, errorRate: 0.001, p95Ms: 108 },
  bakeS: 300,
  sloAvailabilityPct: 99.95,
};
let pass = true;
// One evaluation is well under a microsecond: time batches of 1,000 and divide.
const batches = Array.from({ length: GATE_RUNS / 1000 }, () =>
  time(() => {
    for (let i = 0; i < 1000; i++) pass = evaluateGate(gate).pass;
  }),
);
const gateMs = median(batches) / 1000;

const out = mergeResults(
  'waves',
  'waves',
  { plan_ms_1000_regions: round(planMs, 3), gate_eval_ms: round(gateMs, 5) },
  `planWaves over ${REGIONS} synthetic regions (seed ${SEED}; ${plan.waves.length} waves of ${plan.waves.map((w) => w.regionIds.length).join('/')} regions, ${plan.skipped.length} skipped): median of ${RUNS} runs after ${WARMUP} warm-up. evaluateGate: median of ${GATE_RUNS / 1000} batches of 1,000 (gate ${pass ? 'passes' : 'fails'} on the worked bad-version example). Before: ${loadBefore}; after: ${loadNote()}.`,
);
console.log(out);
