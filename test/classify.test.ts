import { mkdtemp, readFile, rm, writeFile, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseWaterbody, runClassify, type ClassifyOptions } from '../src/cli/classify.js';
import { main } from '../src/cli/main.js';
import { UsageError } from '../src/cli/exitCodes.js';
import { OutputConflictError } from '../src/io/writeOutputs.js';

const FIX = 'fixtures/classify';
const MONTHLY = `${FIX}/sample-monthly-2025Q1.csv`;
const MONTHLY_GBK = `${FIX}/sample-monthly-2025Q1-gbk.csv`;
const RAW = `${FIX}/sample-raw-4h-2025-03.csv`;

const HEADER = '断面编码,月份,水质类别,水质状况,定类项目,主要污染指标,填报类别,是否一致';
/** The same with 断面名称, written when the input has that column. */
const HEADER_NAMED = '断面编码,断面名称,月份,水质类别,水质状况,定类项目,主要污染指标,填报类别,是否一致';

/** Worked out by hand from the fixture against gb3838.md (see the comments in each line). */
const MONTHLY_EXPECTED = [
  HEADER_NAMED,
  'CQ-JLJ-01,嘉陵江·北温泉,2025-01,Ⅱ,优,总磷,,Ⅱ,是', // TP 0.05 Ⅱ; the rest Ⅰ
  'CQ-JLJ-01,嘉陵江·北温泉,2025-02,Ⅰ,优,全部 21 项,,Ⅰ,是', // CODMn 2.0 and TP 0.02 equal to the Ⅰ limits; stated "I"
  'CQ-JLJ-01,嘉陵江·北温泉,2025-03,Ⅱ,优,高锰酸盐指数、氨氮、总磷,,Ⅱ,是', // stated "2"
  'CQ-LTH-01,梁滩河·西永,2025-01,劣Ⅴ,重度污染,氨氮,氨氮(1.65)、总磷(0.80)、化学需氧量(0.60),劣Ⅴ,是',
  'CQ-LTH-01,梁滩河·西永,2025-02,Ⅴ,中度污染,氨氮、总磷,汞(0.20)、氨氮(0.82)、总磷(0.55),Ⅴ,是', // Hg 0.00012 Ⅳ comes first (W4)
  'CQ-LTH-01,梁滩河·西永,2025-03,Ⅳ,轻度污染,化学需氧量、五日生化需氧量、氨氮、总磷,氨氮(0.46)、总磷(0.35)、化学需氧量(0.05),Ⅴ,否', // stated "Ⅴ类": wrong
  'CQ-LXH-01,濑溪河·高洞电站,2025-01,Ⅲ,良好,高锰酸盐指数、化学需氧量、五日生化需氧量、氨氮、总磷,,Ⅲ,是',
  'CQ-LXH-01,濑溪河·高洞电站,2025-02,Ⅳ,轻度污染,高锰酸盐指数、化学需氧量、五日生化需氧量、氨氮、总磷,化学需氧量(0.15)、总磷(0.15)、高锰酸盐指数(0.05),Ⅲ,否', // NH3-N 1.015 → 1.02 Ⅳ
  'CQ-LXH-01,濑溪河·高洞电站,2025-03,Ⅲ,良好,高锰酸盐指数、化学需氧量、五日生化需氧量、氨氮、总磷,,,', // no class stated
  'CQ-QJ-01,綦江·五岔,2025-01,Ⅱ,优,高锰酸盐指数、氨氮、总磷,,Ⅱ,是', // COD 15 → Ⅰ (equal limits)
  'CQ-QJ-01,綦江·五岔,2025-02,Ⅲ,良好,化学需氧量、总磷,,Ⅱ,否', // COD 16 and TP 0.11 Ⅲ: stated Ⅱ is wrong
  'CQ-QJ-01,綦江·五岔,2025-03,Ⅲ,良好,氨氮,,Ⅲ,是', // NH3-N 1.005 → 1.00 Ⅲ (half to even)
];

const RAW_EXPECTED = [
  HEADER,
  'CQ-LTH-01,2025-03,Ⅳ,轻度污染,氨氮、总磷,总磷(0.50)、氨氮(0.30),,', // TP 0.2/0.4 alternate → exactly 0.300
  'CQ-LXH-01,2025-03,Ⅲ,良好,高锰酸盐指数、氨氮、总磷,,,', // NH3-N mean exactly 1.005 → 1.00
  'CQ-WJ-01,2025-03,Ⅱ,优,总磷,,,',
];

const csvText = (lines: string[]): string => `\ufeff${lines.join('\r\n')}\r\n`;

let dir: string;
let stdout: string[];
let stderr: string[];

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'ecocomp-classify-'));
  stdout = [];
  stderr = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => (stdout.push(String(s)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => (stderr.push(String(s)), true));
});

afterEach(async () => {
  vi.restoreAllMocks();
  await rm(dir, { recursive: true, force: true });
});

const opts = (extra: Partial<ClassifyOptions> = {}): ClassifyOptions => ({
  data: './data',
  out: path.join(dir, 'out'),
  force: false,
  quiet: false,
  color: false,
  waterbody: 'river',
  ...extra,
});

/** The output file classify wrote for `input` (classified-<input name>.<ext>). */
const readOut = (input: string, ext: 'csv' | 'xlsx') =>
  readFile(path.join(dir, 'out', `classified-${path.basename(input).replace(/\.(csv|xlsx)$/, '')}.${ext}`));

describe('classify: monthly results', () => {
  it('classes every section-month and checks the stated class (exact CSV)', async () => {
    expect(await runClassify([MONTHLY], opts())).toBe(0);
    expect((await readOut(MONTHLY, 'csv')).toString('utf8')).toBe(csvText(MONTHLY_EXPECTED));
    const out = stdout.join('');
    expect(out).toContain('已核定 12 条断面·月（4 个断面，2025-01 至 2025-03，河流；读入 12 行）');
    expect(out).toContain('一致 8 条，不一致 3 条，未填报或无法核对 1 条');
    expect(out).toContain('CQ-QJ-01 2025-02：填报 Ⅱ，核定 Ⅲ（定类项目：化学需氧量、总磷）');
    expect(stderr.join('')).toBe(''); // no progress in a pipe
  });

  it('reads the same file saved as GBK by Excel, streamed, with the same result', async () => {
    expect(await runClassify([MONTHLY_GBK], opts())).toBe(0);
    expect((await readOut(MONTHLY_GBK, 'csv')).toString('utf8')).toBe(csvText(MONTHLY_EXPECTED));
  });

  it('reads xlsx input', async () => {
    const text = (await readFile(MONTHLY, 'utf8')).replace(/^\ufeff/, '');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('水质');
    for (const line of text.trim().split(/\r\n/)) ws.addRow(line.split(','));
    const file = path.join(dir, 'quality.xlsx');
    await wb.xlsx.writeFile(file);
    expect(await runClassify([file], opts())).toBe(0);
    expect((await readOut(file, 'csv')).toString('utf8')).toBe(csvText(MONTHLY_EXPECTED));
  });

  it('writes a workbook with coloured classes, means and provenance; a rerun is a no-op', async () => {
    expect(await runClassify([MONTHLY], opts())).toBe(0);
    const bytes = await readOut(MONTHLY, 'xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['水质类别', '月均浓度', '来源']);
    const ws = wb.getWorksheet('水质类别')!;
    const headerRow = ws.getRow(4);
    expect(headerRow.values).toEqual([undefined, ...HEADER_NAMED.split(',')]);
    const lth1 = ws.getRow(8); // 4th data row: CQ-LTH-01 2025-01 劣Ⅴ
    expect(lth1.getCell(2).value).toBe('梁滩河·西永');
    expect(lth1.getCell(4).value).toBe('劣Ⅴ');
    expect((lth1.getCell(4).fill as ExcelJS.FillPattern).fgColor?.argb).toBe('FFFF7C80');
    expect((ws.getRow(5).getCell(4).fill as ExcelJS.FillPattern).fgColor?.argb).toBe('FFBDD7EE'); // Ⅱ blue
    expect(wb.created.toISOString()).toBe('2025-03-01T00:00:00.000Z');
    const means = wb.getWorksheet('月均浓度')!;
    const meanHeader = (means.getRow(3).values as unknown[]).slice(1);
    expect(meanHeader.slice(0, 7)).toEqual(['断面编码', '断面名称', '月份', '样品数', 'pH', '溶解氧', '高锰酸盐指数']);
    const prov = wb.getWorksheet('来源')!;
    const provText = JSON.stringify(prov.getSheetValues());
    expect(provText).toContain('fixtures/classify/sample-monthly-2025Q1.csv');
    expect(provText).toMatch(/[0-9a-f]{64}/);

    stdout.length = 0;
    expect(await runClassify([MONTHLY], opts())).toBe(0);
    expect(stdout.join('')).toContain('内容未变');
    expect(Buffer.compare(await readOut(MONTHLY, 'xlsx'), bytes)).toBe(0);
    await expect(runClassify([MONTHLY], opts({ waterbody: 'lake' }))).rejects.toBeInstanceOf(OutputConflictError);
    expect(await runClassify([MONTHLY], opts({ waterbody: 'lake', force: true }))).toBe(0);
  });
});

describe('classify: raw 4-hourly samples', () => {
  it('averages per section and month (exact CSV)', async () => {
    expect(await runClassify([RAW], opts())).toBe(0);
    expect((await readOut(RAW, 'csv')).toString('utf8')).toBe(csvText(RAW_EXPECTED));
    expect(stdout.join('')).toContain('读入 558 行');
  });

  it('monthly means agree with an independent exact computation from the file', async () => {
    expect(await runClassify([RAW], opts())).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await readOut(RAW, 'xlsx')) as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('月均浓度')!;
    const header = Array.from(ws.getRow(3).values as unknown[], (v) => String(v ?? ''));
    const got = new Map<string, Record<string, string>>();
    for (let r = 4; r <= ws.rowCount; r++) {
      const v = Array.from(ws.getRow(r).values as unknown[]);
      got.set(String(v[1]), Object.fromEntries(header.map((h, i) => [h, String(v[i] ?? '')])));
    }
    // independent: BigInt sums, non-detects as half the limit, half-to-even at the W3 decimals
    const lines = (await readFile(RAW, 'utf8'))
      .replace(/^\ufeff/, '')
      .trim()
      .split('\r\n')
      .slice(1)
      .map((l) => l.split(','));
    const cols: [string, number, number][] = [
      ['溶解氧', 3, 1],
      ['高锰酸盐指数', 4, 1],
      ['氨氮', 5, 2],
      ['总磷', 6, 3],
    ];
    for (const section of ['CQ-WJ-01', 'CQ-LTH-01', 'CQ-LXH-01']) {
      const rows = lines.filter((l) => l[0] === section);
      expect(rows).toHaveLength(186);
      expect(got.get(section)!['样品数']).toBe('186');
      for (const [name, col, dec] of cols) {
        let sum = 0n; // in units of 10^-6
        for (const l of rows) {
          let t = l[col]!;
          const nd = t.endsWith('L');
          if (nd) t = t.slice(0, -1);
          const [i, f = ''] = t.split('.');
          const units = BigInt(i! + f.padEnd(6, '0'));
          sum += nd ? units / 2n : units;
        }
        const n = BigInt(rows.length);
        const unit = 10n ** BigInt(6 - dec);
        const q = sum / (n * unit);
        const rem2 = 2n * (sum - q * n * unit);
        const r = rem2 > n * unit || (rem2 === n * unit && q % 2n === 1n) ? q + 1n : q;
        const s = r.toString().padStart(dec + 1, '0');
        expect(got.get(section)![name], `${section} ${name}`).toBe(`${s.slice(0, -dec)}.${s.slice(-dec)}`);
      }
    }
    expect(got.get('CQ-LTH-01')!['总磷']).toBe('0.300');
    expect(got.get('CQ-LXH-01')!['氨氮']).toBe('1.00');
    expect(got.get('CQ-LXH-01')!['pH']).toBe('7'); // through [H+]; the arithmetic mean 7.57 would give 8
  });

  it('streams a BOM CSV row by row with a sample date column named 监测时间', async () => {
    const text = (await readFile(RAW, 'utf8')).replace('采样日期', '监测时间');
    const file = path.join(dir, 'auto.csv');
    await writeFile(file, text);
    expect(await runClassify([file], opts())).toBe(0);
    expect((await readOut(file, 'csv')).toString('utf8')).toBe(csvText(RAW_EXPECTED));
  });
});

describe('classify: invalid input', () => {
  it('lists every error with file, row and column, exits 1 and writes nothing', async () => {
    const file = path.join(dir, 'bad.csv');
    await writeFile(
      file,
      [
        '断面编码,月份,水质类别,pH,溶解氧,氨氮(mg/L),总磷',
        'A,2025-01,Ⅵ类,7.5,8,0.5,0.1', // unknown class spelling
        'A,2025-02,Ⅱ,7.5,8,-0.5,0.1', // negative
        ',2025-03,Ⅱ,7.5,8,0.5,0.1', // no section
        'B,,Ⅱ,7.5,8,0.5,0.1', // no month
        'B,2025-13,Ⅱ,7.5,8,0.5,0.1', // bad month
        'B,2025-04,Ⅱ,15,30,0.5,0.1', // pH and DO impossible
        'C,2025-04,,,,,', // nothing measured, nothing stated
        'D,2025-04,Ⅱ,7.5,8,<5,0.1', // a warning only: detection limit above Ⅲ
      ].join('\n'),
    );
    expect(await runClassify([file], opts())).toBe(1);
    const err = stderr.join('');
    const where = file; // outside the working folder: shown as given
    expect(err).toContain('8 个错误');
    expect(err).toContain(`E_CLASS ${where} 第2行 「水质类别」列 值「Ⅵ类」`);
    expect(err).toContain(`E_CONC_NEGATIVE ${where} 第3行 「氨氮」列 值「-0.5」`);
    expect(err).toContain(`E_SECTION_MISSING ${where} 第4行 「断面编码」列`);
    expect(err).toContain(`E_MONTH_MISSING ${where} 第5行 「月份」列`);
    expect(err).toContain(`E_MONTH_INVALID ${where} 第6行 「月份」列 值「2025-13」`);
    expect(err).toContain(`E_PH_RANGE ${where} 第7行 「pH」列 值「15」`);
    expect(err).toContain(`E_DO_IMPOSSIBLE ${where} 第7行 「溶解氧」列 值「30」`);
    expect(err).toContain(`E_NO_ITEMS ${where} 第8行`);
    expect(err).toContain('W_DL_ABOVE_III');
    expect(err).toContain('未写出任何文件');
    await expect(stat(path.join(dir, 'out'))).rejects.toThrow();
  });

  it('a file without 月份 or 采样日期 is an error; so is input where no file has concentrations', async () => {
    const file = path.join(dir, 'nomonth.csv');
    await writeFile(file, '断面编码,水质类别,氨氮\nA,Ⅱ,0.5\n');
    expect(await runClassify([file], opts())).toBe(1);
    expect(stderr.join('')).toContain('E_COLUMN_MISSING');
    stderr.length = 0;
    const classes = path.join(dir, 'classes.csv');
    await writeFile(classes, '断面编码,月份,水质类别\nA,2025-01,Ⅱ\n');
    expect(await runClassify([classes], opts())).toBe(1);
    expect(stderr.join('')).toContain(`E_NO_CONCENTRATION_COLUMNS ${classes} 第1行`);
  });

  it('a missing 断面编码 column, a header-only file and a wrong encoding are errors', async () => {
    const a = path.join(dir, 'a.csv');
    await writeFile(a, '月份,氨氮\n2025-01,0.5\n');
    expect(await runClassify([a], opts())).toBe(1);
    expect(stderr.join('')).toContain('缺少必需的列「断面编码」');
    const b = path.join(dir, 'b.csv');
    await writeFile(b, '断面编码,月份,氨氮\n');
    expect(await runClassify([b], opts())).toBe(1);
    expect(stderr.join('')).toContain('E_NO_ROWS');
    const c = path.join(dir, 'c.csv');
    await writeFile(c, Buffer.from([0xff, 0xfe, 0x41, 0x00]));
    expect(await runClassify([c], opts())).toBe(1);
    expect(stderr.join('')).toContain('E_ENCODING');
  });

  it('a stated class that disagrees is not an error', async () => {
    const file = path.join(dir, 'x.csv');
    await writeFile(file, '断面编码,月份,水质类别,氨氮\nA,2025-01,Ⅰ,2.1\n');
    expect(await runClassify([file], opts())).toBe(0);
    expect((await readOut(file, 'csv')).toString('utf8')).toBe(csvText([HEADER, 'A,2025-01,劣Ⅴ,重度污染,氨氮,氨氮(1.10),Ⅰ,否']));
  });

  it('bad usage: unknown --waterbody, missing file', async () => {
    expect(() => parseWaterbody('sea')).toThrow(UsageError);
    expect(parseWaterbody('湖库')).toBe('lake');
    expect(await main(['classify', MONTHLY, '--waterbody', 'sea', '--out', path.join(dir, 'out')])).toBe(2);
    expect(stderr.join('')).toContain('--waterbody 应为 river');
    expect(await main(['classify', path.join(dir, 'nope.csv'), '--out', path.join(dir, 'out')])).toBe(2);
    expect(await main(['classify', MONTHLY, '--out', path.join(dir, 'out'), '-q'])).toBe(0);
    expect(stdout.join('')).toBe('');
  });
});

describe('classified workbook model', () => {
  it('leaves out the 月均浓度 sheet above MEANS_SHEET_MAX_ROWS section-months, and says so', async () => {
    const { classifiedWorkbook, MEANS_SHEET_MAX_ROWS } = await import('../src/report/classifiedWorkbook.js');
    const row = (i: number) => ({
      section: `S${String(i).padStart(6, '0')}`,
      name: '',
      month: '2025-01',
      cls: 2 as const,
      status: '优',
      deciding: ['总磷'],
      mainPollutants: '',
      stated: [],
      agrees: undefined,
      samples: 1,
      file: 'x.csv',
      row: i + 2,
    });
    const small = classifiedWorkbook({ rows: [row(1)], waterbody: 'river', inputs: [], problems: [] });
    expect(small.sheets.map((s) => s.name)).toEqual(['水质类别', '月均浓度', '来源']);
    const rows = Array.from({ length: MEANS_SHEET_MAX_ROWS + 1 }, (_, i) => row(i));
    const big = classifiedWorkbook({ rows, waterbody: 'lake', inputs: [], problems: [] });
    expect(big.sheets.map((s) => s.name)).toEqual(['水质类别', '来源']);
    expect(big.sheets[0]!.notes!.join('')).toContain('不含月均浓度表');
    expect(big.sheets[0]!.notes!.join('')).toContain('湖泊、水库');
    expect(big.date.toISOString()).toBe('2025-01-01T00:00:00.000Z');
  });
});

describe('classify on the bundled data (issue 10)', () => {
  it('classify --data fixtures/data, the README default: exits 0, skips the class-only files with one note, counts warnings of a kind', async () => {
    expect(await runClassify([], opts({ data: 'fixtures/data' }))).toBe(0);
    const out = stdout.join('');
    const lines = out.trimEnd().split('\n');
    expect(lines[0]).toBe(
      '跳过 3 个没有浓度列的文件（classify 只核定带浓度的文件）：fixtures/data/quality/2025-国家通报.xlsx、fixtures/data/quality/2025-市级通报.csv、fixtures/data/quality/2025-联合监测.csv',
    );
    // 154 section-months of 2025-监测中心.csv have a class but no concentrations: one line, counted (W2)
    expect(out).toContain('0 个错误，1 个警告');
    expect(out).toContain(
      'W_NO_CONCENTRATIONS fixtures/data/quality/2025-监测中心.csv 第26行：断面 MDX03 2025-01 没有浓度数据，无法核对填报类别（同类警告共 154 条，此为第一条；全部列在 classified-quality.xlsx 的「数据问题」表）',
    );
    expect(lines.length).toBeLessThanOrEqual(8);
    const csv = (await readFile(path.join(dir, 'out', 'classified-quality.csv'), 'utf8')).split('\r\n');
    expect(csv[0]).toBe(`\ufeff${HEADER}`);
    expect(csv).toHaveLength(1 + 204 + 1);
    // the workbook keeps every warning, and says which files were left out
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await readFile(path.join(dir, 'out', 'classified-quality.xlsx'))) as unknown as ArrayBuffer);
    expect(wb.getWorksheet('数据问题')!.rowCount).toBe(3 + 154);
    expect(JSON.stringify(wb.getWorksheet('来源')!.getSheetValues())).toContain('未核定 fixtures/data/quality/2025-国家通报.xlsx');
  });

  it('output names follow the input: two files into one folder; several inputs read together', async () => {
    expect(await runClassify([MONTHLY], opts())).toBe(0);
    expect(await runClassify([RAW], opts())).toBe(0);
    expect((await readOut(MONTHLY, 'csv')).toString('utf8')).toBe(csvText(MONTHLY_EXPECTED));
    expect((await readOut(RAW, 'csv')).toString('utf8')).toBe(csvText(RAW_EXPECTED));
    expect(await runClassify([MONTHLY, RAW], opts())).toBe(0);
    const both = (await readFile(path.join(dir, 'out', 'classified-sample-monthly-2025Q1等2个.csv'), 'utf8')).split('\r\n');
    expect(both).toHaveLength(1 + 13 + 1); // CQ-LTH-01 and CQ-LXH-01 2025-03 are in both: one W3 mean each
    expect(stdout.join('')).toContain('W_MONTH_AVERAGED');
    expect(both[0]).toBe(`\ufeff${HEADER_NAMED}`);
    expect(both).toContain('CQ-WJ-01,,2025-03,Ⅱ,优,总磷,,,'); // a section without a name in the input
  });

  it('a value below the detection limit is echoed as it came in (W3: classed as half the limit)', async () => {
    expect(await runClassify([MONTHLY], opts())).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await readOut(MONTHLY, 'xlsx')) as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('月均浓度')!;
    const header = (ws.getRow(3).values as unknown[]).map((v) => String(v ?? ''));
    const first = (ws.getRow(4).values as unknown[]).map((v) => String(v ?? ''));
    const at = (name: string): string => first[header.indexOf(name)]!;
    expect(first[1]).toBe('CQ-JLJ-01');
    expect(at('铜')).toBe('0.001L');
    expect(at('汞')).toBe('0.00004L');
    expect(at('砷')).toBe('0.0012'); // measured: the value itself
    expect(at('氟化物')).toBe('0.320');
  });

  it('a CSV row with fewer cells than the header is a warning naming the row', async () => {
    const file = path.join(dir, 'short.csv');
    await writeFile(file, ['断面编码,月份,水质类别,氨氮,总磷', 'A,2025-01,Ⅱ,0.3,0.05', 'A,2025-02,Ⅱ,0.3', 'A,2025-03,Ⅱ,0.3,0.05'].join('\n'));
    expect(await runClassify([file], opts())).toBe(0);
    expect(stdout.join('')).toContain(`警告 W_ROW_SHORT ${file} 第3行：该行比表头少 1 个单元格（行尾缺少的单元格按空白、未监测处理），请核对这一行是否完整`);
    expect((await readOut(file, 'csv')).toString('utf8')).toBe(
      csvText([HEADER, 'A,2025-01,Ⅱ,优,氨氮、总磷,,Ⅱ,是', 'A,2025-02,Ⅱ,优,氨氮,,Ⅱ,是', 'A,2025-03,Ⅱ,优,氨氮、总磷,,Ⅱ,是']), // 2025-02: 总磷 not measured
    );
  });
});

describe('validate echoes a value below the detection limit as written (issue 10)', () => {
  it('the deciding item of a disagreeing class is shown as 0.04L, not as the half it counts as (W3)', async () => {
    const { qualityClassFromRow, qualityColumns } = await import('../src/io/qualityConcentrations.js');
    const { makeRow } = await import('../src/io/readTable.js');
    const cols = qualityColumns();
    const header = ['断面编码', '月份', '水质类别', '铅', '氨氮'];
    const index = new Map(header.map((h, i) => [cols.find((c) => c.header === h)!.key, i]));
    const row = makeRow(2, ['A', '2025-01', 'Ⅰ', '0.04L', '0.1'], index);
    const table = {
      file: 'q.csv',
      spec: { title: '水质', sheetNames: [], columns: cols },
      rows: [row],
      headerOf: (k: string) => cols.find((c) => c.key === k)?.header ?? k,
    };
    const r = qualityClassFromRow(row, table, 1);
    expect(r.computed).toBe(3); // half of 0.04 is 0.020: Pb Ⅲ (Ⅰ and Ⅱ are 0.01)
    expect(r.problems.map((p) => p.message)).toEqual(['填报类别Ⅰ类与浓度不符：按 GB 3838-2002 单因子评价为Ⅲ类（定类项目：铅 0.04L）']);
  });
});
