import { apiRoute } from '@/lib/api/handler';
import { fleetRuntime } from '@/lib/runtime/fleet-runtime';

export const dynamic = 'force-dynamic';

const HEALTH_VALUE = { healthy: 0, degraded: 1, down: 2 } as const;
const esc = (s: string) => s.replace(/\\/g, '\\\\').replace(/"/g, '\\"');

/** The fleet's current figures in Prometheus text exposition format (scrape with a viewer API token). */
export const GET = apiRoute('read', async () => {
  const snap = (await fleetRuntime()).snapshot();
  const lines: string[] = [];
  const metric = (name: string, help: string, type: 'gauge' | 'counter', rows: [Record<string, string>, number][]) => {
    lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    for (const [labels, v] of rows) {
      const l = Object.entries(labels)
        .map(([k, x]) => `${k}="${esc(x)}"`)
        .join(',');
      lines.push(`${name}{${l}} ${Number.isFinite(v) ? v : 0}`);
    }
  };
  const perRegion = (f: (r: (typeof snap.regions)[number]) => number) =>
    snap.regions.map((r) => [{ region: r.id, provider: r.provider, jurisdiction: r.jurisdiction }, f(r)] as [Record<string, string>, number]);
  metric(
    'meridian_region_requests_per_second',
    'Requests per second served by the region.',
    'gauge',
    perRegion((r) => r.rps),
  );
  metric(
    'meridian_region_latency_p95_seconds',
    'p95 request latency.',
    'gauge',
    perRegion((r) => r.p95Ms / 1000),
  );
  metric(
    'meridian_region_error_ratio',
    'Share of requests that fail.',
    'gauge',
    perRegion((r) => r.errorRate),
  );
  metric(
    'meridian_region_utilisation_ratio',
    'Load over capacity.',
    'gauge',
    perRegion((r) => r.utilisation),
  );
  metric(
    'meridian_region_health',
    'Health: 0 healthy, 1 degraded, 2 down.',
    'gauge',
    perRegion((r) => HEALTH_VALUE[r.health]),
  );
  metric(
    'meridian_region_weight',
    'Routing weight (0-255).',
    'gauge',
    perRegion((r) => r.weight),
  );
  metric(
    'meridian_region_traffic_dial_ratio',
    'Traffic dial (0-1).',
    'gauge',
    perRegion((r) => r.dialPct / 100),
  );
  metric(
    'meridian_replication_lag_seconds',
    'Replication lag of a replica.',
    'gauge',
    snap.replication.map((x) => [{ datastore: x.dataStore, replica: x.replicaRegionId }, x.lagMs / 1000]),
  );
  metric('meridian_fleet_requests_per_second', 'Requests per second, whole fleet.', 'gauge', [[{}, snap.totals.rps]]);
  return new Response(`${lines.join('\n')}\n`, { headers: { 'Content-Type': 'text/plain; version=0.0.4; charset=utf-8', 'Cache-Control': 'no-store' } });
});
