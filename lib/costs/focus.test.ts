import { describe, expect, it } from 'vitest';
import type { Provider } from '../fleet/types';
import { canonicalRegionCode, type FocusEvent, focusCategory, focusProvider, type ParseFocusOptions, parseFocus, parseFocusTimestamp } from './focus';
import { FOCUS_ROW_DEFECTS, type FocusSampleRegion, generateBadFocusCsv, generateFocusSample } from './focus-sample';

const REGIONS: FocusSampleRegion[] = [
  { provider: 'aws', code: 'us-east-1' },
  { provider: 'aws', code: 'eu-west-1' },
  { provider: 'gcp', code: 'us-central1' },
  { provider: 'azure', code: 'westeurope' },
  { provider: 'oci', code: 'us-ashburn-1' },
];
const SERVICES = ['api', 'checkout', 'search'];
const regionIdOf = (provider: Provider, code: string) => `${provider}/${code}`;
const KNOWN = new Set(REGIONS.map((r) => regionIdOf(r.provider, r.code)));

const OPTIONS: ParseFocusOptions = {
  resolveRegion: (provider, code) => (KNOWN.has(regionIdOf(provider, code)) ? regionIdOf(provider, code) : null),
  resolveService: (_serviceName, tags) => tags.service ?? null,
};

async function collect(chunks: Iterable<string | Uint8Array> | AsyncIterable<string | Uint8Array>, opts = OPTIONS): Promise<FocusEvent[]> {
  const events: FocusEvent[] = [];
  for await (const e of parseFocus(chunks, opts)) events.push(e);
  return events;
}

const rowsOf = (events: FocusEvent[]) => events.flatMap((e) => (e.kind === 'row' ? [e.row] : []));
const rejectionsOf = (events: FocusEvent[]) => events.flatMap((e) => (e.kind === 'rejected' ? [e] : []));

/** Splits a string into UTF-8 byte chunks of `size` bytes. */
function byteChunks(text: string, size: number): Uint8Array[] {
  const bytes = new TextEncoder().encode(text);
  const out: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += size) out.push(bytes.subarray(i, i + size));
  return out;
}

/** A minimal FOCUS file: header plus rows given as objects (missing keys are empty). */
const MINI_COLUMNS = [
  'BilledCost',
  'EffectiveCost',
  'BillingCurrency',
  'ChargeCategory',
  'ChargeClass',
  'ChargeDescription',
  'ChargePeriodStart',
  'ChargePeriodEnd',
  'ProviderName',
  'RegionId',
  'RegionName',
  'ServiceCategory',
  'ServiceName',
  'ResourceId',
  'Tags',
] as const;
type MiniRow = Partial<Record<(typeof MINI_COLUMNS)[number], string>>;
const BASE: MiniRow = {
  BilledCost: '10.00',
  EffectiveCost: '8.00',
  BillingCurrency: 'USD',
  ChargeCategory: 'Usage',
  ChargePeriodStart: '2025-03-01T00:00:00Z',
  ChargePeriodEnd: '2025-03-02T00:00:00Z',
  ProviderName: 'AWS',
  RegionId: 'us-east-1',
  ServiceCategory: 'Compute',
  ServiceName: 'Amazon Elastic Compute Cloud',
  ResourceId: 'i-1',
  Tags: '{"service":"api","team":"platform"}',
};
function mini(rows: readonly MiniRow[], columns: readonly string[] = MINI_COLUMNS): string {
  const q = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return `${[columns.join(','), ...rows.map((r) => columns.map((c) => q((r as Record<string, string | undefined>)[c] ?? '')).join(','))].join('\r\n')}\r\n`;
}

describe('parseFocus: a good file', () => {
  const sample = generateFocusSample({ rows: 600, regions: REGIONS, services: SERVICES, seed: 3 });

  it('accepts every row and maps it as generated', async () => {
    const events = await collect([sample.csv]);
    const rows = rowsOf(events);
    expect(rejectionsOf(events)).toEqual([]);
    expect(rows).toHaveLength(600);
    rows.forEach((row, i) => {
      const info = sample.rows[i]!;
      expect(row.rowNumber).toBe(info.rowNumber);
      expect(row.line).toBe(info.rowNumber + 1);
      expect(row.provider).toBe(info.provider);
      expect(row.regionId).toBe(regionIdOf(info.provider, info.regionCode));
      expect(row.serviceId).toBe(info.serviceId);
      expect(row.team).toBe(info.team);
      expect(row.day).toBe(info.day);
      expect(row.amountMicros).toBe(info.amountMicros);
      const expectedCategory = {
        compute: 'compute',
        storage: 'storage',
        database: 'database',
        egress: 'network_egress',
        inter_region: 'inter_region',
        other: 'other',
      }[info.kind];
      expect(row.category).toBe(expectedCategory);
    });
    expect(rows.some((r) => r.chargeCategory === 'Credit' && r.amountMicros < 0)).toBe(true);
  });

  it('ends with a summary whose total is the exact sum of EffectiveCost', async () => {
    const events = await collect([sample.csv]);
    const last = events.at(-1)!;
    expect(last.kind).toBe('done');
    if (last.kind !== 'done') return;
    expect(last.summary).toMatchObject({
      rowsRead: 600,
      rowsAccepted: 600,
      rowsRejected: 0,
      totalMicros: sample.totalMicros,
      firstDay: '2025-03-01',
      lastDay: '2025-03-28',
    });
  });

  it('gives the same events whatever the byte chunking', async () => {
    const whole = await collect([sample.csv]);
    for (const size of [1, 7, 4096]) expect(await collect(byteChunks(sample.csv, size))).toEqual(whole);
  });

  it('reads an async stream', async () => {
    async function* stream() {
      for (const chunk of byteChunks(sample.csv, 1000)) yield chunk;
    }
    expect(rowsOf(await collect(stream()))).toHaveLength(600);
  });

  it('accepts LF line ends, a BOM and lower-case headers', async () => {
    const lf = generateFocusSample({ rows: 20, regions: REGIONS, services: SERVICES, lineEnding: '\n' }).csv;
    const [header, ...rest] = lf.split('\n');
    const events = await collect([`\uFEFF${[header!.toLowerCase(), ...rest].join('\n')}`]);
    expect(rowsOf(events)).toHaveLength(20);
  });
});

describe('parseFocus: columns', () => {
  it('reports missing columns once, before any row, and stops', async () => {
    const { csv } = generateFocusSample({
      rows: 10,
      regions: REGIONS,
      services: SERVICES,
      omitColumns: ['BilledCost', 'RegionId', 'RegionName', 'BillingCurrency'],
    });
    const events = await collect([csv]);
    expect(events).toEqual([
      {
        kind: 'file_error',
        code: 'MISSING_COLUMNS',
        line: 1,
        missingColumns: ['BilledCost', 'BillingCurrency', 'RegionId (or RegionName)'],
        reason: 'The file is missing required FOCUS columns: BilledCost, BillingCurrency, RegionId (or RegionName).',
      },
    ]);
  });

  it('treats a misspelt column as missing', async () => {
    const events = await collect([
      mini(
        [BASE],
        MINI_COLUMNS.map((c) => (c === 'ServiceCategory' ? 'Service Category' : c)),
      ),
    ]);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ kind: 'file_error', missingColumns: ['ServiceCategory'] });
  });

  it('maps Azure region display names in RegionName when RegionId is absent', async () => {
    const { csv } = generateFocusSample({ rows: 50, regions: [{ provider: 'azure', code: 'westeurope' }], services: SERVICES, omitColumns: ['RegionId'] });
    expect(csv).toContain(',West Europe,');
    const rows = rowsOf(await collect([csv]));
    expect(rows).toHaveLength(50);
    expect(new Set(rows.map((r) => r.regionId))).toEqual(new Set(['azure/westeurope']));
  });

  it('accepts FOCUS 1.2 ServiceProviderName, and HostProviderName for marketplace rows', async () => {
    const header = 'BilledCost,BillingCurrency,ChargeCategory,ChargePeriodStart,ServiceProviderName,HostProviderName,RegionId,ServiceCategory,ServiceName';
    const csv = [
      header,
      '1,USD,Usage,2025-03-01T00:00:00Z,Google Cloud,,us-central1,Compute,Compute Engine',
      // A marketplace row: the vendor is the service provider, the cloud hosting it is the host provider.
      '2,USD,Usage,2025-03-01T00:00:00Z,Datadog,AWS,us-east-1,Other,Datadog APM',
      '3,USD,Usage,2025-03-01T00:00:00Z,Datadog,,us-east-1,Other,Datadog APM',
    ].join('\n');
    const events = await collect([csv]);
    expect(rowsOf(events).map((r) => [r.provider, r.regionId])).toEqual([
      ['gcp', 'gcp/us-central1'],
      ['aws', 'aws/us-east-1'],
    ]);
    expect(rejectionsOf(events).map((r) => r.reason)).toEqual([
      'Provider "Datadog" is not supported (expected AWS, Google Cloud, Microsoft Azure or Oracle Cloud).',
    ]);
  });
});

describe('parseFocus: rejected rows', () => {
  const bad = generateBadFocusCsv({ rows: 44, regions: REGIONS, services: SERVICES, seed: 5 });
  const expectations: Record<(typeof FOCUS_ROW_DEFECTS)[number], { column: string | null; reason: RegExp }> = {
    bad_date: { column: 'ChargePeriodStart', reason: /^ChargePeriodStart "03\/15\/2025 10:00" is not a valid date-time/ },
    impossible_date: { column: 'ChargePeriodStart', reason: /"2025-02-30T00:00:00Z" is not a valid date-time/ },
    end_before_start: { column: 'ChargePeriodEnd', reason: /is before ChargePeriodStart/ },
    negative_cost: {
      column: 'BilledCost',
      reason: /^BilledCost is negative \(-12\.50\) on a Usage charge; only Credit and Adjustment charges may be negative\.$/,
    },
    non_numeric_cost: { column: 'EffectiveCost', reason: /^EffectiveCost "12,50 USD" is not a number\.$/ },
    empty_cost: { column: 'BilledCost', reason: /no cost/ },
    unknown_region: { column: 'RegionId', reason: /^Region "moon-base-1" \(\w+\) is not one of our regions\.$/ },
    non_usd_currency: { column: 'BillingCurrency', reason: /^The billing currency is EUR; only USD is supported\.$/ },
    unknown_provider: { column: 'ProviderName', reason: /^Provider "Acme Cloud" is not supported/ },
    bad_charge_category: { column: 'ChargeCategory', reason: /"Refund" is not one of Usage, Purchase, Tax, Credit, Adjustment/ },
    wrong_value_count: { column: null, reason: /^The row has 49 values but the header has 50 columns\.$/ },
  };

  it('rejects exactly the defective rows, each with its plain-words reason, and keeps the rest', async () => {
    const events = await collect([bad.csv]);
    const rejections = rejectionsOf(events);
    expect(bad.defects).toHaveLength(FOCUS_ROW_DEFECTS.length);
    expect(rejections.map((r) => r.rowNumber)).toEqual(bad.defects.map((d) => d.rowNumber));
    for (const { rowNumber, defect } of bad.defects) {
      const r = rejections.find((x) => x.rowNumber === rowNumber)!;
      expect(r.column, defect).toBe(expectations[defect].column);
      expect(r.reason, defect).toMatch(expectations[defect].reason);
      expect(r.line).toBe(rowNumber + 1);
    }
    expect(rowsOf(events)).toHaveLength(44 - FOCUS_ROW_DEFECTS.length);
    expect(events.at(-1)).toMatchObject({ kind: 'done', summary: { rowsRead: 44, rowsRejected: FOCUS_ROW_DEFECTS.length } });
  });

  it('allows negative amounts only for credits, adjustments and corrections', async () => {
    const events = await collect([
      mini([
        { ...BASE, ChargeCategory: 'Credit', BilledCost: '-5', EffectiveCost: '-5' },
        { ...BASE, ChargeCategory: 'Adjustment', BilledCost: '-1.5', EffectiveCost: '' },
        { ...BASE, ChargeCategory: 'Usage', ChargeClass: 'Correction', BilledCost: '-2', EffectiveCost: '-2' },
        { ...BASE, ChargeCategory: 'Tax', BilledCost: '-3', EffectiveCost: '-3' },
        { ...BASE, ChargeCategory: 'Purchase', BilledCost: '4', EffectiveCost: '-4' },
      ]),
    ]);
    expect(rowsOf(events).map((r) => r.amountUsd)).toEqual([-5, -1.5, -2]);
    expect(rejectionsOf(events).map((r) => [r.rowNumber, r.column])).toEqual([
      [4, 'BilledCost'],
      [5, 'EffectiveCost'],
    ]);
  });

  it('uses EffectiveCost, and BilledCost when EffectiveCost is empty', async () => {
    const rows = rowsOf(await collect([mini([BASE, { ...BASE, EffectiveCost: '' }])]));
    expect(rows.map((r) => r.amountUsd)).toEqual([8, 10]);
  });

  it('rejects a non-numeric BilledCost even when EffectiveCost is fine', async () => {
    const events = await collect([mini([{ ...BASE, BilledCost: 'n/a' }])]);
    expect(rejectionsOf(events)[0]).toMatchObject({ column: 'BilledCost', reason: 'BilledCost "n/a" is not a number.' });
  });

  it('rejects rows without a region', async () => {
    const events = await collect([mini([{ ...BASE, RegionId: '', RegionName: '' }])]);
    expect(rejectionsOf(events)[0]?.reason).toMatch(/no region/);
  });
});

describe('parseFocus: file errors', () => {
  it('reports an empty file', async () => {
    for (const input of [[], [''], ['\uFEFF'], ['\r\n\r\n']]) {
      expect(await collect(input)).toEqual([{ kind: 'file_error', code: 'EMPTY_FILE', reason: 'The file is empty.', missingColumns: [], line: null }]);
    }
  });

  it('reports a header without rows', async () => {
    expect(await collect([mini([])])).toEqual([
      { kind: 'file_error', code: 'NO_DATA_ROWS', reason: 'The file has a header but no data rows.', missingColumns: [], line: null },
    ]);
  });

  it('stops at a quote that is never closed', async () => {
    const csv =
      mini([BASE]) +
      mini([{ ...BASE, ChargeDescription: 'x' }])
        .split('\r\n')[1]!
        .replace(',x,', ',"x,') +
      '\r\n';
    const events = await collect([csv]);
    expect(rowsOf(events)).toHaveLength(1);
    expect(events.at(-1)).toMatchObject({ kind: 'file_error', code: 'CSV_SYNTAX', line: 3 });
  });
});

describe('parseFocus: quoting', () => {
  it('reads descriptions with commas, quotes and line breaks and keeps line numbers right', async () => {
    const csv = mini([
      { ...BASE, ChargeDescription: 'Line one,\r\nline "two"', ResourceId: 'i-1' },
      { ...BASE, ChargeDescription: 'plain', ResourceId: 'i-2' },
    ]);
    const events = await collect([csv]);
    const rows = rowsOf(events);
    expect(rows.map((r) => [r.rowNumber, r.line, r.resourceId])).toEqual([
      [1, 2, 'i-1'],
      [2, 4, 'i-2'],
    ]);
  });
});

describe('sourceKey', () => {
  const sample = generateFocusSample({ rows: 300, regions: REGIONS, services: SERVICES, seed: 9 });

  it('is the same when the same file is imported again, however it is chunked', async () => {
    const first = rowsOf(await collect([sample.csv])).map((r) => r.sourceKey);
    const second = rowsOf(await collect(byteChunks(sample.csv, 333))).map((r) => r.sourceKey);
    expect(second).toEqual(first);
    expect(first.every((k) => /^[0-9a-f]{64}$/.test(k))).toBe(true);
  });

  it('is unique per row, also for rows that are identical in every column', async () => {
    const rows = rowsOf(await collect([mini([BASE, BASE, BASE, { ...BASE, ResourceId: 'i-2' }])]));
    expect(new Set(rows.map((r) => r.sourceKey)).size).toBe(4);
    const again = rowsOf(await collect([mini([BASE, BASE, BASE, { ...BASE, ResourceId: 'i-2' }])]));
    expect(again.map((r) => r.sourceKey)).toEqual(rows.map((r) => r.sourceKey));
  });

  it('changes with identifying content and ignores timestamp formatting', async () => {
    const key = async (r: MiniRow) => rowsOf(await collect([mini([r])]))[0]!.sourceKey;
    const base = await key(BASE);
    expect(await key({ ...BASE, EffectiveCost: '8.01' })).not.toBe(base);
    expect(await key({ ...BASE, ResourceId: 'i-9' })).not.toBe(base);
    expect(await key({ ...BASE, ChargePeriodStart: '2025-03-02T00:00:00Z', ChargePeriodEnd: '2025-03-03T00:00:00Z' })).not.toBe(base);
    expect(await key({ ...BASE, ChargePeriodStart: '2025-03-01T00:00:00.000Z' })).toBe(base);
    expect(await key({ ...BASE, ChargePeriodStart: '2025-03-01T01:00:00+01:00' })).toBe(base);
    expect(await key({ ...BASE, Tags: '{"service":"api","team":"other"}' })).toBe(base); // tags are labels, not identity
  });
});

describe('focusCategory', () => {
  it.each([
    ['Compute', 'Amazon Elastic Compute Cloud', 'm5.xlarge hour', 'compute'],
    ['Storage', 'Amazon Simple Storage Service', '', 'storage'],
    ['Databases', 'Cloud SQL', '', 'database'],
    ['Networking', 'AWS Data Transfer', 'data transfer out to internet', 'network_egress'],
    ['Networking', 'Bandwidth', 'Standard Data Transfer Out', 'network_egress'],
    ['Networking', 'AWS Data Transfer', 'inter-region data transfer out', 'inter_region'],
    ['Networking', 'Networking', 'Network Inter Region Data Transfer Out', 'inter_region'],
    ['Compute', 'Amazon Elastic Compute Cloud', 'USE1-EUW1-AWS-Out-Bytes InterRegion data transfer', 'inter_region'],
    ['Networking', 'Elastic Load Balancing', 'LoadBalancer-hour', 'other'],
    ['Analytics', 'Amazon Athena', '', 'other'],
  ] as const)('%s / %s / %s → %s', (serviceCategory, serviceName, description, expected) => {
    expect(focusCategory(serviceCategory, serviceName, description)).toBe(expected);
  });
});

describe('providers, regions and timestamps', () => {
  it('recognises provider names', () => {
    expect(['AWS', 'Amazon Web Services', 'Google Cloud', 'Microsoft', 'Oracle'].map(focusProvider)).toEqual(['aws', 'aws', 'gcp', 'azure', 'oci']);
    expect(focusProvider('Acme')).toBeNull();
  });

  it('maps region display names to provider codes', () => {
    expect(canonicalRegionCode('azure', 'West Europe')).toBe('westeurope');
    expect(canonicalRegionCode('azure', 'Norway East')).toBe('norwayeast'); // not in the table: Azure's rule
    expect(canonicalRegionCode('aws', 'US East (N. Virginia)')).toBe('us-east-1');
    expect(canonicalRegionCode('aws', 'us-east-1')).toBe('us-east-1');
    expect(canonicalRegionCode('gcp', 'Iowa')).toBe('us-central1');
    expect(canonicalRegionCode('gcp', ' US-CENTRAL1 ')).toBe('us-central1');
  });

  it('parses FOCUS timestamps to UTC and rejects impossible ones', () => {
    expect(parseFocusTimestamp('2025-03-01T00:00:00Z')).toBe(Date.UTC(2025, 2, 1));
    expect(parseFocusTimestamp('2025-03-01T01:30:00+02:00')).toBe(Date.UTC(2025, 1, 28, 23, 30));
    expect(parseFocusTimestamp('2025-03-01 00:00:00')).toBe(Date.UTC(2025, 2, 1));
    expect(parseFocusTimestamp('2025-03-01')).toBe(Date.UTC(2025, 2, 1));
    for (const bad of ['2025-02-29T00:00:00Z', '2025-13-01', '2025-03-01T24:00:00Z', '03/01/2025', '', 'yesterday'])
      expect(parseFocusTimestamp(bad)).toBeNull();
  });
});

describe('focus-sample', () => {
  it('is deterministic per seed and writes a FOCUS 1.1 header', () => {
    const a = generateFocusSample({ rows: 30, regions: REGIONS, services: SERVICES, seed: 1 }).csv;
    expect(generateFocusSample({ rows: 30, regions: REGIONS, services: SERVICES, seed: 1 }).csv).toBe(a);
    expect(generateFocusSample({ rows: 30, regions: REGIONS, services: SERVICES, seed: 2 }).csv).not.toBe(a);
    expect(a.split('\r\n')[0]).toMatch(/^AvailabilityZone,BilledCost,.*,ServiceSubcategory,.*,Tags$/);
  });
});
