import { missingMonth, monthsWithoutResult, qualityFolder } from '../src/domain/completeness.js';
import { recordIndex } from '../src/domain/monitoringResult.js';
import { describe, expect, it } from 'vitest';
import { account } from '../src/domain/accounting.js';
import { clear } from '../src/domain/clearing.js';
import { Money } from '../src/domain/money.js';
import { agreement, dataset, exemption, rec, scheme2023, section, sig, target, yuanOf } from './helpers.js';

const months = ['2025-01', '2025-02', '2025-03', '2025-04'];

describe('R7 municipal head and tail: the worked example of rules.md', () => {
  // Head section of a river entering from another province; upstream 市级财政, downstream 潼南区;
  // benchmark Ⅲ; floors. January Ⅱ, February Ⅰ, March Ⅳ, April Ⅲ.
  const head = section('H', '0', '国控', '市级财政', '潼南区');
  const d = dataset({
    sections: [head],
    targets: [target('H', 3)],
    agreements: [agreement('A', '2023-01-01', '2025-12-31')],
    signatures: [sig('A', '潼南区')],
    quality: [rec('H', '2025-01', 2, '国家通报'), rec('H', '2025-02', 1, '国家通报'), rec('H', '2025-03', 4, '国家通报'), rec('H', '2025-04', 3, '国家通报')],
  });
  const r = account(d, months, scheme2023);
  it('gives the amounts and directions of the example', () => {
    expect(r.lines.map((l) => [l.month, l.payer ?? '', l.payee ?? '', yuanOf(l.amount)])).toEqual([
      ['2025-01', '潼南区', '市级财政', '1000000.00'],
      ['2025-02', '潼南区', '市级财政', '2000000.00'],
      ['2025-03', '市级财政', '潼南区', '1000000.00'],
      ['2025-04', '', '', '0.00'],
    ]);
    expect(r.lines.map((l) => l.rule)).toEqual(['R1 R7', 'R1 R7', 'R1 R7', 'R1']);
    expect(r.fund).toEqual([]);
  });
  it('nets to one transfer: 潼南区 pays 市级财政 2,000,000 (R9)', () => {
    const c = clear(r.lines, r.fund);
    expect(c.transfers.map((t) => [t.payer, t.payee, yuanOf(t.amount)])).toEqual([['潼南区', '市级财政', '2000000.00']]);
  });
  it('at a tail section better water leaving the city is paid by the municipal budget', () => {
    const tail = section('T', '90', '市控', '潼南区', '市级财政');
    const t = account(
      dataset({
        sections: [tail],
        targets: [target('T', 3)],
        agreements: [agreement('A', '2023-01-01', '2025-12-31')],
        signatures: [sig('A', '潼南区')],
        quality: [rec('T', '2025-01', 2, '市级通报'), rec('T', '2025-02', 5, '市级通报')],
      }),
      ['2025-01', '2025-02'],
      scheme2023,
    );
    expect(t.lines.map((l) => [l.payer, l.payee, yuanOf(l.amount)])).toEqual([
      ['市级财政', '潼南区', '1000000.00'],
      ['潼南区', '市级财政', '2000000.00'],
    ]);
  });
});

describe('R4 missing months, R5 exemptions', () => {
  const s = section('S', '10', '市控', '甲区', '乙区');
  const base = {
    sections: [s],
    targets: [target('S', 3)],
    agreements: [agreement('A', '2023-01-01', '2025-12-31')],
    signatures: [sig('A', '甲区'), sig('A', '乙区')],
  };
  it('a month with no usable record is a gap, never "no compensation"', () => {
    const r = account(dataset({ ...base, quality: [rec('S', '2025-01', 3, '市级通报')] }), ['2025-01', '2025-02'], scheme2023);
    expect(r.gaps).toHaveLength(1);
    expect(r.gaps[0]).toMatchObject({ code: 'E_MONTH_MISSING', rule: 'R4' });
    expect(r.gaps[0]?.message).toContain('2025-02');
    expect(r.lines).toHaveLength(1);
  });
  it('one R4 check: the same gaps for accounting, validate and monthly (monthsWithoutResult)', () => {
    const d = dataset({ ...base, quality: [rec('S', '2025-01', 3, '市级通报'), rec('S', '2025-03', 3, '监测中心')] });
    // 监测中心 is not a source R3 accepts for an assessed section: 2025-03 is a gap too.
    const gaps = monthsWithoutResult([s], ['2025-01', '2025-02', '2025-03'], recordIndex(d));
    expect(gaps.map((g) => `${g.section.id} ${g.month}`)).toEqual(['S 2025-02', 'S 2025-03']);
    expect(missingMonth(s, '2025-02', qualityFolder(d))).toMatchObject({ code: 'E_MONTH_MISSING', rule: 'R4', value: 'S', column: '断面编码' });
    const r = account(d, ['2025-01', '2025-02', '2025-03'], scheme2023);
    expect(r.gaps.map((g) => g.message)).toEqual(gaps.map((g) => missingMonth(g.section, g.month, qualityFolder(d)).message));
  });
  it('断流 and 未监测 settle as 0 with the reason shown', () => {
    const r = account(
      dataset({
        ...base,
        quality: [
          rec('S', '2025-01', undefined, '市级通报', { status: '断流', note: '干旱' }),
          rec('S', '2025-02', undefined, '市级通报', { status: '未监测', note: '道路中断' }),
        ],
      }),
      ['2025-01', '2025-02'],
      scheme2023,
    );
    expect(r.gaps).toEqual([]);
    expect(r.lines.map((l) => [l.rule, yuanOf(l.amount), l.settled])).toEqual([
      ['R4', '0.00', true],
      ['R4', '0.00', true],
    ]);
    expect(r.lines[0]?.reason).toContain('断流');
    expect(r.lines[0]?.reason).toContain('干旱');
  });
  it('an exemption waives the payer when the water was worse (d < 0)', () => {
    const r = account(dataset({ ...base, quality: [rec('S', '2025-01', 5, '市级通报')], exemptions: [exemption('S', '2025-01')] }), ['2025-01'], scheme2023);
    expect(r.lines[0]).toMatchObject({ rule: 'R1 R5', exemption: '渝财环免〔2025〕1号' });
    expect(yuanOf(r.lines[0]!.amount)).toBe('0.00');
    expect(r.lines[0]!.payer).toBeUndefined();
  });
  it('an exemption has no effect when d ≥ 0, and a warning says so (Reading)', () => {
    const r = account(dataset({ ...base, quality: [rec('S', '2025-01', 2, '市级通报')], exemptions: [exemption('S', '2025-01')] }), ['2025-01'], scheme2023);
    expect(yuanOf(r.lines[0]!.amount)).toBe('1000000.00');
    expect(r.lines[0]!.payer).toBe('乙区');
    expect(r.problems.map((p) => p.code)).toContain('W_EXEMPTION_NO_EFFECT');
  });
});

describe('R8 agreements, the fund and non-monetary forms', () => {
  const s1 = section('S1', '10', '市控', '甲区', '乙区');
  const s2 = section('S2', '40', '市控', '乙区', '市级财政');
  it('an unsigned district is charged 1,000,000 per month per river, and its sections are not settled', () => {
    const d = dataset({
      sections: [s1, s2],
      targets: [target('S1', 3), target('S2', 3)],
      agreements: [agreement('A', '2023-01-01', '2025-12-31')],
      signatures: [sig('A', '甲区')],
      quality: months.flatMap((m) => [rec('S1', m, 2, '市级通报'), rec('S2', m, 2, '市级通报')]),
    });
    const r = account(d, months, scheme2023);
    expect(r.lines.every((l) => !l.settled && l.rule === 'R8' && l.amount.isZero())).toBe(true);
    expect(r.fund.map((f) => [f.district, f.month, yuanOf(f.amount)])).toEqual(months.map((m) => ['乙区', m, '1000000.00']));
    const c = clear(r.lines, r.fund);
    expect(c.transfers.map((t) => [t.payer, t.payee, yuanOf(t.amount)])).toEqual([['乙区', '流域补偿基金', '4000000.00']]);
  });
  it('expired and renewed late: the uncovered month is charged to every district and not settled', () => {
    const d = dataset({
      sections: [s1],
      targets: [target('S1', 3)],
      agreements: [agreement('OLD', '2022-07-01', '2025-01-31'), agreement('NEW', '2025-03-01', '2028-02-29')],
      signatures: [sig('OLD', '甲区'), sig('OLD', '乙区'), sig('NEW', '甲区', '2025-04-10'), sig('NEW', '乙区', '2025-04-12')],
      quality: months.map((m) => rec('S1', m, 2, '市级通报')),
    });
    const r = account(d, months, scheme2023);
    expect(r.lines.map((l) => [l.month, l.settled, l.agreementId ?? '', yuanOf(l.amount)])).toEqual([
      ['2025-01', true, 'OLD', '1000000.00'],
      ['2025-02', false, '', '0.00'],
      ['2025-03', true, 'NEW', '1000000.00'],
      ['2025-04', true, 'NEW', '1000000.00'],
    ]);
    expect(r.fund.map((f) => [f.district, f.month]).sort()).toEqual([
      ['乙区', '2025-02'],
      ['甲区', '2025-02'],
    ]);
  });
  it('a non-monetary agreement is settled the same way and shown in its form', () => {
    const d = dataset({
      sections: [s1],
      targets: [target('S1', 3)],
      agreements: [agreement('A', '2023-01-01', '2025-12-31', { mode: '对口协作', substituteValue: new Money('1500000') })],
      signatures: [sig('A', '甲区'), sig('A', '乙区')],
      quality: [rec('S1', '2025-01', 2, '市级通报'), rec('S1', '2025-02', 1, '市级通报')],
    });
    const r = account(d, ['2025-01', '2025-02'], scheme2023);
    const c = clear(r.lines, r.fund);
    expect(c.transfers.map((t) => [t.payer, t.payee, yuanOf(t.amount), t.mode])).toEqual([['乙区', '甲区', '3000000.00', '对口协作']]);
    const pos = Object.fromEntries(c.positions.map((p) => [p.party, yuanOf(p.net)]));
    expect(pos['甲区']).toBe('3000000.00');
    expect(pos['乙区']).toBe('-3000000.00');
  });
  it('amounts set above the floors apply', () => {
    const d = dataset({
      sections: [s1],
      targets: [target('S1', 3)],
      agreements: [agreement('A', '2023-01-01', '2025-12-31', { amountOne: new Money('1500000'), amountTwo: new Money('3000000') })],
      signatures: [sig('A', '甲区'), sig('A', '乙区')],
      quality: [rec('S1', '2025-01', 2, '市级通报'), rec('S1', '2025-02', 6, '市级通报')],
    });
    expect(account(d, ['2025-01', '2025-02'], scheme2023).lines.map((l) => yuanOf(l.amount))).toEqual(['1500000.00', '3000000.00']);
  });
});
