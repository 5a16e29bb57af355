import type { AccountingResult } from './accounting.js';
import type { Clearing } from './clearing.js';
import type { InputFile } from './inputs.js';
import { sum, type Money } from './money.js';
import type { Enforcement } from './penalties.js';
import type { PoolResult } from './pooledFund.js';
import type { Problem } from './problem.js';
import type { Renewal } from './renewals.js';
import type { Revision, RevisionEffect } from './revisions.js';
import type { PairwiseScheme, PooledScheme } from './scheme.js';
import type { Dataset, IsoDate, Month } from './types.js';

/** A settled period (R1–R10): what every settlement document and summary is drawn from. */
export interface Settlement {
  year: number;
  months: Month[];
  dataset: Dataset;
  inputs: InputFile[];
  accounting: AccountingResult;
  clearing: Clearing;
  enforcement?: Enforcement[] | undefined;
  deadline?: IsoDate | undefined;
  /** The city's scheme and R10's rate from its version for the year. */
  scheme: PairwiseScheme;
  penaltyRate: Money;
  /** Cross-province rivers and pooled funds settled beside the city's rivers. */
  others: OtherSettlement[];
  /** Warnings from every stage (errors stop the run before this). */
  problems: Problem[];
  /** Year-end only: the agreements due for renewal, and the changes against issued statements. */
  yearEnd?: YearEnd | undefined;
}

interface YearEnd {
  renewals: Renewal[];
  /** Months for which a monthly statement had been issued; empty: none found. */
  issuedMonths: string[];
  issuedDir: string;
  revisions: Revision[];
  effects: RevisionEffect[];
}

export type OtherSettlement =
  | {
      kind: 'cross-province';
      scheme: PairwiseScheme;
      accounting: AccountingResult;
      clearing: Clearing;
      enforcement?: Enforcement[] | undefined;
      penaltyRate: Money;
    }
  | { kind: 'pooled'; scheme: PooledScheme; result: PoolResult };

/** The totals a settlement's summary states (R9: Σ paid = Σ received, so one amount says both). */
export interface SettlementTotals {
  /** Section-months accounted (term lines aside), and how many of them were settled under an agreement. */
  sectionMonths: number;
  settledMonths: number;
  compensation: { count: number; amount: Money };
  fund: { count: number; amount: Money };
  totalPaid: Money;
  totalReceived: Money;
  enforcement?: { unpaidCount: number; unpaid: Money; penalty: Money; forced: Money } | undefined;
}

export function settlementTotals(s: Settlement): SettlementTotals {
  const comp = s.clearing.transfers.filter((x) => x.kind === 'compensation');
  const fund = s.clearing.transfers.filter((x) => x.kind === 'fund');
  const months = s.accounting.lines.filter((l) => !l.term);
  const e = s.enforcement;
  return {
    sectionMonths: months.length,
    settledMonths: months.filter((l) => l.settled).length,
    compensation: { count: comp.length, amount: sum(comp.map((x) => x.amount)) },
    fund: { count: fund.length, amount: sum(fund.map((x) => x.amount)) },
    totalPaid: s.clearing.totalPaid,
    totalReceived: s.clearing.totalReceived,
    enforcement: e && {
      unpaidCount: e.filter((x) => x.unpaid.greaterThan(0)).length,
      unpaid: sum(e.map((x) => x.unpaid)),
      penalty: sum(e.map((x) => x.penalty)),
      forced: sum(e.map((x) => x.forced)),
    },
  };
}

/** A cross-province scheme's compensation, or a pooled fund's net per party, for the summary. */
export const otherTotal = (x: Extract<OtherSettlement, { kind: 'cross-province' }>): { count: number; amount: Money } => ({
  count: x.clearing.transfers.length,
  amount: sum(x.clearing.transfers.map((t) => t.amount)),
});
