// What a FOCUS import sends to the database, built where the file is parsed (the import's worker thread): the
// rows of a batch as one payload in the target database's bulk format, and the file's sums at the finest rollup
// grain. Pure: no I/O, so the worker, the runner and the benchmark share it.
import type { DatabaseKind } from '../config';
import type { Provider } from '../fleet/types';
import type { FocusCostRow, ParseFocusOptions, RowKeys } from './focus';

/** Rows per batch (one statement on SQLite, one COPY on PostgreSQL). */
export const INSERT_BATCH = 10_000;

/** CostRecord columns a payload carries, in order; the runner adds none (source and importId are in the payload). */
export const PAYLOAD_COLUMNS = ['id', 'day', 'regionId', 'serviceId', 'provider', 'category', 'amountUsd', 'usageQuantity', 'usageUnit', 'source', 'importId'];

/** A CostRecord id: the day first, so the primary key orders rows by day and a day range is an id range. */
export function costRecordId(day: string, key: string): string {
  return `${day}:${key}`;
}

/**
 * An imported row's id: its day and the first 128 bits of its content hash (sourceKey), so the same row in a later
 * file meets this one in the primary key.
 */
export function importedRowId(r: Pick<FocusCostRow, 'day' | 'sourceKey'>): string {
  return costRecordId(r.day, r.sourceKey.slice(0, 32));
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
export function copyText(v: string | null): string {
  if (v === null) return '\\N';
  return /[\\\t\n\r]/.test(v) ? v.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r')) : v;
}

/**
 * Collects accepted rows into payloads of INSERT_BATCH rows: on SQLite a JSON array of arrays (unpacked by
 * jsonb_each), on PostgreSQL COPY text. The stored amount is micros / 10⁶, which rounds back to the same micros in
 * every report. Region, service and unit repeat across a file: each is encoded once (`text`).
 *
 * With `deferIds` (the import's worker) a row's id is left out: rows come with keyContent instead of sourceKey
 * (ParseFocusOptions.deferRowKeys) and takeDeferred() hands over each row's line without its id plus its key content;
 * completeBatch() on the runner's thread hashes the contents in file order and puts the ids in.
 */
export class PayloadBuilder {
  private parts: string[] = [];
  private contents: string[] = [];
  private readonly tail: string;
  private readonly encoded = new Map<string, string>();
  constructor(
    private readonly kind: DatabaseKind,
    importId: string,
    private readonly deferIds = false,
  ) {
    this.tail = kind === 'postgres' ? `\tfocus\t${copyText(importId)}\n` : `,"focus",${JSON.stringify(importId)}]`;
  }

  get size(): number {
    return this.parts.length;
  }

  /** A string value in the payload's format (quoted JSON, or COPY text), cached. */
  private text(v: string): string {
    let e = this.encoded.get(v);
    if (e === undefined) {
      e = this.kind === 'postgres' ? copyText(v) : JSON.stringify(v);
      if (this.encoded.size > 10_000) this.encoded.clear();
      this.encoded.set(v, e);
    }
    return e;
  }

  /** The row's line after its id: PostgreSQL `\t<day>\t…\n`, SQLite `,"<day>",…]` (the day always at 1 or 2). */
  private rest(r: FocusCostRow): string {
    const amount = r.amountMicros / 1_000_000;
    const quantity = r.usageQuantity ?? 0;
    const unit = this.text(r.usageUnit ?? '');
    const region = this.text(r.regionId);
    if (this.kind === 'postgres') {
      const service = r.serviceId === null ? '\\N' : this.text(r.serviceId);
      return `\t${r.day}\t${region}\t${service}\t${r.provider}\t${r.category}\t${amount}\t${quantity}\t${unit}${this.tail}`;
    }
    const service = r.serviceId === null ? 'null' : this.text(r.serviceId);
    return `,"${r.day}",${region},${service},"${r.provider}","${r.category}",${amount},${quantity},${unit}${this.tail}`;
  }

  add(r: FocusCostRow): void {
    if (this.deferIds) {
      this.parts.push(this.rest(r));
      this.contents.push(r.keyContent!);
    } else this.parts.push(withId(this.kind, importedRowId(r), this.rest(r)));
  }

  /** The rows collected so far as one payload, and a fresh start. */
  take(): string {
    const out = join(this.kind, this.parts);
    this.parts = [];
    return out;
  }

  /** The rows collected so far without their ids (deferIds), and a fresh start. */
  takeDeferred(): DeferredBatch {
    const b = { rows: this.parts.length, ...packed(this.parts, 'rest'), ...packed(this.contents, 'content') } as DeferredBatch;
    this.parts = [];
    this.contents = [];
    return b;
  }

  clear(): void {
    this.parts = [];
    this.contents = [];
  }
}

/** A batch whose ids are still to be made: each row's line after its id, and its key content, packed. */
export interface DeferredBatch {
  rows: number;
  rest: string;
  restEnds: Int32Array;
  content: string;
  contentEnds: Int32Array;
}

/** Strings as one string and their end offsets: one message part instead of one per row. */
function packed<K extends string>(xs: string[], name: K): Record<K, string> & Record<`${K}Ends`, Int32Array> {
  const ends = new Int32Array(xs.length);
  let at = 0;
  for (let i = 0; i < xs.length; i++) ends[i] = at += xs[i]!.length;
  return { [name]: xs.join(''), [`${name}Ends`]: ends } as Record<K, string> & Record<`${K}Ends`, Int32Array>;
}

const withId = (kind: DatabaseKind, id: string, rest: string) => (kind === 'postgres' ? id + rest : `["${id}"${rest}`);
const join = (kind: DatabaseKind, lines: string[]) => (kind === 'postgres' ? lines.join('') : `[${lines.join(',')}]`);

/**
 * A deferred batch made whole, on the runner's thread: each row's key from its content (RowKeys, fed in file order,
 * so duplicate rows count as in a single pass), its id from its day and key, and the payload PayloadBuilder would
 * have made.
 */
export function completeBatch(kind: DatabaseKind, b: DeferredBatch, keys: RowKeys): string {
  const lines: string[] = new Array(b.rows);
  const dayAt = kind === 'postgres' ? 1 : 2;
  for (let i = 0, r0 = 0, c0 = 0; i < b.rows; i++) {
    const r1 = b.restEnds[i]!;
    const c1 = b.contentEnds[i]!;
    const rest = b.rest.slice(r0, r1);
    const id = costRecordId(rest.slice(dayAt, dayAt + 10), keys.key(b.content.slice(c0, c1)).slice(0, 32));
    lines[i] = withId(kind, id, rest);
    r0 = r1;
    c0 = c1;
  }
  return join(kind, lines);
}
