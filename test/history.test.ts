import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { annualClass, carriedBalances, riverPartyYears, turnarounds } from '../src/domain/history.js';
import { Money } from '../src/domain/money.js';
import type { Transfer } from '../src/domain/clearing.js';

/**
 * 历年 (history) over the 2023–2025 sample (fixtures/history, see its generator): each year is
 * settled on its own (R1–R10) and the years are set side by side.
 */
const rows = (file: string): string[][] =>
  readFileSync(file, 'utf8')
    .replace(/^\uFEFF/, '')
    .trim()
    .split('\r\n')
    .map((l) => l.split(','));

const transfer = (riverId: string, payer: string, payee: string, amount: string): Transfer => ({
  riverId,
  payer,
  payee,
  amount: new Money(amount),
  mode: '资金',
  grossPayerToPayee: new Money(amount),
  grossPayeeToPayer: new Money('0'),
  months: 1,
  kind: 'compensation',
});

describe('history rules', () => {
  it('annual class: the median month, the worse middle one for an even count (reading)', () => {
    expect(annualClass([2, 2, 3, 4])).toBe(3);
    expect(annualClass([1, 2, 2])).toBe(2);
    expect(annualClass([])).toBeUndefined();
  });

  it('a turnaround is a change of sign of a party’s net on one river between years with a result', () => {
    const years = [
      { year: 2023, lines: [], transfers: [transfer('LXH', '垫江县', '长寿区', '1000000')] },
      { year: 2024, lines: [], transfers: [] },
      { year: 2025, lines: [], transfers: [transfer('LXH', '长寿区', '垫江县', '2000000')] },
    ];
    const t = turnarounds(riverPartyYears(years));
    expect(t.map((x) => [x.party, x.fromYear, x.fromNet.toFixed(2), x.toYear, x.toNet.toFixed(2)])).toEqual([
      ['长寿区', 2023, '1000000.00', 2025, '-2000000.00'],
      ['垫江县', 2023, '-1000000.00', 2025, '2000000.00'],
    ]);
  });

  it('carries only balances unpaid at the deadline (R10), with their year and deadline', () => {
    const e = (unpaid: string) => ({
      riverId: 'YLH',
      payer: '渝北区',
      payee: '市级财政',
      due: new Money('2000000'),
      paid: new Money('2000000').minus(unpaid),
      unpaid: new Money(unpaid),
      penalty: new Money(unpaid).times('0.1'),
      forced: new Money(unpaid).times('1.1'),
    });
    const c = carriedBalances([
      { year: 2023, lines: [], transfers: [], enforcement: [e('1000000'), e('0')], deadline: '2024-03-31' },
      { year: 2024, lines: [], transfers: [] },
    ]);
    expect(c.map((b) => [b.year, b.deadline, b.unpaid.toFixed(2), b.penalty.toFixed(2), b.forced.toFixed(2)])).toEqual([
      [2023, '2024-03-31', '1000000.00', '100000.00', '1100000.00'],
    ]);
  });
});

describe('ecocomp history --from 2023 --to 2025 on fixtures/history', () => {
  const out = mkdtempSync(path.join(tmpdir(), 'ecocomp-history-'));
  const file = (name: string) => path.join(out, 'history', `${name}-2023-2025.csv`);

  it('writes the workbook and four CSVs', async () => {
    expect(await main(['history', '--from', '2023', '--to', '2025', '--data', 'fixtures/history', '--out', out, '--quiet'])).toBe(0);
    expect(rows(file('history-parties'))[0]).toEqual(['河流编码', '主体', '年度', '应收', '应付', '净额']);
  });

  it('per river and party, each year: 龙溪河 垫江县 pays 1,000,000 in 2023 and receives 1,000,000 in 2024 and 2025 (R1, R9)', () => {
    expect(rows(file('history-parties')).filter((r) => r[0] === 'LXH' && r[1] === '垫江县')).toEqual([
      ['LXH', '垫江县', '2023', '0.00', '1000000.00', '-1000000.00'],
      ['LXH', '垫江县', '2024', '1000000.00', '0.00', '1000000.00'],
      ['LXH', '垫江县', '2025', '1000000.00', '0.00', '1000000.00'],
    ]);
    // 临江河: 江津区 pays 永川区 7,500,000 every year (the same monthly pattern, agreement 150/300 万元).
    expect(
      rows(file('history-parties'))
        .filter((r) => r[0] === 'LJH' && r[1] === '永川区')
        .map((r) => r[5]),
    ).toEqual(['7500000.00', '7500000.00', '7500000.00']);
  });

  it('the sections whose result turned around: 龙溪河, 2023 → 2024', () => {
    expect(rows(file('history-turnarounds')).slice(1)).toEqual([
      ['LXH', '长寿区', '2023', '1000000.00', '2024', '-1000000.00'],
      ['LXH', '垫江县', '2023', '-1000000.00', '2024', '1000000.00'],
    ]);
  });

  it('each section’s annual class and months against its benchmark: 垫长交界 worse once in 2023, better once after', () => {
    expect(rows(file('history-sections')).filter((r) => r[1] === 'LXH02')).toEqual([
      ['LXH', 'LXH02', '2023', 'Ⅲ', 'Ⅲ', '0', '1', '11', '0'],
      ['LXH', 'LXH02', '2024', 'Ⅲ', 'Ⅲ', '1', '0', '11', '0'],
      ['LXH', 'LXH02', '2025', 'Ⅲ', 'Ⅲ', '1', '0', '11', '0'],
    ]);
  });

  it('balances unpaid at each deadline (清缴截止日 03-31 from ecocomp.json) carried with their 10% penalty (R10)', () => {
    const b = rows(file('history-balances'));
    expect(b.filter((r) => r[0] !== '2025').slice(1)).toEqual([
      ['2023', '2024-03-31', 'YLH', '渝北区', '市级财政', '2000000.00', '1000000.00', '1000000.00', '100000.00', '1100000.00'],
      ['2024', '2025-03-31', 'QIJ', '綦江区', '江津区', '2000000.00', '0.00', '2000000.00', '200000.00', '2200000.00'],
    ]);
    // 2025 is the sample's own clearing: forced deductions 34,100,000 incl. penalty 3,100,000 (see settle.e2e).
    const y2025 = b.filter((r) => r[0] === '2025');
    const total = (i: number) => y2025.reduce((s, r) => s.plus(r[i]!), new Money('0')).toFixed(2);
    expect([total(7), total(8), total(9)]).toEqual(['31000000.00', '3100000.00', '34100000.00']);
  });

  it('one folder per year reads the same as several years in one folder', async () => {
    const work = mkdtempSync(path.join(tmpdir(), 'ecocomp-history-years-'));
    cpSync('fixtures/history', path.join(work, '2024'), { recursive: true });
    cpSync('fixtures/data', path.join(work, '2025'), { recursive: true });
    const out2 = path.join(work, 'out');
    expect(await main(['history', '--from', '2024', '--to', '2025', '--data', work, '--out', out2, '--deadline', '03-31', '--quiet'])).toBe(0);
    const two = rows(path.join(out2, 'history', 'history-parties-2024-2025.csv'));
    expect(two.slice(1)).toEqual(
      rows(file('history-parties'))
        .slice(1)
        .filter((r) => r[2] !== '2023'),
    );
  });

  it('a year with an error is named, exit 1, nothing written', async () => {
    const out3 = mkdtempSync(path.join(tmpdir(), 'ecocomp-history-bad-'));
    expect(await main(['history', '--from', '2022', '--to', '2023', '--data', 'fixtures/history', '--out', out3, '--quiet'])).toBe(1);
    expect(() => readFileSync(path.join(out3, 'history', 'history-parties-2022-2023.csv'))).toThrow();
  });
});
