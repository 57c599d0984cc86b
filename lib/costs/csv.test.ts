import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { byteFeed, CsvReader, type CsvRecord, CsvSyntaxError, parseCsv, readCsv, Utf8ChunkDecoder } from './csv';

const fieldsOf = (text: string): string[][] => parseCsv(text).map((r) => r.fields);

/** Feeds `text` to a reader cut at the given positions. */
function parseInPieces(text: string, cuts: readonly number[]): CsvRecord[] {
  const reader = new CsvReader();
  const out: CsvRecord[] = [];
  let from = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    reader.push(text.slice(from, cut), out);
    from = cut;
  }
  reader.push(text.slice(from), out);
  reader.end(out);
  return out;
}

/** Writes records the RFC 4180 way, quoting only when needed (or always). */
function writeCsv(records: readonly (readonly string[])[], eol: string, quoteAll: boolean): string {
  return records.map((r) => r.map((f) => (quoteAll || /[",\r\n]/.test(f) ? `"${f.replace(/"/g, '""')}"` : f)).join(',')).join(eol);
}

describe('parseCsv', () => {
  it('splits plain fields and records', () => {
    expect(fieldsOf('a,b,c\n1,2,3\n')).toEqual([
      ['a', 'b', 'c'],
      ['1', '2', '3'],
    ]);
  });

  it('reads quoted fields with delimiters, escaped quotes and line breaks', () => {
    expect(fieldsOf('id,text\r\n1,"Hello, ""world""\r\nsecond line"\r\n2,x\r\n')).toEqual([
      ['id', 'text'],
      ['1', 'Hello, "world"\r\nsecond line'],
      ['2', 'x'],
    ]);
  });

  it('keeps empty fields, including a trailing one and an empty quoted one', () => {
    expect(fieldsOf('a,,b,\n"",x\n,\n')).toEqual([
      ['a', '', 'b', ''],
      ['', 'x'],
      ['', ''],
    ]);
  });

  it('accepts LF, CRLF and lone CR line ends and a last line without a line break', () => {
    expect(fieldsOf('a\r\nb\nc\rd')).toEqual([['a'], ['b'], ['c'], ['d']]);
  });

  it('skips empty lines', () => {
    expect(fieldsOf('a\n\n\r\nb\n\n')).toEqual([['a'], ['b']]);
  });

  it('strips a UTF-8 byte-order mark from a string', () => {
    expect(fieldsOf('\uFEFFBilledCost,x\n1,2')).toEqual([
      ['BilledCost', 'x'],
      ['1', '2'],
    ]);
  });

  it('reports the line each record starts on, counting line breaks inside quotes', () => {
    expect(parseCsv('h\n"a\nb"\nc\r\n\nd').map((r) => r.line)).toEqual([1, 2, 4, 6]);
  });

  it('counts CRLF as one line break after an empty last field and around empty lines', () => {
    expect(parseCsv('a,\r\nb\r\n\r\nc,\r\n"d"\r\ne').map((r) => r.line)).toEqual([1, 2, 4, 5, 6]);
  });

  it('keeps a quote inside an unquoted field literally', () => {
    expect(fieldsOf('5" disk,x\n')).toEqual([['5" disk', 'x']]);
  });

  it('rejects text after a closing quote', () => {
    expect(() => parseCsv('a\n"x"y,1\n')).toThrow(CsvSyntaxError);
    try {
      parseCsv('a\n"x"y,1\n');
    } catch (e) {
      expect((e as CsvSyntaxError).code).toBe('CSV_TEXT_AFTER_QUOTE');
      expect((e as CsvSyntaxError).line).toBe(2);
    }
  });

  it('rejects a quote that is never closed, naming the line it opened on', () => {
    let error: unknown;
    try {
      parseCsv('a,b\n1,"open\n2,3\n');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CsvSyntaxError);
    expect((error as CsvSyntaxError).code).toBe('CSV_UNTERMINATED_QUOTE');
    expect((error as CsvSyntaxError).line).toBe(2);
  });

  it('stops a runaway quoted field at maxFieldChars', () => {
    const reader = new CsvReader({ maxFieldChars: 10 });
    expect(() => reader.push(`"${'x'.repeat(20)}`, [])).toThrow(/longer than 10/);
  });

  it('supports another delimiter', () => {
    expect(parseCsv('a;"b;c"\n', { delimiter: ';' }).map((r) => r.fields)).toEqual([['a', 'b;c']]);
  });

  it('blanks filtered-out columns but keeps the field count', () => {
    const reader = new CsvReader();
    const out: CsvRecord[] = [];
    reader.push('a,b,c\n', out);
    reader.setColumnFilter([true, false, true]);
    reader.push('1,"2,2",3\n4,5,6', out);
    reader.end(out);
    expect(out.map((r) => r.fields)).toEqual([
      ['a', 'b', 'c'],
      ['1', '', '3'],
      ['4', '', '6'],
    ]);
  });
});

describe('chunk boundaries', () => {
  const text = 'name,note\r\n"Smith, J","said ""hi""\r\nthen left"\r\nplain,x\r\n"",""""\r\n';
  const expected = fieldsOf(text);

  it('gives the same records wherever the input is cut (every single cut)', () => {
    for (let cut = 0; cut <= text.length; cut++) {
      expect(parseInPieces(text, [cut]).map((r) => r.fields)).toEqual(expected);
    }
  });

  it('gives the same records when fed one character at a time', () => {
    const cuts = Array.from({ length: text.length }, (_, i) => i);
    expect(parseInPieces(text, cuts).map((r) => r.fields)).toEqual(expected);
  });

  it('does not split a CRLF across chunks into two records', () => {
    expect(parseInPieces('a\r\nb\r\n', [2]).map((r) => r.fields)).toEqual([['a'], ['b']]);
  });

  it('decodes multi-byte UTF-8 split across byte chunks, and a byte BOM', async () => {
    const bytes = new TextEncoder().encode('\uFEFFcity,price\nSão Paulo,"1,5 €"\n');
    const chunks = Array.from(bytes, (b) => Uint8Array.of(b)); // one byte per chunk
    const records: string[][] = [];
    for await (const r of readCsv(chunks)) records.push(r.fields);
    expect(records).toEqual([
      ['city', 'price'],
      ['São Paulo', '1,5 €'],
    ]);
  });

  it('reads byte chunks cut anywhere the same as the whole text, multi-byte characters in quoted and plain fields', async () => {
    const text = '\uFEFFname,note,n\nZürich,"東京, 😀 ""q""",1\r\nplain,ascii,2\n"São\nPaulo",€,3\n';
    const whole = parseCsv(text).map((r) => r.fields);
    const bytes = new TextEncoder().encode(text);
    for (let i = 0; i <= bytes.length; i++) {
      const records: string[][] = [];
      for await (const r of readCsv([bytes.subarray(0, i), bytes.subarray(i)])) records.push(r.fields);
      expect(records).toEqual(whole);
    }
    expect(whole[1]).toEqual(['Zürich', '東京, 😀 "q"', '1']);
  });
});

describe('round trip (property)', () => {
  const field = fc.oneof(fc.string({ maxLength: 8 }), fc.stringMatching(/^[a-z0-9 ,"\r\n]{0,8}$/), fc.constantFrom('', '"', '""', ',', '\r\n', '\n', 'a"b'));
  // A record of a single empty unquoted field is an empty line, which the reader skips by design.
  const record = fc.array(field, { minLength: 2, maxLength: 6 });

  it('parses what an RFC 4180 writer wrote, for any chunking', () => {
    fc.assert(
      fc.property(
        fc.array(record, { minLength: 1, maxLength: 6 }),
        fc.constantFrom('\r\n', '\n'),
        fc.boolean(),
        fc.array(fc.nat(), { maxLength: 6 }),
        (records, eol, quoteAll, rawCuts) => {
          const text = writeCsv(records, eol, quoteAll) + (rawCuts.length % 2 === 0 ? eol : '');
          const cuts = rawCuts.map((c) => c % (text.length + 1));
          const parsed = parseInPieces(text, cuts);
          expect(parsed.map((r) => r.fields)).toEqual(records);
          // Each record starts one line after the previous one, plus the '\n's inside its quoted fields.
          let line = 1;
          const lines = records.map((r) => {
            const start = line;
            line += 1 + r.join('').split('\n').length - 1;
            return start;
          });
          expect(parsed.map((r) => r.line)).toEqual(lines);
        },
      ),
      { numRuns: 1000, seed: 42 },
    );
  });
});

describe('byte chunks with a column filter (property)', () => {
  const field = fc.oneof(
    fc.string({ maxLength: 8 }),
    fc.stringMatching(/^[a-z0-9 ,"\r\n]{0,8}$/),
    fc.constantFrom('', '"', ',', '\r\n', 'Zürich', '東京 "x"', '😀,€'),
  );

  it('reads UTF-8 bytes cut anywhere as the writer wrote them, filtered-out columns blank, any line end', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(field, { minLength: 2, maxLength: 6 }), { minLength: 1, maxLength: 6 }),
        fc.constantFrom('\r\n', '\n', '\r'),
        fc.boolean(),
        fc.array(fc.nat(), { maxLength: 6 }),
        fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }),
        (records, eol, quoteAll, rawCuts, keep) => {
          const bytes = new TextEncoder().encode(writeCsv(records, eol, quoteAll) + eol);
          const cuts = rawCuts.map((c) => c % (bytes.length + 1)).sort((a, b) => a - b);
          const reader = new CsvReader();
          reader.setColumnFilter(keep);
          const feed = byteFeed(reader);
          const out: string[][] = [];
          const sink = (fields: string[], n: number) => out.push(fields.slice(0, n));
          let from = 0;
          for (const cut of [...cuts, bytes.length]) {
            feed.push(bytes.subarray(from, cut), sink);
            from = cut;
          }
          feed.end(sink);
          expect(out).toEqual(records.map((r) => r.map((f, i) => (keep[i] ? f : ''))));
        },
      ),
      { numRuns: 1000, seed: 7 },
    );
  });
});

describe('Utf8ChunkDecoder', () => {
  it('decodes text split at every byte position the same as the whole, multi-byte characters included', () => {
    const text = 'Zürich,東京,€12.50,😀 ok\nplain ascii line\n';
    const bytes = new TextEncoder().encode(text);
    for (let i = 0; i <= bytes.length; i++) {
      for (const j of [i, Math.min(bytes.length, i + 1), Math.min(bytes.length, i + 3)]) {
        const d = new Utf8ChunkDecoder();
        const out = d.decode(bytes.subarray(0, i)) + d.decode(bytes.subarray(i, j)) + d.decode(bytes.subarray(j)) + d.end();
        expect(out).toBe(text);
      }
    }
  });

  it('turns malformed bytes and a character cut off at the end into U+FFFD', () => {
    const d = new Utf8ChunkDecoder();
    expect(d.decode(new Uint8Array([0x61, 0xff, 0x62])) + d.end()).toBe('a\uFFFDb');
    const e = new Utf8ChunkDecoder();
    expect(e.decode(new Uint8Array([0x61, 0xe6, 0x9d])) + e.end()).toBe('a\uFFFD');
  });
});
