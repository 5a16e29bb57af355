import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FundCharge, LedgerLine } from '../src/domain/accounting.js';
import { BalanceError, assertBalanced, clear } from '../src/domain/clearing.js';
import { Money, ZERO, sum } from '../src/domain/money.js';
import { yuanOf } from './helpers.js';

const line = (riverId: string, payer: string, payee: string, amount: string, mode: LedgerLine['mode'] = '资金'): LedgerLine => ({
  riverId,
  sectionId: 'S',
  sectionName: 'S',
  month: '2025-01',
  upstream: payer,
  downstream: payee,
  benchmarkFrom: '',
  payer,
  payee,
  amount: new Money(amount),
  rule: 'R1',
  reason: '',
  settled: true,
  version: 'cq-2023@2023-01',
  mode,
});

describe('R9 annual clearing', () => {
  it('nets each river and pair into one transfer from the net payer', () => {
    const c = clear(
      [
        line('A', '江津区', '永川区', '1500000'),
        line('A', '江津区', '永川区', '1500000'),
        line('A', '永川区', '江津区', '1500000'),
        line('B', '永川区', '江津区', '1000000'),
      ],
      [],
    );
    expect(c.transfers.map((t) => [t.riverId, t.payer, t.payee, yuanOf(t.amount)])).toEqual([
      ['A', '江津区', '永川区', '1500000.00'],
      ['B', '永川区', '江津区', '1000000.00'],
    ]);
    // A district on several rivers is accounted separately on each (R6), then positioned across all.
    const pos = Object.fromEntries(c.positions.map((p) => [p.party, [yuanOf(p.receivable), yuanOf(p.payable), yuanOf(p.net)]]));
    expect(pos['永川区']).toEqual(['1500000.00', '1000000.00', '500000.00']);
    expect(pos['江津区']).toEqual(['1000000.00', '1500000.00', '-500000.00']);
  });
  it('a pair that nets to zero gives no transfer', () => {
    const c = clear([line('A', '甲区', '乙区', '1000000'), line('A', '乙区', '甲区', '1000000')], []);
    expect(c.transfers).toEqual([]);
    expect(c.totalPaid.isZero()).toBe(true);
  });
  it('fund charges are transfers to the fund; the municipal budget and the fund are always positioned', () => {
    const fund: FundCharge[] = [
      { riverId: 'A', district: '长寿区', month: '2025-01', amount: new Money('1000000'), reason: '' },
      { riverId: 'A', district: '长寿区', month: '2025-02', amount: new Money('1000000'), reason: '' },
    ];
    const c = clear([], fund);
    expect(c.transfers.map((t) => [t.payer, t.payee, yuanOf(t.amount), t.kind])).toEqual([['长寿区', '流域补偿基金', '2000000.00', 'fund']]);
    expect(c.positions.map((p) => p.party)).toEqual(['长寿区', '市级财政', '流域补偿基金']);
  });
  it('every party of the ledger or fund is positioned, with zeros when nothing moved (issue 10)', () => {
    // 璧山区 is downstream of a section at its benchmark all year: no money, still listed.
    const level: LedgerLine = { ...line('A', '江津区', '璧山区', '0'), payer: undefined, payee: undefined, upstream: '江津区', downstream: '璧山区' };
    const unsigned: LedgerLine = { ...level, upstream: '荣昌区', downstream: '大足区', settled: false, rule: 'R8' };
    const c = clear(
      [level, unsigned, line('B', '永川区', '江津区', '1000000.00')],
      [{ riverId: 'C', district: '垫江县', month: '2025-01', amount: new Money('1000000'), reason: '' }],
    );
    const pos = Object.fromEntries(c.positions.map((p) => [p.party, [yuanOf(p.receivable), yuanOf(p.payable), yuanOf(p.net)]]));
    expect(pos['璧山区']).toEqual(['0.00', '0.00', '0.00']);
    expect(pos['荣昌区']).toEqual(['0.00', '0.00', '0.00']);
    expect(pos['大足区']).toEqual(['0.00', '0.00', '0.00']);
    expect(pos['垫江县']).toEqual(['0.00', '1000000.00', '-1000000.00']);
    expect(pos['江津区']).toEqual(['1000000.00', '0.00', '1000000.00']);
    expect(c.positions).toHaveLength(8); // five districts above, 永川区, 市级财政, 流域补偿基金
  });
  it('the signed total is split into 资金 and 非资金 subtotals (R9, issue 10)', () => {
    const c = clear(
      [line('A', '江津区', '永川区', '1500000.00'), line('B', '巫溪县', '云阳县', '1000000.00', '对口协作'), line('C', '甲区', '乙区', '0.05', '产业转移')],
      [{ riverId: 'D', district: '长寿区', month: '2025-01', amount: new Money('1000000'), reason: '' }],
    );
    expect(yuanOf(c.totals.total)).toBe('3500000.05');
    expect(yuanOf(c.totals.cash)).toBe('2500000.00');
    expect(yuanOf(c.totals.nonMonetary)).toBe('1000000.05');
    expect(c.totals.total.equals(c.totalPaid)).toBe(true);
  });
  it('the invariant fails loudly', () => {
    expect(() => assertBalanced(new Money('1'), new Money('2'), [])).toThrow(BalanceError);
  });
  it('property: any ledger balances to the fen, and net positions sum to zero', () => {
    const parties = ['甲区', '乙区', '丙区', '市级财政'];
    const arb = fc.array(
      fc.record({
        river: fc.constantFrom('A', 'B', 'C'),
        payer: fc.integer({ min: 0, max: 3 }),
        offset: fc.integer({ min: 1, max: 3 }),
        fen: fc.bigInt({ min: 1n, max: 10_000_000_000n }),
        mode: fc.constantFrom('资金' as const, '对口协作' as const),
      }),
      { maxLength: 60 },
    );
    fc.assert(
      fc.property(arb, fc.array(fc.integer({ min: 0, max: 2 }), { maxLength: 10 }), (rows, fundRows) => {
        const lines = rows.map((r) => line(r.river, parties[r.payer]!, parties[(r.payer + r.offset) % 4]!, (Number(r.fen) / 100).toFixed(2), r.mode));
        const fund: FundCharge[] = fundRows.map((p, i) => ({
          riverId: 'A',
          district: parties[p]!,
          month: `2025-${String((i % 12) + 1).padStart(2, '0')}`,
          amount: new Money('1000000'),
          reason: '',
        }));
        const c = clear(lines, fund);
        expect(c.totalPaid.equals(c.totalReceived)).toBe(true);
        expect(sum(c.positions.map((p) => p.net)).isZero()).toBe(true);
        // Netting never changes any party's net position.
        const gross = new Map<string, Money>();
        for (const l of lines) {
          gross.set(l.payee!, (gross.get(l.payee!) ?? ZERO).plus(l.amount));
          gross.set(l.payer!, (gross.get(l.payer!) ?? ZERO).minus(l.amount));
        }
        for (const f of fund) gross.set(f.district, (gross.get(f.district) ?? ZERO).minus(f.amount));
        for (const p of c.positions) if (p.party !== '流域补偿基金') expect(p.net.equals(gross.get(p.party) ?? ZERO)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
