// The one internal telemetry sample. The simulator, POST /api/v1/telemetry and the Prometheus source all produce it.
export interface TelemetrySample {
  regionId: string;
  /** epoch ms */
  at: number;
  rps: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  /** 0-1 */
  errorRate: number;
  /** rps / capacity, may exceed 1 */
  utilisation: number;
  /** false when the region does not answer at all (Prometheus `up == 0`, an outage) */
  up: boolean;
  source: 'simulator' | 'ingest' | 'prometheus';
}

/** The simulator as a telemetry source: one region's tick outcome as a sample. */
export function sampleFromSim(
  r: {
    regionId: string;
    rps: number;
    latencyP50Ms: number;
    latencyP95Ms: number;
    latencyP99Ms: number;
    errorRate: number;
    utilisation: number;
    health: string;
  },
  at: number,
): TelemetrySample {
  return {
    regionId: r.regionId,
    at,
    rps: r.rps,
    p50Ms: r.latencyP50Ms,
    p95Ms: r.latencyP95Ms,
    p99Ms: r.latencyP99Ms,
    errorRate: r.errorRate,
    utilisation: r.utilisation,
    up: r.health !== 'down',
    source: 'simulator',
  };
}
