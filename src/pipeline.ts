import { stat } from 'node:fs/promises';
import path from 'node:path';
import { account, type AccountingResult } from './domain/accounting.js';
import { clear, type Clearing } from './domain/clearing.js';
import { MUNICIPAL } from './domain/districts.js';
import { fmtYuan, sum } from './domain/money.js';
import { enforce, type Enforcement } from './domain/penalties.js';
import { hasErrors, problem, type Problem } from './domain/problem.js';
import { monthsOfYear, type Dataset, type IsoDate, type Month } from './domain/types.js';
import { validateDataset } from './domain/validation.js';
import { FUND_CHARGE } from './domain/accounting.js';
import { renewals, renewalWarnings, type Renewal } from './domain/renewals.js';
import { compareWithIssued, revisionEffects, type Revision, type RevisionEffect } from './domain/revisions.js';
import { loadIssued } from './io/issuedLoad.js';
import type { InputFile } from './io/inputFiles.js';
import { loadDataset } from './io/loadDataset.js';

/**
 * The pipeline, top to bottom: load → validate → account → clear (→ report, in the CLI).
 * Each stage returns its output and its problems; the run stops before money is computed
 * when the inputs have any error.
 */
export interface Loaded {
  dataset: Dataset;
  inputs: InputFile[];
  problems: Problem[];
}

export async function loadAndValidate(dataDir: string, period: Month[] | ((d: Dataset) => Month[])): Promise<Loaded & { months: Month[] }> {
  const loaded = await loadDataset(dataDir);
  const problems = [...loaded.problems];
  const months = typeof period === 'function' ? period(loaded.dataset) : period;
  // Checks over a half-loaded dataset would only repeat what the loader said; run them when the
  // files themselves could be read (row-level errors still let them run, so all are reported).
  if (!problems.some((p) => FATAL_LOAD_CODES.has(p.code))) problems.push(...validateDataset(loaded.dataset, { months }));
  return { dataset: loaded.dataset, inputs: loaded.inputs, problems: dedupe(problems), months };
}

const FATAL_LOAD_CODES = new Set(['E_DATA_DIR', 'E_FILE_MISSING', 'E_FILE_AMBIGUOUS', 'E_ENCODING', 'E_FILE_UNREADABLE', 'E_COLUMN_MISSING', 'E_COLUMN_DUPLICATE', 'E_EMPTY_FILE', 'E_CSV_SYNTAX', 'E_UNIT_UNKNOWN', 'E_UNIT_MISMATCH', 'E_FILE_FORMAT']);

/** The years the quality data holds (a problem list says so when a period has none). */
export const qualityYears = (d: Dataset): number[] => [...new Set(d.quality.map((q) => Number(q.month.slice(0, 4))))].sort((a, b) => a - b);

export interface Settlement {
  year: number;
  months: Month[];
  dataset: Dataset;
  inputs: InputFile[];
  accounting: AccountingResult;
  clearing: Clearing;
  enforcement?: Enforcement[] | undefined;
  deadline?: IsoDate | undefined;
  /** Warnings from every stage (errors stop the run before this). */
  problems: Problem[];
  /** Year-end only: the agreements due for renewal, and the changes against issued statements. */
  yearEnd?: YearEnd | undefined;
}

export interface YearEnd {
  renewals: Renewal[];
  /** Months for which a monthly statement had been issued; empty: none found. */
  issuedMonths: string[];
  issuedDir: string;
  revisions: Revision[];
  effects: RevisionEffect[];
}

export type SettleOutcome = { ok: true; settlement: Settlement } | { ok: false; problems: Problem[]; dataset: Dataset };

export async function runSettlement(dataDir: string, year: number, deadline?: IsoDate, issuedDir?: string): Promise<SettleOutcome> {
  const months = monthsOfYear(year);
  const loaded = await loadAndValidate(dataDir, months);
  const issued = issuedDir === undefined ? undefined : await loadIssued(issuedDir, year);
  if (issued) loaded.problems.push(...issued.problems);
  if (hasErrors(loaded.problems)) return { ok: false, problems: loaded.problems, dataset: loaded.dataset };
  const due = renewals(loaded.dataset, months[months.length - 1]!);
  const s = settle({ ...loaded, inputs: [...loaded.inputs, ...(issued?.inputs ?? [])], problems: [...loaded.problems, ...renewalWarnings(due, FUND_CHARGE)] }, year, months, deadline);
  const revisions = issued ? compareWithIssued(issued.months, issued.lines, s.accounting.lines) : [];
  s.yearEnd = { renewals: due, issuedMonths: [...(issued?.months ?? [])].sort(), issuedDir: issuedDir ?? '', revisions, effects: revisionEffects(revisions) };
  return { ok: true, settlement: s };
}

/** validate's renewal warnings (R8) for the last month it checks. */
export function renewalProblems(d: Dataset, months: readonly Month[]): Problem[] {
  const last = [...months].sort().at(-1);
  return last ? renewalWarnings(renewals(d, last), FUND_CHARGE) : [];
}

/** account → clear → (R10) for an already validated dataset. Throws BalanceError on a broken invariant. */
export function settle(loaded: Loaded, year: number, months: Month[], deadline?: IsoDate): Settlement {
  const accounting = account(loaded.dataset, months);
  const clearing = clear(accounting.lines, accounting.fund);
  const problems = [...loaded.problems, ...accounting.problems, ...substituteWarnings(loaded.dataset, clearing)];
  let enforcement: Enforcement[] | undefined;
  if (deadline && loaded.dataset.payments.length > 0) {
    const r = enforce(clearing.transfers, loaded.dataset.payments, year, deadline);
    enforcement = r.rows;
    problems.push(...r.problems);
  } else if (loaded.dataset.payments.length > 0) {
    problems.push(problem('warning', 'W_NO_DEADLINE', '提供了资金拨付记录但未给出 --deadline，未计算强制收扣和罚息', { rule: 'R10' }));
  }
  return { year, months, dataset: loaded.dataset, inputs: loaded.inputs, accounting, clearing, enforcement, deadline, problems: dedupe(problems) };
}

/**
 * R8: a non-monetary agreement states the value of its substitute (万元/年); a value below the
 * cash obligation it replaces is a warning (利益传导强度不足). Reading: the obligation is the sum
 * of the year's net transfers between districts on that river in that form.
 */
function substituteWarnings(d: Dataset, c: Clearing): Problem[] {
  const out: Problem[] = [];
  for (const a of d.agreements) {
    if (a.mode === '资金' || !a.substituteValue) continue;
    const owed = sum(c.transfers.filter((t) => t.riverId === a.riverId && t.mode === a.mode && t.payer !== MUNICIPAL && t.payee !== MUNICIPAL).map((t) => t.amount));
    if (owed.greaterThan(a.substituteValue)) {
      out.push(
        problem('warning', 'W_SUBSTITUTE_LOW', `协议 ${a.id} 的替代价值 ${fmtYuan(a.substituteValue)} 元/年低于按资金计算的补偿义务 ${fmtYuan(owed)} 元（利益传导强度不足）`, {
          loc: a.loc,
          column: '替代价值',
          value: a.substituteValue.dividedBy(10000).toString(),
          rule: 'R8',
        }),
      );
    }
  }
  return out;
}


function dedupe(ps: Problem[]): Problem[] {
  const seen = new Set<string>();
  return ps.filter((p) => {
    const k = `${p.severity}|${p.code}|${p.file}|${p.row}|${p.column}|${p.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

export interface HistoryYear {
  year: number;
  dataDir: string;
  settlement: Settlement;
}

export type HistoryOutcome = { ok: true; years: HistoryYear[] } | { ok: false; problems: Problem[]; failedYears: number[] };

/**
 * 历年: each year settled on its own (R1–R10), from `<data>/<year>/` when that folder exists
 * (one folder per year), else from `<data>` itself (several years in one folder). `deadlineDay`
 * (MM-DD) is the clearing deadline in the year after each settled year (R10).
 */
export async function runHistory(dataDir: string, from: number, to: number, deadlineDay?: string): Promise<HistoryOutcome> {
  const years: HistoryYear[] = [];
  const problems: Problem[] = [];
  const failedYears: number[] = [];
  for (let y = from; y <= to; y++) {
    const dir = (await isDir(path.join(dataDir, String(y)))) ? path.join(dataDir, String(y)) : dataDir;
    const r = await runSettlement(dir, y, deadlineDay ? `${y + 1}-${deadlineDay}` : undefined);
    if (!r.ok) {
      failedYears.push(y);
      problems.push(...r.problems);
    } else years.push({ year: y, dataDir: dir, settlement: r.settlement });
  }
  return failedYears.length ? { ok: false, problems: dedupe(problems), failedYears } : { ok: true, years };
}

async function isDir(p: string): Promise<boolean> {
  return stat(p).then(
    (s) => s.isDirectory(),
    () => false,
  );
}
