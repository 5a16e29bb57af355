import { describe, expect, it } from 'vitest';
import type { Transfer } from '../src/domain/clearing.js';
import { Money, ZERO } from '../src/domain/money.js';
import { enforce } from '../src/domain/penalties.js';
import type { Payment } from '../src/domain/types.js';
import { loc, scheme2023, yuanOf } from './helpers.js';

/** R10 rate of the 2023 scheme (schemes/2023-chongqing.json: "0.10"). */
const RATE = scheme2023.versions[0]!.penaltyRate;

const transfer = (payer: string, payee: string, amount: string, mode: Transfer['mode'] = '资金'): Transfer => ({
  riverId: 'R',
  payer,
  payee,
  amount: new Money(amount),
  mode,
  grossPayerToPayee: new Money(amount),
  grossPayeeToPayer: ZERO,
  months: 1,
  kind: 'compensation',
});
const pay = (payer: string, payee: string, amount: string, paidDate: string, year = 2025): Payment => ({
  year,
  riverId: 'R',
  payer,
  payee,
  amount: new Money(amount),
  paidDate,
  loc: loc(3, 'payments.csv'),
});

describe('R10 non-performance', () => {
  it('partial payment reduces the balance; 10% penalty on the rest', () => {
    const r = enforce([transfer('甲区', '乙区', '3000000')], [pay('甲区', '乙区', '2000000', '2026-03-10')], 2025, '2026-03-31', RATE);
    expect(r.rows.map((e) => [yuanOf(e.due), yuanOf(e.paid), yuanOf(e.unpaid), yuanOf(e.penalty), yuanOf(e.forced)])).toEqual([
      ['3000000.00', '2000000.00', '1000000.00', '100000.00', '1100000.00'],
    ]);
  });
  it('penalty rounds half-up to the fen', () => {
    const r = enforce([transfer('甲区', '乙区', '1000000.05')], [pay('甲区', '乙区', '999999.00', '2026-01-01')], 2025, '2026-03-31', RATE);
    // unpaid 1.05 → penalty 0.105 → 0.11
    expect(yuanOf(r.rows[0]!.penalty)).toBe('0.11');
    expect(yuanOf(r.rows[0]!.forced)).toBe('1.16');
  });
  it('paid in full: nothing forced; overpaid: a warning', () => {
    const full = enforce([transfer('甲区', '乙区', '1000000')], [pay('甲区', '乙区', '1000000', '2026-03-31')], 2025, '2026-03-31', RATE);
    expect(yuanOf(full.rows[0]!.forced)).toBe('0.00');
    expect(full.problems).toEqual([]);
    const over = enforce([transfer('甲区', '乙区', '1000000')], [pay('甲区', '乙区', '1200000', '2026-02-01')], 2025, '2026-03-31', RATE);
    expect(yuanOf(over.rows[0]!.unpaid)).toBe('0.00');
    expect(over.problems.map((p) => p.code)).toEqual(['W_OVERPAID']);
  });
  it('a payment after the deadline does not reduce the balance and is a warning', () => {
    const r = enforce([transfer('甲区', '乙区', '2000000')], [pay('甲区', '乙区', '2000000', '2026-04-10')], 2025, '2026-03-31', RATE);
    expect(yuanOf(r.rows[0]!.forced)).toBe('2200000.00');
    expect(r.problems[0]).toMatchObject({ code: 'W_PAYMENT_LATE', rule: 'R10', file: 'payments.csv', row: 3 });
  });
  it('payments for other years or without a matching transfer are not counted', () => {
    const r = enforce(
      [transfer('甲区', '乙区', '1000000')],
      [pay('甲区', '乙区', '1000000', '2025-03-01', 2024), pay('乙区', '甲区', '5', '2026-01-01')],
      2025,
      '2026-03-31',
      RATE,
    );
    expect(yuanOf(r.rows[0]!.paid)).toBe('0.00');
    expect(r.problems.map((p) => p.code)).toEqual(['W_PAYMENT_UNMATCHED']);
  });
  it('non-monetary transfers carry no cash and are not enforced', () => {
    expect(enforce([transfer('甲区', '乙区', '1000000', '对口协作')], [], 2025, '2026-03-31', RATE).rows).toEqual([]);
  });
});
