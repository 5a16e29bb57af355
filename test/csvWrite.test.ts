import { stringify as csvStringify } from 'csv-stringify/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { plainCsv, stringify } from '../src/io/csvWrite.js';

// The writer's quick path for tables whose cells need no quotes, against csv-stringify with the
// writer's options: whenever it takes the records, it writes what csv-stringify writes.
describe('CSV written without csv-stringify', () => {
  it('gives what csv-stringify gives, or leaves the records to it', () => {
    let taken = 0;
    const cell = fc.array(fc.constantFrom('a', '中', ' ', ',', '"', '\n', '\r', "'", '-', '0.5', '=', ''), { maxLength: 5 }).map((xs) => xs.join(''));
    fc.assert(
      fc.property(fc.array(fc.array(cell, { maxLength: 5 }), { maxLength: 6 }), (records) => {
        const expected = csvStringify(records, { record_delimiter: '\r\n' });
        expect(stringify(records)).toBe(expected);
        const quick = plainCsv(records);
        if (quick === undefined) return;
        taken++;
        expect(quick).toBe(expected);
      }),
      { numRuns: 3000 },
    );
    expect(taken).toBeGreaterThan(300);
  });
});
