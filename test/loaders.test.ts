import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { cellText } from './exceljsCellText.js';
import { DecodeError, Utf8Chunks, decodeBytes } from '../src/io/decode.js';
import { normalizeHeader } from '../src/io/headers.js';
import { loadDataset } from '../src/io/loadDataset.js';
import { readTable, streamCsvBatches } from '../src/io/readTable.js';
import { monthField } from '../src/io/fields.js';
import { readMonth } from '../src/domain/types.js';
import { parseMonth } from '../src/domain/gb3838/aggregate.js';
import { TARGETS } from '../src/io/tableSpecs.js';

const tmp = () => mkdtempSync(path.join(tmpdir(), 'ecocomp-load-'));
const TEXT = '断面编码,年度,目标类别\r\nLJH02,2025,Ⅲ类\r\n璧山-1,2025,二类\r\n';

async function readTargets(bytes: Buffer | string, name = 'targets.csv') {
  const dir = tmp();
  const file = path.join(dir, name);
  writeFileSync(file, bytes);
  return readTable(file, TARGETS, name);
}

describe('CSV encodings (data.md): detected strictly, never replaced', () => {
  it('UTF-8 without BOM', async () => {
    const { table, problems } = await readTargets(TEXT);
    expect(problems).toEqual([]);
    expect(table!.encoding).toBe('utf-8');
    expect(table!.rows.map((r) => [r.row, r.get('section_id'), r.get('target_class')])).toEqual([
      [2, 'LJH02', 'Ⅲ类'],
      [3, '璧山-1', '二类'],
    ]);
  });
  it('UTF-8 with BOM: the first header is not polluted by the BOM', async () => {
    const { table } = await readTargets(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(TEXT)]));
    expect(table!.encoding).toBe('utf-8-bom');
    expect(table!.rows[0]!.get('section_id')).toBe('LJH02');
  });
  it('GBK as Excel on Chinese Windows writes it', async () => {
    const { table, problems } = await readTargets(iconv.encode(TEXT, 'gbk'));
    expect(problems).toEqual([]);
    expect(table!.encoding).toBe('gb18030');
    expect(table!.rows[1]!.get('section_id')).toBe('璧山-1');
    expect(table!.rows[1]!.get('target_class')).toBe('二类');
  });
  it('anything else is an error that says what was found', async () => {
    expect(() => decodeBytes(Buffer.from([0xff, 0xfe, 0x41, 0x00]))).toThrow(DecodeError);
    const { table, problems } = await readTargets(Buffer.from([0x41, 0x2c, 0x80, 0xff, 0xfe, 0x0a]));
    expect(table).toBeUndefined();
    expect(problems[0]).toMatchObject({ code: 'E_ENCODING', file: 'targets.csv' });
  });
  it('a byte that is not UTF-8 in a file with a BOM is reported on its own line', async () => {
    const bad = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from('断面编码,年度,目标类别\r\nLJH02,2025,Ⅲ类\r\n璧山-1,'),
      Buffer.from([0xff]),
      Buffer.from(',二类\r\n'),
    ]);
    const { table, problems } = await readTargets(bad);
    expect(table).toBeUndefined();
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({
      severity: 'error',
      code: 'E_ENCODING',
      file: 'targets.csv',
      row: 3,
      // 3 (BOM) + 34 (header line) + 19 (LJH02 line) + 9 (璧山-1,) bytes come before it
      message: '文件以 UTF-8 的 BOM 开头，但这一行有不是 UTF-8 的字节（文件第 66 字节）：请在 Excel 或 WPS 中重新另存为“CSV UTF-8”',
    });
  });
});

describe('line breaks of two kinds in one file (two exports pasted together)', () => {
  it('every line is a row: CR LF and LF both end a record; nothing is run together', async () => {
    const text = '断面编码,年度,目标类别\r\nLJH02,2025,Ⅲ类\r\n"璧山-1",2025,二类\nLJH03,2025,Ⅱ类\nLXH01,2025,Ⅲ类\r\n';
    const { table, problems } = await readTargets(text);
    expect(problems).toEqual([]);
    expect(table!.rows.map((r) => [r.row, r.get('section_id'), r.get('target_class')])).toEqual([
      [2, 'LJH02', 'Ⅲ类'],
      [3, '璧山-1', '二类'],
      [4, 'LJH03', 'Ⅱ类'],
      [5, 'LXH01', 'Ⅲ类'],
    ]);
  });
  it('so does the streamed reader (classify), and a file of CR-only lines still reads by CR', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ecocomp-eol-'));
    const read = async (text: string) => {
      const file = path.join(dir, 'q.csv');
      writeFileSync(file, text);
      const rows: [number, string][] = [];
      for await (const batch of streamCsvBatches(file, TARGETS.columns, '目标')) for (const r of batch) rows.push([r.row, r.get('section_id')]);
      return rows;
    };
    const expected = [
      [2, 'LJH02'],
      [3, '璧山-1'],
      [4, 'LJH03'],
    ];
    expect(await read('断面编码,年度,目标类别\r\nLJH02,2025,Ⅲ类\r\n"璧山-1",2025,二类\nLJH03,2025,Ⅱ类\n')).toEqual(expected);
    expect(await read('断面编码,年度,目标类别\rLJH02,2025,Ⅲ类\r"璧山-1",2025,二类\rLJH03,2025,Ⅱ类\r')).toEqual(expected);
  });
});

describe('streamed UTF-8 goes to the parser as checked bytes, cut on character boundaries', () => {
  const text = Buffer.from('断面编码,水质类别\r\n梁滩河-1,Ⅲ类\r\n𠀋,ok\r\n');
  it('any chunking gives back the same bytes, each piece whole characters', () => {
    for (let size = 1; size <= 7; size++) {
      const u = new Utf8Chunks();
      const out: Buffer[] = [];
      for (let i = 0; i < text.length; i += size) {
        const piece = u.push(text.subarray(i, i + size));
        expect(piece.toString('utf8')).not.toContain('\ufffd');
        out.push(piece);
      }
      u.end();
      expect(Buffer.concat(out)).toEqual(text);
    }
  });
  it('a byte that is not UTF-8, or a file that ends inside a character, is an error', () => {
    expect(() => new Utf8Chunks().push(Buffer.from([0x41, 0xff, 0x42]))).toThrow(DecodeError);
    expect(() => new Utf8Chunks().push(Buffer.from([0x41, 0x80]))).toThrow(DecodeError);
    const u = new Utf8Chunks();
    expect(u.push(Buffer.from([0x41, 0xe6, 0x96]))).toEqual(Buffer.from([0x41]));
    expect(() => u.end()).toThrow(DecodeError);
  });
  it('a streamed file with a bad byte deep inside names the byte range', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ecocomp-utf8-'));
    const file = path.join(dir, 'q.csv');
    const rows = Array.from({ length: 20000 }, (_, i) => `S${i},2025-01,Ⅲ类`).join('\n');
    writeFileSync(file, Buffer.concat([Buffer.from(`断面编码,月份,水质类别\n${rows}\n`), Buffer.from([0xff]), Buffer.from('\n')]));
    const read = async () => {
      for await (const _ of streamCsvBatches(file, [{ key: 'section_id', header: '断面编码', required: true }], '水质')) void _;
    };
    await expect(read()).rejects.toThrow(/字节之间有无法解码的字节/);
  });
});

describe('月份: one reading for validate, settle, monthly and classify', () => {
  const cases: [string, string | RegExp][] = [
    ['2025-03', '2025-03'],
    ['2025-3', '2025-03'],
    ['2025/03', '2025-03'],
    ['2025.03', '2025-03'],
    ['2025年3月', '2025-03'],
    [' ２０２５年３月 ', '2025-03'],
    ['202503', '2025-03'],
    ['2025-03-01', '2025-03'], // an Excel month cell
    ['2025-03-15', /应为 YYYY-MM/], // a day in a month column is not a month
    ['2025-13', /月份应在 01–12 之间/],
    ['2205-03', /年份应在 1980–2100 之间/],
    ['3月', /应为 YYYY-MM/],
  ];
  it.each(cases)('%s', (text, expected) => {
    const r = readMonth(text);
    const f = monthField(text);
    if (typeof expected === 'string') {
      expect(r).toEqual({ month: expected });
      expect(f).toEqual({ ok: true, value: expected });
      expect(parseMonth(text)).toBe(expected);
    } else {
      expect('error' in r && r.error).toMatch(expected);
      expect(f.ok).toBe(false);
      expect(parseMonth(text)).toBeNull();
    }
  });
});

describe('headers (data.md)', () => {
  it('fold full-width, drop a unit in brackets, accept English aliases', () => {
    expect(normalizeHeader(' 一类标准（万元/月） ')).toBe(normalizeHeader('一类标准'));
    expect(normalizeHeader('氨氮(mg/L)')).toBe('氨氮');
    expect(normalizeHeader('Section_ID')).toBe('section_id');
  });
  it('a table with English headers reads the same', async () => {
    const { table } = await readTargets('section_id,year,target_class,extra\nA,2025,III,kept\n');
    expect(table!.rows[0]!.get('target_class')).toBe('III');
  });
  it('a missing required column names the column', async () => {
    const { problems } = await readTargets('断面编码,年度\nA,2025\n');
    expect(problems[0]).toMatchObject({ code: 'E_COLUMN_MISSING', row: 1, column: '目标类别' });
  });
});

describe('xlsx: every cell through one function', () => {
  it('reads numbers, dates, rich text, formulas with results, hyperlinks', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('断面考核目标');
    ws.addRow(['断面编码', '年度', '目标类别', '备注']);
    ws.addRow([
      { richText: [{ text: 'LJ' }, { text: 'H02' }] },
      { formula: '2024+1', result: 2025 },
      'Ⅲ类',
      { text: '链接', hyperlink: 'http://example.invalid' },
    ]);
    ws.addRow(['X', 2025, 3, new Date(Date.UTC(2025, 2, 1))]);
    const dir = tmp();
    const file = path.join(dir, 'targets.xlsx');
    await wb.xlsx.writeFile(file);
    const { table, problems } = await readTable(file, TARGETS, 'targets.xlsx');
    expect(problems).toEqual([]);
    expect(table!.sheet).toBe('断面考核目标');
    expect(table!.rows.map((r) => [r.row, r.get('section_id'), r.get('year'), r.get('target_class')])).toEqual([
      [2, 'LJH02', '2025', 'Ⅲ类'],
      [3, 'X', '2025', '3'],
    ]);
  });
  it('cellText handles each kind of value', () => {
    expect(cellText(null)).toBe('');
    expect(cellText(0.1)).toBe('0.1');
    expect(cellText(5e-5)).toBe('0.00005');
    expect(cellText(new Date(Date.UTC(2025, 0, 1)))).toBe('2025-01-01');
    expect(cellText({ formula: 'A1', result: { error: '#N/A' } } as never)).toBe('#N/A');
    expect(cellText({ sharedFormula: 'A1', result: '三类' } as never)).toBe('三类');
  });
});

describe('the sample data set loads from every path (UTF-8, BOM, GBK, xlsx)', () => {
  it('loads without errors, resolving alias district names', async () => {
    const r = await loadDataset('fixtures/data');
    expect(r.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(r.dataset.rivers).toHaveLength(19);
    expect(new Set(r.inputs.map((i) => i.encoding))).toEqual(new Set(['UTF-8 (BOM)', 'UTF-8', 'GB18030/GBK', '工作表 补偿协议', '工作表 月度水质']));
    const ys02 = r.dataset.sections.find((s) => s.id === 'YS02')!;
    expect([ys02.upstream, ys02.downstream]).toEqual(['酉阳土家族苗族自治县', '秀山土家族苗族自治县']);
    const xax = r.dataset.agreements.find((a) => a.id === 'XAX-2022-01')!;
    expect([xax.from, xax.to]).toEqual(['2022-07-01', '2025-06-30']);
    expect(r.dataset.agreements.find((a) => a.id === 'LJH-2023-01')!.amountOne.toFixed(2)).toBe('1500000.00');
    // Classes from concentrations where the class cell is empty (R3, W2).
    const derived = r.dataset.quality.filter((q) => q.statedCls === undefined && q.computedCls !== undefined);
    expect(derived.length).toBeGreaterThan(10);
    expect(r.inputs.every((i) => /^[0-9a-f]{64}$/.test(i.sha256))).toBe(true);
  });
});

describe('row numbers as Excel numbers them, also across quoted line breaks', () => {
  const text = '断面编码,年度,目标类别,备注\r\nA,2025,Ⅲ,"两行\r\n备注"\r\n\r\nB,2025,Ⅱ,\r\n';
  it('whole-file reader', async () => {
    const { table } = await readTargets(text);
    expect(table!.rows.map((r) => [r.row, r.get('section_id')])).toEqual([
      [2, 'A'],
      [5, 'B'],
    ]);
  });
  it('streaming reader', async () => {
    const { streamCsvTable } = await import('../src/io/readTable.js');
    const dir = tmp();
    const file = path.join(dir, 'q.csv');
    writeFileSync(file, iconv.encode(text, 'gbk'));
    const rows: [number, string][] = [];
    for await (const r of streamCsvTable(file, TARGETS.columns, '目标')) rows.push([r.row, r.get('section_id')]);
    expect(rows).toEqual([
      [2, 'A'],
      [5, 'B'],
    ]);
  });
});
