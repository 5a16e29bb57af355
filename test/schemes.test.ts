import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { main } from '../src/cli/main.js';
import { account } from '../src/domain/accounting.js';
import { clear } from '../src/domain/clearing.js';
import { accountDeclared } from '../src/domain/crossProvince.js';
import { Money } from '../src/domain/money.js';
import { apportion, settlePool, type PoolResult } from '../src/domain/pooledFund.js';
import { versionAt, type PairwiseScheme, type PooledScheme } from '../src/domain/scheme.js';
import { monthsOfYear } from '../src/domain/types.js';
import { checkSchemeFile, loadSchemeSync, parseSchemeBytes } from '../src/io/schemeCheck.js';
import { readSchemeFileQuickly } from '../src/io/schemeFile.js';
import { agreement, dataset, rec, scheme2023, section, sig, target, yuanOf } from './helpers.js';

const load = (json: unknown) => parseSchemeBytes(Buffer.from(JSON.stringify(json)), 'test-scheme.json');
const scheme = (json: unknown) => {
  const r = load(json);
  expect(r.problems).toEqual([]);
  return r.scheme!;
};
const V2023 = {
  from: '2023-01',
  floors: { oneClass: 100, twoOrMore: 200 },
  betterNeedsAtLeast: 'Ⅲ',
  equalPays: false,
  unsignedFundPerMonth: 100,
  penaltyRate: '0.10',
};
const city = (versions: unknown[]) => scheme({ id: 't', name: '测试方案', kind: 'pairwise-class', unit: '万元', versions }) as PairwiseScheme;

describe('the shipped 2023 scheme file (schemes.md normative core)', () => {
  it('converts 万元/月 to 元 exactly and carries R1, R8, R10 parameters', () => {
    const v = scheme2023.versions[0]!;
    expect([scheme2023.id, v.from, v.label]).toEqual(['cq-2023', '2023-01', 'cq-2023@2023-01']);
    expect([yuanOf(v.floorOne), yuanOf(v.floorTwo), yuanOf(v.unsignedFundPerMonth), v.penaltyRate.toString()]).toEqual([
      '1000000.00',
      '2000000.00',
      '1000000.00',
      '0.1',
    ]);
    expect([v.betterNeedsAtLeast, v.equalPays, v.benchmark]).toEqual([3, false, undefined]);
  });
  it('an amount in 元 is taken as written (unit key)', () => {
    const s = scheme({
      id: 'y',
      name: '元',
      kind: 'pairwise-class',
      unit: '元',
      versions: [{ ...V2023, floors: { oneClass: '1000000.5', twoOrMore: 2000000 }, unsignedFundPerMonth: 1000000 }],
    }) as PairwiseScheme;
    expect(yuanOf(s.versions[0]!.floorOne)).toBe('1000000.50');
  });
});

describe('versions: the last whose from is not after the month (schemes.md)', () => {
  const s = city([V2023, { from: '2025-07', floors: { oneClass: 150, twoOrMore: 300 } }]);
  it('a year can span two versions; a later version inherits what it does not change', () => {
    expect(versionAt(s, '2025-06')?.label).toBe('t@2023-01');
    expect(versionAt(s, '2025-07')?.label).toBe('t@2025-07');
    expect(versionAt(s, '2022-12')).toBeUndefined();
    const v = versionAt(s, '2025-12')!;
    expect([yuanOf(v.floorOne), yuanOf(v.floorTwo), yuanOf(v.unsignedFundPerMonth), v.equalPays, v.betterNeedsAtLeast]).toEqual([
      '1500000.00',
      '3000000.00',
      '1000000.00',
      false,
      3,
    ]);
  });

  it('new floors from July lift an agreement below them, with a warning; every line names its version (R1, R8)', () => {
    const sec = section('S', '10', '市控', '甲区', '乙区');
    const months = ['2025-06', '2025-07'];
    const d = dataset({
      sections: [sec],
      targets: [target('S', 3)],
      agreements: [agreement('A', '2023-01-01', '2025-12-31')],
      signatures: [sig('A', '甲区'), sig('A', '乙区')],
      quality: [rec('S', '2025-06', 4, '市级通报'), rec('S', '2025-07', 5, '市级通报')],
    });
    const r = account(d, months, s);
    expect(r.lines.map((l) => [l.month, l.payer, l.payee, yuanOf(l.amount), l.version])).toEqual([
      ['2025-06', '甲区', '乙区', '1000000.00', 't@2023-01'],
      ['2025-07', '甲区', '乙区', '3000000.00', 't@2025-07'],
    ]);
    const lifted = r.problems.filter((p) => p.code === 'W_AGREEMENT_LIFTED');
    expect(lifted.length).toBeGreaterThan(0);
    expect(lifted[0]).toMatchObject({ severity: 'warning', column: '一类标准', value: '100', rule: 'R8' });
    expect(lifted[0]!.message).toContain('自 2025-07 起按下限结算');
    // An agreement above the new floors keeps its own amounts.
    const high = account(
      { ...d, agreements: [agreement('A', '2023-01-01', '2025-12-31', { amountOne: new Money('2000000'), amountTwo: new Money('4000000') })] },
      months,
      s,
    );
    expect(high.lines.map((l) => yuanOf(l.amount))).toEqual(['2000000.00', '4000000.00']);
  });

  it('the fund charge (R8) is the version in force for the month charged', () => {
    const t = city([V2023, { from: '2025-07', unsignedFundPerMonth: 150 }]);
    const d = dataset({
      sections: [section('S', '10', '市控', '甲区', '乙区')],
      targets: [target('S', 3)],
      quality: [rec('S', '2025-06', 3, '市级通报'), rec('S', '2025-07', 3, '市级通报')],
    });
    const r = account(d, ['2025-06', '2025-07'], t);
    expect(r.fund.map((f) => [f.district, f.month, yuanOf(f.amount)])).toEqual([
      ['乙区', '2025-06', '1000000.00'],
      ['乙区', '2025-07', '1500000.00'],
      ['甲区', '2025-06', '1000000.00'],
      ['甲区', '2025-07', '1500000.00'],
    ]);
    expect(clear(r.lines, r.fund).transfers.map((x) => x.perMonth)).toEqual([undefined, undefined]);
  });
});

describe('cross-province pairwise river: fixed benchmark, equal classes pay (schemes.md, 酉水)', () => {
  const youshui = loadSchemeSync('fixtures/schemes/youshui-湘渝-示例.json').scheme as PairwiseScheme;
  it('at or better than Ⅲ the downstream province pays, worse the upstream one; one amount per month; cleared by R9', () => {
    const quality = [
      rec('XS-LY01', '2025-01', 1, '国家通报'),
      rec('XS-LY01', '2025-02', 3, '国家通报'),
      rec('XS-LY01', '2025-03', 4, '国家通报'),
      rec('XS-LY01', '2025-04', 6, '国家通报'),
    ];
    const r = accountDeclared(youshui, dataset({ quality }), ['2025-01', '2025-02', '2025-03', '2025-04']);
    expect(r.gaps).toEqual([]);
    expect(r.lines.map((l) => [l.month, l.benchmarkFrom, l.payer, l.payee, yuanOf(l.amount), l.rule])).toEqual([
      ['2025-01', '方案固定基准 Ⅲ类', '湖南省', '重庆市', '500000.00', 'R1'],
      ['2025-02', '方案固定基准 Ⅲ类', '湖南省', '重庆市', '500000.00', 'R1'],
      ['2025-03', '方案固定基准 Ⅲ类', '重庆市', '湖南省', '500000.00', 'R1'],
      ['2025-04', '方案固定基准 Ⅲ类', '重庆市', '湖南省', '500000.00', 'R1'],
    ]);
    expect(r.lines[1]!.reason).toContain('达到基准，下游补偿上游');
    const c = clear(r.lines, []);
    expect(c.transfers).toEqual([]); // two months each way net to nothing
    const more = clear([...r.lines, ...accountDeclared(youshui, dataset({ quality: [rec('XS-LY01', '2025-05', 2, '国家通报')] }), ['2025-05']).lines], []);
    expect(more.transfers.map((t) => [t.riverId, t.payer, t.payee, yuanOf(t.amount)])).toEqual([['XS-YS', '湖南省', '重庆市', '500000.00']]);
    expect(yuanOf(more.totalPaid)).toBe(yuanOf(more.totalReceived));
  });
  it('a missing month is a gap (R4), never "no compensation"', () => {
    const r = accountDeclared(youshui, dataset({ quality: [rec('XS-LY01', '2025-01', 2, '国家通报')] }), ['2025-01', '2025-02']);
    expect(r.gaps.map((g) => [g.code, g.rule])).toEqual([['E_MONTH_MISSING', 'R4']]);
  });
  it('parties are declared with their members; a section naming an undeclared party is a located error', () => {
    expect(youshui.parties.map((p) => p.name)).toEqual(['重庆市', '湖南省']);
    const raw = JSON.parse(readFileSync('fixtures/schemes/youshui-湘渝-示例.json', 'utf8'));
    raw.sections[0].downstream = '湖北省';
    expect(load(raw).problems).toMatchObject([{ code: 'E_SCHEME_VALUE', file: 'test-scheme.json', column: 'sections[0].downstream', value: '湖北省' }]);
  });
});

describe('pooled fund (schemes.md, 赤水河)', () => {
  const chishui = loadSchemeSync('fixtures/schemes/chishui-云贵川-示例.json').scheme as PooledScheme;
  const conc = (codmn: string, nh3n: string, tp: string) => ({ codmn, nh3n, tp });
  const yearOf = (values: Record<string, ReturnType<typeof conc>>, year = 2019) =>
    dataset({ quality: Object.entries(values).flatMap(([id, c]) => monthsOfYear(year).map((m) => rec(id, m, undefined, '国家通报', { concentrations: c }))) });
  const nets = (r: PoolResult) => r.parties.map((p) => [p.party, yuanOf(p.contribution), yuanOf(p.receives), yuanOf(p.net)]);

  it('2019, every section compliant: 云南 +4,000 万, 贵州 −2,000 万, 四川 −2,000 万 (the published check)', () => {
    const r = settlePool(
      chishui,
      yearOf({ 'CS-01': conc('2.0', '0.20', '0.05'), 'CS-02': conc('2.6', '0.30', '0.07'), 'CS-03': conc('3.1', '0.40', '0.09') }),
      2019,
    ) as PoolResult;
    expect(r.compliance.map((c) => [c.section.id, c.cls, c.compliant, c.months])).toEqual([
      ['CS-01', 2, true, 12],
      ['CS-02', 2, true, 12],
      ['CS-03', 2, true, 12],
    ]);
    expect(nets(r)).toEqual([
      ['云南省', '20000000.00', '60000000.00', '40000000.00'],
      ['贵州省', '100000000.00', '80000000.00', '-20000000.00'],
      ['四川省', '80000000.00', '60000000.00', '-20000000.00'],
    ]);
    expect(r.transfers.map((t) => [t.payer, t.payee, yuanOf(t.amount)])).toEqual([
      ['赤水河横向补偿资金池', '云南省', '40000000.00'],
      ['贵州省', '赤水河横向补偿资金池', '20000000.00'],
      ['四川省', '赤水河横向补偿资金池', '20000000.00'],
    ]);
    expect(yuanOf(r.totalPaid)).toBe(yuanOf(r.totalReceived));
  });

  it('云南 fails (annual mean 总磷 Ⅲ against a Ⅱ target): its 6,000 万 share goes half to 贵州, half to 四川', () => {
    const r = settlePool(
      chishui,
      yearOf({ 'CS-01': conc('2.0', '0.20', '0.15'), 'CS-02': conc('2.6', '0.30', '0.07'), 'CS-03': conc('3.1', '0.40', '0.09') }),
      2019,
    ) as PoolResult;
    expect(r.compliance[0]).toMatchObject({ cls: 3, compliant: false });
    expect(nets(r)).toEqual([
      ['云南省', '20000000.00', '0.00', '-20000000.00'],
      ['贵州省', '100000000.00', '110000000.00', '10000000.00'],
      ['四川省', '80000000.00', '90000000.00', '10000000.00'],
    ]);
  });

  it('the annual mean decides, not single months (W3): three months above the limit, the mean below it', () => {
    const months = monthsOfYear(2019);
    const quality = [
      ...months.map((m, i) => rec('CS-01', m, undefined, '国家通报', { concentrations: conc('2.0', '0.20', i < 3 ? '0.13' : '0.09') })),
      ...['CS-02', 'CS-03'].flatMap((id) => months.map((m) => rec(id, m, undefined, '国家通报', { concentrations: conc('2.0', '0.20', '0.05') }))),
    ];
    const r = settlePool(chishui, dataset({ quality }), 2019) as PoolResult;
    // (3 × 0.13 + 9 × 0.09) / 12 = 0.1 → Ⅱ (limit 0.1 inclusive).
    expect(r.compliance[0]!.items.find((i) => i.item === 'tp')?.value).toBe('0.100');
    expect(r.compliance[0]!.compliant).toBe(true);
  });

  it('a section without data for the year cannot be assessed: an error, not "compliant"', () => {
    const r = settlePool(chishui, yearOf({ 'CS-01': conc('2.0', '0.20', '0.05'), 'CS-02': conc('2.6', '0.30', '0.07') }), 2019);
    expect('parties' in r).toBe(false);
    expect(r.problems.map((p) => [p.code, p.value])).toEqual([['E_POOL_NO_DATA', 'CS-03']]);
  });

  it('shares are exact to the fen and add up to the amount', () => {
    const a = apportion(new Money('100'), [
      { party: '甲', weight: '1' },
      { party: '乙', weight: '1' },
      { party: '丙', weight: '1' },
    ]);
    expect([...a.values()].map(yuanOf)).toEqual(['33.34', '33.33', '33.33']);
  });
});

describe('water quantity term (schemes.md)', () => {
  const q = city([{ ...V2023, quantity: { amountPerMonth: 50, minFlows: { S: '4.5' } } }]);
  const sec = section('S', '10', '市控', '甲区', '乙区');
  const base = {
    sections: [sec],
    targets: [target('S', 3)],
    agreements: [agreement('A', '2023-01-01', '2025-12-31')],
    signatures: [sig('A', '甲区'), sig('A', '乙区')],
  };
  const flow = (month: string, f: string) => ({ sectionId: 'S', month, flow: f, loc: { file: 'flows.csv', row: 2 } });
  it('a month below the minimum flow moves the version amount upstream → downstream, beside the class line', () => {
    const d = dataset({
      ...base,
      quality: [rec('S', '2025-01', 3, '市级通报'), rec('S', '2025-02', 3, '市级通报')],
      flows: [flow('2025-01', '4.5'), flow('2025-02', '4.49')],
    });
    const r = account(d, ['2025-01', '2025-02'], q);
    expect(r.lines.map((l) => [l.month, l.rule, l.payer ?? '', yuanOf(l.amount)])).toEqual([
      ['2025-01', 'R1', '', '0.00'],
      ['2025-02', 'R1', '', '0.00'],
      ['2025-02', '水量', '甲区', '500000.00'],
    ]);
    expect(clear(r.lines, r.fund).transfers.map((t) => [t.payer, t.payee, yuanOf(t.amount)])).toEqual([['甲区', '乙区', '500000.00']]);
  });
});

describe('a scheme file with a wrong key or value: located error, nothing written', () => {
  it('an unknown key names the key path and suggests the right one', () => {
    const r = load({ id: 't', name: 'x', kind: 'pairwise-class', unit: '万元', versions: [{ ...V2023, floor: { oneClass: 1 } }] });
    expect(r.scheme).toBeUndefined();
    expect(r.problems).toMatchObject([{ code: 'E_SCHEME_KEY', file: 'test-scheme.json', column: 'versions[0].floor' }]);
    expect(r.problems[0]!.message).toContain('是否想写「floors」');
  });
  it('a wrong value names the key path, the value and what is expected', () => {
    const r = load({
      id: 't',
      name: 'x',
      kind: 'pairwise-class',
      unit: '万元',
      versions: [{ ...V2023, floors: { oneClass: -5, twoOrMore: 200 }, penaltyRate: 0.1 }],
    });
    expect(r.problems.map((p) => [p.column, p.value])).toEqual([
      ['versions[0].floors.oneClass', '-5'],
      ['versions[0].penaltyRate', '0.1'],
    ]);
    expect(r.problems[1]!.message).toContain('十进制文本');
    expect(load({ id: 't', name: 'x', kind: 'pairwise-class', versions: [V2023] }).problems).toMatchObject([{ column: 'unit', message: '缺少必填的键' }]);
  });
  it('settle --scheme with a wrong file exits 1 and writes nothing', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ecocomp-scheme-'));
    const file = path.join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ id: 't', name: 'x', kind: 'pairwise-class', unit: '万元', versions: [{ ...V2023, equalPays: 'no' }] }));
    const out = path.join(dir, 'out');
    expect(await main(['settle', '--year', '2025', '--data', 'fixtures/data', '--scheme', file, '--out', out, '-q', '--no-color'])).toBe(1);
    expect(existsSync(out)).toBe(false);
  });
});

describe('settle with the sample schemes beside the city (fixtures/schemes)', () => {
  it('writes the cross-province and pooled workbooks beside the city; amounts as the samples give', async () => {
    const out = mkdtempSync(path.join(tmpdir(), 'ecocomp-schemes-'));
    const code = await main([
      'settle',
      '--year',
      '2025',
      '--data',
      'fixtures/schemes/data',
      '--scheme',
      'fixtures/schemes/youshui-湘渝-示例.json',
      '--scheme',
      'fixtures/schemes/chishui-云贵川-示例.json',
      '--scheme',
      'fixtures/schemes/quantity-示例.json',
      '--out',
      out,
      '-q',
      '--no-color',
    ]);
    expect(code).toBe(0);
    const read = (f: string) =>
      readFileSync(path.join(out, '2025', f), 'utf8')
        .replace(/^\uFEFF/, '')
        .trim()
        .split('\r\n');
    // 里耶镇: 11 months at or better than Ⅲ (湖南省 pays 50 万), April Ⅳ (重庆市 pays): net 500 万.
    expect(read('transfers-youshui-2025.csv')).toEqual(['河流编码,付款方,收款方,金额,方式', 'XS-YS,湖南省,重庆市,5000000.00,资金']);
    // 赤水河 sample: CS-03 (四川) fails on 总磷, its 6,000 万 goes to 贵州.
    expect(
      read('pooled-chishui-2025.csv')
        .slice(1)
        .map((l) => l.split(',').slice(0, 7).join(',')),
    ).toEqual([
      '云南省,20000000.00,60000000.00,0.00,0.00,60000000.00,40000000.00',
      '贵州省,100000000.00,80000000.00,0.00,60000000.00,140000000.00,40000000.00',
      '四川省,80000000.00,60000000.00,60000000.00,0.00,0.00,-80000000.00',
    ]);
    // LXI01: February 3.9 and the 断流 August 0 m³/s below 4.5: 大足区 pays 荣昌区 2 × 50 万.
    expect(
      read('ledger-2025.csv')
        .filter((l) => l.includes(',水量,'))
        .map((l) => l.split(',').slice(0, 11).join(',')),
    ).toEqual(['LXIH,LXI01,2025-02,大足区,荣昌区,,,,大足区,荣昌区,500000.00', 'LXIH,LXI01,2025-08,大足区,荣昌区,,,,大足区,荣昌区,500000.00']);
    expect(existsSync(path.join(out, '2025', 'cross-province-youshui-2025.xlsx'))).toBe(true);
    expect(existsSync(path.join(out, '2025', 'pooled-chishui-2025.xlsx'))).toBe(true);
  });
});

describe('ecocomp scheme: the scheme in force per month, in Chinese', () => {
  it('lists each version and, with --year, the version in force each month', async () => {
    const lines: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => (lines.push(String(s)), true));
    try {
      expect(await main(['scheme', '--year', '2025', '--scheme', 'fixtures/schemes/cq-2025-09调整-示例.json', '--no-color'])).toBe(0);
    } finally {
      spy.mockRestore();
    }
    const text = lines.join('');
    expect(text).toContain('相差一个类别每月 150 万元，两个及以上类别每月 300 万元');
    expect(text).toContain('2025-08　cq-2023-adj@2023-01');
    expect(text).toContain('2025-09　cq-2023-adj@2025-09（示例调整）');
  });
});

describe('ecocomp compare: two settlements of the same data side by side', () => {
  it('per river and pair, B − A; the new floors from September move 500,000 元 more on BNH to the municipal budget', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'ecocomp-compare-'));
    expect(await main(['settle', '--year', '2025', '--data', 'fixtures/data', '--out', path.join(root, 'a'), '-q'])).toBe(0);
    expect(
      await main([
        'settle',
        '--year',
        '2025',
        '--data',
        'fixtures/data',
        '--scheme',
        'fixtures/schemes/cq-2025-09调整-示例.json',
        '--out',
        path.join(root, 'b'),
        '-q',
      ]),
    ).toBe(0);
    expect(await main(['compare', path.join(root, 'a'), path.join(root, 'b'), '--year', '2025', '--out', path.join(root, 'c'), '-q'])).toBe(0);
    const rows = readFileSync(path.join(root, 'c', 'compare-2025.csv'), 'utf8')
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(rows[0]).toBe('河流编码,主体甲,主体乙,A甲至乙净额,B甲至乙净额,变化');
    expect(rows).toContain('BNH,江津区,市级财政,1000000.00,1500000.00,500000.00');
    expect(rows).toContain('DHH,长寿区,流域补偿基金,12000000.00,12000000.00,0.00');
    expect(existsSync(path.join(root, 'c', 'compare-2025.xlsx'))).toBe(true);
    // As the help says, --year may be left out when each folder holds one year (settle's out/2025/).
    expect(await main(['compare', path.join(root, 'a'), path.join(root, 'b'), '--out', path.join(root, 'd'), '-q'])).toBe(0);
    expect(readFileSync(path.join(root, 'd', 'compare-2025.csv'))).toEqual(readFileSync(path.join(root, 'c', 'compare-2025.csv')));
  });
});

describe('the quick reader of a scheme file and its zod check agree', () => {
  const files = [
    'schemes/2023-chongqing.json',
    ...readdirSync('fixtures/schemes')
      .filter((f) => f.endsWith('.json'))
      .map((f) => `fixtures/schemes/${f}`),
  ];
  const jsons = files.map((f) => JSON.parse(readFileSync(f, 'utf8')) as unknown);
  let read = 0;
  const agree = (json: unknown): void => {
    const quick = readSchemeFileQuickly(json);
    const checked = checkSchemeFile(json, 'x.json');
    if (quick !== undefined) {
      read++;
      expect(checked).toEqual({ data: quick });
    }
  };

  it('every shipped and fixture scheme is read quickly, to what zod returns', () => {
    for (const json of jsons) {
      expect(readSchemeFileQuickly(json)).toBeDefined();
      agree(json);
    }
  });

  it('a file changed anywhere is either refused by the quick reader or read as zod reads it', () => {
    // One value somewhere in a scheme replaced (or a key added or removed): the quick reader may
    // give up, but what it accepts zod accepts, with the same result.
    const values = fc.oneof(
      fc.constantFrom(null, true, false, 0, -1, 1.5, 1e21, '', ' ', 'Ⅲ', '劣Ⅴ', 'x', '2023-13', '2024-02', '0.10', '1.5', '100', ' 100 ', '国控', '万元', '元'),
      fc.constantFrom('pairwise-class', 'pooled-fund', '氨氮', 'TP', '__proto__'),
      fc.array(fc.constantFrom('Ⅱ', '总磷', 3, null), { maxLength: 3 }),
      fc.dictionary(fc.constantFrom('a', '__proto__', 'name', 'members'), fc.constantFrom('1', 2, 'x', null), { maxKeys: 2 }),
    );
    const paths = (v: unknown, at: (string | number)[] = []): (string | number)[][] =>
      v !== null && typeof v === 'object' ? [at, ...Object.entries(v).flatMap(([k, x]) => paths(x, [...at, Array.isArray(v) ? Number(k) : k]))] : [at];
    const setAt = (v: unknown, p: readonly (string | number)[], x: unknown, mode: 'set' | 'delete' | 'add'): unknown => {
      if (p.length === 0) return mode === 'set' ? x : v;
      const copy = (Array.isArray(v) ? [...v] : { ...(v as object) }) as Record<string | number, unknown>;
      const [k, ...rest] = p;
      if (rest.length === 0 && mode === 'delete') delete copy[k!];
      else if (rest.length === 0 && mode === 'add' && copy[k!] !== null && typeof copy[k!] === 'object' && !Array.isArray(copy[k!]))
        copy[k!] = { ...(copy[k!] as object), extra: x };
      else copy[k!] = setAt(copy[k!], rest, x, mode);
      return copy;
    };
    fc.assert(
      fc.property(fc.nat(jsons.length - 1), fc.nat(), values, fc.constantFrom('set', 'delete', 'add'), (f, i, x, mode) => {
        const json = jsons[f]!;
        const all = paths(json);
        agree(setAt(json, all[i % all.length]!, x, mode as 'set' | 'delete' | 'add'));
      }),
      { numRuns: 600 },
    );
    // Not only refusals: many of the changed files are still correct and read quickly.
    expect(read).toBeGreaterThan(100);
  });
});
