import { mkdtemp, readFile, rm, writeFile, copyFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runClassify, type ClassifyOptions } from '../src/cli/classify.js';
import { classifyReading, readingTime } from '../src/domain/gb3838/index.js';
import { exportYear, yearsIn } from '../src/io/nationalExport.js';

/**
 * The national surface-water automatic monitoring export (gb3838.md W5) in classify: the sample
 * export fixtures/classify/2026-02-国家地表水自动监测-示例数据.csv / .xlsx (示例数据, written by
 * test/fixtures/make-national-export.mjs).
 */
const NAME = '2026-02-国家地表水自动监测-示例数据';
const CSV = `fixtures/classify/${NAME}.csv`;
const XLSX = `fixtures/classify/${NAME}.xlsx`;
const LAKES = 'fixtures/classify/湖库断面-示例.txt';
const EACH_HEADER = '行号,断面名称,监测时间,水质类别,水质状况,定类项目,主要污染指标,填报类别,是否一致';

let dir: string;
let stdout: string[];
let stderr: string[];

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'ecocomp-national-'));
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
const lines = async (name: string): Promise<string[]> =>
  (await readFile(path.join(dir, 'out', name), 'utf8'))
    .replace(/^\ufeff/, '')
    .trimEnd()
    .split('\r\n');
const eachOf = (stem = NAME) => lines(`classified-each-${stem}.csv`);
const byRow = (ls: string[], row: number): string => ls.find((l) => l.startsWith(`${row},`))!;

describe('W5: one reading classed as published, without W3 rounding', () => {
  it('pH 9.34 is 劣Ⅴ, CODMn 6.05 is Ⅳ, TP 0.205 is Ⅳ (rounded they would be Ⅰ, Ⅲ, Ⅲ)', () => {
    expect(classifyReading({ ph: '9.34', do: '9.5' }, 'river').cls).toBe(6);
    expect(classifyReading({ codmn: '6.05' }, 'river').cls).toBe(4);
    expect(classifyReading({ tp: '0.205' }, 'river').cls).toBe(4);
    expect(classifyReading({ tp: '0.2' }, 'river').cls).toBe(3); // equal to the Ⅲ limit (W2)
    expect(classifyReading({ tp: '0.04' }, 'lake').cls).toBe(3); // lake TP limits (W1)
    expect(classifyReading({ ph: '--', nh3n: '*', tp: '' }, 'river').cls).toBeUndefined(); // no value at all
    expect(classifyReading({ temp: '35', tn: '9.9', ph: '7.5' }, 'river').cls).toBe(1); // 水温, 总氮 never counted (W1)
  });

  it('监测时间 without a year takes the given year; a full date keeps its own', () => {
    expect(readingTime('02-04 11:00', 2026)).toEqual({ date: '2026-02-04 11:00', month: '2026-02', hasYear: false });
    expect(readingTime('2月4日 8:00', 2026)!.date).toBe('2026-02-04 08:00');
    expect(readingTime('2025-11-30 20:00', 2026)!.month).toBe('2025-11');
    expect(readingTime('02-29 04:00', 2026)).toBeNull(); // 2026 is no leap year
    expect(readingTime('02-29 04:00', 2028)!.date).toBe('2028-02-29 04:00');
  });

  it('the year: --year, else the title lines and file name, which must agree; else an error', () => {
    expect(yearsIn('国家地表水自动监测数据 2026年2月')).toEqual([2026]);
    expect(yearsIn('自动监测_20260204')).toEqual([2026]);
    expect(yearsIn('站点 12345 数据')).toEqual([]);
    const name = { where: '文件名', text: '2026-02-导出' };
    expect(exportYear(undefined, [name])).toEqual({ value: 2026, from: '文件名' });
    expect(exportYear(undefined, [{ where: '第1行（标题）', text: '2026年2月实时数据' }, name])).toEqual({ value: 2026, from: '第1行（标题）、文件名' });
    expect(exportYear(2025, [name])).toMatchObject({ value: 2025, from: '--year', warning: expect.stringContaining('--year 2025') });
    expect(exportYear(undefined, [{ where: '第1行（标题）', text: '2025年12月' }, name])).toEqual({ error: expect.stringContaining('不一致') });
    expect(exportYear(undefined, [{ where: '文件名', text: '导出' }])).toEqual({ error: expect.stringContaining('--year') });
  });
});

describe('classify --each on the sample national export', () => {
  it('CSV: one row per reading with its Excel row; the system class compared (W5)', async () => {
    expect(await runClassify([CSV], opts({ each: true, lakes: LAKES }))).toBe(0);
    const ls = await eachOf();
    expect(ls[0]).toBe(EACH_HEADER);
    expect(ls).toHaveLength(1 + 108);
    expect(byRow(ls, 2)).toBe('2,朱沱（示例）,2026-02-01 00:00,Ⅱ,优,总磷,,Ⅱ,是');
    expect(byRow(ls, 45)).toBe('45,寸滩（示例）,2026-02-02 04:00,劣Ⅴ,重度污染,pH,pH,劣Ⅴ,是'); // pH 9.34
    expect(byRow(ls, 52)).toBe('52,清溪场（示例）,2026-02-02 08:00,Ⅳ,轻度污染,高锰酸盐指数,高锰酸盐指数(0.01),Ⅳ,是'); // CODMn 6.05: (6.05−6)/6 = 0.0083 → 0.01
    expect(byRow(ls, 107)).toBe('107,北温泉（示例）,2026-02-03 20:00,Ⅳ,轻度污染,总磷,总磷(0.02),Ⅲ,否'); // TP 0.205 published as Ⅲ (the rounded class)
    expect(byRow(ls, 90)).toBe('90,长寿湖（示例）,2026-02-03 08:00,,无监测值,,,,'); // every item --: no class, not an error
    expect(byRow(ls, 26)).toBe('26,朱沱（示例）,2026-02-01 16:00,Ⅱ,优,总磷,,Ⅱ,是'); // 氨氮 *: left out
    const out = stdout.join('');
    expect(out).toContain('108 条读数（6 个断面，2026-02-01 00:00 至 2026-02-03 20:00，表头第1行，年份取自文件名；河流 4 个断面、湖库 2 个断面');
    expect(out).toContain('其中无监测值 1 条（不定类）');
    expect(out).toContain('一致 106 条，不一致 1 条，未填报或无法核对 1 条');
  });

  it('xlsx: the same export saved as a workbook gives the same table', async () => {
    expect(await runClassify([CSV], opts({ each: true, lakes: LAKES, out: path.join(dir, 'a') }))).toBe(0);
    expect(await runClassify([XLSX], opts({ each: true, lakes: LAKES, out: path.join(dir, 'b') }))).toBe(0);
    const a = await readFile(path.join(dir, 'a', `classified-each-${NAME}.csv`));
    expect(await readFile(path.join(dir, 'b', `classified-each-${NAME}.csv`))).toEqual(a);
  });

  it('a CSV saved as GBK by Excel on Chinese Windows reads the same', async () => {
    const iconv = (await import('iconv-lite')).default;
    const gbk = path.join(dir, `${NAME}-gbk.csv`);
    await writeFile(gbk, iconv.encode((await readFile(CSV, 'utf8')).replace(/^\ufeff/, ''), 'gbk'));
    expect(await runClassify([CSV], opts({ each: true, lakes: LAKES, out: path.join(dir, 'a') }))).toBe(0);
    expect(await runClassify([gbk], opts({ each: true, lakes: LAKES, out: path.join(dir, 'b') }))).toBe(0);
    expect(await readFile(path.join(dir, 'b', `classified-each-${NAME}-gbk.csv`))).toEqual(await readFile(path.join(dir, 'a', `classified-each-${NAME}.csv`)));
  });

  it('the workbook echoes the published values, marks reference items and says which limits each site got', async () => {
    expect(await runClassify([CSV], opts({ each: true, lakes: LAKES }))).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await readFile(path.join(dir, 'out', `classified-each-${NAME}.xlsx`))) as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('逐次核定')!;
    const header = (ws.getRow(4).values as unknown[]).slice(1).map(String);
    expect(header.slice(0, 9).join(',')).toBe(EACH_HEADER);
    expect(header.slice(9)).toEqual([
      '水温（参考）',
      'pH',
      '溶解氧',
      '电导率（参考）',
      '浊度（参考）',
      '高锰酸盐指数',
      '氨氮',
      '总磷',
      '总氮（参考）',
      '叶绿素α（参考）',
      '藻密度（参考）',
      '站点情况',
    ]);
    const r45 = (ws.getRow(4 + 44).values as unknown[]).slice(1).map(String);
    expect(r45[0]).toBe('45');
    expect(r45[10]).toBe('9.34');
    const prov = JSON.stringify(wb.getWorksheet('来源')!.getSheetValues());
    expect(prov).toContain('限值 长寿湖（示例）');
    expect(prov).toContain('湖库（总磷用湖库限值），依据 --lakes 名单');
    expect(prov).toContain('河流，依据 --waterbody');
    expect(prov).toContain('年份 2026，取自文件名');
  });
});

describe('lakes and reservoirs three ways (W1 TP limits)', () => {
  // 长寿湖 TP about 0.04: river Ⅱ, lake Ⅲ — the system used the lake limits
  it('without a lake list, the lake sites disagree with the system; --waterbody lake for a whole file', async () => {
    expect(await runClassify([CSV], opts({ each: true }))).toBe(0);
    expect(byRow(await eachOf(), 6)).toBe('6,长寿湖（示例）,2026-02-01 00:00,Ⅱ,优,高锰酸盐指数、总磷,,Ⅲ,否');
    expect(stdout.join('')).toContain('不一致 18 条');
    const lake = path.join(dir, 'lake-2026.csv');
    await writeFile(
      lake,
      (await readFile(CSV, 'utf8'))
        .split('\r\n')
        .filter((l, i) => i === 0 || l.includes('长寿湖'))
        .join('\r\n'),
    );
    expect(await runClassify([lake], opts({ each: true, waterbody: 'lake' }))).toBe(0);
    expect(byRow(await eachOf('lake-2026'), 2)).toBe('2,长寿湖（示例）,2026-02-01 00:00,Ⅲ,良好,总磷,,Ⅲ,是');
  });

  it('a 水体类型 column; two values for one site are an error', async () => {
    const text = (await readFile(CSV, 'utf8')).split('\r\n');
    const typed = path.join(dir, 'typed-2026.csv');
    await writeFile(typed, text.map((l, i) => (l === '' ? l : `${l},${i === 0 ? '水体类型' : /长寿湖|大洪湖/.test(l) ? '湖库' : '河流'}`)).join('\r\n'));
    expect(await runClassify([typed], opts({ each: true }))).toBe(0);
    expect(byRow(await eachOf('typed-2026'), 6)).toBe('6,长寿湖（示例）,2026-02-01 00:00,Ⅲ,良好,总磷,,Ⅲ,是');
    const bad = path.join(dir, 'bad-2026.csv');
    await writeFile(
      bad,
      text.map((l, i) => (l === '' ? l : `${l},${i === 0 ? '水体类型' : i === 12 ? '河流' : /长寿湖|大洪湖/.test(l) ? '湖库' : '河流'}`)).join('\r\n'),
    );
    expect(await runClassify([bad], opts({ each: true }))).toBe(1);
    expect(stderr.join('')).toContain(`E_WATERBODY_CONFLICT ${bad} 第13行 「水体类型」列：断面 大洪湖（示例） 的水体类型前后不一`); // line index 12 = Excel row 13
  });

  it('--lakes FILE for a mixed file; a listed name not in the data is a warning', async () => {
    const list = path.join(dir, 'lakes.txt');
    await writeFile(list, '断面名称\n长寿湖（示例）\n大洪湖（示例）\n不存在的湖\n');
    expect(await runClassify([CSV], opts({ each: true, lakes: list }))).toBe(0);
    expect(byRow(await eachOf(), 6)).toBe('6,长寿湖（示例）,2026-02-01 00:00,Ⅲ,良好,总磷,,Ⅲ,是');
    expect(byRow(await eachOf(), 2)).toBe('2,朱沱（示例）,2026-02-01 00:00,Ⅱ,优,总磷,,Ⅱ,是');
    expect(stdout.join('')).toContain('W_LAKES_UNKNOWN');
  });
});

describe('the national export by month (W3 means kept)', () => {
  it('monthly means of the readings, per site, with the sites as names; the system class is not a monthly class', async () => {
    expect(await runClassify([CSV], opts({ lakes: LAKES }))).toBe(0);
    expect(await lines(`classified-${NAME}.csv`)).toEqual([
      '断面名称,月份,水质类别,水质状况,定类项目,主要污染指标,填报类别,是否一致',
      '北温泉（示例）,2026-02,Ⅱ,优,总磷,,,',
      '大洪湖（示例）,2026-02,Ⅱ,优,高锰酸盐指数、总磷,,,',
      '寸滩（示例）,2026-02,Ⅱ,优,高锰酸盐指数、总磷,,,', // the pH 9.34 reading is averaged in: the month's pH rounds to 8 (W3)
      '朱沱（示例）,2026-02,Ⅱ,优,总磷,,,',
      '清溪场（示例）,2026-02,Ⅲ,良好,总磷,,,',
      '长寿湖（示例）,2026-02,Ⅲ,良好,总磷,,,', // lake TP limits
    ]);
    expect(stdout.join('')).toContain('读入 108 行');
  });
});

describe('readings without any value', () => {
  it('are counted, not errors: a site whose readings of a month all have no value is 未监测 by month, 无监测值 by reading', async () => {
    const head = (await readFile(CSV, 'utf8')).split('\r\n')[0];
    const f = path.join(dir, 'gaps-2026.csv');
    // 水温, 电导率, 浊度, 总氮 given: reported items alone give no class (W1)
    const row = (site: string, time: string, ph: string): string =>
      ph === '--'
        ? `重庆市,长江流域,${site},${time},--,9,--,*,300,10,--,*,--,1,--,--,维护`
        : `重庆市,长江流域,${site},${time},Ⅱ,9,${ph},9,300,10,2,0.1,0.05,1,--,--,正常`;
    await writeFile(f, [head, row('甲', '03-01 00:00', '7.5'), row('乙', '03-01 00:00', '--'), row('乙', '03-01 04:00', '--')].join('\n'));
    expect(await runClassify([f], opts())).toBe(0);
    expect(await lines('classified-gaps-2026.csv')).toEqual([
      '断面名称,月份,水质类别,水质状况,定类项目,主要污染指标,填报类别,是否一致',
      '乙,2026-03,,未监测,,,,',
      '甲,2026-03,Ⅱ,优,总磷,,,',
    ]);
    expect(await runClassify([f], opts({ each: true }))).toBe(0);
    expect(await eachOf('gaps-2026')).toEqual([
      EACH_HEADER,
      '2,甲,2026-03-01 00:00,Ⅱ,优,总磷,,Ⅱ,是',
      '3,乙,2026-03-01 00:00,,无监测值,,,,',
      '4,乙,2026-03-01 04:00,,无监测值,,,,',
    ]);
    expect(stdout.join('')).toContain('其中无监测值 2 条（不定类）');
  });
});

describe('the national export: the year, and what cannot be read', () => {
  it('no year anywhere is an error naming the column; --year gives it; a --year that differs from the file name warns', async () => {
    const plain = path.join(dir, 'export.csv');
    await copyFile(CSV, plain);
    expect(await runClassify([plain], opts({ each: true }))).toBe(1);
    expect(stderr.join('')).toContain(`E_YEAR_MISSING ${plain} 第1行 「监测时间」列：监测时间没有年份`);
    expect(await runClassify([plain], opts({ each: true, year: '2026' }))).toBe(0);
    expect(byRow(await eachOf('export'), 2)).toBe('2,朱沱（示例）,2026-02-01 00:00,Ⅱ,优,总磷,,Ⅱ,是');
    expect(await runClassify([CSV], opts({ each: true, year: '2025', force: true }))).toBe(0);
    expect(stdout.join('')).toContain('W_YEAR_GIVEN');
    expect(byRow(await eachOf(), 2)).toContain('2025-02-01 00:00');
  });

  it('a title line above the header: its year is used (xlsx and CSV), rows keep their Excel numbers; a title and file name that disagree are an error', async () => {
    const text = (await readFile(CSV, 'utf8'))
      .replace(/^\ufeff/, '')
      .trimEnd()
      .split('\r\n');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('数据');
    ws.addRow(['国家地表水水质自动监测实时数据（示例数据） 2026年2月']);
    for (const l of text) ws.addRow(l.split(','));
    const titled = path.join(dir, '自动监测导出.xlsx');
    await wb.xlsx.writeFile(titled);
    expect(await runClassify([titled], opts({ each: true, lakes: LAKES }))).toBe(0);
    const ls = await eachOf('自动监测导出');
    expect(byRow(ls, 46)).toBe('46,寸滩（示例）,2026-02-02 04:00,劣Ⅴ,重度污染,pH,pH,劣Ⅴ,是'); // the CSV's row 45, one title line lower
    expect(stdout.join('')).toContain('表头第2行，年份取自第1行（标题）');
    const csv = path.join(dir, '导出.csv');
    await writeFile(csv, ['国家地表水水质自动监测数据 2026年02月', ...text].join('\r\n'));
    expect(await runClassify([csv], opts({ each: true, lakes: LAKES }))).toBe(0);
    expect(byRow(await eachOf('导出'), 46)).toBe('46,寸滩（示例）,2026-02-02 04:00,劣Ⅴ,重度污染,pH,pH,劣Ⅴ,是');
    const clash = path.join(dir, '2025-导出.csv');
    await writeFile(clash, ['国家地表水水质自动监测数据 2026年02月', ...text].join('\r\n'));
    expect(await runClassify([clash], opts({ each: true }))).toBe(1);
    expect(stderr.join('')).toContain('第1行（标题）的年份（2026）与文件名的年份（2025）不一致');
  });

  it('a bad 监测时间, a bad class, an export spanning December and January; --each on another layout', async () => {
    const head = (await readFile(CSV, 'utf8')).split('\r\n')[0];
    const f = path.join(dir, 'x-2026.csv');
    await writeFile(
      f,
      [
        head,
        '重庆市,长江流域,甲,02-30 04:00,Ⅱ,9,7.5,9,300,10,2,0.1,0.05,1,--,--,正常',
        '重庆市,长江流域,甲,02-01 04:00,Ⅶ,9,7.5,9,300,10,2,0.1,0.05,1,--,--,正常',
      ].join('\n'),
    );
    expect(await runClassify([f], opts({ each: true }))).toBe(1);
    expect(stderr.join('')).toContain(`E_DATE_INVALID ${f} 第2行 「监测时间」列 值「02-30 04:00」`);
    expect(stderr.join('')).toContain(`E_CLASS ${f} 第3行 「水质类别」列 值「Ⅶ」`);
    const span = path.join(dir, 'span-2026.csv');
    await writeFile(
      span,
      [
        head,
        '重庆市,长江流域,甲,12-31 20:00,Ⅱ,9,7.5,9,300,10,2,0.1,0.05,1,--,--,正常',
        '重庆市,长江流域,甲,01-01 00:00,Ⅱ,9,7.5,9,300,10,2,0.1,0.05,1,--,--,正常',
      ].join('\n'),
    );
    expect(await runClassify([span], opts({ each: true }))).toBe(1);
    expect(stderr.join('')).toContain('E_YEAR_SPAN');
    const xls = path.join(dir, '2026-02-导出.xls');
    await writeFile(xls, 'x');
    await expect(runClassify([xls], opts({ each: true }))).rejects.toThrow('另存为 .xlsx');
    expect(await runClassify(['fixtures/classify/sample-monthly-2025Q1.csv'], opts({ each: true }))).toBe(1);
    expect(stderr.join('')).toContain('E_EACH_NATIONAL_ONLY');
  });
});
