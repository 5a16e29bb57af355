import type { Transfer } from './clearing.js';
import { ZERO, sum, toFen, type Money } from './money.js';
import { problem, type Problem } from './problem.js';
import type { IsoDate, Payment } from './types.js';

export interface Enforcement {
  riverId: string;
  payer: string;
  payee: string;
  due: Money;
  paid: Money;
  unpaid: Money;
  penalty: Money;
  forced: Money;
}

/**
 * R10 non-performance. Reading: the deadline is a parameter of the run; payments dated on or
 * before it reduce the balance (partial payments too); a payment after it does not, and is a
 * warning; an overpayment is a warning. Balance unpaid + the penalty at `rate` (the scheme version
 * in force for the clearing year; 10% in the 2023 scheme), half-up to the fen, is
 * collected by forced deduction and goes to the receiving party. Non-monetary transfers carry
 * no cash and are not enforced here.
 */
export function enforce(
  transfers: readonly Transfer[],
  payments: readonly Payment[],
  year: number,
  deadline: IsoDate,
  rate: Money,
): { rows: Enforcement[]; problems: Problem[] } {
  const problems: Problem[] = [];
  const key = (riverId: string, payer: string, payee: string) => `${riverId}\u0000${payer}\u0000${payee}`;
  const cash = transfers.filter((t) => t.mode === '资金');
  const known = new Set(cash.map((t) => key(t.riverId, t.payer, t.payee)));
  const paidBy = new Map<string, Money>();
  for (const p of payments) {
    if (p.year !== year) continue;
    const k = key(p.riverId, p.payer, p.payee);
    const at = { loc: p.loc, column: '金额', value: p.amount.toFixed(2), rule: 'R10' };
    if (!known.has(k)) {
      problems.push(problem('warning', 'W_PAYMENT_UNMATCHED', `${year}年清算结果中没有 ${p.riverId} ${p.payer}→${p.payee} 的应付款，本笔拨付未计入`, at));
      continue;
    }
    if (p.paidDate > deadline) {
      problems.push(
        problem('warning', 'W_PAYMENT_LATE', `拨付日期 ${p.paidDate} 晚于清缴截止日 ${deadline}，不抵减强制收扣`, {
          ...at,
          column: '拨付日期',
          value: p.paidDate,
        }),
      );
      continue;
    }
    paidBy.set(k, (paidBy.get(k) ?? ZERO).plus(p.amount));
  }
  const rows: Enforcement[] = [];
  for (const t of cash) {
    const paid = paidBy.get(key(t.riverId, t.payer, t.payee)) ?? ZERO;
    const balance = t.amount.minus(paid);
    if (balance.isNegative()) {
      problems.push(
        problem(
          'warning',
          'W_OVERPAID',
          `${t.riverId} ${t.payer}→${t.payee} 应付 ${t.amount.toFixed(2)} 元，已付 ${paid.toFixed(2)} 元，多付 ${balance.abs().toFixed(2)} 元`,
          {
            rule: 'R10',
            file: payments.find((p) => p.riverId === t.riverId && p.payer === t.payer && p.payee === t.payee)?.loc.file,
          },
        ),
      );
    }
    const unpaid = balance.greaterThan(0) ? balance : ZERO;
    const penalty = toFen(unpaid.times(rate));
    rows.push({ riverId: t.riverId, payer: t.payer, payee: t.payee, due: t.amount, paid, unpaid, penalty, forced: unpaid.plus(penalty) });
  }
  return { rows, problems };
}

export type EnforcementTotals = Pick<Enforcement, 'due' | 'paid' | 'unpaid' | 'penalty' | 'forced'>;

/** The columns of the R10 table summed; `forced` is the signed total. */
export function enforcementTotals(rows: readonly Enforcement[]): EnforcementTotals {
  const s = (f: (e: Enforcement) => Money) => sum(rows.map(f));
  return { due: s((e) => e.due), paid: s((e) => e.paid), unpaid: s((e) => e.unpaid), penalty: s((e) => e.penalty), forced: s((e) => e.forced) };
}
