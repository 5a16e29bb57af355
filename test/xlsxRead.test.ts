import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cellText } from './exceljsCellText.js';
import { isDateFormat, readXlsxSheet, unescapeXml, XlsxFormatError } from '../src/io/xlsxRead.js';
import { listZip, writeZip } from '../src/io/zipWrite.js';
import { renderWorkbook } from '../src/io/xlsxWrite.js';
import { fitToExcel } from '../src/io/xlsxLayout.js';
import { Money } from '../src/domain/money.js';
import type { SheetModel, WorkbookModel } from '../src/report/model.js';

/**
 * The xlsx reader against exceljs, the library it stands in for when reading (xlsxRead.ts):
 * every sheet of every workbook in fixtures/, a workbook with every kind of cell, and
 * hand-written SpreadsheetML that exceljs does not write (prefixes, phonetic runs, Chinese
 * built-in date formats, no cell references).
 */
async function exceljsGrid(bytes: Buffer, sheet: string): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  const ws = wb.worksheets.find((w) => w.name === sheet)!;
  const cells: string[][] = [];
  for (let r = 1; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    const vals: string[] = [];
    for (let c = 1; c <= ws.columnCount; c++) vals.push(cellText(row.getCell(c).value));
    cells.push(vals);
  }
  return trimGrid(cells);
}

/** Without trailing empty rows and columns (the two readers size a sheet differently). */
function trimGrid(cells: string[][]): string[][] {
  const rows = cells.map((r) => [...r]);
  while (rows.length && rows[rows.length - 1]!.every((c) => c === '')) rows.pop();
  const width = Math.max(0, ...rows.map((r) => r.reduce((w, c, i) => (c === '' ? w : i + 1), 0)));
  return rows.map((r) => Array.from({ length: width }, (_, i) => r[i] ?? ''));
}

async function sheetNames(bytes: Buffer): Promise<string[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  return wb.worksheets.map((w) => w.name);
}

async function xlsxFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...(await xlsxFiles(p)));
    else if (e.name.endsWith('.xlsx')) out.push(p);
  }
  return out.sort();
}

/** A minimal workbook from raw parts (what other programs write). */
function rawWorkbook(parts: { sheet: string; strings?: string; styles?: string; workbook?: string; rels?: string; sheetPath?: string }): Buffer {
  const sheetPath = parts.sheetPath ?? 'xl/worksheets/sheet1.xml';
  const entries = [
    { name: '[Content_Types].xml', data: Buffer.from('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>') },
    {
      name: 'xl/workbook.xml',
      data: Buffer.from(
        parts.workbook ??
          '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="数据" sheetId="1" r:id="rId1"/></sheets></workbook>',
      ),
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      data: Buffer.from(
        parts.rels ??
          '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>',
      ),
    },
    { name: sheetPath, data: Buffer.from(parts.sheet) },
  ];
  if (parts.strings) entries.push({ name: 'xl/sharedStrings.xml', data: Buffer.from(parts.strings) });
  if (parts.styles) entries.push({ name: 'xl/styles.xml', data: Buffer.from(parts.styles) });
  return writeZip(entries, new Date(Date.UTC(2025, 0, 1)));
}

describe('xlsx reader: the same cell texts as exceljs', () => {
  it('every sheet of every workbook in fixtures/', async () => {
    const files = await xlsxFiles('fixtures');
    expect(files.length).toBeGreaterThanOrEqual(8);
    for (const file of files) {
      const bytes = await readFile(file);
      for (const name of await sheetNames(bytes)) {
        const mine = readXlsxSheet(bytes, [name]);
        expect(mine.sheet, file).toBe(name);
        expect(trimGrid(mine.cells), `${file} / ${name}`).toEqual(await exceljsGrid(bytes, name));
        expect(mine.rowNumbers).toEqual(mine.cells.map((_, i) => i + 1));
      }
    }
  });

  it('a workbook with every kind of cell exceljs writes', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('各种单元格');
    ws.getCell('A1').value = '断面编码';
    ws.getCell('B1').value = '  前后有空格  ';
    ws.getCell('C1').value = 'a < b & c > "d" \'e\'';
    ws.getCell('A2').value = 7.52;
    ws.getCell('B2').value = 0.1 + 0.2;
    ws.getCell('C2').value = 1e-7;
    ws.getCell('D2').value = 123456789012;
    ws.getCell('E2').value = -0.5;
    ws.getCell('A3').value = new Date(Date.UTC(2025, 2, 31));
    ws.getCell('B3').value = new Date(Date.UTC(2025, 2, 31, 14, 30, 0));
    ws.getCell('C3').value = true;
    ws.getCell('D3').value = false;
    ws.getCell('E3').value = { error: '#N/A' } as ExcelJS.CellErrorValue;
    ws.getCell('A4').value = { richText: [{ text: '梁滩河' }, { text: '（跨区）', font: { bold: true } }] };
    ws.getCell('B4').value = { formula: 'A2*2', result: 15.04 };
    ws.getCell('C4').value = { formula: 'A1&"x"', result: '断面编码x' };
    ws.getCell('D4').value = { text: '协议文本', hyperlink: 'https://example.org/a?b=1&c=2' };
    ws.getCell('E4').value = { formula: 'A3+1', result: new Date(Date.UTC(2025, 3, 1)) };
    ws.getCell('A5').value = '合并的区县';
    ws.mergeCells('A5:C6');
    ws.getCell('E6').value = 'after a gap';
    ws.getCell('B7').value = '第二行\n换行';
    ws.getCell('A8').value = 3;
    ws.getCell('A8').numFmt = 'yyyy"年"m"月"d"日"';
    const second = wb.addWorksheet('agreements');
    second.addRow(['协议编号', '金额']);
    second.addRow(['XY-01', 1500000]);
    for (const sharedStrings of [true, false]) {
      const bytes = Buffer.from(await wb.xlsx.writeBuffer({ useSharedStrings: sharedStrings } as ExcelJS.XlsxWriteOptions));
      for (const name of ['各种单元格', 'agreements']) {
        expect(trimGrid(readXlsxSheet(bytes, [name]).cells), `${name}, shared strings ${sharedStrings}`).toEqual(await exceljsGrid(bytes, name));
      }
    }
    const bytes = Buffer.from(await wb.xlsx.writeBuffer());
    const grid = readXlsxSheet(bytes, ['各种单元格']).cells;
    expect(grid[0]).toEqual(['断面编码', '前后有空格', 'a < b & c > "d" \'e\'', '', '']);
    expect(grid[1]).toEqual(['7.52', '0.30000000000000004', '0.0000001', '123456789012', '-0.5']);
    expect(grid[2]).toEqual(['2025-03-31', '2025-03-31 14:30:00', 'TRUE', 'FALSE', '#N/A']);
    expect(grid[3]).toEqual(['梁滩河（跨区）', '15.04', '断面编码x', '协议文本', '2025-04-01']);
    expect(grid[4]!.slice(0, 3)).toEqual(['合并的区县', '合并的区县', '合并的区县']);
    expect(grid[5]!.slice(0, 5)).toEqual(['合并的区县', '合并的区县', '合并的区县', '', 'after a gap']);
    expect(grid[7]![0]).toBe('1900-01-02'); // serial 3, converted as exceljs converts (no 1900 leap day)
  });

  it('the 1904 date system', async () => {
    const wb = new ExcelJS.Workbook();
    wb.properties.date1904 = true;
    const ws = wb.addWorksheet('Sheet1');
    ws.getCell('A1').value = new Date(Date.UTC(2025, 5, 30));
    const bytes = Buffer.from(await wb.xlsx.writeBuffer());
    expect(readXlsxSheet(bytes, []).cells[0]![0]).toBe('2025-06-30');
    expect(trimGrid(readXlsxSheet(bytes, []).cells)).toEqual(await exceljsGrid(bytes, 'Sheet1'));
  });

  it('what this program writes (exceljs streaming writer, re-packed): title, notes, merged rows, amounts, data bars', async () => {
    const model: WorkbookModel = {
      date: new Date(Date.UTC(2026, 2, 31)),
      title: '测试',
      sheets: [
        {
          name: '汇总',
          title: '2025年度流域横向生态保护补偿清算汇总',
          notes: ['金额单位：元'],
          columns: [
            { header: '区县', width: 12 },
            { header: '金额（元）', width: 16, format: 'yuan' },
            { header: '完成率', width: 10, format: 'dec1' },
          ],
          rows: [
            ['沙坪坝区', new Money('1500000.005'), 98.5],
            [{ v: '合计', bold: true, fill: 'total' }, new Money('-2000000'), null],
          ],
          footer: [['经办人：', '', '审核人：']],
          dataBarColumn: 2,
        },
      ],
    };
    const bytes = await renderWorkbook(model);
    const grid = readXlsxSheet(bytes, ['汇总']);
    expect(trimGrid(grid.cells)).toEqual(await exceljsGrid(bytes, '汇总'));
    expect(grid.cells[0]).toEqual(['2025年度流域横向生态保护补偿清算汇总', '2025年度流域横向生态保护补偿清算汇总', '2025年度流域横向生态保护补偿清算汇总']);
    expect(grid.cells[3]).toEqual(['沙坪坝区', '1500000.01', '98.5']);
    expect(grid.cells[4]).toEqual(['合计', '-2000000', '']);
  });
});

describe('sheets longer than Excel allows', () => {
  const sheet: SheetModel = {
    name: '补偿断面月度明细一二三四五六七八九十一二三四五六七八九十甲乙', // 30 characters: continuation names are cut to fit 31
    title: '月度明细',
    notes: ['金额单位：元'],
    columns: [
      { header: '断面', width: 10 },
      { header: '金额', width: 12, format: 'yuan' },
    ],
    rows: Array.from({ length: 10 }, (_, i) => [`S${i + 1}`, new Money(String(1000 * (i + 1)))]),
    footer: [['经办人：', '审核人：']],
  };

  it('go on in numbered continuation sheets with the header repeated; nothing is dropped', async () => {
    const bytes = await renderWorkbook({ date: new Date(Date.UTC(2026, 2, 31)), title: 't', sheets: [sheet] }, { maxRows: 8 });
    const names = await sheetNames(bytes);
    const cut = '补偿断面月度明细一二三四五六七八九十一二三四五六七八九十';
    expect(names).toEqual([`${cut}甲乙`, `${cut}（2）`, `${cut}（3）`, `${cut}（4）`]);
    expect(names.every((n) => [...n].length <= 31)).toBe(true);
    const parts = names.map((n) => readXlsxSheet(bytes, [n]).cells);
    for (const p of parts) {
      expect(p.length).toBeLessThanOrEqual(8);
      expect(p[0]![0]).toBe('月度明细');
      expect(p[3]).toEqual(['断面', '金额']);
    }
    expect(parts[0]![2]![0]).toBe(
      `第 1/4 部分：第 1–3 条，共 10 条（超过 Excel 每张表 8 行的上限，分在「${cut}甲乙」「${cut}（2）」等 4 张表；CSV 中为完整数据）`,
    );
    expect(
      parts.flatMap((p) =>
        p
          .slice(4)
          .filter((r) => r[0]!.startsWith('S'))
          .map((r) => r.join(' ')),
      ),
    ).toEqual(sheet.rows.map(([id], i) => `${String(id)} ${1000 * (i + 1)}`));
    expect(parts[3]!.at(-1)).toEqual(['经办人：', '审核人：']);
    expect(parts[0]!.flat()).not.toContain('经办人：');
  });

  it('a sheet within the limit is left as it is', () => {
    expect(fitToExcel([sheet], 14)).toEqual([sheet]);
    expect(fitToExcel([sheet], 13)).toHaveLength(2);
  });
});

describe('xlsx reader: SpreadsheetML from other programs', () => {
  it('namespace prefixes, cells without references, inline strings, phonetic runs, _x000D_ escapes', () => {
    const sheet = `<?xml version="1.0"?><x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>
      <x:row><x:c t="s"><x:v>0</x:v></x:c><x:c t="s"><x:v>1</x:v></x:c><x:c t="inlineStr"><x:is><x:t>内联</x:t></x:is></x:c></x:row>
      <x:row><x:c t="s"><x:v>2</x:v></x:c><x:c><x:v>2.5</x:v></x:c><x:c t="str"><x:f>A1</x:f><x:v>公式&amp;结果</x:v></x:c></x:row>
      <x:row r="5"><x:c r="B5" t="b"><x:v>1</x:v></x:c><x:c r="D5" t="e"><x:v>#DIV/0!</x:v></x:c></x:row>
    </x:sheetData></x:worksheet>`;
    const strings = `<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
      <si><t>断面编码</t></si>
      <si><r><t>河</t></r><r><rPr><b/></rPr><t xml:space="preserve">流 </t></r><rPh sb="0" eb="1"><t>かわ</t></rPh></si>
      <si><t>第一行_x000D_
第二行 _x005F_x000D_</t></si></sst>`;
    const grid = readXlsxSheet(rawWorkbook({ sheet, strings }), ['数据']);
    expect(grid.sheet).toBe('数据');
    expect(grid.cells).toEqual([
      ['断面编码', '河流', '内联', ''],
      ['第一行\r\n第二行 _x000D_', '2.5', '公式&结果', ''],
      ['', '', '', ''],
      ['', '', '', ''],
      ['', 'TRUE', '', '#DIV/0!'],
    ]);
    expect(grid.rowNumbers).toEqual([1, 2, 3, 4, 5]);
  });

  it('dates by number format: built-in 14 and 31 (Chinese 年月日), custom codes; not plain numbers', () => {
    const styles = `<?xml version="1.0"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
      <numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy&quot;年&quot;m&quot;月&quot;"/><numFmt numFmtId="165" formatCode="0.00&quot;d&quot;"/></numFmts>
      <cellXfs count="5"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="31"/><xf numFmtId="164"/><xf numFmtId="165"/></cellXfs></styleSheet>`;
    const sheet = `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
      <row r="1"><c r="A1" s="0"><v>45747</v></c><c r="B1" s="1"><v>45747</v></c><c r="C1" s="2"><v>45747</v></c><c r="D1" s="3"><v>45747.5</v></c><c r="E1" s="4"><v>45747</v></c><c r="F1" t="d"><v>2025-03-31T00:00:00</v></c></row>
    </sheetData></worksheet>`;
    expect(readXlsxSheet(rawWorkbook({ sheet, styles }), []).cells[0]).toEqual([
      '45747',
      '2025-03-31',
      '2025-03-31',
      '2025-03-31 12:00:00',
      '45747',
      '2025-03-31',
    ]);
    expect(isDateFormat('yyyy-mm-dd')).toBe(true);
    expect(isDateFormat('[$-804]yyyy"年"m"月"d"日"')).toBe(true);
    expect(isDateFormat('#,##0.00"元"')).toBe(false);
    expect(isDateFormat('[Red]0.00')).toBe(false);
  });

  it('picks the sheet by name (case and spaces ignored), else the first; absolute relationship targets', () => {
    const workbook = `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:rel="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="说明" sheetId="1" rel:id="rId1"/><sheet name=" Quality " sheetId="2" rel:id="rId2"/></sheets></workbook>`;
    const rels = `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="x/worksheet" Target="/xl/worksheets/sheet1.xml"/><Relationship Id="rId2" Type="x/worksheet" Target="/xl/worksheets/sheet2.xml"/></Relationships>`;
    const sheet1 = '<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>说明</t></is></c></row></sheetData></worksheet>';
    const sheet2 = '<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>断面编码</t></is></c></row></sheetData></worksheet>';
    const bytes = writeZip(
      [
        { name: 'xl/workbook.xml', data: Buffer.from(workbook) },
        { name: 'xl/_rels/workbook.xml.rels', data: Buffer.from(rels) },
        { name: 'xl/worksheets/sheet1.xml', data: Buffer.from(sheet1) },
        { name: 'xl/worksheets/sheet2.xml', data: Buffer.from(sheet2) },
      ],
      new Date(Date.UTC(2025, 0, 1)),
    );
    expect(readXlsxSheet(bytes, ['quality']).cells).toEqual([['断面编码']]);
    expect(readXlsxSheet(bytes, ['quality']).sheet).toBe(' Quality ');
    expect(readXlsxSheet(bytes, ['月度水质']).cells).toEqual([['说明']]);
  });

  it('finds the workbook where the package relationships put it', () => {
    const rootRels = `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="r1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="book/main.xml"/></Relationships>`;
    const workbook = `<workbook xmlns:r="r"><sheets><sheet name="断面" sheetId="1" r:id="s1"/></sheets></workbook>`;
    const rels = `<Relationships><Relationship Id="s1" Type="x/worksheet" Target="sheets/one.xml"/><Relationship Id="s2" Type="x/sharedStrings" Target="../strings.xml"/></Relationships>`;
    const bytes = writeZip(
      [
        { name: '_rels/.rels', data: Buffer.from(rootRels) },
        { name: 'book/main.xml', data: Buffer.from(workbook) },
        { name: 'book/_rels/main.xml.rels', data: Buffer.from(rels) },
        { name: 'book/sheets/one.xml', data: Buffer.from('<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>') },
        { name: 'strings.xml', data: Buffer.from('<sst><si><t>断面编码</t></si></sst>') },
      ],
      new Date(Date.UTC(2025, 0, 1)),
    );
    expect(readXlsxSheet(bytes, []).cells).toEqual([['断面编码']]);
  });

  it('not an xlsx: a clear Chinese error, never a crash', () => {
    const notZip = Buffer.from('断面编码,月份\nA,2025-01\n');
    expect(() => readXlsxSheet(notZip, [])).toThrow(XlsxFormatError);
    expect(() => readXlsxSheet(notZip, [])).toThrow(/不是有效的 \.xlsx 工作簿/);
    const good = rawWorkbook({ sheet: '<worksheet><sheetData/></worksheet>' });
    const truncated = good.subarray(0, good.length - 30);
    expect(() => readXlsxSheet(truncated, [])).toThrow(/不是有效的 \.xlsx 工作簿/);
    const corrupt = Buffer.from(good);
    const at = good.indexOf('xl/workbook.xml') + 'xl/workbook.xml'.length + 3; // inside workbook.xml's data
    corrupt[at] = corrupt[at]! ^ 0xff;
    expect(() => readXlsxSheet(corrupt, [])).toThrow(XlsxFormatError);
    const noWorkbook = writeZip([{ name: 'word/document.xml', data: Buffer.from('<w/>') }], new Date(Date.UTC(2025, 0, 1)));
    expect(() => readXlsxSheet(noWorkbook, [])).toThrow(/不是有效的 \.xlsx 工作簿/);
    const noSheets = rawWorkbook({ sheet: '<worksheet/>', workbook: '<workbook><sheets/></workbook>' });
    expect(() => readXlsxSheet(noSheets, [])).toThrow('工作簿中没有工作表');
    expect(readXlsxSheet(good, []).cells).toEqual([]);
  });

  it('unescapes XML references and OOXML escapes', () => {
    expect(unescapeXml('a &lt;b&gt; &amp;amp; &#20013;&#x6587; &quot;&apos; &bogus;')).toBe('a <b> &amp; 中文 "\' &bogus;');
    expect(unescapeXml('_x0041__x005F_x0042_')).toBe('A_x0042_');
  });
});

describe('worksheets deflated as they are rendered', () => {
  it('give the same workbook however far zlib falls behind, and data-bar sheets are still fixed', async () => {
    const long = (name: string, n: number): SheetModel => ({
      name,
      columns: [
        { header: '断面', width: 10 },
        { header: '金额', width: 12, format: 'yuan' },
        { header: '说明', width: 30 },
      ],
      rows: Array.from({ length: n }, (_, i) => [`S${i + 1}`, new Money(String(i * 37)), `第 ${i} 行 ${'文字'.repeat(i % 7)}`]),
    });
    const bar: SheetModel = { ...long('进度', 3000), dataBarColumn: 1 };
    const model = { date: new Date(Date.UTC(2026, 2, 31)), title: 't', sheets: [long('甲', 5000), bar, long('乙', 2500), long('丙', 4000)] };
    // Through exceljs (the fallback writer): its parts deflated as they stream.
    const waiting = await renderWorkbook(model, { deflateBacklog: 0, writer: 'exceljs' });
    expect(waiting.equals(await renderWorkbook(model, { writer: 'exceljs' }))).toBe(true);
    expect(readXlsxSheet(waiting, ['丙']).cells.length).toBe(4001);
    expect(readXlsxSheet(waiting, ['进度']).cells.length).toBe(3001);
    const sheet2 = listZip(waiting).read('xl/worksheets/sheet2.xml')!.toString('utf8');
    expect(sheet2).toContain('<dataBar');
    expect(sheet2).not.toContain('<x14:id/>');
  });
});

describe('rows written by the direct writer (xlsxDirect.ts)', () => {
  const fills = ['classI', 'classIV', 'bad', 'total'] as const;
  const text = fc.oneof(
    fc.constantFrom('', 'N0001', '2025-01', 'Ⅲ', '良好', '高锰酸盐指数、氨氮、总磷', 'a&b <c> "d" \'e\'', 'x\u0001y\u007fz\tw\r\nv', '𠀀𠀁'),
    fc.string({ maxLength: 40 }),
    fc.string({ unit: 'grapheme', maxLength: 60 }),
  );
  const cell = fc.oneof(
    text,
    fc.integer({ min: -1e6, max: 1e6 }),
    fc.double({ noNaN: true, min: -1e9, max: 1e9 }),
    fc.constant(null),
    fc.integer({ min: 0, max: 10 ** 8 }).map((n) => new Money(String(n / 100))),
    fc.record(
      {
        v: fc.oneof(text, fc.integer(), fc.constant(null)),
        fill: fc.constantFrom(...fills),
        bold: fc.boolean(),
        format: fc.constantFrom('text', 'int', 'dec2', 'pct'),
        span: fc.integer({ min: 1, max: 3 }),
      },
      { requiredKeys: ['v'] },
    ),
  );
  const sheet = fc.record({
    name: fc.constantFrom('甲', '乙', '丙'),
    width: fc.integer({ min: 1, max: 5 }),
    rows: fc.array(fc.array(cell, { maxLength: 6 }), { maxLength: 25 }),
    totals: fc.option(fc.array(fc.array(cell, { maxLength: 5 }), { maxLength: 2 }), { nil: undefined }),
    footer: fc.option(fc.array(fc.array(fc.string({ maxLength: 8 }), { maxLength: 3 }), { maxLength: 2 }), { nil: undefined }),
    title: fc.option(fc.string({ maxLength: 20 }), { nil: undefined }),
    dataBar: fc.boolean(),
    wrap: fc.boolean(),
  });
  it('gives the same bytes as through exceljs', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(sheet, { selector: (s) => s.name, minLength: 1, maxLength: 3 }), async (sheets) => {
        const model: WorkbookModel = {
          date: new Date(Date.UTC(2025, 5, 1)),
          title: 't',
          sheets: sheets.map(
            (s): SheetModel => ({
              name: s.name,
              title: s.title,
              notes: ['说明'],
              columns: Array.from({ length: s.width }, (_, i) => ({
                header: `列${i}`,
                width: 6 + i * 5,
                format: i === 1 ? 'yuan' : undefined,
                wrap: s.wrap && i === 0,
              })),
              rows: s.rows,
              totals: s.totals,
              footer: s.footer,
              dataBarColumn: s.dataBar ? 0 : undefined,
            }),
          ),
        };
        const direct = await renderWorkbook(model);
        expect(direct.equals(await renderWorkbook(model, { writer: 'exceljs' }))).toBe(true);
      }),
      { numRuns: 150 },
    );
  });
});
