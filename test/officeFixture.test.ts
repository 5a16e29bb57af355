import { cpSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';

/**
 * fixtures/office holds the sample data of fixtures/data in the layouts offices send
 * (test/fixtures/make-office-fixtures.mjs): title and unit lines, footnotes, a total row, names
 * instead of codes, month and source in the title or file name, month matrices, targets by year
 * column, two-row headers, amounts in 万元 under a unit line. Settled for 2025 (R1–R10) it must
 * give exactly the same results: every CSV byte for byte, the workbook the same but for where
 * each record came from (依据记录, the file and row of each problem, the 来源 sheet).
 */
const root = mkdtempSync(path.join(tmpdir(), 'ecocomp-office-fixture-'));
const office = path.join(root, 'office');
const outOf = (name: string) => path.join(root, `out-${name}`, '2025');

beforeAll(async () => {
  cpSync('fixtures/office', office, { recursive: true });
  // The data label is the one line every sheet shows; the same label makes the rest comparable.
  writeFileSync(path.join(office, 'DATA-LABEL.txt'), readFileSync('fixtures/data/DATA-LABEL.txt'));
  const run = (data: string, name: string) =>
    main(['settle', '--year', '2025', '--deadline', '2026-03-31', '--data', data, '--out', path.dirname(outOf(name)), '--quiet']);
  expect(await run('fixtures/data', 'data')).toBe(0);
  expect(await run(office, 'office')).toBe(0);
}, 60_000);

const LOCATION = /\S+\.(csv|xlsx)(:\d+(:[^\s，）]+)?| 第\d+行(「[^」]*」列)?)?/gu;

/** Every sheet but 来源 as rows of text, with where each record came from left out. */
async function comparable(file: string): Promise<Record<string, string[]>> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const out: Record<string, string[]> = {};
  for (const ws of wb.worksheets) {
    if (ws.name === '来源') continue;
    let skip = new Set<number>();
    const rows: string[] = [];
    ws.eachRow({ includeEmpty: true }, (row) => {
      const cells = (row.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v)));
      if (cells.some((c) => c.startsWith('依据记录')) || (cells.includes('文件') && cells.includes('行'))) {
        skip = new Set(cells.flatMap((c, i) => (c.startsWith('依据记录') || ['文件', '行'].includes(c) ? [i] : [])));
      }
      rows.push(
        cells
          .filter((_, i) => !skip.has(i))
          .map((c) => c.replace(LOCATION, '‹位置›'))
          .join('|'),
      );
    });
    // Problems are listed by file and row, which differ between the layouts.
    out[ws.name] = ws.name === '数据问题' ? rows.sort() : rows;
  }
  return out;
}

describe('fixtures/office settles exactly like fixtures/data', () => {
  it('writes the same files, and every CSV is byte for byte the same', () => {
    const names = readdirSync(outOf('data')).sort();
    expect(readdirSync(outOf('office')).sort()).toEqual(names);
    const csvs = names.filter((n) => n.endsWith('.csv'));
    expect(csvs).toEqual(expect.arrayContaining(['ledger-2025.csv', 'transfers-2025.csv', 'positions-2025.csv', 'fund-2025.csv', 'enforcement-2025.csv']));
    for (const n of csvs) expect(readFileSync(path.join(outOf('office'), n)), n).toEqual(readFileSync(path.join(outOf('data'), n)));
  });

  it('the workbook differs only in where the records came from', async () => {
    const [a, b] = await Promise.all([
      comparable(path.join(outOf('data'), 'settlement-2025.xlsx')),
      comparable(path.join(outOf('office'), 'settlement-2025.xlsx')),
    ]);
    expect(Object.keys(b)).toEqual(Object.keys(a));
    for (const sheet of Object.keys(a)) expect(b[sheet], sheet).toEqual(a[sheet]);
  });

  it('the 依据记录 of a month-matrix record names its cell; the 来源 sheet says what was taken from where', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path.join(outOf('office'), 'settlement-2025.xlsx'));
    const detail = wb.getWorksheet('核算依据')!;
    const values = (r: number) => Array.from(detail.getRow(r).values as unknown[], (v) => String(v ?? ''));
    let found = '';
    let at = -1;
    let sectionAt = -1;
    let monthAt = -1;
    detail.eachRow((_row, r) => {
      const v = values(r);
      if (v.some((c) => c.startsWith('依据记录'))) {
        at = v.findIndex((c) => c.startsWith('依据记录'));
        sectionAt = v.indexOf('断面编码');
        monthAt = v.indexOf('月份');
      }
      if (at >= 0 && v[sectionAt] === 'LXH01' && v[monthAt] === '2025-03') found = v[at]!;
    });
    // 普顺 is the first 国控 section of the matrix: under the title (row 1) and header (row 2).
    expect(found).toMatch(/quality\/2025年国控断面逐月水质类别\.xlsx:3:3月$/);
    const sources: string[] = [];
    wb.getWorksheet('来源')!.eachRow((row) =>
      sources.push(
        (row.values as unknown[])
          .slice(1)
          .map((v) => String(v ?? ''))
          .join('|'),
      ),
    );
    expect(sources).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/quality\/2025年国控断面逐月水质类别\.xlsx\|数据来源\|\|国家通报 取自第1行（标题）、文件名$/),
        expect.stringMatching(/quality\/2025年国控断面逐月水质类别\.xlsx\|年份\|\|2025 取自第1行（标题）、文件名$/),
        expect.stringMatching(/quality\/2025-03-市级通报\.csv\|月份\|\|2025-03 取自第1行（标题）、文件名$/),
        expect.stringMatching(/quality\/2025年9月市级通报\.csv\|月份\|\|2025-09 取自文件名$/),
        expect.stringMatching(/quality\/2025-联合监测\.csv\|数据来源\|\|联合监测 取自文件名$/),
        expect.stringMatching(/targets\.csv\|逐年矩阵\|\|3 个年度列（2024年、2025年、2026年），每个单元格一条考核目标，共 102 条$/),
      ]),
    );
  });
});
