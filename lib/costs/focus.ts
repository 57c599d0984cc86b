// FinOps FOCUS 1.x cost exports: streaming parse, validation and mapping to Meridian cost rows.
//
// parseFocus() reads CSV chunks and yields, in order: at most one file-level error (and then stops), one
// event per data row (accepted or rejected with a plain-words reason), and a closing summary.
// Decisions (also in docs/costs.md):
//  - Amount = EffectiveCost (cost after discounts and amortised commitments) when that column has a value,
//    else BilledCost. Both are validated when present.
//  - Negative amounts are accepted only for ChargeCategory Credit or Adjustment, or ChargeClass Correction;
//    a negative Usage, Purchase or Tax charge is rejected.
//  - Only USD is supported; other BillingCurrency values are rejected (no FX conversion here).
//  - day = UTC date of ChargePeriodStart. Timestamps without an offset are read as UTC (FOCUS requires UTC).
//  - Rows without a region (global charges such as support or tax) are rejected: every cost row belongs to
//    a region in Meridian.
//  - Provider: ProviderName (1.0–1.1), ServiceProviderName or HostProviderName (1.2), first that names a
//    provider we run on (a 1.2 marketplace row names the vendor as service provider and the cloud as host).

import * as nodeCrypto from 'node:crypto';
import type { CostCategory, Provider } from '../fleet/types';
import { byteFeed, CsvReader, CsvSyntaxError, type TextChunks } from './csv';
import { canonicalRegionCode } from './focus-regions';
import { microsToUsd, parseUsdToMicros } from './money';

export { canonicalRegionCode, PROVIDER_REGIONS, REGION_CODE_ALIASES, regionDisplayName } from './focus-regions';

export const FOCUS_CHARGE_CATEGORIES = ['Usage', 'Purchase', 'Tax', 'Credit', 'Adjustment'] as const;
export type FocusChargeCategory = (typeof FOCUS_CHARGE_CATEGORIES)[number];

/** Charge categories that may carry a negative amount. */
export const NEGATIVE_ALLOWED_CHARGE_CATEGORIES: readonly FocusChargeCategory[] = ['Credit', 'Adjustment'];

/** Columns a file must have. Alternatives are listed together: any one of them is enough. */
export const FOCUS_REQUIRED_COLUMNS: readonly (readonly string[])[] = [
  ['BilledCost'],
  ['BillingCurrency'],
  ['ChargeCategory'],
  ['ChargePeriodStart'],
  ['ProviderName', 'ServiceProviderName', 'HostProviderName'],
  ['RegionId', 'RegionName'],
  ['ServiceCategory'],
  ['ServiceName'],
];

/** Optional columns read when present. */
export const FOCUS_OPTIONAL_COLUMNS = [
  'EffectiveCost',
  'ChargePeriodEnd',
  'ChargeClass',
  'ChargeDescription',
  'ServiceSubcategory',
  'ConsumedQuantity',
  'ConsumedUnit',
  'SubAccountId',
  'ResourceId',
  'SkuId',
  'SkuPriceId',
  'CommitmentDiscountId',
  'Tags',
] as const;

export interface FocusCostRow {
  /** 1-based data row number (the header is not counted). */
  rowNumber: number;
  /** Line in the file where the row starts. */
  line: number;
  day: string; // 'YYYY-MM-DD', UTC
  chargePeriodStart: string; // ISO 8601, UTC
  regionId: string;
  serviceId: string | null;
  provider: Provider;
  team: string | null;
  category: CostCategory;
  chargeCategory: FocusChargeCategory;
  amountUsd: number;
  amountMicros: number;
  usageQuantity: number | null;
  usageUnit: string | null;
  serviceName: string;
  subAccountId: string | null;
  resourceId: string | null;
  /** SHA-256 (hex) of the row's identifying content: equal for the same row in a re-imported file. */
  sourceKey: string;
  /**
   * With ParseFocusOptions.deferRowKeys: the identifying content that RowKeys turns into sourceKey (which is then
   * ''), so the caller can hash it elsewhere, in file order.
   */
  keyContent?: string;
}

export const FOCUS_FILE_ERROR_CODES = ['EMPTY_FILE', 'NO_DATA_ROWS', 'MISSING_COLUMNS', 'CSV_SYNTAX'] as const;
export type FocusFileErrorCode = (typeof FOCUS_FILE_ERROR_CODES)[number];

export interface FocusSummary {
  rowsRead: number;
  rowsAccepted: number;
  rowsRejected: number;
  totalMicros: number;
  totalUsd: number;
  firstDay: string | null;
  lastDay: string | null;
}

export type FocusEvent =
  | { kind: 'row'; row: FocusCostRow }
  | { kind: 'rejected'; rowNumber: number; line: number; column: string | null; reason: string }
  | { kind: 'file_error'; code: FocusFileErrorCode; reason: string; missingColumns: string[]; line: number | null }
  | { kind: 'done'; summary: FocusSummary };

export interface ParseFocusOptions {
  /** Our region id for a provider's region code (already canonical, e.g. 'westeurope'), or null if unknown. */
  resolveRegion: (provider: Provider, regionCode: string) => string | null;
  /** Our service id for a row, or null when it belongs to no service. Tags are the row's parsed Tags JSON. */
  resolveService: (serviceName: string, tags: Readonly<Record<string, string>>) => string | null;
  /** Tag holding the owning team. Default 'team'. */
  teamTagKey?: string;
  /** Leave sourceKey '' and hand over keyContent instead (the import hashes it on the runner's thread). */
  deferRowKeys?: boolean;
}

const PROVIDER_ALIASES: ReadonlyMap<string, Provider> = new Map<string, Provider>([
  ['aws', 'aws'],
  ['amazon web services', 'aws'],
  ['amazon', 'aws'],
  ['gcp', 'gcp'],
  ['google cloud', 'gcp'],
  ['google cloud platform', 'gcp'],
  ['google', 'gcp'],
  ['azure', 'azure'],
  ['microsoft', 'azure'],
  ['microsoft azure', 'azure'],
  ['oci', 'oci'],
  ['oracle', 'oci'],
  ['oracle cloud', 'oci'],
  ['oracle cloud infrastructure', 'oci'],
]);

/** Our provider for a FOCUS provider name ('AWS', 'Google Cloud', 'Microsoft', 'Oracle' …), or null. */
export function focusProvider(name: string): Provider | null {
  return PROVIDER_ALIASES.get(name.trim().toLowerCase()) ?? null;
}

const TRANSFER_RE = /data ?transfer|egress|bandwidth/i;
const INTER_REGION_RE = /inter[- ]?region|cross[- ]?region|region to region|between regions|regional-bytes/i;

/**
 * Cost category of a FOCUS row. Data transfer is recognised by keywords in ServiceName, ServiceSubcategory
 * or ChargeDescription whatever the ServiceCategory (AWS books EC2 transfer under Compute):
 * inter-region transfer → inter_region, other transfer → network_egress. Otherwise Compute → compute,
 * Storage → storage, Databases → database, anything else (including other Networking) → other.
 */
export function focusCategory(serviceCategory: string, serviceName: string, chargeDescription = '', serviceSubcategory = ''): CostCategory {
  const text = `${serviceName} ${serviceSubcategory} ${chargeDescription}`;
  if (TRANSFER_RE.test(text)) return INTER_REGION_RE.test(text) ? 'inter_region' : 'network_egress';
  switch (serviceCategory.trim().toLowerCase()) {
    case 'compute':
      return 'compute';
    case 'storage':
      return 'storage';
    case 'databases':
    case 'database':
      return 'database';
    default:
      return 'other';
  }
}

const TIMESTAMP_RE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

/** Epoch ms of a FOCUS date-time ('2025-03-01T00:00:00Z', offsets, or a bare date), or null if invalid. */
export function parseFocusTimestamp(text: string): number | null {
  const m = TIMESTAMP_RE.exec(text.trim());
  if (m === null) return null;
  const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4], m[5], m[6]].map((v) => (v === undefined ? 0 : Number(v))) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (mo < 1 || mo > 12 || d < 1 || d > new Date(Date.UTC(y, mo, 0)).getUTCDate() || h > 23 || mi > 59 || s > 59) return null;
  let ms = Date.UTC(y, mo - 1, d, h, mi, s) + (m[7] === undefined ? 0 : Math.round(Number(m[7]) * 1000));
  const tz = m[8];
  if (tz !== undefined && tz.toUpperCase() !== 'Z') {
    const sign = tz[0] === '-' ? -1 : 1;
    const digits = tz.slice(1).replace(':', '');
    const offH = Number(digits.slice(0, 2));
    const offM = Number(digits.slice(2, 4));
    if (offH > 23 || offM > 59) return null;
    ms -= sign * (offH * 60 + offM) * 60_000;
  }
  return ms;
}

interface Columns {
  billedCost: number;
  effectiveCost: number;
  currency: number;
  chargeCategory: number;
  chargeClass: number;
  chargeDescription: number;
  start: number;
  end: number;
  providers: number[];
  regionId: number;
  regionName: number;
  serviceCategory: number;
  serviceSubcategory: number;
  serviceName: number;
  consumedQuantity: number;
  consumedUnit: number;
  subAccountId: number;
  resourceId: number;
  skuId: number;
  skuPriceId: number;
  commitmentDiscountId: number;
  tags: number;
}

function indexColumns(header: readonly string[]): { columns: Columns; missing: string[] } {
  const exact = new Map<string, number>();
  const folded = new Map<string, number>();
  header.forEach((raw, i) => {
    const name = raw.trim();
    if (!exact.has(name)) exact.set(name, i);
    if (!folded.has(name.toLowerCase())) folded.set(name.toLowerCase(), i);
  });
  // FOCUS names are PascalCase; a lower-cased export still maps.
  const col = (name: string): number => exact.get(name) ?? folded.get(name.toLowerCase()) ?? -1;
  const missing = FOCUS_REQUIRED_COLUMNS.filter((alts) => alts.every((a) => col(a) === -1)).map((alts) =>
    alts.length === 1 ? alts[0]! : `${alts[0]} (or ${alts.slice(1).join(' or ')})`,
  );
  const columns: Columns = {
    billedCost: col('BilledCost'),
    effectiveCost: col('EffectiveCost'),
    currency: col('BillingCurrency'),
    chargeCategory: col('ChargeCategory'),
    chargeClass: col('ChargeClass'),
    chargeDescription: col('ChargeDescription'),
    start: col('ChargePeriodStart'),
    end: col('ChargePeriodEnd'),
    providers: ['ProviderName', 'ServiceProviderName', 'HostProviderName'].map(col).filter((i) => i !== -1),
    regionId: col('RegionId'),
    regionName: col('RegionName'),
    serviceCategory: col('ServiceCategory'),
    serviceSubcategory: col('ServiceSubcategory'),
    serviceName: col('ServiceName'),
    consumedQuantity: col('ConsumedQuantity'),
    consumedUnit: col('ConsumedUnit'),
    subAccountId: col('SubAccountId'),
    resourceId: col('ResourceId'),
    skuId: col('SkuId'),
    skuPriceId: col('SkuPriceId'),
    commitmentDiscountId: col('CommitmentDiscountId'),
    tags: col('Tags'),
  };
  return { columns, missing };
}

function usedColumns(c: Columns): Set<number> {
  const { providers, ...single } = c;
  return new Set([...providers, ...Object.values(single)].filter((i) => i !== -1));
}

interface Rejection {
  column: string | null;
  reason: string;
}

const CHARGE_CATEGORY_EXACT: ReadonlyMap<string, FocusChargeCategory> = new Map(FOCUS_CHARGE_CATEGORIES.map((c) => [c, c]));
const CHARGE_CATEGORY_BY_LOWER: ReadonlyMap<string, FocusChargeCategory> = new Map(FOCUS_CHARGE_CATEGORIES.map((c) => [c.toLowerCase(), c]));
const SEP = '\u001f'; // unit separator: cannot be confused with content in the hashed key
const EMPTY_TAGS: Readonly<Record<string, string>> = Object.freeze({});

/** Validates and maps data rows against one header. Keeps the per-file state (timestamp cache, key counts). */
class FocusRowMapper {
  private readonly timestampCache = new Map<string, { ms: number; iso: string; day: string } | null>();
  private readonly keys = new RowKeys();
  private readonly tagsCache = new Map<string, Readonly<Record<string, string>>>();
  // Provider names and region codes repeat on every row: map each distinct spelling once.
  private readonly providerCache = new Map<string, Provider | null>();
  private readonly regionCache = new Map<Provider, Map<string, { regionCode: string; regionId: string | null }>>();

  private readonly c: Columns;
  private readonly headerLength: number;
  private readonly opts: ParseFocusOptions;

  constructor(columns: Columns, headerLength: number, opts: ParseFocusOptions) {
    this.c = columns;
    this.headerLength = headerLength;
    this.opts = opts;
  }

  /** Maps one record: fields f[0..count) (the CSV reader's reused array), starting on `line`. */
  map(f: readonly string[], count: number, line: number, rowNumber: number): FocusCostRow | Rejection {
    const c = this.c;
    if (count !== this.headerLength) {
      return { column: null, reason: `The row has ${count} values but the header has ${this.headerLength} columns.` };
    }

    const chargeCategoryRaw = get(f, c.chargeCategory);
    // Exact spelling first: no lower-cased copy of the value on the common path.
    const chargeCategory = CHARGE_CATEGORY_EXACT.get(chargeCategoryRaw) ?? CHARGE_CATEGORY_BY_LOWER.get(chargeCategoryRaw.toLowerCase());
    if (chargeCategory === undefined) {
      return {
        column: 'ChargeCategory',
        reason:
          chargeCategoryRaw === '' ? 'ChargeCategory is empty.' : `ChargeCategory "${chargeCategoryRaw}" is not one of ${FOCUS_CHARGE_CATEGORIES.join(', ')}.`,
      };
    }

    const currency = get(f, c.currency);
    if (currency !== 'USD' && currency.toUpperCase() !== 'USD') {
      return {
        column: 'BillingCurrency',
        reason: currency === '' ? 'BillingCurrency is empty.' : `The billing currency is ${currency}; only USD is supported.`,
      };
    }

    const startRaw = get(f, c.start);
    const start = this.timestamp(startRaw);
    if (start === null) {
      return {
        column: 'ChargePeriodStart',
        reason:
          startRaw === '' ? 'ChargePeriodStart is empty.' : `ChargePeriodStart "${startRaw}" is not a valid date-time (expected e.g. 2025-03-01T00:00:00Z).`,
      };
    }
    const endRaw = get(f, c.end);
    let endIso = '';
    if (endRaw !== '') {
      const end = this.timestamp(endRaw);
      if (end === null)
        return { column: 'ChargePeriodEnd', reason: `ChargePeriodEnd "${endRaw}" is not a valid date-time (expected e.g. 2025-03-02T00:00:00Z).` };
      if (end.ms < start.ms) return { column: 'ChargePeriodEnd', reason: `ChargePeriodEnd ${endRaw} is before ChargePeriodStart ${startRaw}.` };
      endIso = end.iso;
    }

    const chargeClass = get(f, c.chargeClass);
    const negativeAllowed = NEGATIVE_ALLOWED_CHARGE_CATEGORIES.includes(chargeCategory) || (chargeClass !== '' && chargeClass.toLowerCase() === 'correction');
    const billed = this.cost(get(f, c.billedCost), 'BilledCost', negativeAllowed, chargeCategory);
    if (typeof billed === 'object') return billed;
    const effective = this.cost(get(f, c.effectiveCost), 'EffectiveCost', negativeAllowed, chargeCategory);
    if (typeof effective === 'object') return effective;
    const amountMicros = effective ?? billed;
    if (amountMicros === undefined) return { column: 'BilledCost', reason: 'The row has no cost: BilledCost and EffectiveCost are empty.' };

    let provider: Provider | null = null;
    let providerRaw = '';
    for (const i of c.providers) {
      const v = f[i]!.trim();
      if (providerRaw === '') providerRaw = v;
      provider = v === '' ? null : this.provider(v);
      if (provider !== null) break;
    }
    if (provider === null) {
      return {
        column: 'ProviderName',
        reason:
          providerRaw === ''
            ? 'ProviderName is empty.'
            : `Provider "${providerRaw}" is not supported (expected AWS, Google Cloud, Microsoft Azure or Oracle Cloud).`,
      };
    }

    const regionRaw = get(f, c.regionId) || get(f, c.regionName);
    if (regionRaw === '')
      return { column: 'RegionId', reason: 'The row has no region (RegionId and RegionName are empty); global charges cannot be assigned to a region.' };
    const { regionCode, regionId } = this.region(provider, regionRaw);
    if (regionId === null) return { column: 'RegionId', reason: `Region "${regionRaw}" (${provider}) is not one of our regions.` };

    const quantityRaw = get(f, c.consumedQuantity);
    let usageQuantity: number | null = null;
    if (quantityRaw !== '') {
      usageQuantity = Number(quantityRaw);
      if (!Number.isFinite(usageQuantity)) return { column: 'ConsumedQuantity', reason: `ConsumedQuantity "${quantityRaw}" is not a number.` };
    }

    const tags = this.tags(get(f, c.tags));
    const serviceName = get(f, c.serviceName);
    const teamTag = tags[this.opts.teamTagKey ?? 'team'];
    const subAccountId = get(f, c.subAccountId);
    const resourceId = get(f, c.resourceId);
    const chargeDescription = get(f, c.chargeDescription);
    const category = focusCategory(get(f, c.serviceCategory), serviceName, chargeDescription, get(f, c.serviceSubcategory));

    const content = [
      provider,
      subAccountId,
      resourceId,
      start.iso,
      endIso,
      chargeCategory,
      chargeClass,
      chargeDescription,
      serviceName,
      regionCode,
      get(f, c.skuId),
      get(f, c.skuPriceId),
      get(f, c.commitmentDiscountId),
      quantityRaw,
      get(f, c.consumedUnit),
      billed ?? '',
      effective ?? '',
    ].join(SEP);

    return {
      rowNumber,
      line,
      day: start.day,
      chargePeriodStart: start.iso,
      regionId,
      serviceId: this.opts.resolveService(serviceName, tags),
      provider,
      team: teamTag === undefined || teamTag === '' ? null : teamTag,
      category,
      chargeCategory,
      amountUsd: microsToUsd(amountMicros),
      amountMicros,
      usageQuantity,
      usageUnit: get(f, c.consumedUnit) || null,
      serviceName,
      subAccountId: subAccountId || null,
      resourceId: resourceId || null,
      sourceKey: this.opts.deferRowKeys ? '' : this.keys.key(content),
      keyContent: this.opts.deferRowKeys ? content : undefined,
    };
  }

  /** undefined when empty, micros when valid, a rejection otherwise. */
  private cost(raw: string, column: string, negativeAllowed: boolean, chargeCategory: FocusChargeCategory): number | undefined | Rejection {
    if (raw === '') return undefined;
    const micros = parseUsdToMicros(raw);
    if (micros === null) return { column, reason: `${column} "${raw}" is not a number.` };
    if (micros < 0 && !negativeAllowed) {
      return { column, reason: `${column} is negative (${raw}) on a ${chargeCategory} charge; only Credit and Adjustment charges may be negative.` };
    }
    return micros;
  }

  private timestamp(raw: string): { ms: number; iso: string; day: string } | null {
    // Exports repeat the same few period boundaries on every row: parse each once.
    let hit = this.timestampCache.get(raw);
    if (hit === undefined) {
      const ms = raw === '' ? null : parseFocusTimestamp(raw);
      const iso = ms === null ? '' : new Date(ms).toISOString();
      hit = ms === null ? null : { ms, iso, day: iso.slice(0, 10) };
      if (this.timestampCache.size >= 10_000) this.timestampCache.clear();
      this.timestampCache.set(raw, hit);
    }
    return hit;
  }

  private provider(raw: string): Provider | null {
    let p = this.providerCache.get(raw);
    if (p === undefined) {
      p = focusProvider(raw);
      if (this.providerCache.size < 1000) this.providerCache.set(raw, p);
    }
    return p;
  }

  private region(provider: Provider, raw: string): { regionCode: string; regionId: string | null } {
    let byRaw = this.regionCache.get(provider);
    if (byRaw === undefined) {
      byRaw = new Map();
      this.regionCache.set(provider, byRaw);
    }
    let r = byRaw.get(raw);
    if (r === undefined) {
      const regionCode = canonicalRegionCode(provider, raw);
      r = { regionCode, regionId: this.opts.resolveRegion(provider, regionCode) };
      if (byRaw.size < 10_000) byRaw.set(raw, r);
    }
    return r;
  }

  // Tag sets repeat across the rows of one resource: parse each distinct Tags value once.
  private tags(raw: string): Readonly<Record<string, string>> {
    let tags = this.tagsCache.get(raw);
    if (tags === undefined) {
      tags = parseTags(raw);
      if (this.tagsCache.size >= 10_000) this.tagsCache.clear();
      this.tagsCache.set(raw, tags);
    }
    return tags;
  }
}

/**
 * Row keys (sourceKey) from the rows' identifying content, fed in file order. Two rows identical in every identifying
 * field are both kept: the second gets "#1" in its key, and so on. Counting in file order keeps the keys stable when
 * the same file is imported again.
 */
export class RowKeys {
  private readonly seen = new Map<string, number>();

  key(content: string): string {
    const key = sha256Hex(content);
    const seen = this.seen.get(key) ?? 0;
    this.seen.set(key, seen + 1);
    return seen === 0 ? key : sha256Hex(`${content}${SEP}#${seen}`);
  }
}

// crypto.hash (one-shot, about twice as fast) exists from Node 20.12; fall back to createHash before that.
const oneShotHash = (nodeCrypto as { hash?: (algorithm: string, data: string, encoding: 'hex') => string }).hash;
function sha256Hex(text: string): string {
  return oneShotHash !== undefined ? oneShotHash('sha256', text, 'hex') : nodeCrypto.createHash('sha256').update(text).digest('hex');
}

function get(fields: readonly string[], index: number): string {
  return index === -1 ? '' : fields[index]!.trim();
}

/** Tags are a JSON object; values that are not strings are stringified. Malformed Tags count as no tags. */
function parseTags(raw: string): Readonly<Record<string, string>> {
  if (raw === '' || raw === '{}') return EMPTY_TAGS;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return EMPTY_TAGS;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return EMPTY_TAGS;
  const tags: Record<string, string> = {};
  for (const [k, v] of Object.entries(parsed)) tags[k] = typeof v === 'string' ? v : JSON.stringify(v);
  return tags;
}

function fileError(code: FocusFileErrorCode, reason: string, line: number | null = null, missingColumns: string[] = []): FocusEvent {
  return { kind: 'file_error', code, reason, missingColumns, line };
}

/**
 * Parses a FOCUS 1.x CSV export. Yields events in batches (one array per input chunk) so the per-event
 * cost of async iteration stays out of the hot path; parseFocus() flattens them.
 *
 * Order: if the file is empty, lacks required columns or is not valid CSV, a single 'file_error' (the
 * missing-columns error comes before any row; a CSV syntax error can come after rows, and the importer
 * should then discard the whole file). Otherwise 'row'/'rejected' per data row, then one 'done'.
 * Note: sourceKey deduplication keeps one map entry per distinct row (~100 bytes each) for the whole file.
 */
export async function* parseFocusBatches(chunks: TextChunks, opts: ParseFocusOptions): AsyncGenerator<FocusEvent[], void, undefined> {
  const reader = new CsvReader();
  const feed = byteFeed(reader);
  let mapper: FocusRowMapper | null = null;
  let sawHeader = false;
  let rowNumber = 0;
  const summary: FocusSummary = { rowsRead: 0, rowsAccepted: 0, rowsRejected: 0, totalMicros: 0, totalUsd: 0, firstDay: null, lastDay: null };

  // One record: the header, then data rows. `stop` is set when the file cannot be read further.
  let stop = false;
  let out: FocusEvent[] = [];
  const onRecord = (fields: string[], count: number, line: number): void => {
    if (stop) return;
    if (!sawHeader) {
      sawHeader = true;
      const header = fields.slice(0, count);
      const { columns, missing } = indexColumns(header);
      if (missing.length > 0) {
        out.push(fileError('MISSING_COLUMNS', `The file is missing required FOCUS columns: ${missing.join(', ')}.`, line, missing));
        stop = true;
        return;
      }
      mapper = new FocusRowMapper(columns, count, opts);
      // Records already split in this chunk keep every column; that is harmless, only slower.
      const used = usedColumns(columns);
      reader.setColumnFilter(header.map((_, i) => used.has(i)));
      return;
    }
    rowNumber++;
    const result = mapper!.map(fields, count, line, rowNumber);
    if ('reason' in result) {
      summary.rowsRejected++;
      out.push({ kind: 'rejected', rowNumber, line, column: result.column, reason: result.reason });
    } else {
      summary.rowsAccepted++;
      summary.totalMicros += result.amountMicros;
      if (summary.firstDay === null || result.day < summary.firstDay) summary.firstDay = result.day;
      if (summary.lastDay === null || result.day > summary.lastDay) summary.lastDay = result.day;
      out.push({ kind: 'row', row: result });
    }
  };

  const step = (chunk: string | Uint8Array | null): { events: FocusEvent[]; ok: boolean } => {
    out = [];
    try {
      if (chunk !== null) feed.push(chunk, onRecord);
      else if (!stop) feed.end(onRecord);
    } catch (e) {
      if (!(e instanceof CsvSyntaxError)) throw e;
      // Records completed before the error were already handled; then the file stops.
      if (!stop) out.push(fileError('CSV_SYNTAX', `The file is not valid CSV. ${e.message}`, e.line));
      stop = true;
    }
    return { events: out, ok: !stop };
  };

  for await (const chunk of chunks) {
    const { events, ok } = step(chunk);
    if (events.length > 0) yield events;
    if (!ok) return;
  }
  const { events, ok } = step(null);
  if (!ok) {
    if (events.length > 0) yield events;
    return;
  }
  if (!sawHeader) {
    events.push(fileError('EMPTY_FILE', 'The file is empty.'));
  } else if (rowNumber === 0) {
    events.push(fileError('NO_DATA_ROWS', 'The file has a header but no data rows.'));
  } else {
    summary.rowsRead = rowNumber;
    summary.totalUsd = microsToUsd(summary.totalMicros);
    events.push({ kind: 'done', summary });
  }
  yield events;
}

/** parseFocusBatches, one event at a time. */
export async function* parseFocus(chunks: TextChunks, opts: ParseFocusOptions): AsyncGenerator<FocusEvent, void, undefined> {
  for await (const batch of parseFocusBatches(chunks, opts)) yield* batch;
}
