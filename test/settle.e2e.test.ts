import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';

/**
 * `settle --year 2025` on the sample data. The expected money is worked out by hand from the
 * monthly patterns in test/fixtures/make-compensation-fixtures.mjs (PATTERNS), not copied from
 * the program's output:
 *
 * LJH 临江河 茨坝 (永川→江津, benchmark Ⅲ, agreement 150/300 万元): Ⅱ in Jan, Feb, Sep–Dec =
 *     6 × 1,500,000 江津 pays 永川; Ⅳ in July = 1,500,000 永川 pays 江津 → net 江津→永川 7,500,000.
 * LXH 龙溪河 普顺 Ⅳ in March (梁平→垫江 1,000,000) and Ⅱ in October (垫江→梁平 1,000,000) net to
 *     nothing; 垫长交界 Ⅱ in July → 长寿→垫江 1,000,000.
 * BNH 璧南河 两河口 (target Ⅳ): Ⅲ in Mar–May, 优良 and one class better → 江津→璧山 3 × 1,000,000;
 *     Ⅴ in August exempted (R5) → 0. Tail Ⅴ in November → 江津→市级财政 1,000,000.
 * MDX 磨刀溪 re-entry head Ⅰ in January (benchmark Ⅱ) → 万州→市级财政 1,000,000.
 * XAX 小安溪: old agreement ends 2025-06-30, renewal from 2025-08-01 signed in September. July has
 *     no agreement: not settled, and 永川, 铜梁, 合川 each pay the fund 1,000,000 (R8). 永铜交界 Ⅱ in
 *     September (covered retroactively) → 铜梁→永川 1,000,000; 铜合交界 Ⅳ in February → 铜梁→合川 1,000,000.
 * YLH 御临河 head: Ⅱ, Ⅰ, Ⅳ, Ⅲ (the R7 worked example) → 渝北→市级财政 1 + 2 − 1 = 2,000,000.
 * LXIH 濑溪河: 大荣交界 Ⅳ in April → 大足→荣昌 1,000,000 (August 断流: 0, R4); exit section Ⅱ in
 *     December → 市级财政→荣昌 1,000,000.
 * QIJ 綦江 交界 Ⅴ in May (benchmark Ⅲ, d = −2) → 綦江→江津 2,000,000.
 * DNH 大宁河 Ⅰ in June (benchmark Ⅱ) → 巫山→巫溪 1,000,000.
 * YS 酉水 (对口协作): 酉秀交界 Ⅰ in Jan, Feb (benchmark Ⅱ) → 秀山→酉阳 2,000,000, non-monetary.
 * PXH 澎溪河 Ⅱ in Nov, Dec → 云阳→开州 2,000,000.   TXH 汤溪河 Ⅲ in August (Ⅱ) → 巫溪→云阳 1,000,000.
 * DHH 大洪河 head Ⅱ in April → 垫江→市级财政 1,000,000; 长寿区 never signed: its sections are not
 *     settled and it pays the fund 12 × 1,000,000.
 * YJ 郁江 黔彭交界 Ⅳ in June (benchmark Ⅱ, d = −2) → 黔江→彭水 2,000,000.
 *
 * Compensation: 3 + 1 + 1 + 1 + 7.5 + 1 + 1 + 1 + 1 + 2 + 2 + 1 + 1 + 1 + 2 + 2 + 2 = 30,500,000.
 * Fund: 12 + 3 = 15,000,000. Everything paid: 45,500,000.
 * R10 with deadline 2026-03-31: paid in time 7.5M (LJH), 2M of 3M (BNH 璧山), 1M (BNH 市级财政),
 * 2.5M against 2M (QIJ, overpaid → 0 unpaid); YLH's 2M came on 2026-04-10, too late. Cash due
 * 45.5M − 2M (non-monetary) = 43.5M; unpaid 43.5 − 7.5 − 2 − 1 − 2 = 31,000,000; penalty 10% =
 * 3,100,000; forced deduction 34,100,000.
 */
const out = mkdtempSync(path.join(tmpdir(), 'ecocomp-settle-'));
const dir = path.join(out, '2025');
const read = (name: string) => readFileSync(path.join(dir, name), 'utf8');
const rows = (name: string) =>
  read(name)
    .replace(/^\uFEFF/, '')
    .trim()
    .split('\r\n')
    .slice(1)
    .map((l) => l.split(','));

beforeAll(async () => {
  expect(await main(['settle', '--year', '2025', '--deadline', '2026-03-31', '--data', 'fixtures/data', '--out', out, '--quiet'])).toBe(0);
});

describe('settle --year 2025 on the sample data', () => {
  it('writes the workbook and every CSV of outputs.md', () => {
    expect(readdirSync(dir).sort()).toEqual([
      'enforcement-2025.csv',
      'fund-2025.csv',
      'ledger-2025.csv',
      'positions-2025.csv',
      'revisions-2025.csv',
      'settlement-2025.html',
      'settlement-2025.xlsx',
      'transfers-2025.csv',
    ]);
    expect(read('ledger-2025.csv').split('\r\n')[0]).toBe(
      '\uFEFF河流编码,断面编码,月份,上游主体,下游主体,实测类别,基准类别,类别差,付款方,收款方,金额,规则,原因,版本',
    );
  });

  it('net transfers per river and pair are the hand-worked ones', () => {
    expect(rows('transfers-2025.csv')).toEqual([
      ['BNH', '江津区', '璧山区', '3000000.00', '资金'],
      ['BNH', '江津区', '市级财政', '1000000.00', '资金'],
      ['DHH', '垫江县', '市级财政', '1000000.00', '资金'],
      ['DHH', '长寿区', '流域补偿基金', '12000000.00', '资金'],
      ['DNH', '巫山县', '巫溪县', '1000000.00', '资金'],
      ['LJH', '江津区', '永川区', '7500000.00', '资金'],
      ['LXH', '长寿区', '垫江县', '1000000.00', '资金'],
      ['LXIH', '大足区', '荣昌区', '1000000.00', '资金'],
      ['LXIH', '市级财政', '荣昌区', '1000000.00', '资金'],
      ['MDX', '万州区', '市级财政', '1000000.00', '资金'],
      ['PXH', '云阳县', '开州区', '2000000.00', '资金'],
      ['QIJ', '綦江区', '江津区', '2000000.00', '资金'],
      ['TXH', '巫溪县', '云阳县', '1000000.00', '资金'],
      ['XAX', '铜梁区', '合川区', '1000000.00', '资金'],
      ['XAX', '铜梁区', '永川区', '1000000.00', '资金'],
      ['XAX', '合川区', '流域补偿基金', '1000000.00', '资金'],
      ['XAX', '永川区', '流域补偿基金', '1000000.00', '资金'],
      ['XAX', '铜梁区', '流域补偿基金', '1000000.00', '资金'],
      ['YJ', '黔江区', '彭水苗族土家族自治县', '2000000.00', '资金'],
      ['YLH', '渝北区', '市级财政', '2000000.00', '资金'],
      ['YS', '秀山土家族苗族自治县', '酉阳土家族苗族自治县', '2000000.00', '对口协作'],
    ]);
  });

  it('positions: municipal budget, fund and districts across all rivers, summing to zero (R9)', () => {
    const pos: Record<string, string[]> = Object.fromEntries(rows('positions-2025.csv').map(([p, r, pay, net]) => [p!, [r!, pay!, net!]]));
    expect(pos['市级财政']).toEqual(['5000000.00', '1000000.00', '4000000.00']); // BNH 1 + DHH 1 + MDX 1 + YLH 2; pays LXIH 1
    expect(pos['流域补偿基金']).toEqual(['15000000.00', '0.00', '15000000.00']);
    expect(pos['江津区']).toEqual(['2000000.00', '11500000.00', '-9500000.00']); // pays 3 + 1 + 7.5, receives QIJ 2
    expect(pos['永川区']).toEqual(['8500000.00', '1000000.00', '7500000.00']);
    expect(pos['长寿区']).toEqual(['0.00', '13000000.00', '-13000000.00']);
    expect(pos['合川区']).toEqual(['1000000.00', '1000000.00', '0.00']);
    // Parties of the ledger with no money this year are still listed (issue 10): 梁平区's two
    // 普顺 months net to nothing; 潼南区, 丰都县, 奉节县, 石柱 are at their benchmarks all year.
    for (const p of ['梁平区', '潼南区', '丰都县', '奉节县', '石柱土家族自治县']) expect(pos[p]).toEqual(['0.00', '0.00', '0.00']);
    expect(Object.keys(pos)).toHaveLength(27);
    const totalReceivable = Object.values(pos).reduce((s, [r]) => s + Math.round(Number(r) * 100), 0 as number);
    const totalPayable = Object.values(pos).reduce((s, [, p]) => s + Math.round(Number(p) * 100), 0 as number);
    expect(totalReceivable).toBe(4_550_000_000);
    expect(totalPayable).toBe(4_550_000_000);
  });

  it('the fund: 长寿区 on 大洪河 every month, and the three 小安溪 districts for July 2025 (R8)', () => {
    const fund = rows('fund-2025.csv');
    expect(fund).toHaveLength(15);
    expect(fund.filter((r) => r[0] === 'XAX').map((r) => [r[1], r[2], r[3]])).toEqual([
      ['合川区', '2025-07', '1000000.00'],
      ['永川区', '2025-07', '1000000.00'],
      ['铜梁区', '2025-07', '1000000.00'],
    ]);
  });

  it('ledger lines trace each amount to a rule and reason', () => {
    const ledger = rows('ledger-2025.csv');
    const line = (section: string, month: string) => ledger.find((r) => r[1] === section && r[2] === month)!;
    expect(line('YLH01', '2025-02')).toEqual([
      'YLH',
      'YLH01',
      '2025-02',
      '市级财政',
      '渝北区',
      'Ⅰ',
      'Ⅲ',
      '2',
      '渝北区',
      '市级财政',
      '2000000.00',
      'R1 R7',
      expect.stringContaining('优于基准2个类别'),
      'cq-2023@2023-01',
    ]);
    expect(line('BNH01', '2025-08').slice(10, 12)).toEqual(['0.00', 'R1 R5']);
    expect(line('LXI01', '2025-08').slice(5, 12)).toEqual(['断流', 'Ⅲ', '', '', '', '0.00', 'R4']);
    expect(line('MXH02', '2025-03').slice(5, 12)).toEqual(['未监测', 'Ⅱ', '', '', '', '0.00', 'R4']);
    expect(line('LJH02', '2025-07').slice(7, 11)).toEqual(['-1', '永川区', '江津区', '1500000.00']);
    // July on 小安溪 and all of 长寿区's 大洪河 months were not settled: not in the ledger (R8).
    expect(ledger.filter((r) => r[0] === 'XAX' && r[2] === '2025-07')).toEqual([]);
    expect(ledger.filter((r) => r[1] === 'DHH02' || r[1] === 'DHH03')).toEqual([]);
    // 19 rivers, 51 compensation sections × 12 months = 612, less 3 (July XAX) and 24 (DHH02, DHH03).
    expect(ledger).toHaveLength(585);
    const total = ledger.reduce((s, r) => s + Math.round(Number(r[10]) * 100), 0);
    // Gross monthly amounts before netting: 30.5M net + LXH 1M + 1M cancelled + LJH 1.5M both ways + YLH 1M both ways.
    expect(total).toBe((30_500_000 + 2_000_000 + 3_000_000 + 2_000_000) * 100);
  });

  it('forced deduction with 10% penalty (R10)', () => {
    const e = rows('enforcement-2025.csv');
    expect(e.find((r) => r[0] === 'BNH' && r[2] === '璧山区')).toEqual([
      'BNH',
      '江津区',
      '璧山区',
      '3000000.00',
      '2000000.00',
      '1000000.00',
      '100000.00',
      '1100000.00',
    ]);
    expect(e.find((r) => r[0] === 'YLH')).toEqual(['YLH', '渝北区', '市级财政', '2000000.00', '0.00', '2000000.00', '200000.00', '2200000.00']);
    expect(e.find((r) => r[0] === 'QIJ')).toEqual(['QIJ', '綦江区', '江津区', '2000000.00', '2500000.00', '0.00', '0.00', '0.00']);
    expect(e.some((r) => r[0] === 'YS')).toBe(false);
    const sumCol = (i: number) => e.reduce((s, r) => s + Math.round(Number(r[i]) * 100), 0) / 100;
    expect([sumCol(5), sumCol(6), sumCol(7)]).toEqual([31_000_000, 3_100_000, 34_100_000]);
  });

  it('the workbook has every sheet, in order, printable, with provenance', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path.join(dir, 'settlement-2025.xlsx'));
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      '汇总',
      '清算划转',
      '月度明细',
      '核算依据',
      '河流',
      '补偿基金',
      '强制收扣',
      '月度与年度差异',
      '协议到期',
      '数据问题',
      '规则说明',
      '来源',
    ]);
    for (const ws of wb.worksheets) {
      expect(ws.pageSetup.paperSize).toBe(9);
      expect(ws.pageSetup.fitToWidth).toBe(1);
      expect(ws.views[0]?.state).toBe('frozen');
    }
    expect(wb.getWorksheet('汇总')!.pageSetup.orientation).toBe('landscape');
    const transfers = wb.getWorksheet('清算划转')!;
    const texts: string[] = [];
    transfers.eachRow((row) => row.eachCell((c) => texts.push(String(c.value))));
    expect(texts).toContain('制表：');
    expect(texts).toContain('审核：');
    expect(texts).toContain('批准：');
    const source = wb.getWorksheet('来源')!;
    const hashes: string[] = [];
    source.eachRow((row) => {
      const v = String(row.getCell(4).value ?? '');
      if (/^[0-9a-f]{64}$/.test(v)) hashes.push(v);
    });
    // Ten data files and the scheme file (schemes/2023-chongqing.json).
    expect(hashes).toHaveLength(11 + 1);
    expect(wb.created?.toISOString()).toBe('2025-12-31T00:00:00.000Z');
    // Class cells coloured: 河流 sheet, 普顺 (LXH01) March is Ⅳ → yellow.
    const rivers = wb.getWorksheet('河流')!;
    let fill: string | undefined;
    rivers.eachRow((row) => {
      if (row.getCell(2).value === 'LXH01') fill = (row.getCell(10).fill as { fgColor?: { argb?: string } }).fgColor?.argb;
    });
    expect(fill).toBe('FFFFE699');
  });

  it('same inputs → byte-identical files; rerun is a no-op', async () => {
    const before = Object.fromEntries(readdirSync(dir).map((f) => [f, readFileSync(path.join(dir, f))]));
    const again = mkdtempSync(path.join(tmpdir(), 'ecocomp-settle-'));
    expect(await main(['settle', '--year', '2025', '--deadline', '2026-03-31', '--data', 'fixtures/data', '--out', again, '--quiet'])).toBe(0);
    for (const [f, bytes] of Object.entries(before)) expect(readFileSync(path.join(again, '2025', f)).equals(bytes)).toBe(true);
    expect(await main(['settle', '--year', '2025', '--deadline', '2026-03-31', '--data', 'fixtures/data', '--out', out, '--quiet'])).toBe(0);
  });

  it('an existing different output is not overwritten without --force (exit 5, not the usage code 2), and is with it', async () => {
    const target = path.join(dir, 'transfers-2025.csv');
    const original = readFileSync(target);
    writeFileSync(target, 'edited by hand');
    expect(await main(['settle', '--year', '2025', '--deadline', '2026-03-31', '--data', 'fixtures/data', '--out', out, '--quiet'])).toBe(5);
    expect(readFileSync(target, 'utf8')).toBe('edited by hand');
    expect(await main(['settle', '--year', '2025', '--deadline', '2026-03-31', '--data', 'fixtures/data', '--out', out, '--quiet', '--force'])).toBe(0);
    expect(readFileSync(target).equals(original)).toBe(true);
  });

  it('a fund charge can be paid like any transfer (payee 流域补偿基金)', async () => {
    const data = mkdtempSync(path.join(tmpdir(), 'ecocomp-data-'));
    cpSync('fixtures/data', data, { recursive: true });
    writeFileSync(
      path.join(data, 'payments.csv'),
      `${readFileSync(path.join(data, 'payments.csv'), 'utf8')}2025,DHH,长寿区,流域补偿基金,12000000.00,2026-03-01\r\n`,
    );
    const o = mkdtempSync(path.join(tmpdir(), 'ecocomp-settle-fund-'));
    expect(await main(['settle', '--year', '2025', '--deadline', '2026-03-31', '--data', data, '--out', o, '--quiet'])).toBe(0);
    const e = readFileSync(path.join(o, '2025', 'enforcement-2025.csv'), 'utf8').split('\r\n');
    expect(e).toContain('DHH,长寿区,流域补偿基金,12000000.00,12000000.00,0.00,0.00,0.00');
  });

  it('invalid input: exit 1 and nothing written', async () => {
    const o = mkdtempSync(path.join(tmpdir(), 'ecocomp-settle-bad-'));
    expect(await main(['settle', '--year', '2025', '--data', 'fixtures/invalid/month-missing', '--out', o, '--quiet'])).toBe(1);
    expect(readdirSync(o)).toEqual([]);
  });
});

describe('monthly --month', () => {
  it('writes the statement and the month ledger; rerun is a no-op', async () => {
    const o = mkdtempSync(path.join(tmpdir(), 'ecocomp-monthly-'));
    expect(await main(['monthly', '--month', '2025-03', '--data', 'fixtures/data', '--out', o, '--quiet'])).toBe(0);
    const ledger = readFileSync(path.join(o, '2025', 'ledger-2025-03.csv'), 'utf8')
      .trim()
      .split('\r\n');
    // 51 compensation sections, less DHH02 and DHH03 (长寿区 unsigned).
    expect(ledger).toHaveLength(1 + 49);
    const xlsx = readFileSync(path.join(o, '2025', 'statement-2025-03.xlsx'));
    expect(await main(['monthly', '--month', '2025-03', '--data', 'fixtures/data', '--out', o, '--quiet'])).toBe(0);
    expect(readFileSync(path.join(o, '2025', 'statement-2025-03.xlsx')).equals(xlsx)).toBe(true);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['月度明细', '核算依据', '本年累计', '补偿基金', '数据问题', '规则说明', '来源']);
  });
  it('exits 3 and writes nothing while the month is incomplete', async () => {
    const data = mkdtempSync(path.join(tmpdir(), 'ecocomp-data-'));
    cpSync('fixtures/data', data, { recursive: true });
    rmSync(path.join(data, 'quality', '2025-国家通报.xlsx'));
    const o = mkdtempSync(path.join(tmpdir(), 'ecocomp-monthly-'));
    expect(await main(['monthly', '--month', '2025-03', '--data', data, '--out', o, '--quiet'])).toBe(3);
    expect(existsSync(path.join(o, '2025'))).toBe(false);
  });
  it('wrong usage exits 2', async () => {
    expect(await main(['monthly', '--month', '2025-13', '--data', 'fixtures/data'])).toBe(2);
    expect(await main(['settle', '--data', 'fixtures/data'])).toBe(2);
  });
});
