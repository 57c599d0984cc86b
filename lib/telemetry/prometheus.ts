// A Prometheus source: reads a Prometheus server's HTTP query API and turns the answers into the same
// TelemetrySample the simulator and the ingest API produce. Configured by MERIDIAN_PROMETHEUS_URL; the queries
// are PromQL with a `region` label whose values are Meridian region ids (override each with an env variable).
import type { TelemetrySample } from './types';

export const DEFAULT_QUERIES = {
  rps: 'sum by (region) (rate(http_requests_total[1m]))',
  errorRate: 'sum by (region) (rate(http_requests_total{code=~"5.."}[1m])) / sum by (region) (rate(http_requests_total[1m]))',
  p50Ms: '1000 * histogram_quantile(0.5, sum by (region, le) (rate(http_request_duration_seconds_bucket[1m])))',
  p95Ms: '1000 * histogram_quantile(0.95, sum by (region, le) (rate(http_request_duration_seconds_bucket[1m])))',
  p99Ms: '1000 * histogram_quantile(0.99, sum by (region, le) (rate(http_request_duration_seconds_bucket[1m])))',
  up: 'min by (region) (up)',
} as const;
export type PromMetric = keyof typeof DEFAULT_QUERIES;

interface PromVectorResponse {
  status: 'success' | 'error';
  error?: string;
  data?: { resultType: string; result: { metric: Record<string, string>; value: [number, string] }[] };
}

export interface PrometheusSourceOptions {
  baseUrl: string;
  queries?: Partial<Record<PromMetric, string>>;
  fetchFn?: typeof fetch;
  timeoutMs?: number;
}

/** One scrape: runs each query, joins the answers by region, returns complete samples only. */
export async function scrapePrometheus(
  opts: PrometheusSourceOptions,
  capacityOf: (regionId: string) => number | undefined,
  now = Date.now(),
): Promise<TelemetrySample[]> {
  const fetchFn = opts.fetchFn ?? fetch;
  const queries = { ...DEFAULT_QUERIES, ...opts.queries };
  const values: Partial<Record<PromMetric, Map<string, number>>> = {};
  await Promise.all(
    (Object.keys(queries) as PromMetric[]).map(async (m) => {
      const url = new URL('/api/v1/query', opts.baseUrl);
      url.searchParams.set('query', queries[m]);
      const res = await fetchFn(url, { signal: AbortSignal.timeout(opts.timeoutMs ?? 5000) });
      const body = (await res.json()) as PromVectorResponse;
      if (!res.ok || body.status !== 'success' || body.data?.resultType !== 'vector') {
        throw new Error(`Prometheus query for ${m} failed: ${body.error ?? res.status}`);
      }
      const byRegion = new Map<string, number>();
      for (const r of body.data.result) {
        const v = Number(r.value[1]);
        if (r.metric.region && Number.isFinite(v) && v >= 0) byRegion.set(r.metric.region, v);
      }
      values[m] = byRegion;
    }),
  );
  const out: TelemetrySample[] = [];
  for (const [regionId, rps] of values.rps ?? []) {
    const capacity = capacityOf(regionId);
    if (capacity === undefined) continue; // not in the inventory
    const p50Ms = values.p50Ms?.get(regionId);
    const p95Ms = values.p95Ms?.get(regionId);
    const p99Ms = values.p99Ms?.get(regionId);
    if (p50Ms === undefined || p95Ms === undefined || p99Ms === undefined) continue;
    out.push({
      regionId,
      at: now,
      rps,
      p50Ms,
      p95Ms,
      p99Ms,
      errorRate: Math.min(1, values.errorRate?.get(regionId) ?? 0),
      utilisation: capacity ? rps / capacity : 0,
      up: (values.up?.get(regionId) ?? 1) > 0,
      source: 'prometheus',
    });
  }
  return out;
}

/** Reads the source's configuration from the environment, or null when no Prometheus is configured. */
export function prometheusFromEnv(env: Record<string, string | undefined> = process.env): PrometheusSourceOptions | null {
  const baseUrl = env.MERIDIAN_PROMETHEUS_URL?.trim();
  if (!baseUrl) return null;
  const queries: Partial<Record<PromMetric, string>> = {};
  for (const m of Object.keys(DEFAULT_QUERIES) as PromMetric[]) {
    const v = env[`MERIDIAN_PROMETHEUS_QUERY_${m.toUpperCase()}`];
    if (v) queries[m] = v;
  }
  return { baseUrl, queries };
}
