// Grid search for the latency model's constants against the measured matrix, with a 2-fold hold-out: the pairs are
// split in two halves by a fixed hash of the pair; the search is run on each half and scored on the other, then on
// all pairs (in-sample). Ranges are kept to physically plausible values; the score weighs the median and the p90
// error. Five constants are searched (landInflation, seaInflation, accessInflation, perHopMs, endpointOverheadMs);
// directMaxKm and attachHubs stay as they are. This script reports; it does not change DEFAULT_LATENCY_PARAMS.
// Run: npx tsx lib/sim/data/fit-latency.ts   (about a minute per search on one core)
import { createLatencyModel, DEFAULT_LATENCY_PARAMS, type LatencyParams, latencyAccuracy } from '../latency';
import { MEASURED_REGIONS, MEASURED_RTT, type MeasuredRtt } from './measured-rtt';

type Fit = { score: number; params: LatencyParams; median: number; p90: number };

const fmt = (r: { medianAbsErrorPct: number; p90AbsErrorPct: number; pairs: number }): string =>
  `median ${r.medianAbsErrorPct.toFixed(2)} %, p90 ${r.p90AbsErrorPct.toFixed(2)} % (${r.pairs} pairs)`;

function search(pairs: readonly MeasuredRtt[]): Fit {
  let best: Fit | null = null;
  for (const landInflation of [1.3, 1.4, 1.45, 1.5, 1.55, 1.6, 1.7])
    for (const seaInflation of [1.1, 1.15, 1.2, 1.25, 1.3])
      for (const accessInflation of [1.3, 1.5, 1.7, 1.9, 2.1])
        for (const perHopMs of [0, 0.5, 1, 1.5])
          for (const endpointOverheadMs of [1, 2, 3, 4, 5, 6]) {
            const params = { ...DEFAULT_LATENCY_PARAMS, landInflation, seaInflation, accessInflation, perHopMs, endpointOverheadMs };
            const r = latencyAccuracy(MEASURED_REGIONS, pairs, createLatencyModel(params));
            const score = r.medianAbsErrorPct + 0.5 * r.p90AbsErrorPct;
            if (!best || score < best.score) best = { score, params, median: r.medianAbsErrorPct, p90: r.p90AbsErrorPct };
          }
  if (!best) throw new Error('empty grid');
  return best;
}

/** Fixed split: FNV-1a of "a|b", low bit. Independent of the order of the data. */
function fold(p: MeasuredRtt): 0 | 1 {
  let h = 0x811c9dc5;
  for (const ch of `${p.a}|${p.b}`) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  return (h & 1) as 0 | 1;
}

const current = latencyAccuracy(MEASURED_REGIONS, MEASURED_RTT, createLatencyModel(DEFAULT_LATENCY_PARAMS));
console.log(`DEFAULT_LATENCY_PARAMS on all pairs: ${fmt(current)}`);

const halves = [MEASURED_RTT.filter((p) => fold(p) === 0), MEASURED_RTT.filter((p) => fold(p) === 1)];
for (const k of [0, 1] as const) {
  const fit = search(halves[k]);
  const held = latencyAccuracy(MEASURED_REGIONS, halves[1 - k], createLatencyModel(fit.params));
  const { landInflation, seaInflation, accessInflation, perHopMs, endpointOverheadMs } = fit.params;
  console.log(
    `fit on half ${k} (${halves[k].length} pairs): in-fold median ${fit.median.toFixed(2)} %, p90 ${fit.p90.toFixed(2)} %; ` +
      `held-out half: ${fmt(held)}; params ${JSON.stringify({ landInflation, seaInflation, accessInflation, perHopMs, endpointOverheadMs })}`,
  );
}
const all = search(MEASURED_RTT);
console.log(`fit on all pairs (in-sample): median ${all.median.toFixed(2)} %, p90 ${all.p90.toFixed(2)} %`, all.params);
