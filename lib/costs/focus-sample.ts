// Synthetic FOCUS 1.1 exports for tests, end-to-end fixtures and the import benchmark.
// Deterministic for a given seed. Descriptions and tags contain commas and quotes on purpose, so every
// sample exercises CSV quoting.

import { csvCell } from '../csv-out';
import { seededRandom } from '../demo/random';
import type { Provider } from '../fleet/types';
import { addDays } from './dates';
import { regionDisplayName } from './focus-regions';

/** The FOCUS 1.1 columns written, in order. */
export const FOCUS_SAMPLE_COLUMNS = [
  'AvailabilityZone',
  'BilledCost',
  'BillingAccountId',
  'BillingAccountName',
  'BillingCurrency',
  'BillingPeriodEnd',
  'BillingPeriodStart',
  'CapacityReservationId',
  'CapacityReservationStatus',
  'ChargeCategory',
  'ChargeClass',
  'ChargeDescription',
  'ChargeFrequency',
  'ChargePeriodEnd',
  'ChargePeriodStart',
  'CommitmentDiscountCategory',
  'CommitmentDiscountId',
  'CommitmentDiscountName',
  'CommitmentDiscountQuantity',
  'CommitmentDiscountStatus',
  'CommitmentDiscountType',
  'CommitmentDiscountUnit',
  'ConsumedQuantity',
  'ConsumedUnit',
  'ContractedCost',
  'ContractedUnitPrice',
  'EffectiveCost',
  'InvoiceIssuerName',
  'ListCost',
  'ListUnitPrice',
  'PricingCategory',
  'PricingQuantity',
  'PricingUnit',
  'ProviderName',
  'PublisherName',
  'RegionId',
  'RegionName',
  'ResourceId',
  'ResourceName',
  'ResourceType',
  'ServiceCategory',
  'ServiceName',
  'ServiceSubcategory',
  'SkuId',
  'SkuMeter',
  'SkuPriceDetails',
  'SkuPriceId',
  'SubAccountId',
  'SubAccountName',
  'Tags',
] as const;
export type FocusSampleColumn = (typeof FOCUS_SAMPLE_COLUMNS)[number];

export interface FocusSampleRegion {
  provider: Provider;
  code: string; // provider's region code
}

export interface FocusSampleOptions {
  rows: number;
  regions: readonly FocusSampleRegion[];
  /** Our service ids; each row carries one in Tags as {"service": id}. */
  services: readonly string[];
  teams?: readonly string[];
  /** First charge day, default '2025-03-01'. */
  startDay?: string;
  /** Days spanned (rows are spread evenly, in day order). Default 28. */
  days?: number;
  seed?: number;
  /** Columns to leave out (to make a file with missing columns). */
  omitColumns?: readonly string[];
  /** Default '\r\n' as RFC 4180 says. */
  lineEnding?: '\r\n' | '\n';
  /** Every n-th row is a Credit with a negative amount; 0 for none. Default 50. */
  creditEvery?: number;
}

interface Product {
  kind: 'compute' | 'storage' | 'database' | 'egress' | 'inter_region' | 'other';
  serviceName: string;
  serviceCategory: string;
  serviceSubcategory: string;
  description: string;
  unit: string;
  /** Price per unit in 1e-8 USD. */
  unitPriceE8: number;
}

const PRODUCTS: Readonly<Record<Provider, readonly Product[]>> = {
  aws: [
    p('compute', 'Amazon Elastic Compute Cloud', 'Compute', 'Virtual Machines', '$0.192 per On Demand Linux m5.xlarge Instance Hour', 'Hours', 19_200_000),
    p('storage', 'Amazon Simple Storage Service', 'Storage', 'Object Storage', '$0.023 per GB-Mo for storage, "Standard" class', 'GB-Mo', 2_300_000),
    p('database', 'Amazon Relational Database Service', 'Databases', 'Relational Databases', 'RDS db.r6g.large, Multi-AZ, PostgreSQL', 'Hours', 45_000_000),
    p('egress', 'AWS Data Transfer', 'Networking', 'Network Connectivity', '$0.09 per GB - data transfer out to internet', 'GB', 9_000_000),
    p('inter_region', 'AWS Data Transfer', 'Networking', 'Network Connectivity', '$0.02 per GB - inter-region data transfer out', 'GB', 2_000_000),
    p('other', 'Elastic Load Balancing', 'Networking', 'Load Balancing', '$0.0225 per Application LoadBalancer-hour (or partial hour)', 'Hours', 2_250_000),
  ],
  gcp: [
    p('compute', 'Compute Engine', 'Compute', 'Virtual Machines', 'N2 Instance Core running in Americas, "sustained use"', 'Hours', 3_163_500),
    p('storage', 'Cloud Storage', 'Storage', 'Object Storage', 'Standard Storage, multi-region', 'GiB-Mo', 2_600_000),
    p('database', 'Cloud SQL', 'Databases', 'Relational Databases', 'Cloud SQL for PostgreSQL: Zonal, 4 vCPU', 'Hours', 26_400_000),
    p('egress', 'Networking', 'Networking', 'Network Connectivity', 'Network Internet Data Transfer Out from Americas to EMEA', 'GiB', 8_500_000),
    p('inter_region', 'Networking', 'Networking', 'Network Connectivity', 'Network Inter Region Data Transfer Out, Americas to EMEA', 'GiB', 5_000_000),
    p('other', 'Cloud Load Balancing', 'Networking', 'Load Balancing', 'Global forwarding rule, minimum service charge', 'Hours', 2_500_000),
  ],
  azure: [
    p('compute', 'Virtual Machines', 'Compute', 'Virtual Machines', 'D4s v5, Linux, pay as you go', 'Hours', 19_200_000),
    p('storage', 'Storage', 'Storage', 'Object Storage', 'Hot LRS Data Stored, "blob"', 'GB/Month', 1_840_000),
    p('database', 'Azure SQL Database', 'Databases', 'Relational Databases', 'vCore, General Purpose, Gen5, 4 vCores', 'Hours', 50_500_000),
    p('egress', 'Bandwidth', 'Networking', 'Network Connectivity', 'Standard Data Transfer Out, Zone 1', 'GB', 8_700_000),
    p('inter_region', 'Bandwidth', 'Networking', 'Network Connectivity', 'Inter-Region Data Transfer Out, Intra Continent', 'GB', 2_000_000),
    p('other', 'Load Balancer', 'Networking', 'Load Balancing', 'Standard Load Balancer, included rules', 'Hours', 2_500_000),
  ],
  oci: [
    p('compute', 'Compute', 'Compute', 'Virtual Machines', 'Compute - Standard - E4 - OCPU', 'OCPU Hours', 2_500_000),
    p('storage', 'Object Storage', 'Storage', 'Object Storage', 'Object Storage - Storage', 'GB-Mo', 2_550_000),
    p('database', 'Autonomous Database', 'Databases', 'Relational Databases', 'Oracle Autonomous Transaction Processing - ECPU', 'ECPU Hours', 33_600_000),
    p('egress', 'Networking', 'Networking', 'Network Connectivity', 'Outbound Data Transfer, Zone 1', 'GB', 850_000),
    p('inter_region', 'Networking', 'Networking', 'Network Connectivity', 'Outbound Data Transfer, cross-region', 'GB', 850_000),
    p('other', 'Load Balancer', 'Networking', 'Load Balancing', 'Flexible Load Balancer - Base', 'Hours', 1_130_000),
  ],
};

function p(
  kind: Product['kind'],
  serviceName: string,
  serviceCategory: string,
  serviceSubcategory: string,
  description: string,
  unit: string,
  unitPriceE8: number,
): Product {
  return { kind, serviceName, serviceCategory, serviceSubcategory, description, unit, unitPriceE8 };
}

const PROVIDER_NAMES: Readonly<Record<Provider, string>> = {
  aws: 'AWS',
  gcp: 'Google Cloud',
  azure: 'Microsoft',
  oci: 'Oracle',
};

/** Formats an integer count of 1e-8 USD as a decimal string with 8 places ("-12.34567800"). */
function formatE8(amountE8: number): string {
  const sign = amountE8 < 0 ? '-' : '';
  const abs = Math.abs(amountE8);
  return `${sign}${Math.floor(abs / 1e8)}.${String(abs % 1e8).padStart(8, '0')}`;
}

/** 1e-8 USD → micro-dollars, half away from zero, in integer arithmetic (independent of money.ts). */
function e8ToMicros(amountE8: number): number {
  const abs = Math.abs(amountE8);
  const micros = Math.floor(abs / 100) + (abs % 100 >= 50 ? 1 : 0);
  return amountE8 < 0 ? -micros : micros;
}

type SampleRow = Record<FocusSampleColumn, string>;

export interface FocusSampleRowInfo {
  rowNumber: number;
  provider: Provider;
  regionCode: string;
  serviceId: string;
  team: string;
  day: string;
  kind: Product['kind'];
  amountMicros: number;
}

function* sampleRows(opts: FocusSampleOptions): Generator<{ row: SampleRow; info: FocusSampleRowInfo }> {
  if (opts.regions.length === 0 || opts.services.length === 0) throw new RangeError('A sample needs at least one region and one service');
  const rand = seededRandom(opts.seed ?? 1);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const teams = opts.teams ?? ['platform', 'payments', 'search'];
  const startDay = opts.startDay ?? '2025-03-01';
  const days = opts.days ?? 28;
  const creditEvery = opts.creditEvery ?? 50;
  const billingStart = `${startDay.slice(0, 7)}-01T00:00:00Z`;
  const billingEnd = `${addDays(`${startDay.slice(0, 7)}-28`, 4).slice(0, 7)}-01T00:00:00Z`;
  for (let i = 0; i < opts.rows; i++) {
    const rowNumber = i + 1;
    const region = pick(opts.regions);
    const product = pick(PRODUCTS[region.provider]);
    const serviceId = pick(opts.services);
    const team = pick(teams);
    const day = addDays(startDay, Math.floor((i * days) / Math.max(1, opts.rows)));
    const quantityMilli = 1 + Math.floor(rand() * 48_000); // 0.001 … 48 units
    const listE8 = Math.round((product.unitPriceE8 * quantityMilli) / 1000);
    const isCredit = creditEvery > 0 && rowNumber % creditEvery === 0;
    const effectiveE8 = isCredit ? -Math.round(listE8 / 10) : Math.round(listE8 * (0.7 + rand() * 0.3));
    const quantity = (quantityMilli / 1000).toFixed(3);
    const accountId = `${region.provider}-acct-${1000 + (serviceId.length % 7)}`;
    const resourceId = `${region.provider}:${region.code}:${product.kind}/${serviceId}-${i % 997}`;
    const row: SampleRow = {
      AvailabilityZone: '',
      BilledCost: formatE8(isCredit ? effectiveE8 : listE8),
      BillingAccountId: `${region.provider}-billing-1`,
      BillingAccountName: 'Meridian, Inc.',
      BillingCurrency: 'USD',
      BillingPeriodEnd: billingEnd,
      BillingPeriodStart: billingStart,
      CapacityReservationId: '',
      CapacityReservationStatus: '',
      ChargeCategory: isCredit ? 'Credit' : 'Usage',
      ChargeClass: '',
      ChargeDescription: isCredit ? `Promotional credit, "${product.serviceName}"` : product.description,
      ChargeFrequency: 'Usage-Based',
      ChargePeriodEnd: `${addDays(day, 1)}T00:00:00Z`,
      ChargePeriodStart: `${day}T00:00:00Z`,
      CommitmentDiscountCategory: '',
      CommitmentDiscountId: '',
      CommitmentDiscountName: '',
      CommitmentDiscountQuantity: '',
      CommitmentDiscountStatus: '',
      CommitmentDiscountType: '',
      CommitmentDiscountUnit: '',
      ConsumedQuantity: isCredit ? '' : quantity,
      ConsumedUnit: isCredit ? '' : product.unit,
      ContractedCost: formatE8(isCredit ? effectiveE8 : listE8),
      ContractedUnitPrice: formatE8(product.unitPriceE8),
      EffectiveCost: formatE8(effectiveE8),
      InvoiceIssuerName: PROVIDER_NAMES[region.provider],
      ListCost: formatE8(isCredit ? effectiveE8 : listE8),
      ListUnitPrice: formatE8(product.unitPriceE8),
      PricingCategory: isCredit ? '' : 'Standard',
      PricingQuantity: isCredit ? '' : quantity,
      PricingUnit: isCredit ? '' : product.unit,
      ProviderName: PROVIDER_NAMES[region.provider],
      PublisherName: PROVIDER_NAMES[region.provider],
      RegionId: region.code,
      RegionName: regionDisplayName(region.provider, region.code),
      ResourceId: resourceId,
      ResourceName: `${serviceId}, ${product.kind} #${i % 997}`,
      ResourceType: product.serviceSubcategory,
      ServiceCategory: product.serviceCategory,
      ServiceName: product.serviceName,
      ServiceSubcategory: product.serviceSubcategory,
      SkuId: `${product.kind.toUpperCase()}-${region.provider}`,
      SkuMeter: product.unit,
      SkuPriceDetails: '',
      SkuPriceId: `${product.kind.toUpperCase()}-${region.code}`,
      SubAccountId: accountId,
      SubAccountName: `Meridian ${serviceId}`,
      Tags: JSON.stringify({ service: serviceId, team, env: 'prod' }),
    };
    yield {
      row,
      info: { rowNumber, provider: region.provider, regionCode: region.code, serviceId, team, day, kind: product.kind, amountMicros: e8ToMicros(effectiveE8) },
    };
  }
}

function serializer(opts: FocusSampleOptions): { header: string; line: (row: SampleRow, dropLastValue?: boolean) => string } {
  const omit = new Set(opts.omitColumns ?? []);
  const columns = FOCUS_SAMPLE_COLUMNS.filter((c) => !omit.has(c));
  const eol = opts.lineEnding ?? '\r\n';
  return {
    header: columns.join(',') + eol,
    line: (row, dropLastValue = false) => (dropLastValue ? columns.slice(0, -1) : columns).map((c) => csvCell(row[c])).join(',') + eol,
  };
}

/** The sample file in chunks of `rowsPerChunk` rows (header in the first chunk), for streaming benchmarks. */
export function* focusSampleChunks(opts: FocusSampleOptions, rowsPerChunk = 1000): Generator<string, void, undefined> {
  const { header, line } = serializer(opts);
  let chunk = header;
  let n = 0;
  for (const { row } of sampleRows(opts)) {
    chunk += line(row);
    if (++n === rowsPerChunk) {
      yield chunk;
      chunk = '';
      n = 0;
    }
  }
  if (chunk !== '') yield chunk;
}

export interface FocusSample {
  csv: string;
  rows: FocusSampleRowInfo[];
  /** Sum of EffectiveCost over all rows, in micro-dollars. */
  totalMicros: number;
}

/** A valid FOCUS 1.1 file plus what each row should parse to. */
export function generateFocusSample(opts: FocusSampleOptions): FocusSample {
  const { header, line } = serializer(opts);
  const parts = [header];
  const rows: FocusSampleRowInfo[] = [];
  let totalMicros = 0;
  for (const { row, info } of sampleRows(opts)) {
    parts.push(line(row));
    rows.push(info);
    totalMicros += info.amountMicros;
  }
  return { csv: parts.join(''), rows, totalMicros };
}

/** A valid FOCUS 1.1 CSV string of `opts.rows` rows. */
export function generateFocusCsv(opts: FocusSampleOptions): string {
  return generateFocusSample(opts).csv;
}

export const FOCUS_ROW_DEFECTS = [
  'bad_date',
  'impossible_date',
  'end_before_start',
  'negative_cost',
  'non_numeric_cost',
  'empty_cost',
  'unknown_region',
  'non_usd_currency',
  'unknown_provider',
  'bad_charge_category',
  'wrong_value_count',
] as const;
export type FocusRowDefect = (typeof FOCUS_ROW_DEFECTS)[number];

export interface BadFocusSample {
  csv: string;
  /** Which data row (1-based) carries which defect; every other row is valid. */
  defects: { rowNumber: number; defect: FocusRowDefect }[];
}

function applyDefect(row: SampleRow, defect: FocusRowDefect): void {
  switch (defect) {
    case 'bad_date':
      row.ChargePeriodStart = '03/15/2025 10:00';
      break;
    case 'impossible_date':
      row.ChargePeriodStart = '2025-02-30T00:00:00Z';
      break;
    case 'end_before_start':
      row.ChargePeriodEnd = `${addDays(row.ChargePeriodStart.slice(0, 10), -2)}T00:00:00Z`;
      break;
    case 'negative_cost':
      row.ChargeCategory = 'Usage';
      row.BilledCost = '-12.50';
      row.EffectiveCost = '-12.50';
      break;
    case 'non_numeric_cost':
      row.EffectiveCost = '12,50 USD';
      break;
    case 'empty_cost':
      row.BilledCost = '';
      row.EffectiveCost = '';
      break;
    case 'unknown_region':
      row.RegionId = 'moon-base-1';
      row.RegionName = 'Moon Base';
      break;
    case 'non_usd_currency':
      row.BillingCurrency = 'EUR';
      break;
    case 'unknown_provider':
      row.ProviderName = 'Acme Cloud';
      row.PublisherName = 'Acme Cloud';
      break;
    case 'bad_charge_category':
      row.ChargeCategory = 'Refund';
      break;
    case 'wrong_value_count':
      break; // handled when serialising
  }
}

/**
 * A FOCUS 1.1 file in which the listed defects (default: one of each) sit on evenly spread rows and every
 * other row is valid. Needs rows ≥ number of defects.
 */
export function generateBadFocusCsv(opts: FocusSampleOptions & { defects?: readonly FocusRowDefect[] }): BadFocusSample {
  const list = opts.defects ?? FOCUS_ROW_DEFECTS;
  if (opts.rows < list.length) throw new RangeError(`Need at least ${list.length} rows for ${list.length} defects`);
  const at = new Map<number, FocusRowDefect>();
  for (const [k, defect] of list.entries()) at.set(Math.floor(((k + 0.5) * opts.rows) / list.length) + 1, defect);
  const { header, line } = serializer(opts);
  const parts = [header];
  for (const { row, info } of sampleRows(opts)) {
    const defect = at.get(info.rowNumber);
    if (defect !== undefined) applyDefect(row, defect);
    parts.push(line(row, defect === 'wrong_value_count'));
  }
  return { csv: parts.join(''), defects: [...at].map(([rowNumber, defect]) => ({ rowNumber, defect })) };
}
