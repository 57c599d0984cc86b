// A small streaming RFC 4180 CSV reader. Written here because no maintained streaming CSV parser
// (csv-parse, papaparse) is a dependency; it can be swapped for csv-parse behind readCsv() later.
//
// Handles: quoted fields, "" escapes, delimiters and line breaks inside quotes, CRLF / LF / lone CR line
// ends, a UTF-8 byte-order mark, and chunk boundaries anywhere (inside a quote, between the two quotes of
// an escape, between CR and LF, inside a multi-byte UTF-8 sequence).
// Decisions beyond the RFC: completely empty lines are skipped; a final line without a line break is a
// record; a quote inside an unquoted field is kept literally (the record boundaries are still certain);
// text after a closing quote (`"a"b`) and a quote left open at the end of input are syntax errors.

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
  private fields: string[] = [];
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
    let fields = this.fields;
    let carry = this.carry;
    let line = this.line;
    let recordLine = this.recordLine;
    let skipLf = this.skipLf;
    let i = 0;
    let seg = 0; // start of the current field's text in this chunk
    // Positions of the next '\n', '\r' and delimiter at or after the scan point: -1 none, -2 not searched yet.
    let nextLf = -2;
    let nextCr = -2;
    let nextDelim = -2;
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
        if (c === QUOTE) {
          state = QUOTED;
          seg = ++i;
        } else if (c === delim) {
          fields.push('');
          i++;
        } else if (c === LF || c === CR) {
          // A line break with no field started: either an empty line (skipped) or "a,⏎" (empty last field).
          if (fields.length > 0) {
            fields.push('');
            out.push({ fields, line: recordLine });
            fields = [];
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
        if (keep !== null && keep[fields.length] === false) {
          fields.push('');
          carry = '';
        } else if (carry === '') {
          fields.push(chunk.slice(seg, i));
        } else {
          fields.push(carry + chunk.slice(seg, i));
          carry = '';
        }
        state = START;
        if (c !== delim) {
          out.push({ fields, line: recordLine });
          fields = [];
          recordLine = ++line;
          skipLf = c === CR;
        }
        i++;
      } else if (state === QUOTED) {
        const q = chunk.indexOf('"', i);
        const stop = q === -1 ? n : q;
        // Count line breaks inside the quotes.
        if (nextLf !== -1 && nextLf < i) nextLf = chunk.indexOf('\n', i);
        while (nextLf !== -1 && nextLf < stop) {
          line++;
          nextLf = chunk.indexOf('\n', nextLf + 1);
        }
        if (q === -1) break;
        if (keep === null || keep[fields.length] !== false) carry += chunk.slice(seg, q);
        seg = i = q + 1;
        state = QUOTE_IN_QUOTED;
      } else {
        // QUOTE_IN_QUOTED
        if (c === QUOTE) {
          if (keep === null || keep[fields.length] !== false) carry += '"';
          seg = ++i;
          state = QUOTED;
        } else if (c === delim || c === LF || c === CR) {
          fields.push(carry);
          carry = '';
          state = START;
          if (c !== delim) {
            out.push({ fields, line: recordLine });
            fields = [];
            recordLine = ++line;
            skipLf = c === CR;
          }
          i++;
        } else {
          this.line = line;
          throw new CsvSyntaxError(
            'CSV_TEXT_AFTER_QUOTE',
            line,
            `Line ${line}: text follows a closing quote; quotes inside a quoted field must be doubled ("").`,
          );
        }
      }
    }
    if ((state === UNQUOTED || state === QUOTED) && (keep === null || keep[fields.length] !== false)) {
      carry += chunk.slice(seg, n);
      if (carry.length > this.maxFieldChars) {
        throw new CsvSyntaxError(
          'CSV_FIELD_TOO_LONG',
          recordLine,
          `Line ${recordLine}: a field is longer than ${this.maxFieldChars} characters; probably a quote that is never closed.`,
        );
      }
    }
    this.state = state;
    this.fields = fields;
    this.carry = carry;
    this.line = line;
    this.recordLine = recordLine;
    this.skipLf = skipLf;
  }

  /** Signals the end of input and appends the last record, if any. */
  end(out: CsvRecord[]): void {
    switch (this.state) {
      case QUOTED:
        throw new CsvSyntaxError('CSV_UNTERMINATED_QUOTE', this.recordLine, `Line ${this.recordLine}: a quoted field is never closed.`);
      case UNQUOTED:
      case QUOTE_IN_QUOTED:
        this.fields.push(this.carry);
        this.carry = '';
        this.emit(out);
        break;
      case START:
        if (this.fields.length > 0) {
          this.fields.push('');
          this.emit(out);
        }
        break;
    }
    this.state = START;
  }

  private emit(out: CsvRecord[]): void {
    out.push({ fields: this.fields, line: this.recordLine });
    this.fields = [];
  }
}

export type TextChunks = AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>;

/**
 * Reads CSV records from text or UTF-8 byte chunks, one batch of records per input chunk (batches keep
 * the per-record cost of async iteration out of the hot path). Throws CsvSyntaxError on malformed input.
 */
export async function* readCsvBatches(chunks: TextChunks, options: CsvOptions = {}): AsyncGenerator<CsvRecord[], void, undefined> {
  const reader = new CsvReader(options);
  const decoder = new TextDecoder('utf-8'); // strips a leading BOM itself; streaming keeps split characters intact
  for await (const chunk of chunks) {
    const text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    const out: CsvRecord[] = [];
    reader.push(text, out);
    if (out.length > 0) yield out;
  }
  const out: CsvRecord[] = [];
  reader.push(decoder.decode(), out);
  reader.end(out);
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
