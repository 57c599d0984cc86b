// What a FOCUS import sends to the database: the worker thread collects accepted rows into column batches
// (RowBatchBuilder), the runner's thread turns each into one payload in the database's bulk format with the rows'
// ids (PayloadWriter). Pure: no I/O, so the worker, the runner and the benchmark share it.
import type { DatabaseKind } from '../config';
import type { Provider } from '../fleet/types';
import { type FocusCostRow, type ParseFocusOptions, RowKeys } from './focus';

/** Rows per batch (one statement on SQLite, one COPY on PostgreSQL). */
export const INSERT_BATCH = 10_000;

/** CostRecord columns a payload carries, in order (every column the import writes, source and importId included). */
export const PAYLOAD_COLUMNS = ['id', 'day', 'regionId', 'serviceId', 'provider', 'category', 'amountUsd', 'usageQuantity', 'usageUnit', 'source', 'importId'];

/**
 * A CostRecord id: the day first, so the primary key orders rows by day and a day range is an id range. An imported
 * row's key is the first 128 bits of its content hash (sourceKey), so the same row in a later file meets this one in
 * the primary key.
 */
export function costRecordId(day: string, key: string): string {
  return `${day}:${key}`;
}

/**
 * How a FOCUS row finds its inventory: the region by provider and region code, the owning service by a `service` tag
 * (our id, slug or name, any case), else none (shared cost).
 */
export function focusResolvers(
  regions: readonly { id: string; provider: string; code: string }[],
  services: readonly { id: string; slug: string; name: string }[],
): Pick<ParseFocusOptions, 'resolveRegion' | 'resolveService'> {
  const regionByCode = new Map(regions.map((r) => [`${r.provider}|${r.code.toLowerCase()}`, r.id]));
  const serviceByName = new Map<string, string>();
  for (const s of services) for (const k of [s.id, s.slug, s.name]) serviceByName.set(k.toLowerCase(), s.id);
  return {
    resolveRegion: (provider: Provider, code: string) => regionByCode.get(`${provider}|${code.toLowerCase()}`) ?? null,
    resolveService: (_name, tags) => (tags.service ? (serviceByName.get(tags.service.toLowerCase()) ?? null) : null),
  };
}

/** A value in PostgreSQL's COPY text format (backslash, tab and line breaks escaped; null is \N). */
function copyText(v: string | null): string {
  if (v === null) return '\\N';
  return /[\\\t\n\r]/.test(v) ? v.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r')) : v;
}

/**
 * The string columns a RowBatch carries as codes, per row in this order: day, regionId, serviceId (-1: none, shared
 * cost), provider, category, usageUnit.
 */
const CODED = 6;

/**
 * A batch of accepted rows as the worker hands it to the runner: columns, not lines. The strings repeat row after row
 * (day, region, service, provider, category, unit), so each crosses once, in the batch where it first appears, and
 * rows carry its code; amounts are numbers; each row's key content (what its id is hashed from) is packed into one
 * string. The runner's PayloadWriter turns it into the database's format.
 */
export interface RowBatch {
  rows: number;
  /** Strings first seen in this batch: the next codes, in order. */
  strings: string[];
  /** CODED codes per row. */
  codes: Int32Array;
  amountMicros: Float64Array;
  usageQuantity: Float64Array;
  /** The rows' key contents, one after another; contentEnds[i] is where row i's ends. */
  content: string;
  contentEnds: Int32Array;
}

/**
 * The worker's side: collects accepted rows (parsed with ParseFocusOptions.deferRowKeys, so each has its keyContent)
 * into RowBatches. Building columns is cheap: a code lookup per string, numbers stored as they are; the lines are
 * made on the runner's thread, so the worker (the import's limit) does less per row. Batches of any size: the
 * arrays grow when more than INSERT_BATCH rows are added before take().
 */
export class RowBatchBuilder {
  private readonly codeOf = new Map<string, number>();
  private strings: string[] = [];
  private codes = new Int32Array(INSERT_BATCH * CODED);
  private amounts = new Float64Array(INSERT_BATCH);
  private quantities = new Float64Array(INSERT_BATCH);
  private ends = new Int32Array(INSERT_BATCH);
  private contents: string[] = [];
  private contentLength = 0;

  get size(): number {
    return this.contents.length;
  }

  private code(v: string): number {
    let c = this.codeOf.get(v);
    if (c === undefined) {
      c = this.codeOf.size;
      this.codeOf.set(v, c);
      this.strings.push(v);
    }
    return c;
  }

  add(r: FocusCostRow): void {
    const n = this.contents.length;
    if (n === this.amounts.length) this.grow();
    const at = n * CODED;
    const codes = this.codes;
    codes[at] = this.code(r.day);
    codes[at + 1] = this.code(r.regionId);
    codes[at + 2] = r.serviceId === null ? -1 : this.code(r.serviceId);
    codes[at + 3] = this.code(r.provider);
    codes[at + 4] = this.code(r.category);
    codes[at + 5] = this.code(r.usageUnit ?? '');
    this.amounts[n] = r.amountMicros;
    this.quantities[n] = r.usageQuantity ?? 0;
    const content = r.keyContent!;
    this.contents.push(content);
    this.ends[n] = this.contentLength += content.length;
  }

  private grow() {
    const bigger = <T extends Int32Array | Float64Array>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(a.length * 2);
      b.set(a);
      return b;
    };
    this.codes = bigger(this.codes);
    this.amounts = bigger(this.amounts);
    this.quantities = bigger(this.quantities);
    this.ends = bigger(this.ends);
  }

  /** The rows collected so far, and a fresh start (strings already sent keep their codes). */
  take(): RowBatch {
    const rows = this.contents.length;
    const b: RowBatch = {
      rows,
      strings: this.strings,
      codes: this.codes.slice(0, rows * CODED),
      amountMicros: this.amounts.slice(0, rows),
      usageQuantity: this.quantities.slice(0, rows),
      content: this.contents.join(''),
      contentEnds: this.ends.slice(0, rows),
    };
    this.strings = [];
    this.clear();
    return b;
  }

  /** Drops the rows collected so far (strings not yet sent stay pending for the next batch). */
  clear(): void {
    this.contents = [];
    this.contentLength = 0;
  }
}

/**
 * The runner's side: turns RowBatches into payloads in the database's bulk format, in PAYLOAD_COLUMNS order: on
 * SQLite a JSON array of arrays (unpacked by jsonb_each), on PostgreSQL COPY text. Each row's id is its day and its
 * key, hashed from its content in file order (RowKeys, so identical rows count as in a single pass: the same ids
 * parseFocus gives). The stored amount is micros / 10⁶, which rounds back to the same micros in every report. Feed
 * it every batch of one file, in order.
 */
export class PayloadWriter {
  private readonly strings: string[] = [];
  /** Per code, the string as the payload writes it (quoted JSON, or COPY text). */
  private readonly encoded: string[] = [];
  private readonly keys = new RowKeys();
  private readonly tail: string;
  private readonly none: string;

  constructor(
    private readonly kind: DatabaseKind,
    importId: string,
  ) {
    this.tail = kind === 'postgres' ? `\tfocus\t${copyText(importId)}\n` : `,"focus",${JSON.stringify(importId)}]`;
    this.none = kind === 'postgres' ? '\\N' : 'null';
  }

  payload(b: RowBatch): string {
    for (const v of b.strings) {
      this.strings.push(v);
      this.encoded.push(this.kind === 'postgres' ? copyText(v) : JSON.stringify(v));
    }
    const { strings, encoded, tail } = this;
    const codes = b.codes;
    const pg = this.kind === 'postgres';
    const lines: string[] = new Array(b.rows);
    for (let i = 0, c0 = 0; i < b.rows; i++) {
      const at = i * CODED;
      const c1 = b.contentEnds[i]!;
      const day = strings[codes[at]!]!;
      const id = costRecordId(day, this.keys.key(b.content.slice(c0, c1)).slice(0, 32));
      c0 = c1;
      const region = encoded[codes[at + 1]!]!;
      const service = codes[at + 2] === -1 ? this.none : encoded[codes[at + 2]!]!;
      const provider = encoded[codes[at + 3]!]!;
      const category = encoded[codes[at + 4]!]!;
      const unit = encoded[codes[at + 5]!]!;
      const amount = b.amountMicros[i]! / 1_000_000;
      const quantity = b.usageQuantity[i]!;
      lines[i] = pg
        ? `${id}\t${day}\t${region}\t${service}\t${provider}\t${category}\t${amount}\t${quantity}\t${unit}${tail}`
        : `["${id}",${encoded[codes[at]!]!},${region},${service},${provider},${category},${amount},${quantity},${unit}${tail}`;
    }
    return pg ? lines.join('') : `[${lines.join(',')}]`;
  }
}
