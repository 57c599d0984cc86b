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
