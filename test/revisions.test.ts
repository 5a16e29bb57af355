import { describe, expect, it } from 'vitest';
import { account } from '../src/domain/accounting.js';
import { Money } from '../src/domain/money.js';
import { compareWithIssued, revisionEffects, type IssuedLine } from '../src/domain/revisions.js';
import { renewals, renewalWarnings } from '../src/domain/renewals.js';
import { agreement, dataset, exemption, rec, scheme2023, section, sig, target, yuanOf } from './helpers.js';

/**
 * 月度与年度差异 (R9 按月核算、按年清缴): the year-end ledger against the monthly statements
 * already issued, section-month by section-month on payer, payee and amount.
 */
const s = section('S', '10', '市控', '永川区', '江津区');
const base = {
  sections: [s],
  targets: [target('S', 3)],
  agreements: [agreement('A', '2023-01-01', '2027-12-31')],
  signatures: [sig('A', '永川区'), sig('A', '江津区')],
};
const months = ['2025-01', '2025-02', '2025-03'];

/** What `monthly` would have written for a month, from the data as it stood then. */
function issuedFrom(quality: ReturnType<typeof rec>[], extra: Partial<Parameters<typeof dataset>[0]> = {}): IssuedLine[] {
  const r = account(dataset({ ...base, quality, ...extra }), months, scheme2023);
  return r.lines
    .filter((l) => l.settled)
    .map((l, i) => ({
      riverId: l.riverId,
      sectionId: l.sectionId,
      month: l.month,
      measured: l.measured === undefined ? (l.status ?? '') : ['', 'Ⅰ', 'Ⅱ', 'Ⅲ', 'Ⅳ', 'Ⅴ', '劣Ⅴ'][l.measured]!,
      benchmark: 'Ⅲ',
      payer: l.payer ?? '',
      payee: l.payee ?? '',
      amount: l.amount,
      rule: l.rule,
      reason: l.reason,
      source: l.source,
      loc: { file: `out/2025/ledger-${l.month}.csv`, row: i + 2 },
    }));
}

const now = [rec('S', '2025-01', 3, '市级通报'), rec('S', '2025-02', 2, '市级通报'), rec('S', '2025-03', 5, '市级通报')];

describe('compareWithIssued (月度与年度差异)', () => {
  it('no statement issued: nothing to compare', () => {
    const r = account(dataset({ ...base, quality: now }), months, scheme2023);
    expect(compareWithIssued(new Set(), [], r.lines)).toEqual([]);
  });

  it('the same data then and now: no revision', () => {
    const r = account(dataset({ ...base, quality: now }), months, scheme2023);
    expect(compareWithIssued(new Set(months), issuedFrom(now), r.lines)).toEqual([]);
  });

  it('a corrected notified class (R3): February first notified Ⅲ (nothing owed), corrected to Ⅱ → 江津区 pays 永川区 1,000,000 (R1)', () => {
    const then = [now[0]!, rec('S', '2025-02', 3, '国家通报'), now[2]!];
    const r = account(dataset({ ...base, quality: now }), months, scheme2023);
    const revs = compareWithIssued(new Set(months), issuedFrom(then), r.lines);
    expect(revs.map((x) => [x.month, x.issued?.payer, yuanOf(x.issued!.amount), x.now?.payer, x.now?.payee, yuanOf(x.now!.amount)])).toEqual([
      ['2025-02', '', '0.00', '江津区', '永川区', '1000000.00'],
    ]);
    expect(revs[0]!.cause).toBe('实测类别 Ⅲ（国家通报） → Ⅱ（市级通报）；月报 不补偿，年度 江津区→永川区 1000000.00 元');
    expect(revisionEffects(revs).map((e) => [e.party, yuanOf(e.issuedNet), yuanOf(e.yearNet), yuanOf(e.change)])).toEqual([
      ['江津区', '0.00', '-1000000.00', '-1000000.00'],
      ['永川区', '0.00', '1000000.00', '1000000.00'],
    ]);
  });

  it('a late exemption (R5): March Ⅴ was issued as 永川区 pays 江津区 2,000,000; exempted at year end → 0', () => {
    const r = account(dataset({ ...base, quality: now, exemptions: [exemption('S', '2025-03')] }), months, scheme2023);
    const revs = compareWithIssued(new Set(months), issuedFrom(now), r.lines);
    expect(revs).toHaveLength(1);
    expect([revs[0]!.month, revs[0]!.issued!.payer, yuanOf(revs[0]!.issued!.amount), revs[0]!.now!.payer ?? '', yuanOf(revs[0]!.now!.amount)]).toEqual([
      '2025-03',
      '永川区',
      '2000000.00',
      '',
      '0.00',
    ]);
    expect(revs[0]!.cause).toContain('新增免责认定（R5，渝财环免〔2025〕1号）');
    expect(revs[0]!.cause).toContain('月报 永川区→江津区 2000000.00 元，年度 不补偿');
  });

  it('a month issued but not settled now (R8: the agreement no longer covers it)', () => {
    const r = account(dataset({ ...base, quality: now, agreements: [agreement('A', '2023-01-01', '2025-02-28')] }), months, scheme2023);
    const revs = compareWithIssued(new Set(months), issuedFrom(now), r.lines);
    expect(revs.map((x) => [x.month, x.issued!.payer, yuanOf(x.issued!.amount), x.now!.settled])).toEqual([['2025-03', '永川区', '2000000.00', false]]);
    expect(revs[0]!.cause).toMatch(/^年度核算不结算（R8）/);
  });

  it('a month settled at year end but never issued counts, and one issued without the section (then unsettled) too', () => {
    const r = account(dataset({ ...base, quality: now }), months, scheme2023);
    const issued = issuedFrom(now).filter((l) => l.month === '2025-01');
    const revs = compareWithIssued(new Set(['2025-01', '2025-02']), issued, r.lines);
    expect(revs.map((x) => [x.month, x.cause.split('；')[0]])).toEqual([
      ['2025-02', '月报未含该断面（当时未结算）'],
      ['2025-03', '该月未出月报'],
    ]);
    expect(revisionEffects(revs).map((e) => [e.party, yuanOf(e.change)])).toEqual([
      ['江津区', '1000000.00'],
      ['永川区', '-1000000.00'],
    ]);
  });
});

describe('renewals (协议到期, R8)', () => {
  const two = section('S', '10', '市控', '永川区', '江津区');
  const d = (agreements: ReturnType<typeof agreement>[], signatures: ReturnType<typeof sig>[]) =>
    dataset({ sections: [two], targets: [target('S', 3)], agreements, signatures });

  it('ending within the 12 months after the period: 即将到期, charge from the month after its end', () => {
    const rs = renewals(d([agreement('A', '2023-01-01', '2026-06-30')], [sig('A', '永川区'), sig('A', '江津区')]), '2025-12');
    expect(rs.map((r) => [r.district, r.status, r.agreement.to, r.chargeFrom])).toEqual([
      ['江津区', '即将到期', '2026-06-30', '2026-07'],
      ['永川区', '即将到期', '2026-06-30', '2026-07'],
    ]);
    const w = renewalWarnings(rs, new Money('1000000'));
    expect(w.map((p) => [p.code, p.rule, p.column, p.value])).toEqual([
      ['W_AGREEMENT_ENDING', 'R8', '终止日期', '2026-06-30'],
      ['W_AGREEMENT_ENDING', 'R8', '终止日期', '2026-06-30'],
    ]);
    expect(w[0]!.message).toBe('江津区在河流 R 上签署的协议 A 将于 2026-06-30 到期，尚未签署续签协议；自 2026-07 起每月向流域补偿基金缴纳 1000000.00 元（R8）');
  });

  it('ending after the 12 months: no row', () => {
    expect(renewals(d([agreement('A', '2023-01-01', '2027-01-31')], [sig('A', '永川区'), sig('A', '江津区')]), '2025-12')).toEqual([]);
    expect(renewals(d([agreement('A', '2023-01-01', '2026-12-31')], [sig('A', '永川区'), sig('A', '江津区')]), '2025-12')).toEqual([]);
  });

  it('ended at the period end: one district signed a successor, the other did not', () => {
    const rs = renewals(
      d(
        [agreement('A', '2023-01-01', '2025-12-31'), agreement('B', '2026-01-01', '2028-12-31')],
        [sig('A', '永川区'), sig('A', '江津区'), sig('B', '永川区', '2025-11-20')],
      ),
      '2025-12',
    );
    expect(rs.map((r) => [r.district, r.status, r.successor?.agreement.id ?? '', r.successor?.signedDate ?? '', r.chargeFrom ?? ''])).toEqual([
      ['江津区', '已到期未续签', '', '', '2026-01'],
      ['永川区', '已续签', 'B', '2025-11-20', ''],
    ]);
    expect(renewalWarnings(rs, new Money('1000000')).map((p) => p.code)).toEqual(['W_AGREEMENT_ENDED']);
  });

  it('ended before the period end and not renewed: still listed (the fund charge runs, R8)', () => {
    const rs = renewals(d([agreement('A', '2023-01-01', '2025-06-30')], [sig('A', '永川区'), sig('A', '江津区')]), '2025-12');
    expect(rs.map((r) => [r.district, r.status, r.chargeFrom])).toEqual([
      ['江津区', '已到期未续签', '2025-07'],
      ['永川区', '已到期未续签', '2025-07'],
    ]);
  });
});
