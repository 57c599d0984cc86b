// Against a local fake Prometheus HTTP API on 127.0.0.1.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_QUERIES, prometheusFromEnv, scrapePrometheus } from './prometheus';

const answers: Record<string, [string, number][]> = {
  [DEFAULT_QUERIES.rps]: [
    ['aws-eu-west-1', 1500],
    ['aws-mars-1', 99],
  ],
  [DEFAULT_QUERIES.errorRate]: [['aws-eu-west-1', 0.02]],
  [DEFAULT_QUERIES.p50Ms]: [['aws-eu-west-1', 40]],
  [DEFAULT_QUERIES.p95Ms]: [['aws-eu-west-1', 120]],
  [DEFAULT_QUERIES.p99Ms]: [['aws-eu-west-1', 300]],
  [DEFAULT_QUERIES.up]: [['aws-eu-west-1', 1]],
};
let server: http.Server;
let base = '';

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const q = new URL(req.url ?? '', 'http://x').searchParams.get('query') ?? '';
    const rows = answers[q];
    res.setHeader('content-type', 'application/json');
    if (!rows) {
      res.statusCode = 400;
      res.end(JSON.stringify({ status: 'error', error: 'bad query' }));
      return;
    }
    res.end(
      JSON.stringify({
        status: 'success',
        data: { resultType: 'vector', result: rows.map(([region, v]) => ({ metric: { region }, value: [Date.now() / 1000, String(v)] })) },
      }),
    );
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => server.close());

describe('Prometheus source', () => {
  it('joins the query answers by region into samples, skipping regions not in the inventory', async () => {
    const samples = await scrapePrometheus({ baseUrl: base }, (id) => (id === 'aws-eu-west-1' ? 10_000 : undefined), 1000);
    expect(samples).toEqual([
      { regionId: 'aws-eu-west-1', at: 1000, rps: 1500, p50Ms: 40, p95Ms: 120, p99Ms: 300, errorRate: 0.02, utilisation: 0.15, up: true, source: 'prometheus' },
    ]);
  });

  it('fails loudly on a query Prometheus refuses', async () => {
    await expect(scrapePrometheus({ baseUrl: base, queries: { rps: 'nonsense(' } }, () => 1)).rejects.toThrow(/query for rps failed: bad query/);
  });

  it('is configured from the environment, or absent', () => {
    expect(prometheusFromEnv({})).toBeNull();
    expect(prometheusFromEnv({ MERIDIAN_PROMETHEUS_URL: base, MERIDIAN_PROMETHEUS_QUERY_RPS: 'sum by (region) (x)' })).toEqual({
      baseUrl: base,
      queries: { rps: 'sum by (region) (x)' },
    });
  });
});
