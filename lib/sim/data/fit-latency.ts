// Grid search for the latency model's constants against the measured matrix (how DEFAULT_LATENCY_PARAMS in
// lib/sim/latency.ts were chosen). Ranges are kept to physically plausible values; the score weighs the median
// and the p90 error. Run: npx tsx lib/sim/data/fit-latency.ts
import { createLatencyModel, DEFAULT_LATENCY_PARAMS, type LatencyParams, latencyAccuracy } from '../latency';
import { MEASURED_REGIONS, MEASURED_RTT } from './measured-rtt';

const current = latencyAccuracy(MEASURED_REGIONS, MEASURED_RTT, createLatencyModel(DEFAULT_LATENCY_PARAMS));
console.log(`current: median ${current.medianAbsErrorPct.toFixed(2)} %, p90 ${current.p90AbsErrorPct.toFixed(2)} %`);

let best: { score: number; params: LatencyParams; median: number; p90: number } | null = null;
for (const landInflation of [1.3, 1.4, 1.45, 1.5, 1.55, 1.6, 1.7])
  for (const seaInflation of [1.1, 1.15, 1.2, 1.25, 1.3])
    for (const accessInflation of [1.3, 1.5, 1.6, 1.7, 1.9])
      for (const perHopMs of [0, 0.5, 0.75, 1])
        for (const endpointOverheadMs of [1, 2, 2.5, 3, 3.5, 4]) {
          const params = { ...DEFAULT_LATENCY_PARAMS, landInflation, seaInflation, accessInflation, perHopMs, endpointOverheadMs };
          const r = latencyAccuracy(MEASURED_REGIONS, MEASURED_RTT, createLatencyModel(params));
          const score = r.medianAbsErrorPct + 0.5 * r.p90AbsErrorPct;
          if (!best || score < best.score) best = { score, params, median: r.medianAbsErrorPct, p90: r.p90AbsErrorPct };
        }
console.log('best:', best);
