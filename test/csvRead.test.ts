import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { plainCsvGrid } from '../src/io/readTable.js';

// The reader's quick path for plain CSV (no quotes, one kind of line break) against csv-parse
// with the reader's options: whenever it takes a text, it gives csv-parse's records (trimmed).
const csvParse = (text: string): string[][] =>
  (parse(text, { bom: true, relax_column_count: true, skip_empty_lines: false }) as string[][]).map((r) => r.map((c) => c.trim()));

describe('plain CSV read without csv-parse', () => {
  it('gives what csv-parse gives, or leaves the text to it', () => {
    let taken = 0;
    const pieces = fc.constantFrom('a', 'bc', '中文', ' ', ',', ',', '\n', '\n', '\r\n', '\r', '"', '\t', '\ufeff', '7.5', 'Ⅲ类', '');
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 40 }), (parts) => {
        const text = parts.join('');
        const quick = plainCsvGrid(text);
        if (quick === undefined) return;
        taken++;
        expect(quick.cells).toEqual(csvParse(text));
        expect(quick.rowNumbers).toEqual(quick.cells.map((_, i) => i + 1));
      }),
      { numRuns: 3000 },
    );
    expect(taken).toBeGreaterThan(300);
  });

  it('takes LF and CRLF files, empty lines and a missing last break; leaves quotes, a BOM left in the text and mixed breaks', () => {
    expect(plainCsvGrid('a,b\n\n c ,\n')?.cells).toEqual([['a', 'b'], [''], ['c', '']]);
    expect(plainCsvGrid('a,b\r\nc,d')?.cells).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
    expect(plainCsvGrid('')?.cells).toEqual([]);
    expect(plainCsvGrid('a,"b"\n')).toBeUndefined();
    expect(plainCsvGrid('\ufeffa\n')).toBeUndefined();
    expect(plainCsvGrid('a\r\nb\nc')).toBeUndefined();
    expect(plainCsvGrid('a\rb')).toBeUndefined();
  });
});
