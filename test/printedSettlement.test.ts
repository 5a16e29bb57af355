import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { printedLines } from '../src/io/xlsxLayout.js';
import { citedRules } from '../src/report/rulesSheet.js';

/**
 * The settlement as it is printed and signed (issue 14) and the amounts people sign (issue 10):
 * page header and footer, 编制单位 and 制表日期, subtotals and 大写 under the totals, filters that
 * stop above 合计, 月度明细 readable on A4, 规则说明. Amounts are the hand-worked ones of
 * settle.e2e.test.ts (45,500,000 transferred, 2,000,000 of it non-monetary; 34,100,000 forced).
 */
const out = mkdtempSync(path.join(tmpdir(), 'ecocomp-print-'));
const wb = new ExcelJS.Workbook();
const statement = new ExcelJS.Workbook();

beforeAll(async () => {
  expect(
    await main([
      'settle',
      '--year',
      '2025',
      '--deadline',
      '2026-03-31',
      '--data',
      'fixtures/data',
      '--out',
      out,
      '--org',
      '重庆市财政局',
      '--date',
      '2026-04-15',
      '--quiet',
    ]),
  ).toBe(0);
  expect(await main(['monthly', '--month', '2025-03', '--data', 'fixtures/data', '--out', out, '--quiet'])).toBe(0);
  await wb.xlsx.readFile(path.join(out, '2025', 'settlement-2025.xlsx'));
  await statement.xlsx.readFile(path.join(out, '2025', 'statement-2025-03.xlsx'));
});

const values = (ws: ExcelJS.Worksheet, r: number): unknown[] => (ws.getRow(r).values as unknown[]).slice(1);
/** The first row whose cell in `col` is `text`. */
const rowOf = (ws: ExcelJS.Worksheet, col: number, text: string): number => {
  for (let r = 1; r <= ws.rowCount; r++) if (ws.getRow(r).getCell(col).value === text) return r;
  throw new Error(`${ws.name}: no row with ${text}`);
};
const allText = (ws: ExcelJS.Worksheet): string[] => {
  const t: string[] = [];
  ws.eachRow((row) => row.eachCell((c) => t.push(String(c.value ?? ''))));
  return t;
};

describe('every printed page: header and footer (issue 14)', () => {
  it('settlement: 编制单位 left, the sheet title centred, 结算年度 right; 第 X 页 共 Y 页 with 制表日期', () => {
    for (const ws of wb.worksheets) {
      const title = String(ws.getRow(1).getCell(1).value);
      expect(ws.headerFooter.oddHeader).toBe(`&L编制单位：重庆市财政局&C&B${title}&B&R结算年度：2025年`);
      expect(ws.headerFooter.oddFooter).toBe(`&L制表日期：2026-04-15&C第 &P 页 共 &N 页&R${ws.name}`);
    }
  });
  it('monthly statement: 核算月份; without --org/--date the lines are left blank to fill in by hand (no clock)', () => {
    for (const ws of statement.worksheets) {
      expect(ws.headerFooter.oddHeader).toMatch(/^&L编制单位：＿+&C&B.+&B&R核算月份：2025-03$/);
      expect(ws.headerFooter.oddFooter).toBe(`&L制表日期：＿＿＿＿年＿＿月＿＿日&C第 &P 页 共 &N 页&R${ws.name}`);
    }
    expect(String(statement.getWorksheet('月度明细')!.getRow(2).getCell(1).value)).toMatch(
      /^编制单位：＿+　核算月份：2025-03　制表日期：＿＿＿＿年＿＿月＿＿日　单位：元　｜　示例数据/,
    );
  });
  it('later pages repeat the column headers only (the title is in the page header)', () => {
    const ws = wb.getWorksheet('月度明细')!;
    const h = rowOf(ws, 1, '断面编码');
    expect(ws.pageSetup.printTitlesRow).toBe(`${h}:${h}`);
  });
  it('the signature block dates 制表 with --date', () => {
    const ws = wb.getWorksheet('清算划转')!;
    expect(values(ws, rowOf(ws, 2, '日期：')).slice(1, 3)).toEqual(['日期：', '2026-04-15']);
  });
});

describe('signed totals: 资金 and 非资金 subtotals and 大写 (issue 10)', () => {
  it('清算划转: 合计 45,500,000.00 = 资金 43,500,000.00 + 非资金 2,000,000.00, 肆仟伍佰伍拾万元整 (R9)', () => {
    const ws = wb.getWorksheet('清算划转')!;
    const t = rowOf(ws, 2, '合计');
    expect(values(ws, t).slice(5, 7)).toEqual([45_500_000, 4550]);
    expect(values(ws, t + 1).slice(1, 8)).toEqual(['其中：资金', '其中：资金', '其中：资金', '其中：资金', 43_500_000, 4350, '资金']);
    expect(values(ws, t + 2).slice(5, 8)).toEqual([2_000_000, 200, '非资金']);
    expect(values(ws, t + 3)[1]).toBe('合计人民币（大写）');
    expect(values(ws, t + 3)[5]).toBe('肆仟伍佰伍拾万元整');
  });
  it('汇总: 应收 = 应付 = 45,500,000.00, net 0, subtotals, and 应付合计 in capitals', () => {
    const ws = wb.getWorksheet('汇总')!;
    const t = rowOf(ws, 1, '合计');
    expect(values(ws, t).slice(2, 6)).toEqual([45_500_000, 45_500_000, 0, 0]);
    expect([values(ws, t + 1)[0], ...values(ws, t + 1).slice(2, 4)]).toEqual(['其中：资金', 43_500_000, 43_500_000]);
    expect(values(ws, t + 2).slice(0, 4)).toEqual(['其中：非资金', '不划拨现金（R8）', 2_000_000, 2_000_000]);
    expect(values(ws, t + 3)[0]).toBe('应付合计人民币（大写）');
    expect(values(ws, t + 3)[2]).toBe('肆仟伍佰伍拾万元整');
  });
  it('强制收扣: 合计 forced 34,100,000.00 (31,000,000 unpaid + 3,100,000 penalty, R10), all of it 资金', () => {
    const ws = wb.getWorksheet('强制收扣')!;
    const t = rowOf(ws, 1, '合计');
    expect(values(ws, t).slice(3, 8)).toEqual([43_500_000, 13_000_000, 31_000_000, 3_100_000, 34_100_000]);
    expect(values(ws, t + 1).slice(3, 8)).toEqual([43_500_000, 13_000_000, 31_000_000, 3_100_000, 34_100_000]);
    expect(
      values(ws, t + 2)
        .slice(0, 1)
        .concat(values(ws, t + 2).slice(3, 8)),
    ).toEqual(['其中：非资金（不强制收扣）', 0, 0, 0, 0, 0]);
    expect(values(ws, t + 3)[3]).toBe('叁仟肆佰壹拾万元整');
    expect(allText(ws).join('\n')).toContain('非资金划转 2000000.00 元不强制收扣（R10）');
  });
  it('汇总 lists a district with no money this year, with zeros', () => {
    const ws = wb.getWorksheet('汇总')!;
    expect(values(ws, rowOf(ws, 1, '潼南区')).slice(2, 6)).toEqual([0, 0, 0, 0]);
  });
});

describe('layout (issue 14)', () => {
  it('the autofilter covers the header and data rows, never a 合计 row', () => {
    for (const [name, col] of [
      ['汇总', 1],
      ['清算划转', 2],
      ['补偿基金', 1],
      ['强制收扣', 1],
    ] as const) {
      const ws = wb.getWorksheet(name)!;
      const m = /^A(\d+):[A-Z]+(\d+)$/.exec(String(ws.autoFilter))!;
      expect(Number(m[2])).toBe(rowOf(ws, col, '合计') - 1);
      expect(ws.getRow(Number(m[1])).getCell(1).fill).toMatchObject({ fgColor: { argb: 'FFD9E1F2' } }); // the header row
    }
    const ys = statement.getWorksheet('本年累计')!;
    expect(Number(/(\d+)$/.exec(String(ys.autoFilter))![1])).toBe(rowOf(ys, 2, '合计') - 1);
  });
  it('the units line names only the units the sheet shows', () => {
    const note = (name: string) => String(wb.getWorksheet(name)!.getRow(2).getCell(1).value);
    expect(note('汇总')).toContain('单位：元、万元');
    expect(note('清算划转')).toContain('单位：元、万元');
    for (const name of ['月度明细', '补偿基金', '强制收扣']) {
      expect(note(name)).toContain('单位：元');
      expect(note(name)).not.toContain('万元　');
      expect(note(name)).not.toContain('单位：元、万元');
    }
    for (const name of ['河流', '核算依据']) expect(note(name).replace('编制单位：', '')).not.toContain('单位：');
  });
  it('every row has a set height: one line 16 pt, a wrapped cell 13.5 pt a line', () => {
    for (const ws of wb.worksheets) {
      for (let r = 3; r <= ws.rowCount; r++) {
        const h = ws.getRow(r).height;
        expect(h, `${ws.name} row ${r}`).toBeDefined();
      }
    }
    const ledger = wb.getWorksheet('月度明细')!;
    const heights = new Set<number>();
    for (let r = rowOf(ledger, 1, '断面编码') + 1; r <= ledger.rowCount; r++) heights.add(ledger.getRow(r).height);
    expect([...heights].sort()).toEqual([16, 13.5 * 2 + 4, 13.5 * 3 + 4].sort());
  });
  it('月度明细 fits A4 landscape at full size: its columns are within the 277 mm between the margins', () => {
    const ws = wb.getWorksheet('月度明细')!;
    // Excel's column unit is 7 px + 5 px padding at 96 dpi; A4 landscape less 0.4 in margins = 10.89 in.
    const px = ws.columns.reduce((w, c) => w + (c.width ?? 0) * 7 + 5, 0);
    expect(px).toBeLessThanOrEqual(10.89 * 96);
    expect(ws.pageSetup.orientation).toBe('landscape');
    expect(ws.getRow(rowOf(ws, 1, '断面编码')).values).toEqual([
      undefined,
      '断面编码',
      '断面名称',
      '月份',
      '实测类别',
      '基准类别',
      '类别差',
      '付款方',
      '收款方',
      '金额（元）',
      '规则',
      '原因',
    ]);
  });
  it('核算依据 holds the provenance of each 月度明细 line, same order; 依据记录 wraps, never clipped', () => {
    const basis = wb.getWorksheet('核算依据')!;
    const ledger = wb.getWorksheet('月度明细')!;
    const bh = rowOf(basis, 1, '河流编码');
    const lh = rowOf(ledger, 1, '断面编码');
    expect(basis.rowCount - bh).toBe(ledger.rowCount - lh);
    expect(String(basis.getRow(bh).getCell(10).value)).toBe('依据记录（文件:行）');
    basis.getColumn(10).eachCell((c, r) => {
      if (r > bh) expect(c.alignment?.wrapText).toBe(true);
    });
    const r = rowOf(basis, 2, 'LJH02');
    const l = r - bh + lh;
    expect([basis.getRow(r).getCell(4).value, ledger.getRow(l).getCell(1).value, ledger.getRow(l).getCell(3).value]).toEqual(['2025-01', 'LJH02', '2025-01']);
    expect(String(basis.getRow(r).getCell(10).value)).toMatch(/^fixtures\/data\/quality\/.+:\d+$/);
  });
  it('a wrapped cell is as tall as its lines: row heights follow printedLines', () => {
    expect(printedLines('实测Ⅱ类，基准Ⅱ类，与基准持平，不补偿', 46)).toBe(1);
    expect(printedLines('实测Ⅱ类，基准Ⅲ类，优于基准1个类别，下游补偿上游，江津区补偿永川区 1500000.00 元（协议 LJH-2023-01 约定标准）', 46)).toBe(3);
    // A Latin word moves to the next line whole; one longer than a line is broken.
    expect(printedLines('aaaa bbbbbb', 7)).toBe(2);
    expect(printedLines('aaaa bbbbbb', 11)).toBe(1);
    expect(printedLines('a'.repeat(16), 7)).toBe(3);
  });
  it('class colours are credited to 《地表水环境质量评价办法（试行）》', () => {
    expect(allText(wb.getWorksheet('河流')!).join('\n')).toContain('《地表水环境质量评价办法（试行）》');
  });
});

describe('规则说明 (issue 14)', () => {
  it('explains, one line each, exactly the rule ids the other sheets cite', () => {
    const ws = wb.getWorksheet('规则说明')!;
    const listed: string[] = [];
    const h = rowOf(ws, 1, '规则');
    ws.eachRow((row, r) => {
      if (r > h) listed.push(String(row.getCell(1).value));
    });
    const cited = new Set<string>();
    for (const other of wb.worksheets.filter((w) => w.name !== '规则说明' && w.name !== '来源'))
      for (const t of allText(other)) for (const m of t.matchAll(/(?<![A-Za-z0-9])(R10|R[1-9]|W[1-4])(?![0-9])/g)) cited.add(m[1]!);
    expect(new Set(listed)).toEqual(cited);
    // R1–R5 are cited on 河流 and 月度明细 (R7 "R1–R5 apply"), R8–R10 in titles and reasons.
    expect(listed).toEqual(expect.arrayContaining(['R1', 'R2', 'R3', 'R4', 'R5', 'R8', 'R9', 'R10']));
    for (let r = h + 1; r <= ws.rowCount; r++) expect(String(ws.getRow(r).getCell(2).value)).toMatch(/^[^\n]+。$/);
  });
  it('a range such as R1–R5 cites each rule in it', () => {
    expect(citedRules([{ name: 'x', columns: [{ header: 'R1–R3', width: 5 }], rows: [['R10']] }])).toEqual(['R1', 'R2', 'R3', 'R10']);
  });
});

describe('编制单位 from the data folder (issue 14)', () => {
  const run = async (setup: (dir: string) => void, extra: string[] = []) => {
    const data = mkdtempSync(path.join(tmpdir(), 'ecocomp-org-'));
    cpSync('fixtures/data', data, { recursive: true });
    setup(data);
    const o = mkdtempSync(path.join(tmpdir(), 'ecocomp-org-out-'));
    expect(await main(['monthly', '--month', '2025-03', '--data', data, '--out', o, '--quiet', ...extra])).toBe(0);
    const w = new ExcelJS.Workbook();
    await w.xlsx.readFile(path.join(o, '2025', 'statement-2025-03.xlsx'));
    return w.worksheets[0]!.headerFooter.oddHeader;
  };
  it('reads the settings file ecocomp.json, else a 编制单位 line of DATA-LABEL.txt; --org wins', async () => {
    expect(await run((d) => writeFileSync(path.join(d, 'ecocomp.json'), JSON.stringify({ 编制单位: '重庆市财政局（经济建设处）' })))).toMatch(
      /^&L编制单位：重庆市财政局（经济建设处）&C/,
    );
    expect(
      await run((d) => writeFileSync(path.join(d, 'DATA-LABEL.txt'), `${readFileSync(path.join(d, 'DATA-LABEL.txt'), 'utf8')}\n编制单位：璧山区财政局\n`)),
    ).toMatch(/^&L编制单位：璧山区财政局&C/);
    expect(await run((d) => writeFileSync(path.join(d, 'ecocomp.json'), '{"编制单位": "甲"}'), ['--org', 'A & B'])).toMatch(/^&L编制单位：A && B&C/);
  });
  it('a --date that is not a date is a usage error (exit 2)', async () => {
    expect(await main(['settle', '--year', '2025', '--data', 'fixtures/data', '--out', out, '--date', '2026-02-30', '--quiet'])).toBe(2);
  });
});
