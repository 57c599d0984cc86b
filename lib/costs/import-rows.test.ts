// The import's batches: rows collected as columns on the worker (RowBatchBuilder) and made into the database's
// payloads on the runner (PayloadWriter) say exactly what the rows say, ids included, in both formats.
import { describe, expect, it } from 'vitest';
import type { DatabaseKind } from '../config';
import { type FocusCostRow, parseFocus, RowKeys } from './focus';
import { generateFocusSample } from './focus-sample';
import { costRecordId, INSERT_BATCH, PAYLOAD_COLUMNS, PayloadWriter, RowBatchBuilder } from './import-rows';

/** A payload read back: one record per row, PAYLOAD_COLUMNS → value (null for SQL NULL). */
function readPayload(kind: DatabaseKind, payload: string): Record<string, string | number | null>[] {
  const rows =
    kind === 'sqlite'
      ? (JSON.parse(payload) as (string | number | null)[][])
      : payload
          .slice(0, -1)
          .split('\n')
          .map((line) => line.split('\t').map((v) => (v === '\\N' ? null : v.replace(/\\(.)/g, (_, c: string) => ({ t: '\t', n: '\n', r: '\r' })[c] ?? c))));
  return rows.map((r) => Object.fromEntries(PAYLOAD_COLUMNS.map((c, i) => [c, r[i] ?? null])));
}

/** Batches of `size` rows through builder and writer, as the worker and the runner pass them. */
function payloads(kind: DatabaseKind, rows: FocusCostRow[], size: number): string[] {
  const builder = new RowBatchBuilder();
  const writer = new PayloadWriter(kind, 'imp-1');
  const out: string[] = [];
  for (const r of rows) {
    builder.add(r);
    if (builder.size === size) out.push(writer.payload(structuredClone(builder.take())));
  }
  if (builder.size > 0) out.push(writer.payload(structuredClone(builder.take())));
  return out;
}

async function parse(csv: string, deferRowKeys: boolean): Promise<FocusCostRow[]> {
  const rows: FocusCostRow[] = [];
  const opts = {
    resolveRegion: (_: string, code: string) => `r-${code}`,
    resolveService: (_: string, t: Record<string, string>) => t.service ?? null,
    deferRowKeys,
  };
  for await (const e of parseFocus([csv], opts)) if (e.kind === 'row') rows.push(e.row);
  return rows;
}

describe.each(['sqlite', 'postgres'] as const)('import batches (%s)', (kind) => {
  it('carry every row as parsed, with the id its row key makes, identical rows included, across batches', async () => {
    const { csv } = generateFocusSample({
      rows: 700,
      regions: [
        { provider: 'aws', code: 'eu-west-1' },
        { provider: 'gcp', code: 'us-east1' },
      ],
      services: ['svc-a', 'svc-b'],
      seed: 5,
    });
    // Two identical rows (the second gets its own key) and a row without a service tag (shared cost).
    const lines = csv.trimEnd().split('\n');
    lines.push(lines[1]!, lines[2]!.replace(/"\{""service"":""svc-[ab]""/, '"{""x"":""y""'));
    const text = `${lines.join('\n')}\n`;
    const [keyed, deferred] = [await parse(text, false), await parse(text, true)];
    expect(keyed.some((r) => r.serviceId === null)).toBe(true);
    const got = payloads(kind, deferred, 128).flatMap((p) => readPayload(kind, p));
    expect(got).toHaveLength(keyed.length);
    expect(new Set(got.map((r) => r.id)).size).toBe(keyed.length);
    got.forEach((g, i) => {
      const r = keyed[i]!;
      expect(g).toEqual({
        id: costRecordId(r.day, r.sourceKey.slice(0, 32)),
        day: r.day,
        regionId: r.regionId,
        serviceId: r.serviceId,
        provider: r.provider,
        category: r.category,
        amountUsd: kind === 'sqlite' ? r.amountMicros / 1e6 : String(r.amountMicros / 1e6),
        usageQuantity: kind === 'sqlite' ? (r.usageQuantity ?? 0) : String(r.usageQuantity ?? 0),
        usageUnit: r.usageUnit ?? '',
        source: 'focus',
        importId: 'imp-1',
      });
    });
  });

  it('escapes strings the format gives a meaning to', () => {
    const odd = ['a"b', 'back\\slash', 'tab\there', 'line\nbreak', 'cr\rhere', 'ünïcode €'];
    const rows = odd.map((unit, i) => row(i, unit));
    const got = payloads(kind, rows, 4).flatMap((p) => readPayload(kind, p));
    expect(got.map((g) => [g.regionId, g.serviceId, g.usageUnit])).toEqual(rows.map((r) => [r.regionId, r.serviceId, r.usageUnit]));
  });

  it('holds more rows than INSERT_BATCH in one batch when it is not taken sooner', () => {
    const rows = Array.from({ length: INSERT_BATCH + 2 }, (_, i) => row(i, 'GB'));
    const [payload, ...more] = payloads(kind, rows, Number.POSITIVE_INFINITY);
    expect(more).toHaveLength(0);
    const got = readPayload(kind, payload!);
    const keys = new RowKeys();
    expect(got.map((g) => g.id)).toEqual(rows.map((r) => costRecordId(r.day, keys.key(r.keyContent!).slice(0, 32))));
    expect(got.at(-1)).toMatchObject({ regionId: 'region GB', serviceId: null, usageUnit: 'GB', amountUsd: kind === 'sqlite' ? 1.5 : '1.5' });
  });
});

/** A row made by hand: region and (every other row) service named after `unit`. */
function row(i: number, unit: string): FocusCostRow {
  return {
    rowNumber: i + 1,
    line: i + 2,
    day: '2025-03-01',
    chargePeriodStart: '2025-03-01T00:00:00.000Z',
    regionId: `region ${unit}`,
    serviceId: i % 2 === 0 ? `svc ${unit}` : null,
    provider: 'aws',
    team: null,
    category: 'compute',
    chargeCategory: 'Usage',
    amountUsd: 1.5,
    amountMicros: 1_500_000,
    usageQuantity: 2,
    usageUnit: unit,
    serviceName: 'x',
    subAccountId: null,
    resourceId: null,
    sourceKey: '',
    keyContent: `content ${i}`,
  };
}
