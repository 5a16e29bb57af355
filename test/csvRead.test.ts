import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { plainCsvGrid, readTable, type RawRow, type RawTable } from '../src/io/readTable.js';
import { qualityColumns } from '../src/io/qualityConcentrations.js';
import { QUALITY } from '../src/io/tableSpecs.js';

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

// readTable with a row taker (loadDataset's quality files) reads a plain CSV line by line: the
// rows it gives and the problems are exactly those of reading the whole grid.
describe('plain CSV read row by row', () => {
  it('gives the rows and problems readTable gives', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ecocomp-rows-'));
    const spec = { ...QUALITY, columns: qualityColumns() };
    const lines = fc.constantFrom(
      'R1,2025-01,Ⅱ,国家通报,,',
      'R2 , 2025-02 ,III,市级通报,断流,说明',
      'R3,2025-13,Ⅱ,国家通报,,',
      ',,,,,',
      '',
      '注：本表为示例',
      '制表人：张三',
      'R4,2025-03,Ⅱ,国家通报,,,示例',
      'R5,2025-04,,联合监测,正常,,',
      '重庆市2025年水质月报',
      'a,b',
    );
    const headers = fc.constantFrom('断面编码,月份,水质类别,数据来源,状态,备注', 'section_id,month,class,source,status,note,说明', '断面编码,月份,水质类别');
    let i = 0;
    try {
      await fc.assert(
        fc.asyncProperty(
          fc.array(lines, { maxLength: 3 }),
          headers,
          fc.array(lines, { maxLength: 25 }),
          fc.constantFrom('\n', '\r\n'),
          fc.boolean(),
          async (top, header, body, br, end) => {
            const file = path.join(dir, `q${i++}.csv`);
            writeFileSync(file, [...top, header, ...body].join(br) + (end ? br : ''));
            const whole = await readTable(file, spec);
            const taken: RawRow[] = [];
            let table: RawTable | undefined;
            const rows = await readTable(file, spec, file, (t) => {
              table = t;
              return { row: (r) => taken.push(r) };
            });
            expect(rows.problems).toEqual(whole.problems);
            const cells = (rs: readonly RawRow[]) => rs.map((r) => [r.row, ...spec.columns.map((c) => r.get(c.key)), r.missingCells]);
            if (table) {
              expect(rows.table?.rows).toEqual([]);
              expect(cells(taken)).toEqual(cells(whole.table?.rows ?? []));
              expect(rows.table?.layout).toEqual(whole.table?.layout);
            } else expect(cells(rows.table?.rows ?? [])).toEqual(cells(whole.table?.rows ?? []));
          },
        ),
        { numRuns: 300 },
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
