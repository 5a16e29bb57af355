import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { fmtYuan, sum } from '../src/domain/money.js';
import { loadDataset } from '../src/io/loadDataset.js';
import { qualityColumns } from '../src/io/qualityConcentrations.js';
import { columnLetter, readTable, streamCsvTable } from '../src/io/readTable.js';
import { loadSoil } from '../src/io/soilLoad.js';
import { shapeQuality } from '../src/io/officeShapes.js';
import { SectionNames } from '../src/domain/sectionNames.js';
import { PAYMENTS, QUALITY, TARGETS } from '../src/io/tableSpecs.js';
import { runSettlement } from '../src/pipeline/period.js';
import { provenanceSheet, readingNotes } from '../src/report/provenance.js';

/**
 * Layouts every table accepts (data.md "Layouts as offices send them"): the header is found
 * among the first 15 rows, title and unit lines above it, footnote and total rows after the
 * data, two-row headers; what was inferred is reported; Excel row numbers stay the file's.
 */
const tmp = () => mkdtempSync(path.join(tmpdir(), 'ecocomp-layout-'));
const QUALITY_SPEC = { ...QUALITY, columns: qualityColumns() };

async function readText(text: string, spec = TARGETS, name = 't.csv') {
  const file = path.join(tmp(), name);
  writeFileSync(file, text);
  return readTable(file, spec, name);
}

describe('the header is found among the first 15 rows', () => {
  it('title lines above the header: rows keep their Excel numbers; the title lines are kept with their text', async () => {
    const { table, problems } = await readText('2025年断面考核目标,,\n（示例数据）,,\n\n断面编码,年度,目标类别\nLJH02,2025,Ⅲ类\nYS02,2025,Ⅱ类\n');
    expect(problems).toEqual([]);
    expect(table!.layout.headerRows).toEqual([4]);
    expect(table!.layout.titleLines).toEqual([
      { row: 1, text: '2025年断面考核目标' },
      { row: 2, text: '（示例数据）' },
    ]);
    expect(table!.rows.map((r) => [r.row, r.get('section_id'), r.get('target_class')])).toEqual([
      [5, 'LJH02', 'Ⅲ类'],
      [6, 'YS02', 'Ⅱ类'],
    ]);
    expect(columnLetter(table!.columnOf('target_class')!)).toBe('C');
  });

  it('a header below row 15 is not looked for; no matching row is one error naming what was found and what is missing', async () => {
    const { problems } = await readText('目标表\n\n断面编码,年份,类别\nA,2025,Ⅲ\n');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ code: 'E_COLUMN_MISSING', row: 3, column: '年度' });
    expect(problems[0]!.message).toBe(
      '断面考核目标缺少必需的列「年度」（也可写作 year）、「目标类别」（也可写作 target_class）。前 4 行中最像表头的是第 3 行，其中有「断面编码」',
    );
    const deep = Array.from({ length: 15 }, (_, i) => `说明第${i + 1}行,,`).join('\n');
    const r = await readText(`${deep}\n断面编码,年度,目标类别\nA,2025,Ⅲ\n`);
    expect(r.problems.map((p) => p.code)).toEqual(['E_COLUMN_MISSING']);
    expect(r.problems[0]!.message).toContain('前 15 行中没有一行像表头');
  });

  it('a quality file with a title line gives one error, not one per missing column, when the header lacks 数据来源', async () => {
    // 数据来源 may come from the title or the file name; here neither gives one (officeShapes.ts).
    const { table, problems } = await readText('2025年3月水质月报\n断面编码,月份,水质类别\nA,2025-03,Ⅱ\n', QUALITY_SPEC, 'q.csv');
    expect(problems).toEqual([]);
    const shaped = shapeQuality(table!, { names: new SectionNames([], []) });
    expect(shaped.problems.map((p) => [p.code, p.row, p.column])).toEqual([['E_COLUMN_MISSING', 2, '数据来源']]);
  });

  it('the streaming reader finds the same header and rows', async () => {
    const file = path.join(tmp(), 's.csv');
    writeFileSync(file, '2025年断面考核目标\n单位：无\n断面编码,年度,目标类别\nA,2025,Ⅲ\n合计,1,\n');
    const rows: [number, string][] = [];
    for await (const r of streamCsvTable(file, TARGETS.columns, '目标')) rows.push([r.row, r.get('section_id')]);
    expect(rows).toEqual([[4, 'A']]);
  });
});

describe('rows after the data that are not data', () => {
  it('blank rows, 合计 / 小计 / 总计 rows, 注 / 备注 / 说明 and the note lines after them, 制表 / 填报 / 审核 lines', async () => {
    const text = [
      '年度,河流编码,付款方,收款方,金额（元）,拨付日期',
      '2025,LJH,江津区,永川区,7500000.00,2026-02-15',
      '小 计,,,,7500000.00,',
      '2025,BNH,江津区,璧山区,2000000.00,2026-03-10',
      ',,,,,',
      '合计,,,,9500000.00,',
      '注：1. 金额为实际拨付数。,,,,,',
      '2. 示例数据。,,,,,',
      '制表：张三,,审核：李四,,,',
    ].join('\n');
    const { table, problems } = await readText(text, PAYMENTS, 'payments.csv');
    expect(problems).toEqual([]);
    expect(table!.rows.map((r) => [r.row, r.get('amount')])).toEqual([
      [2, '7500000.00'],
      [4, '2000000.00'],
    ]);
    expect(table!.layout.skipped).toEqual([
      { row: 3, text: '小 计 7500000.00' },
      { row: 6, text: '合计 9500000.00' },
      { row: 7, text: '注：1. 金额为实际拨付数。' },
      { row: 8, text: '2. 示例数据。' },
      { row: 9, text: '制表：张三 审核：李四' },
    ]);
    // A row with several cells after a note is data again (and gets its own messages).
    const after = await readText(`${text}\n2025,QIJ,綦江区,江津区,100.00,2026-03-01\n`, PAYMENTS, 'payments.csv');
    expect(after.table!.rows.map((r) => r.row)).toEqual([2, 4, 10]);
  });
});

describe('a header over two rows', () => {
  it('CSV: a parent 浓度（μg/L） over 氨氮, 总磷 reads as the children in the parent unit; pH under it stays unitless', async () => {
    const text = '2025年3月水质,,,,,\n断面编码,月份,数据来源,浓度（μg/L）,,\n,,,氨氮,总磷,pH\nA,2025-03,监测中心,1300,20,7.6\n';
    const { table, problems } = await readText(text, QUALITY_SPEC, 'q.csv');
    expect(problems).toEqual([]);
    expect(table!.layout.headerRows).toEqual([2, 3]);
    expect(table!.layout.headerCells).toEqual(['断面编码', '月份', '数据来源', '氨氮', '总磷', 'pH']);
    expect(table!.rows.map((r) => [r.row, r.get('nh3n'), r.get('tp'), r.get('ph')])).toEqual([[4, '1.3', '0.02', '7.6']]);
    expect(table!.headerOf('nh3n')).toBe('氨氮');
  });

  it('xlsx with merged cells: vertical merges over the plain columns, a horizontal merge over the children', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('月度水质');
    ws.addRow(['重庆市2025年3月地表水断面水质', '', '', '', '']);
    ws.mergeCells('A1:E1');
    ws.addRow(['断面编码', '月份', '数据来源', '浓度（mg/L）', '']);
    ws.addRow(['', '', '', '氨氮', '总磷']);
    for (const c of ['A', 'B', 'C']) ws.mergeCells(`${c}2:${c}3`);
    ws.mergeCells('D2:E2');
    ws.addRow(['A', '2025-03', '监测中心', 1.3, 0.02]);
    ws.addRow(['注：示例数据', '', '', '', '']);
    const file = path.join(tmp(), 'q.xlsx');
    await wb.xlsx.writeFile(file);
    const { table, problems } = await readTable(file, QUALITY_SPEC, 'q.xlsx');
    expect(problems).toEqual([]);
    expect(table!.layout.headerRows).toEqual([2, 3]);
    expect(table!.layout.titleLines).toEqual([{ row: 1, text: '重庆市2025年3月地表水断面水质' }]);
    expect(table!.rows.map((r) => [r.row, r.get('section_id'), r.get('nh3n'), r.get('tp')])).toEqual([[4, 'A', '1.3', '0.02']]);
    expect(table!.layout.skipped).toEqual([{ row: 5, text: '注：示例数据' }]);
  });
});

describe('a unit line applies to the columns of its kind without a unit of their own', () => {
  it('单位：元 over an agreements table makes 一类标准 元/月 and 替代价值 元/年; a bracketed unit wins', async () => {
    const { AGREEMENTS } = await import('../src/io/tableSpecs.js');
    const text =
      '补偿协议汇总表,,,,,,,\n单位：元,,,,,,,\n协议编号,河流编码,生效日期,终止日期,一类标准,两类标准（万元/月）,补偿方式,替代价值\nX,R,2023-01-01,2027-12-31,1500000,300,对口协作,18000000\n';
    const { table, problems } = await readText(text, AGREEMENTS, 'agreements.csv');
    expect(problems).toEqual([]);
    const row = table!.rows[0]!;
    expect([row.get('amount_one'), row.get('amount_two'), row.get('substitute_value')]).toEqual(['150', '300', '1800']);
    expect(table!.layout.unitLines).toEqual([{ row: 2, units: ['元'] }]);
    expect(table!.layout.units.map((u) => [u.key, u.source, u.found, u.factor])).toEqual([
      ['amount_one', 'unit line', '元/月', '0.0001'],
      ['amount_two', 'header', '万元/月', undefined],
      ['substitute_value', 'unit line', '元/年', '0.0001'],
    ]);
  });
  it('单位：mg/L does not apply to pH; 单位：公顷 converts soil areas; an unknown unit line is an error where it would apply', async () => {
    const q = await readText('单位：μg/L\n断面编码,月份,数据来源,pH,氨氮\nA,2025-03,监测中心,7,1300\n', QUALITY_SPEC, 'q.csv');
    expect(q.table!.rows.map((r) => [r.get('ph'), r.get('nh3n')])).toEqual([['7', '1.3']]);
    const dir = tmp();
    writeFileSync(
      path.join(dir, 'a.csv'),
      '2025年水土保持考核表,,,\n单位：公顷,,,\n区县,年度,水土保持率（%）,新增治理面积\n涪陵区,2025,63.56,3516\n合计,,,3516\n',
    );
    const soil = await loadSoil(dir, 'soil', 2025);
    expect(soil.problems).toEqual([]);
    expect(soil.assessments.map((a) => [a.row, a.treatedKm2?.toString()])).toEqual([[4, '35.16']]);
    writeFileSync(path.join(dir, 'a.csv'), '单位：亩\n区县,年度,水土保持率（%）,新增治理面积\n涪陵区,2025,63.56,3516\n');
    expect((await loadSoil(dir, 'soil', 2025)).problems.map((p) => [p.code, p.row, p.value])).toEqual([['E_UNIT_UNKNOWN', 1, '亩']]);
    // 编制单位：… is an organisation, not a unit line.
    const t = await readText('编制单位：重庆市生态环境局\n断面编码,年度,目标类别\nA,2025,Ⅲ\n');
    expect([t.problems, t.table!.layout.unitLines]).toEqual([[], []]);
  });
});

describe('spreadsheet formats that are not read are errors, never skipped', () => {
  it('.xls / .et / .ods in the data folder and in quality/ name the file and say to save as .xlsx', async () => {
    const dir = path.join(tmp(), 'data');
    cpSync('fixtures/data', dir, { recursive: true });
    writeFileSync(path.join(dir, '补充协议.xls'), Buffer.from([0xd0, 0xcf, 0x11, 0xe0]));
    writeFileSync(path.join(dir, 'quality', '2025-04.et'), 'x');
    writeFileSync(path.join(dir, 'quality', '2025-05.ods'), 'x');
    writeFileSync(path.join(dir, 'quality', '~$2025-06.xls'), 'x'); // an Excel lock file is not a table
    const r = await loadDataset(dir);
    const errors = r.problems.filter((p) => p.code === 'E_FILE_FORMAT');
    expect(errors.map((p) => p.file!.split('/').slice(-2).join('/'))).toEqual(['data/补充协议.xls', 'quality/2025-04.et', 'quality/2025-05.ods']);
    expect(errors[0]!.message).toBe(
      '补充协议.xls 是Excel 97–2003 工作簿（.xls），本工具不读取这种格式：请在 Excel 或 WPS 中打开，另存为 .xlsx（Excel 工作簿）后再运行',
    );
    expect((await runSettlement(dir, 2025)).ok).toBe(false);
  });
  it('in soil/ as well', async () => {
    const dir = tmp();
    writeFileSync(path.join(dir, '2025.xls'), 'x');
    writeFileSync(path.join(dir, 'a.csv'), '区县,年度,水土保持率\n涪陵区,2025,63.56\n');
    expect((await loadSoil(dir, 'soil', 2025)).problems.map((p) => [p.code, p.file])).toEqual([['E_FILE_FORMAT', 'soil/2025.xls']]);
  });
});

describe('an office-shaped copy of the sample settles to the same money, and says how it was read', () => {
  it('agreements with a title and a unit line in 元, payments with a total row and a note: 30,500,000.00 元 transfers as canonical', async () => {
    const canonical = await runSettlement('fixtures/data', 2025, '2026-03-31');
    const root = tmp();
    const dir = path.join(root, 'data');
    cpSync('fixtures/data', dir, { recursive: true });
    const src = new ExcelJS.Workbook();
    await src.xlsx.readFile(path.join(dir, 'agreements.xlsx'));
    const values: ExcelJS.CellValue[][] = [];
    src.worksheets[0]!.eachRow((r) => values.push((r.values as ExcelJS.CellValue[]).slice(1)));
    const out = new ExcelJS.Workbook();
    const ws = out.addWorksheet('补偿协议');
    ws.addRow(['重庆市流域横向生态保护补偿协议汇总表（示例数据）']);
    ws.mergeCells('A1:J1');
    ws.addRow(['', '', '', '', '', '', '', '', '', '单位：元']);
    ws.addRow(values[0]!.map((h) => String(h).replace(/（万元\/[月年]）/, '')));
    for (const r of values.slice(1)) ws.addRow(r.map((v, j) => ([4, 5, 7].includes(j) && typeof v === 'number' ? v * 10000 : v)));
    ws.addRow(['合计']);
    await out.xlsx.writeFile(path.join(dir, 'agreements.xlsx'));
    const pay = path.join(dir, 'payments.csv');
    writeFileSync(pay, `2025年资金拨付,,,,,\n${readFileSync(pay, 'utf8').replace(/^\uFEFF/, '')}\n合计,,,,9500000.00,\n注：示例数据\n`);
    const o = await runSettlement(dir, 2025, '2026-03-31');
    if (!o.ok) throw new Error(o.problems.map((p) => p.message).join('\n'));
    const key = (s: typeof o.settlement) => s.clearing.transfers.map((t) => `${t.riverId} ${t.payer} ${t.payee} ${t.kind} ${fmtYuan(t.amount)}`);
    expect(canonical.ok && key(o.settlement)).toEqual(canonical.ok && key(canonical.settlement));
    const comp = o.settlement.clearing.transfers.filter((t) => t.kind === 'compensation');
    expect([comp.length, fmtYuan(sum(comp.map((t) => t.amount)))]).toEqual([17, '30500000.00']);
    expect(fmtYuan(sum(o.settlement.enforcement!.map((e) => e.penalty)))).toBe('3100000.00');
    // Every problem keeps the file's own row numbers: the first agreement is on row 4.
    expect(o.settlement.dataset.agreements[0]!.loc.row).toBe(4);
    const notes = readingNotes(o.settlement.inputs);
    expect(notes).toHaveLength(2);
    expect(notes[0]).toMatch(
      /^读取 .*agreements\.xlsx：表头在第 3 行；其上为标题行：第 1 行「重庆市流域横向生态保护补偿协议汇总表（示例数据）」、第 2 行「单位：元」；「一类标准」：单位行给出 元\/月，按元\/月读入，换算为万元\/月（× 0.0001）/,
    );
    expect(notes[0]).toContain('未作数据：第 24 行「合计」');
    expect(notes[1]).toMatch(
      /payments\.csv：表头在第 2 行；其上为标题行：第 1 行「2025年资金拨付」；未作数据：第 9 行「合计 9500000.00」、第 10 行「注：示例数据」$/,
    );
    const prov = provenanceSheet(o.settlement.inputs, []).rows.map((r) => r.join('|'));
    expect(prov).toContain('读取说明|项目||内容');
    expect(prov.filter((r) => r.includes('agreements.xlsx|单位|'))).toHaveLength(3);
    rmSync(root, { recursive: true, force: true });
  });
  it('the canonical sample reads with no notes (its 来源 sheet is unchanged)', async () => {
    const o = await runSettlement('fixtures/data', 2025);
    expect(o.ok && readingNotes(o.settlement.inputs)).toEqual([]);
    expect(o.ok && provenanceSheet(o.settlement.inputs, []).rows.some((r) => r[0] === '读取说明')).toBe(false);
  });
});
