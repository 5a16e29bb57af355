import type { FundCharge, LedgerLine } from './accounting.js';
import { FUND, MUNICIPAL, compareParties } from './districts.js';
import { ZERO, fmtYuan, sum, type Money } from './money.js';
import type { Mode } from './types.js';

/**
 * R9 annual clearing: for each river and each pair of parties the year's amounts are netted into
 * one transfer from the net payer to the net receiver; fund charges (R8) are transfers to the
 * fund. Positions across all rivers follow from the transfers. Non-monetary obligations count in
 * positions like cash ones; the transfer names its form.
 */
export interface Transfer {
  riverId: string;
  payer: string;
  payee: string;
  amount: Money;
  mode: Mode;
  /** Gross amounts before netting, for the reason column. */
  grossPayerToPayee: Money;
  grossPayeeToPayer: Money;
  months: number;
  kind: 'compensation' | 'fund';
  /** Fund transfers: the charge per month when every month was charged the same (R8). */
  perMonth?: Money | undefined;
}

export interface Position {
  party: string;
  receivable: Money;
  payable: Money;
  net: Money;
}

export interface Clearing {
  transfers: Transfer[];
  positions: Position[];
  totalPaid: Money;
  totalReceived: Money;
  /** The signed total of the transfers and its cash / non-monetary parts. */
  totals: TransferTotals;
}

/** A signed total and its subtotals: 资金 (cash) and 非资金 (every non-monetary form together). */
export interface TransferTotals {
  total: Money;
  cash: Money;
  nonMonetary: Money;
}

export class BalanceError extends Error {}

export function clear(lines: readonly LedgerLine[], fund: readonly FundCharge[]): Clearing {
  const pairs = new Map<string, { riverId: string; a: string; b: string; mode: Mode; aToB: Money; bToA: Money; months: number }>();
  for (const l of lines) {
    if (!l.payer || !l.payee || l.amount.isZero()) continue;
    const [a, b] = compareParties(l.payer, l.payee) <= 0 ? [l.payer, l.payee] : [l.payee, l.payer];
    const key = `${l.riverId}\u0000${a}\u0000${b}\u0000${l.mode}`;
    const p = pairs.get(key) ?? { riverId: l.riverId, a, b, mode: l.mode, aToB: ZERO, bToA: ZERO, months: 0 };
    if (l.payer === a) p.aToB = p.aToB.plus(l.amount);
    else p.bToA = p.bToA.plus(l.amount);
    p.months++;
    pairs.set(key, p);
  }
  const transfers: Transfer[] = [];
  for (const p of pairs.values()) {
    const net = p.aToB.minus(p.bToA);
    if (net.isZero()) continue;
    const aPays = net.greaterThan(0);
    transfers.push({
      riverId: p.riverId,
      payer: aPays ? p.a : p.b,
      payee: aPays ? p.b : p.a,
      amount: net.abs(),
      mode: p.mode,
      grossPayerToPayee: aPays ? p.aToB : p.bToA,
      grossPayeeToPayer: aPays ? p.bToA : p.aToB,
      months: p.months,
      kind: 'compensation',
    });
  }
  const fundByRiver = new Map<string, { riverId: string; district: string; amount: Money; months: number; perMonth: Money | undefined }>();
  for (const f of fund) {
    const key = `${f.riverId}\u0000${f.district}`;
    const x = fundByRiver.get(key) ?? { riverId: f.riverId, district: f.district, amount: ZERO, months: 0, perMonth: f.amount };
    x.amount = x.amount.plus(f.amount);
    if (x.perMonth && !x.perMonth.equals(f.amount)) x.perMonth = undefined;
    x.months++;
    fundByRiver.set(key, x);
  }
  for (const x of fundByRiver.values()) {
    transfers.push({
      riverId: x.riverId,
      payer: x.district,
      payee: FUND,
      amount: x.amount,
      mode: '资金',
      grossPayerToPayee: x.amount,
      grossPayeeToPayer: ZERO,
      months: x.months,
      kind: 'fund',
      perMonth: x.perMonth,
    });
  }
  transfers.sort(
    (x, y) =>
      cmp(x.riverId, y.riverId) ||
      (x.kind === y.kind ? 0 : x.kind === 'compensation' ? -1 : 1) ||
      compareParties(x.payer, y.payer) ||
      compareParties(x.payee, y.payee) ||
      cmp(x.mode, y.mode),
  );
  const positions = positionsOf(transfers, partiesOf(lines, fund));
  const totalPaid = sum(positions.map((p) => p.payable));
  const totalReceived = sum(positions.map((p) => p.receivable));
  assertBalanced(totalPaid, totalReceived, transfers);
  const totals = transferTotals(transfers);
  if (!totals.total.equals(totalPaid)) throw new BalanceError(`划转合计 ${fmtYuan(totals.total)} 元 ≠ 应付合计 ${fmtYuan(totalPaid)} 元`);
  return { transfers, positions, totalPaid, totalReceived, totals };
}

function transferTotals(transfers: readonly Transfer[]): TransferTotals {
  const cash = sum(transfers.filter((t) => t.mode === '资金').map((t) => t.amount));
  const nonMonetary = sum(transfers.filter((t) => t.mode !== '资金').map((t) => t.amount));
  return { total: cash.plus(nonMonetary), cash, nonMonetary };
}

/** The columns of 汇总 summed: receivable and payable (equal, R9) and the net (zero). */
export function positionTotals(positions: readonly Position[]): { receivable: Money; payable: Money; net: Money } {
  return { receivable: sum(positions.map((p) => p.receivable)), payable: sum(positions.map((p) => p.payable)), net: sum(positions.map((p) => p.net)) };
}

/** The fund collected by a list of R8 charges (e.g. one month's, on the monthly statement). */
export function fundTotal(fund: readonly FundCharge[]): Money {
  return sum(fund.map((f) => f.amount));
}

/** Every party named in the year's ledger (either side of a section, either side of a payment) or fund. */
function partiesOf(lines: readonly LedgerLine[], fund: readonly FundCharge[]): Set<string> {
  const parties = new Set<string>();
  for (const l of lines) for (const p of [l.upstream, l.downstream, l.payer, l.payee]) if (p) parties.add(p);
  for (const f of fund) parties.add(f.district);
  return parties;
}

/**
 * Each party's receivable, payable and net across all rivers (R9). 市级财政, the fund and every
 * party in `parties` are listed, with zeros when nothing moved, so a district can always be found.
 */
export function positionsOf(transfers: readonly Transfer[], parties: Iterable<string> = []): Position[] {
  const map = new Map<string, { receivable: Money; payable: Money }>();
  const get = (p: string) => {
    let x = map.get(p);
    if (!x) map.set(p, (x = { receivable: ZERO, payable: ZERO }));
    return x;
  };
  get(MUNICIPAL);
  get(FUND);
  for (const p of parties) get(p);
  for (const t of transfers) {
    get(t.payer).payable = get(t.payer).payable.plus(t.amount);
    get(t.payee).receivable = get(t.payee).receivable.plus(t.amount);
  }
  return [...map.entries()]
    .sort(([a], [b]) => compareParties(a, b))
    .map(([party, x]) => ({ party, receivable: x.receivable, payable: x.payable, net: x.receivable.minus(x.payable) }));
}

/** R9 invariant: everything paid equals everything received, to the fen. */
export function assertBalanced(paid: Money, received: Money, transfers: readonly Transfer[]): void {
  if (!paid.equals(received)) throw new BalanceError(`应付合计 ${fmtYuan(paid)} 元 ≠ 应收合计 ${fmtYuan(received)} 元`);
  for (const t of transfers) {
    if (!t.amount.greaterThan(0)) throw new BalanceError(`划转金额必须为正：${t.riverId} ${t.payer}→${t.payee} ${fmtYuan(t.amount)}`);
    if (t.payer === t.payee) throw new BalanceError(`付款方与收款方相同：${t.riverId} ${t.payer}`);
    if (!t.amount.equals(t.amount.toDecimalPlaces(2))) throw new BalanceError(`金额不是整分：${t.amount.toString()}`);
  }
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
