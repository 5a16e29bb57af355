import { compareParties } from './districts.js';
import { ZERO, type Money } from './money.js';

/**
 * What-if for renewal talks: two settlements of the same data under two schemes, side by side.
 * Per river and pair of parties, the net flow from the first party (in the order parties are
 * listed) to the second under each; per party, the net position under each. The differences are
 * what the other standards would have moved. Pure: it reads the settled transfers and positions.
 */
export interface SettledFlow {
  riverId: string;
  payer: string;
  payee: string;
  amount: Money;
}

export interface SettledPosition {
  party: string;
  net: Money;
}

export interface PairComparison {
  riverId: string;
  first: string;
  second: string;
  /** Net first → second (negative: second pays first). */
  a: Money;
  b: Money;
  change: Money;
}

export interface PartyComparison {
  party: string;
  a: Money;
  b: Money;
  change: Money;
}

export function comparePairs(a: readonly SettledFlow[], b: readonly SettledFlow[]): PairComparison[] {
  const rows = new Map<string, PairComparison>();
  const add = (t: SettledFlow, side: 'a' | 'b') => {
    const [first, second] = compareParties(t.payer, t.payee) <= 0 ? [t.payer, t.payee] : [t.payee, t.payer];
    const key = `${t.riverId}\u0000${first}\u0000${second}`;
    const row = rows.get(key) ?? { riverId: t.riverId, first, second, a: ZERO, b: ZERO, change: ZERO };
    const signed = t.payer === first ? t.amount : t.amount.negated();
    row[side] = row[side].plus(signed);
    rows.set(key, row);
  };
  for (const t of a) add(t, 'a');
  for (const t of b) add(t, 'b');
  return [...rows.values()]
    .map((r) => ({ ...r, change: r.b.minus(r.a) }))
    .sort((x, y) => cmp(x.riverId, y.riverId) || compareParties(x.first, y.first) || compareParties(x.second, y.second));
}

export function comparePositions(a: readonly SettledPosition[], b: readonly SettledPosition[]): PartyComparison[] {
  const rows = new Map<string, PartyComparison>();
  for (const p of a) rows.set(p.party, { party: p.party, a: p.net, b: ZERO, change: ZERO });
  for (const p of b) {
    const row = rows.get(p.party) ?? { party: p.party, a: ZERO, b: ZERO, change: ZERO };
    row.b = p.net;
    rows.set(p.party, row);
  }
  return [...rows.values()].map((r) => ({ ...r, change: r.b.minus(r.a) })).sort((x, y) => compareParties(x.party, y.party));
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
