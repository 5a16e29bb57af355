import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { fmtYuan, sum } from '../src/domain/money.js';
import type { Problem } from '../src/domain/problem.js';
import { loadDataset } from '../src/io/loadDataset.js';
import { qualityColumns } from '../src/io/qualityConcentrations.js';
import { readTable } from '../src/io/readTable.js';
import { loadSoil } from '../src/io/soilLoad.js';
import { QUALITY } from '../src/io/tableSpecs.js';
import { conversion, convertCell, findUnit, unitOf } from '../src/io/units.js';
import { runSettlement, type SettleOutcome } from '../src/pipeline/period.js';
import { provenanceSheet, readingNotes } from '../src/report/provenance.js';

/**
 * Units in headers are data (data.md "Units"): a unit that matches is fine, a known other unit
 * is converted exactly, an unknown one is an error naming file, column and unit; implausible
 * magnitudes are warnings naming the row.
 */
const tmp = () => mkdtempSync(path.join(tmpdir(), 'ecocomp-units-'));

function copyOfSample(): string {
  const dir = path.join(tmp(), 'data');
  cpSync('fixtures/data', dir, { recursive: true });
  return dir;
}

/** Rewrite the agreements workbook of a data folder: `edit` gets the header row and each data row (as values). */
async function editAgreements(dir: string, edit: (header: string[], rows: ExcelJS.CellValue[][]) => void, above: string[][] = []): Promise<void> {
  const file = path.join(dir, 'agreements.xlsx');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const ws = wb.worksheets[0]!;
  const all: ExcelJS.CellValue[][] = [];
  ws.eachRow((r) => all.push((r.values as ExcelJS.CellValue[]).slice(1)));
  const header = all[0]!.map(String);
  const rows = all.slice(1);
  edit(header, rows);
  const out = new ExcelJS.Workbook();
  const sheet = out.addWorksheet(ws.name);
  for (const line of above) sheet.addRow(line);
  sheet.addRow(header);
  for (const r of rows) sheet.addRow(r);
  await out.xlsx.writeFile(file);
}

const settled = (o: SettleOutcome) => {
  if (!o.ok)
    throw new Error(
      o.problems
        .filter((p) => p.severity === 'error')
        .map((p) => `${p.code} ${p.file}:${p.row} ${p.message}`)
        .join('\n'),
    );
  return o.settlement;
};

const transfersOf = (o: SettleOutcome) => settled(o).clearing.transfers.map((t) => `${t.riverId} ${t.payer}→${t.payee} ${t.mode} ${fmtYuan(t.amount)}`);

describe('unit table (units.ts): exact conversions between the known units of one kind', () => {
  it('元 ↔ 万元, per month and per year; mg/L ↔ μg/L; km² ↔ 公顷 ↔ 平方公里', () => {
    const f = (from: string, to: string) => conversion(findUnit(from)!, unitOf(to));
    expect(f('元/月', '万元/月')).toEqual({ kind: 'factor', factor: '0.0001' });
    expect(f('万元', '元')).toEqual({ kind: 'factor', factor: '10000' });
    expect(f('元/年', '万元/年')).toEqual({ kind: 'factor', factor: '0.0001' });
    // Reading: a plain money unit over a monthly or yearly column is money in that period.
    expect(f('元', '万元/月')).toEqual({ kind: 'factor', factor: '0.0001' });
    expect(f('万元', '万元/年')).toEqual({ kind: 'same' });
    for (const u of ['μg/L', 'µg/L', 'ug/L', 'μg/l', '微克/升']) expect(f(u, 'mg/L')).toEqual({ kind: 'factor', factor: '0.001' });
    for (const u of ['km²', 'km2', '平方公里', '平方千米', 'ｋｍ２']) expect(f(u, 'km²')).toEqual({ kind: 'same' });
    expect(f('公顷', 'km²')).toEqual({ kind: 'factor', factor: '0.01' });
    expect(f('hm²', 'km²')).toEqual({ kind: 'factor', factor: '0.01' });
    expect(f('万元/月', '元')).toEqual({ kind: 'mismatch' });
    expect(f('mg/L', '万元/月')).toEqual({ kind: 'mismatch' });
    expect(findUnit('美元')).toBeUndefined();
  });
  it('cells convert exactly, detection-limit marks kept, text left for the parser', () => {
    expect(convertCell('1500000', '0.0001')).toBe('150');
    expect(convertCell('1,234,567.89', '0.0001')).toBe('123.456789');
    expect(convertCell('750', '10000')).toBe('7500000');
    expect(convertCell('<5', '0.001')).toBe('<0.005');
    expect(convertCell('0.5L', '0.001')).toBe('0.0005L');
    expect(convertCell('3516', '0.01')).toBe('35.16');
    expect(convertCell('一百', '0.0001')).toBe('一百');
    expect(convertCell('', '0.0001')).toBe('');
  });
});

describe('money columns in another unit settle to the same 元 (issue 10)', () => {
  it('agreements headed 元/月 (1500000) give exactly the canonical transfers: 17 totalling 30,500,000.00 元', async () => {
    const canonical = await runSettlement('fixtures/data', 2025, '2026-03-31');
    const dir = copyOfSample();
    await editAgreements(dir, (header, rows) => {
      header[4] = '一类标准（元/月）';
      header[5] = '两类标准（元/月）';
      header[7] = '替代价值（元/年）';
      for (const r of rows) {
        r[4] = Number(r[4]) * 10000;
        r[5] = Number(r[5]) * 10000;
        if (typeof r[7] === 'number') r[7] = r[7] * 10000;
      }
    });
    const s = settled(await runSettlement(dir, 2025, '2026-03-31'));
    expect(s.dataset.agreements.find((a) => a.id === 'LJH-2023-01')!.amountOne.toFixed(2)).toBe('1500000.00');
    expect(s.dataset.agreements.find((a) => a.id === 'YS-2023-01')!.substituteValue!.toFixed(2)).toBe('1500000.00');
    expect(transfersOf(await runSettlement(dir, 2025, '2026-03-31'))).toEqual(transfersOf(canonical));
    const comp = s.clearing.transfers.filter((t) => t.kind === 'compensation');
    expect(comp).toHaveLength(17);
    expect(fmtYuan(sum(comp.map((t) => t.amount)))).toBe('30500000.00');
    expect(fmtYuan(sum(s.clearing.transfers.filter((t) => t.kind === 'fund').map((t) => t.amount)))).toBe('15000000.00');
    // The conversion is listed on the 来源 sheet and in the terminal note.
    const prov = provenanceSheet(s.inputs, []).rows.map((r) => r.join('|'));
    expect(prov).toContain(
      'data/agreements.xlsx|单位||「一类标准（元/月）」：表头给出 元/月，按元/月读入，换算为万元/月（× 0.0001）'.replace('data/', displayed(dir)),
    );
    expect(prov.filter((r) => r.includes('|单位|'))).toHaveLength(3);
    expect(readingNotes(s.inputs).join('\n')).toContain('「两类标准（元/月）」：表头给出 元/月，按元/月读入，换算为万元/月（× 0.0001）');
  });

  it('payments headed 金额（万元）: 750 万元 is 7,500,000 元; enforcement as canonical (unpaid 31,000,000.00, penalty 3,100,000.00)', async () => {
    const dir = copyOfSample();
    const file = path.join(dir, 'payments.csv');
    const lines = readFileSync(file, 'utf8').split('\n');
    const cells = lines.map((l) => l.split(','));
    const amount = cells[0]!.findIndex((c) => c.startsWith('金额'));
    cells[0]![amount] = '金额（万元）';
    for (const r of cells.slice(1)) if (r[amount]) r[amount] = String(Number(r[amount]) / 10000);
    writeFileSync(file, cells.map((r) => r.join(',')).join('\n'));
    const s = settled(await runSettlement(dir, 2025, '2026-03-31'));
    expect(s.dataset.payments[0]!.amount.toFixed(2)).toBe('7500000.00');
    const e = s.enforcement!;
    expect(fmtYuan(sum(e.map((r) => r.unpaid)))).toBe('31000000.00');
    expect(fmtYuan(sum(e.map((r) => r.penalty)))).toBe('3100000.00');
  });

  it('a unit that is not known is an error naming file, column and unit; nothing is settled', async () => {
    const dir = copyOfSample();
    await editAgreements(dir, (header) => {
      header[4] = '一类标准（美元/月）';
    });
    const o = await runSettlement(dir, 2025);
    expect(o.ok).toBe(false);
    const errors = (o as { problems: Problem[] }).problems.filter((p) => p.severity === 'error');
    expect(errors).toEqual([
      expect.objectContaining({ code: 'E_UNIT_UNKNOWN', file: `${displayed(dir)}agreements.xlsx`, row: 1, column: '一类标准（美元/月）', value: '美元/月' }),
    ]);
    expect(errors[0]!.message).toContain('该列应为 万元/月，可写作 元/月、万元/月');
  });

  it('a unit of another kind of quantity is an error too (金额 in mg/L)', async () => {
    const dir = copyOfSample();
    const file = path.join(dir, 'payments.csv');
    writeFileSync(file, readFileSync(file, 'utf8').replace('金额（元）', '金额（mg/L）'));
    const o = await runSettlement(dir, 2025);
    expect(o.ok).toBe(false);
    expect((o as { problems: { code: string; column?: string }[] }).problems.find((p) => p.code === 'E_UNIT_MISMATCH')).toMatchObject({
      column: '金额（mg/L）',
      value: 'mg/L',
    });
  });
});

describe('implausible magnitudes are warnings naming the row (issue 10)', () => {
  it('a monthly standard above 10,000 万元: 1500000 written in a 万元/月 column', async () => {
    const dir = copyOfSample();
    await editAgreements(dir, (_header, rows) => {
      rows[0]![4] = 1500000;
      rows[0]![5] = 3000000;
    });
    const r = await loadDataset(dir);
    const w = r.problems.filter((p) => p.code === 'W_MAGNITUDE');
    expect(w.map((p) => [p.severity, p.row, p.column, p.value])).toEqual([
      ['warning', 2, '一类标准（万元/月）', '1500000'],
      ['warning', 2, '两类标准（万元/月）', '3000000'],
    ]);
    expect(w[0]!.message).toContain('应不超过 10,000 万元/月');
  });
  it('a payment below 1 元 or above 10 亿元', async () => {
    const dir = copyOfSample();
    const file = path.join(dir, 'payments.csv');
    const text = readFileSync(file, 'utf8').replace('7500000.00', '0.75').replace('2000000.00', '2000000000');
    writeFileSync(file, text);
    const r = await loadDataset(dir);
    expect(r.problems.filter((p) => p.code === 'W_MAGNITUDE').map((p) => [p.row, p.value, p.message.includes('过小') ? '小' : '大'])).toEqual([
      [2, '0.75', '小'],
      [3, '2000000000', '大'],
    ]);
  });
  it('the canonical sample has none', async () => {
    const r = await loadDataset('fixtures/data');
    expect(r.problems.filter((p) => p.code === 'W_MAGNITUDE')).toEqual([]);
  });
});

describe('measure columns: concentrations in μg/L, soil areas in 公顷', () => {
  it('氨氮(μg/L) 1300 is read as 1.3 mg/L (Ⅳ类), 总磷(ug/L) <10 as <0.01', async () => {
    const dir = tmp();
    const file = path.join(dir, 'q.csv');
    writeFileSync(file, '断面编码,月份,数据来源,pH,氨氮(μg/L),总磷(ug/L)\nA,2025-03,监测中心,7.5,1300,<10\n');
    const { table, problems } = await readTable(file, { ...QUALITY, columns: qualityColumns() }, 'q.csv');
    expect(problems).toEqual([]);
    const row = table!.rows[0]!;
    expect([row.get('nh3n'), row.get('tp'), row.get('ph')]).toEqual(['1.3', '<0.01', '7.5']);
    expect([row.written('nh3n'), row.written('tp')]).toEqual(['1300', '<10']);
    expect(table!.layout.units.filter((u) => u.factor).map((u) => [u.header, u.found, u.expected, u.factor])).toEqual([
      ['氨氮(μg/L)', 'μg/L', 'mg/L', '0.001'],
      ['总磷(ug/L)', 'μg/L', 'mg/L', '0.001'],
    ]);
  });
  it('pH(无量纲) and 水温(℃) are their own units; pH(mg/L) is refused', async () => {
    const dir = tmp();
    const file = path.join(dir, 'q.csv');
    writeFileSync(file, '断面编码,月份,数据来源,pH(无量纲),水温(℃)\nA,2025-03,监测中心,7.5,12\n');
    expect((await readTable(file, { ...QUALITY, columns: qualityColumns() }, 'q.csv')).problems).toEqual([]);
    writeFileSync(file, '断面编码,月份,数据来源,pH(mg/L)\nA,2025-03,监测中心,7.5\n');
    expect((await readTable(file, { ...QUALITY, columns: qualityColumns() }, 'q.csv')).problems.map((p) => [p.code, p.column, p.value])).toEqual([
      ['E_UNIT_MISMATCH', 'pH(mg/L)', 'mg/L'],
    ]);
  });
  it('soil areas in 公顷 become km² exactly (S5 sums stay exact); 亩 is an error', async () => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'a.csv'), '区县,年度,水土保持率（%）,新增治理面积（公顷）,重点治理面积（平方公里）\n涪陵区,2025,63.56,3516,12.9\n');
    const soil = await loadSoil(dir, 'soil', 2025);
    expect(soil.problems).toEqual([]);
    expect([soil.assessments[0]!.treatedKm2!.toString(), soil.assessments[0]!.keyTreatedKm2!.toString()]).toEqual(['35.16', '12.9']);
    writeFileSync(path.join(dir, 'a.csv'), '区县,年度,水土保持率（%）,新增治理面积（亩）\n涪陵区,2025,63.56,3516\n');
    const bad = await loadSoil(dir, 'soil', 2025);
    expect(bad.problems.map((p) => [p.code, p.file, p.column, p.value])).toEqual([['E_UNIT_UNKNOWN', 'soil/a.csv', '新增治理面积（亩）', '亩']]);
  });
});

/** How loadDataset shows a data folder's files (relative to the working folder, forward slashes). */
function displayed(dir: string): string {
  const rel = path.relative(process.cwd(), dir);
  return `${(rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : dir).split(path.sep).join('/')}/`;
}
