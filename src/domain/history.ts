import type { LedgerLine } from './accounting.js';
import type { WaterClass } from './classes.js';
import type { Transfer } from './clearing.js';
import { compareParties } from './districts.js';
import { ZERO, type Money } from './money.js';
import type { Enforcement } from './penalties.js';

/**
 * 历年 (history): what several years' settlements say side by side. Pure: each year's ledger,
 * transfers and R10 enforcement come from that year's own run (R1–R10); this only arranges them.
 */
export interface YearResult {
  year: number;
  lines: readonly LedgerLine[];
  transfers: readonly Transfer[];
  /** R10 rows when payments and a deadline were given for the year. */
  enforcement?: readonly Enforcement[] | undefined;
  deadline?: string | undefined;
}

/** Per river and party, one year: receivable, payable and net (R9, fund charges included). */
export interface RiverPartyYear {
  riverId: string;
  party: string;
  year: number;
  receivable: Money;
  payable: Money;
  net: Money;
}

/** Per compensation section and year: the annual class and the months against the benchmark. */
export interface SectionYear {
  riverId: string;
  sectionId: string;
  sectionName: string;
  year: number;
  annual?: WaterClass | undefined;
  benchmark?: WaterClass | undefined;
  better: number;
  worse: number;
  equal: number;
  /** Months without a class (断流, 未监测) or not settled (R8) are counted apart. */
  other: number;
}

/** A balance unpaid at a clearing's deadline (R10), carried into the next year with its penalty. */
export interface CarriedBalance extends Enforcement {
  year: number;
  deadline: string;
}

/** A party whose net on a river changed sign between two years with a result. */
export interface Turnaround {
  riverId: string;
  party: string;
  fromYear: number;
  fromNet: Money;
  toYear: number;
  toNet: Money;
}

export function riverPartyYears(years: readonly YearResult[]): RiverPartyYear[] {
  const out: RiverPartyYear[] = [];
  for (const y of years) {
    const m = new Map<string, RiverPartyYear>();
    const at = (riverId: string, party: string): RiverPartyYear => {
      const k = `${riverId}|${party}`;
      let r = m.get(k);
      if (!r) m.set(k, (r = { riverId, party, year: y.year, receivable: ZERO, payable: ZERO, net: ZERO }));
      return r;
    };
    for (const t of y.transfers) {
      at(t.riverId, t.payee).receivable = at(t.riverId, t.payee).receivable.plus(t.amount);
      at(t.riverId, t.payer).payable = at(t.riverId, t.payer).payable.plus(t.amount);
    }
    // Parties that were on the river's ledger with nothing owed still get a row of zeros.
    for (const l of y.lines) for (const p of [l.upstream, l.downstream]) at(l.riverId, p);
    for (const r of m.values()) out.push({ ...r, net: r.receivable.minus(r.payable) });
  }
  return out.sort((a, b) => cmp(a.riverId, b.riverId) || compareParties(a.party, b.party) || a.year - b.year);
}

export function sectionYears(years: readonly YearResult[]): SectionYear[] {
  const out: SectionYear[] = [];
  for (const y of years) {
    const m = new Map<string, { s: SectionYear; classes: WaterClass[] }>();
    for (const l of y.lines) {
      let e = m.get(l.sectionId);
      if (!e)
        m.set(
          l.sectionId,
          (e = {
            s: {
              riverId: l.riverId,
              sectionId: l.sectionId,
              sectionName: l.sectionName,
              year: y.year,
              benchmark: l.benchmark,
              better: 0,
              worse: 0,
              equal: 0,
              other: 0,
            },
            classes: [],
          }),
        );
      if (l.measured !== undefined) e.classes.push(l.measured);
      if (!l.settled || l.diff === undefined) e.s.other++;
      else if (l.diff > 0) e.s.better++;
      else if (l.diff < 0) e.s.worse++;
      else e.s.equal++;
    }
    for (const { s, classes } of m.values()) out.push({ ...s, annual: annualClass(classes) });
  }
  return out.sort((a, b) => cmp(a.riverId, b.riverId) || cmp(a.sectionId, b.sectionId) || a.year - b.year);
}

/**
 * Reading: the scheme has no annual class for a compensation section; the year's class here is
 * the median of the months' classes, the worse of the two middle ones for an even count (half
 * the months or more were at least that good).
 */
export function annualClass(classes: readonly WaterClass[]): WaterClass | undefined {
  if (classes.length === 0) return undefined;
  const sorted = [...classes].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

export function carriedBalances(years: readonly YearResult[]): CarriedBalance[] {
  return years.flatMap((y) => (y.enforcement ?? []).filter((e) => e.unpaid.greaterThan(0)).map((e) => ({ ...e, year: y.year, deadline: y.deadline ?? '' })));
}

export function turnarounds(rows: readonly RiverPartyYear[]): Turnaround[] {
  const byKey = new Map<string, RiverPartyYear[]>();
  for (const r of rows) {
    if (r.net.isZero()) continue;
    const k = `${r.riverId}|${r.party}`;
    byKey.set(k, [...(byKey.get(k) ?? []), r]);
  }
  const out: Turnaround[] = [];
  for (const list of byKey.values()) {
    const sorted = [...list].sort((a, b) => a.year - b.year);
    for (let i = 1; i < sorted.length; i++) {
      const a = sorted[i - 1]!;
      const b = sorted[i]!;
      if (a.net.isNegative() !== b.net.isNegative())
        out.push({ riverId: a.riverId, party: a.party, fromYear: a.year, fromNet: a.net, toYear: b.year, toNet: b.net });
    }
  }
  return out.sort((a, b) => cmp(a.riverId, b.riverId) || compareParties(a.party, b.party) || a.fromYear - b.fromYear);
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
