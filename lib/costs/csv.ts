// A small streaming RFC 4180 CSV reader. Written here because no maintained streaming CSV parser
// (csv-parse, papaparse) is a dependency; it can be swapped for csv-parse behind readCsv() later.
//
// Handles: quoted fields, "" escapes, delimiters and line breaks inside quotes, CRLF / LF / lone CR line
// ends, a UTF-8 byte-order mark, and chunk boundaries anywhere (inside a quote, between the two quotes of
// an escape, between CR and LF, inside a multi-byte UTF-8 sequence).
// Decisions beyond the RFC: completely empty lines are skipped; a final line without a line break is a
// record; a quote inside an unquoted field is kept literally (the record boundaries are still certain);
// text after a closing quote (`"a"b`) and a quote left open at the end of input are syntax errors.

import { isAscii } from 'node:buffer';

export interface CsvOptions {
  /** One character; default ','. */
  delimiter?: string;
  /** Longest field accepted, in characters; guards against an unterminated quote swallowing a file. Default 1,000,000. */
  maxFieldChars?: number;
}

export interface CsvRecord {
  fields: string[];
  /** 1-based line on which the record starts (line breaks inside quoted fields count). */
  line: number;
}

export const CSV_ERROR_CODES = ['CSV_UNTERMINATED_QUOTE', 'CSV_TEXT_AFTER_QUOTE', 'CSV_FIELD_TOO_LONG'] as const;
export type CsvErrorCode = (typeof CSV_ERROR_CODES)[number];

/** Index of the first byte >= 0x80 at or after `from` (bytes.length if none): windows of doubling size are checked
 * with isAscii (native, vectorised), then the first window that has one byte by byte. */
function nextHighByte(bytes: Uint8Array, from: number): number {
  const n = bytes.length;
  for (let a = from, size = 512; a < n; a += size, size *= 2) {
    const e = Math.min(n, a + size);
    if (isAscii(bytes.subarray(a, e))) continue;
    for (let i = a; i < e; i++) if (bytes[i]! >= 0x80) return i;
  }
  return n;
}

/** A byte string (latin1, one character per byte) decoded as UTF-8. */
function utf8(bytes: string): string {
  return Buffer.from(bytes, 'latin1').toString('utf8');
}

/** Receives one record: fields[0..count) (a reused array) and the line it starts on. */
export type RecordSink = (fields: string[], count: number, line: number) => void;

export class CsvSyntaxError extends Error {
  readonly code: CsvErrorCode;
  readonly line: number;
  constructor(code: CsvErrorCode, line: number, message: string) {
    super(message);
    this.name = 'CsvSyntaxError';
    this.code = code;
    this.line = line;
  }
}

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;
const BOM = 0xfeff;

// Reader states. Plain numbers rather than an enum: the hot loop compares them per character.
const START = 0; // at the start of a field, nothing consumed
const UNQUOTED = 1;
const QUOTED = 2;
const QUOTE_IN_QUOTED = 3; // saw a quote inside a quoted field: an escape ("") or the closing quote
type State = typeof START | typeof UNQUOTED | typeof QUOTED | typeof QUOTE_IN_QUOTED;

/** Push-style reader: feed text chunks, collect complete records. */
export class CsvReader {
  private readonly delimiter: number;
  private readonly delimiterChar: string;
  private readonly maxFieldChars: number;
  private state: State = START;
  private carry = ''; // the part of the current field that came from earlier chunks or escapes
  private carryHigh = false; // byte-string input: the carry holds a byte >= 0x80 (so the field needs UTF-8 decoding)
  // The current record's fields: one array reused for every record (fields[0..nf)), so a large file does not
  // allocate an array per row.
  private fields: string[] = [];
  private nf = 0;
  private line = 1;
  private recordLine = 1;
  private skipLf = false;
  private atFileStart = true;
  private keep: readonly boolean[] | null = null;

  constructor(options: CsvOptions = {}) {
    const d = options.delimiter ?? ',';
    if (d.length !== 1 || d === '"' || d === '\n' || d === '\r') throw new RangeError(`Invalid CSV delimiter ${JSON.stringify(d)}`);
    this.delimiter = d.charCodeAt(0);
    this.delimiterChar = d;
    this.maxFieldChars = options.maxFieldChars ?? 1_000_000;
  }

  /**
   * Only materialise the columns whose index is true (others come back as ''), from the next field on.
   * Saves allocating strings nobody reads; null keeps everything.
   */
  setColumnFilter(keep: readonly boolean[] | null): void {
    this.keep = keep;
  }

  /** Parses `chunk` and appends every record it completes to `out`. */
  push(chunk: string, out: CsvRecord[]): void {
    this.scan(chunk, (fields, n, line) => out.push({ fields: fields.slice(0, n), line }));
  }

  /**
   * Parses `chunk` and hands every record it completes to `onRecord` as (fields, count, line): the record is
   * fields[0..count). The array is reused for the next record, so read what you need before returning.
   */
  scan(chunk: string, onRecord: RecordSink): void {
    this.scanText(chunk, onRecord, null);
  }

  /**
   * Like scan, for bytes given as a latin1 string (one character per byte, see ByteChunkDecoder): the CSV structure
   * is ASCII, so it splits the same; a field holding a byte >= 0x80 is decoded from UTF-8 when it is kept. `bytes`:
   * the chunk's bytes when it has such a byte (where to look for them), null when it is all ASCII.
   */
  scanBytes(chunk: string, bytes: Uint8Array | null, onRecord: RecordSink): void {
    this.scanText(chunk, onRecord, bytes);
  }

  private scanText(chunk: string, onRecord: RecordSink, bytes: Uint8Array | null): void {
    if (this.atFileStart && chunk.length > 0) {
      this.atFileStart = false;
      if (chunk.charCodeAt(0) === BOM) chunk = chunk.slice(1);
    }
    const n = chunk.length;
    const delim = this.delimiter;
    const delimChar = this.delimiterChar;
    const keep = this.keep;
    // The hot loop works on locals and writes them back at the end.
    let state = this.state;
    const fields = this.fields;
    let nf = this.nf;
    let carry = this.carry;
    let carryHigh = this.carryHigh;
    // Byte input: position of the next byte >= 0x80 at or after the scan point (n: none; -2: not searched yet).
    let nextHigh = bytes === null ? n : -2;
    const high = (from: number, to: number): boolean => {
      if (nextHigh < from) nextHigh = nextHighByte(bytes!, from);
      return nextHigh < to;
    };
    let line = this.line;
    let recordLine = this.recordLine;
    let skipLf = this.skipLf;
    let i = 0;
    let seg = 0; // start of the current field's text in this chunk
    // Positions of the next '\n', '\r' and delimiter at or after the scan point: -1 none, -2 not searched yet.
    let nextLf = -2;
    let nextCr = -2;
    let nextDelim = -2;
    let nextQuote = -2;
    while (i < n) {
      let c = chunk.charCodeAt(i);
      if (state === START) {
        if (skipLf) {
          skipLf = false;
          if (c === LF) {
            i++;
            continue;
          }
        }
        if (c !== LF && c !== CR) {
          // Fast path for a line that ends in this chunk: field after field up to the line break, one indexOf per
          // field, the line checked once for bytes >= 0x80 and for quotes. Anything unusual (a quoted field that
          // spans lines or has text after its closing quote, a quote inside an unquoted field) leaves the rest of
          // the record, from the field where it was met, to the general states below.
          if (nextLf !== -1 && nextLf < i) nextLf = chunk.indexOf('\n', i);
          if (nextCr !== -1 && nextCr < i) nextCr = chunk.indexOf('\r', i);
          const le = nextCr !== -1 && (nextLf === -1 || nextCr < nextLf) ? nextCr : nextLf;
          if (le !== -1) {
            if (nextQuote !== -1 && nextQuote < i) nextQuote = chunk.indexOf('"', i);
            const lineHigh = high(i, le);
            let done = false;
            while (!done) {
              let end: number;
              let v = '';
              const kept = keep === null || keep[nf] !== false;
              if (nextQuote === i) {
                // A quoted field: its text is built from the pieces between doubled quotes as they are stepped over.
                let from = i + 1;
                let q = chunk.indexOf('"', from);
                while (q !== -1 && q < le && chunk.charCodeAt(q + 1) === QUOTE) {
                  if (kept) v += chunk.slice(from, q + 1);
                  from = q + 2;
                  q = chunk.indexOf('"', from);
                }
                end = q + 1;
                if (q === -1 || q > le || (end !== le && chunk.charCodeAt(end) !== delim)) break;
                nextQuote = chunk.indexOf('"', end);
                if (kept) {
                  v += chunk.slice(from, q);
                  if (lineHigh && high(i + 1, q)) v = utf8(v);
                }
              } else {
                if (nextDelim !== -1 && nextDelim < i) nextDelim = chunk.indexOf(delimChar, i);
                end = nextDelim === -1 || nextDelim > le ? le : nextDelim;
                if (nextQuote !== -1 && nextQuote < end) break;
                if (kept) v = lineHigh && high(i, end) ? utf8(chunk.slice(i, end)) : chunk.slice(i, end);
              }
              fields[nf++] = v;
              i = end + 1;
              if (end === le) {
                onRecord(fields, nf, recordLine);
                nf = 0;
                recordLine = ++line;
                skipLf = le === nextCr;
                done = true;
              }
            }
            if (done) continue;
            c = chunk.charCodeAt(i);
          }
        }
        if (c === QUOTE) {
          state = QUOTED;
          seg = ++i;
        } else if (c === delim) {
          fields[nf++] = '';
          i++;
        } else if (c === LF || c === CR) {
          // A line break with no field started: either an empty line (skipped) or "a,⏎" (empty last field).
          if (nf > 0) {
            fields[nf++] = '';
            onRecord(fields, nf, recordLine);
            nf = 0;
          }
          recordLine = ++line;
          skipLf = c === CR;
          i++;
        } else {
          state = UNQUOTED;
          seg = i++;
        }
      } else if (state === UNQUOTED) {
        // Jump to the nearest delimiter or line break; indexOf is much faster than a per-character loop, and
        // each cached position stays valid until the scan passes it.
        if (nextDelim !== -1 && nextDelim < i) nextDelim = chunk.indexOf(delimChar, i);
        if (nextLf !== -1 && nextLf < i) nextLf = chunk.indexOf('\n', i);
        if (nextCr !== -1 && nextCr < i) nextCr = chunk.indexOf('\r', i);
        let end = n;
        if (nextDelim !== -1) end = nextDelim;
        if (nextLf !== -1 && nextLf < end) end = nextLf;
        if (nextCr !== -1 && nextCr < end) end = nextCr;
        i = end;
        if (i === n) break;
        c = chunk.charCodeAt(i);
        if (keep !== null && keep[nf] === false) {
          fields[nf++] = '';
          carry = '';
        } else if (carry === '' && !carryHigh) {
          fields[nf++] = high(seg, i) ? utf8(chunk.slice(seg, i)) : chunk.slice(seg, i);
        } else {
          const v = carry + chunk.slice(seg, i);
          fields[nf++] = carryHigh || high(seg, i) ? utf8(v) : v;
          carry = '';
        }
        carryHigh = false;
        state = START;
        if (c !== delim) {
          onRecord(fields, nf, recordLine);
          nf = 0;
          recordLine = ++line;
          skipLf = c === CR;
        }
        i++;
      } else if (state === QUOTED) {
        // Doubled quotes ("") inside the field are stepped over here and undone once, on the field's text; a quote
        // that is the chunk's last character is left to QUOTE_IN_QUOTED, which sees the next chunk.
        let q = chunk.indexOf('"', i);
        let escaped = false;
        while (q !== -1 && q + 1 < n && chunk.charCodeAt(q + 1) === QUOTE) {
          escaped = true;
          q = chunk.indexOf('"', q + 2);
        }
        const stop = q === -1 ? n : q;
        // Count line breaks inside the quotes.
        if (nextLf !== -1 && nextLf < i) nextLf = chunk.indexOf('\n', i);
        while (nextLf !== -1 && nextLf < stop) {
          line++;
          nextLf = chunk.indexOf('\n', nextLf + 1);
        }
        if (keep === null || keep[nf] !== false) {
          const piece = chunk.slice(seg, stop);
          carry += escaped ? piece.replaceAll('""', '"') : piece;
          if (high(seg, stop)) carryHigh = true;
        }
        if (q === -1) {
          seg = i = n; // the field goes on in the next chunk; its text so far is in carry
          break;
        }
        seg = i = q + 1;
        state = QUOTE_IN_QUOTED;
      } else {
        // QUOTE_IN_QUOTED
        if (c === QUOTE) {
          if (keep === null || keep[nf] !== false) carry += '"';
          seg = ++i;
          state = QUOTED;
        } else if (c === delim || c === LF || c === CR) {
          fields[nf++] = carryHigh ? utf8(carry) : carry;
          carry = '';
          carryHigh = false;
          state = START;
          if (c !== delim) {
            onRecord(fields, nf, recordLine);
            nf = 0;
            recordLine = ++line;
            skipLf = c === CR;
          }
          i++;
        } else {
          this.line = line;
          this.nf = nf;
          throw new CsvSyntaxError(
            'CSV_TEXT_AFTER_QUOTE',
            line,
            `Line ${line}: text follows a closing quote; quotes inside a quoted field must be doubled ("").`,
          );
        }
      }
    }
    if ((state === UNQUOTED || state === QUOTED) && (keep === null || keep[nf] !== false)) {
      carry += chunk.slice(seg, n);
      if (high(seg, n)) carryHigh = true;
      if (carry.length > this.maxFieldChars) {
        throw new CsvSyntaxError(
          'CSV_FIELD_TOO_LONG',
          recordLine,
          `Line ${recordLine}: a field is longer than ${this.maxFieldChars} characters; probably a quote that is never closed.`,
        );
      }
    }
    this.state = state;
    this.nf = nf;
    this.carry = carry;
    this.carryHigh = carryHigh;
    this.line = line;
    this.recordLine = recordLine;
    this.skipLf = skipLf;
  }

  /** Signals the end of input and appends the last record, if any. */
  end(out: CsvRecord[]): void {
    this.endScan((fields, n, line) => out.push({ fields: fields.slice(0, n), line }));
  }

  /** Signals the end of input and hands the last record, if any, to `onRecord` (as scan does). */
  endScan(onRecord: RecordSink): void {
    switch (this.state) {
      case QUOTED:
        throw new CsvSyntaxError('CSV_UNTERMINATED_QUOTE', this.recordLine, `Line ${this.recordLine}: a quoted field is never closed.`);
      case UNQUOTED:
      case QUOTE_IN_QUOTED:
        this.fields[this.nf++] = this.carryHigh ? utf8(this.carry) : this.carry;
        this.carry = '';
        this.carryHigh = false;
        onRecord(this.fields, this.nf, this.recordLine);
        this.nf = 0;
        break;
      case START:
        if (this.nf > 0) {
          this.fields[this.nf++] = '';
          onRecord(this.fields, this.nf, this.recordLine);
          this.nf = 0;
        }
        break;
    }
    this.state = START;
  }
}

/**
 * Byte chunks as latin1 strings (one character per byte) for CsvReader.scanBytes: the fastest way from bytes to a
 * string V8 can scan (one-byte, no UTF-8 validation), with a UTF-8 byte-order mark at the start of the file removed.
 * `bytes` is null when the chunk has no byte >= 0x80, so the reader need not look for any.
 */
export class ByteChunkDecoder {
  private head: Buffer | null = Buffer.alloc(0); // bytes held at the file start until a BOM can be told apart

  decode(chunk: Uint8Array): { text: string; bytes: Uint8Array | null } {
    let b = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (this.head !== null) {
      b = this.head.length > 0 ? Buffer.concat([this.head, b]) : b;
      if (b.length < 3 && UTF8_BOM.subarray(0, b.length).equals(b)) {
        this.head = Buffer.from(b);
        return { text: '', bytes: null };
      }
      this.head = null;
      if (b.subarray(0, 3).equals(UTF8_BOM)) b = b.subarray(3);
    }
    return { text: b.toString('latin1'), bytes: isAscii(b) ? null : b };
  }

  /** Bytes still held at the end of input (a file of one or two bytes). */
  end(): { text: string; bytes: Uint8Array | null } {
    const rest = this.head ?? Buffer.alloc(0);
    this.head = null;
    return { text: rest.toString('latin1'), bytes: isAscii(rest) ? null : rest };
  }
}

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/**
 * Streaming UTF-8 decoding for byte chunks: a character split across chunks is held back until its last byte
 * arrives. Pure-ASCII chunks (what cost exports nearly always are) take Buffer's latin1 path, several times faster
 * than TextDecoder; others are decoded up to their last whole character. Malformed bytes become U+FFFD.
 */
export class Utf8ChunkDecoder {
  private carry: Buffer | null = null;

  decode(chunk: Uint8Array): string {
    let b = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (this.carry !== null) {
      b = Buffer.concat([this.carry, b]);
      this.carry = null;
    }
    if (isAscii(b)) return b.toString('latin1');
    const end = wholeCharsEnd(b);
    if (end < b.length) this.carry = Buffer.from(b.subarray(end));
    return b.toString('utf8', 0, end);
  }

  /** What is left at the end of input (an unfinished character becomes U+FFFD). */
  end(): string {
    const rest = this.carry;
    this.carry = null;
    return rest === null ? '' : rest.toString('utf8');
  }
}

/** Index after the last complete UTF-8 character of `b` (b.length when nothing is cut off). */
function wholeCharsEnd(b: Uint8Array): number {
  // Look back at most 3 bytes for the lead byte of the last character.
  for (let i = b.length - 1; i >= 0 && i >= b.length - 4; i--) {
    const c = b[i]!;
    if ((c & 0xc0) === 0x80) continue; // continuation byte
    const need = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
    return i + need <= b.length ? b.length : i;
  }
  return b.length;
}

/**
 * Feeds a reader text or UTF-8 byte chunks, as they come. Bytes take the byte-string path (ByteChunkDecoder +
 * scanBytes) when the input starts with bytes; text chunks among bytes, or bytes among text, are converted.
 */
export function byteFeed(reader: CsvReader): { push: (chunk: string | Uint8Array, onRecord: RecordSink) => void; end: (onRecord: RecordSink) => void } {
  let mode: 'bytes' | 'text' | null = null;
  const bytes = new ByteChunkDecoder();
  const text = new Utf8ChunkDecoder();
  return {
    push(chunk, onRecord) {
      mode ??= typeof chunk === 'string' ? 'text' : 'bytes';
      if (mode === 'text') reader.scan(typeof chunk === 'string' ? chunk : text.decode(chunk), onRecord);
      else {
        const d = bytes.decode(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk);
        reader.scanBytes(d.text, d.bytes, onRecord);
      }
    },
    end(onRecord) {
      if (mode === 'bytes') {
        const d = bytes.end();
        reader.scanBytes(d.text, d.bytes, onRecord);
      } else reader.scan(text.end(), onRecord);
      reader.endScan(onRecord);
    },
  };
}

export type TextChunks = AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>;

/**
 * Reads CSV records from text or UTF-8 byte chunks, one batch of records per input chunk (batches keep
 * the per-record cost of async iteration out of the hot path). Throws CsvSyntaxError on malformed input.
 */
export async function* readCsvBatches(chunks: TextChunks, options: CsvOptions = {}): AsyncGenerator<CsvRecord[], void, undefined> {
  const reader = new CsvReader(options);
  const feed = byteFeed(reader);
  for await (const chunk of chunks) {
    const out: CsvRecord[] = [];
    feed.push(chunk, (fields, n, line) => out.push({ fields: fields.slice(0, n), line }));
    if (out.length > 0) yield out;
  }
  const out: CsvRecord[] = [];
  feed.end((fields, n, line) => out.push({ fields: fields.slice(0, n), line }));
  if (out.length > 0) yield out;
}

/** Reads CSV records one at a time. */
export async function* readCsv(chunks: TextChunks, options: CsvOptions = {}): AsyncGenerator<CsvRecord, void, undefined> {
  for await (const batch of readCsvBatches(chunks, options)) yield* batch;
}

/** Parses a whole CSV string at once. */
export function parseCsv(text: string, options: CsvOptions = {}): CsvRecord[] {
  const reader = new CsvReader(options);
  const out: CsvRecord[] = [];
  reader.push(text, out);
  reader.end(out);
  return out;
}
