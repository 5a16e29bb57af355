import { account } from '../domain/accounting.js';
import { accountDeclared } from '../domain/crossProvince.js';
import { settlePool } from '../domain/pooledFund.js';
import { versionAt, versionForYear } from '../domain/scheme.js';
import { loadFlows } from '../io/flowsLoad.js';
import { defaultSchemeSet, type SchemeSet } from '../io/schemeLoad.js';
import { clear, type Clearing } from '../domain/clearing.js';
import { MUNICIPAL } from '../domain/districts.js';
import { fmtYuan, sum, type Money } from '../domain/money.js';
import { enforce, type Enforcement } from '../domain/penalties.js';
import { hasErrors, problem, type Problem, type ProblemCode } from '../domain/problem.js';
import { monthsOfYear, yearOf, type Dataset, type IsoDate, type Month } from '../domain/types.js';
import { validateDataset } from '../domain/validation.js';
import { renewals, renewalWarnings } from '../domain/renewals.js';
import { compareWithIssued, revisionEffects } from '../domain/revisions.js';
import { loadIssued } from '../io/issuedLoad.js';
import type { InputFile } from '../domain/inputs.js';
import type { OtherSettlement, Settlement } from '../domain/settlement.js';
import { loadDataset } from '../io/loadDataset.js';

/**
 * The pipeline, top to bottom: load → validate → account → clear (→ report, in the CLI).
 * Each stage returns its output and its problems; the run stops before money is computed
 * when the inputs have any error.
 */
export interface Loaded {
  dataset: Dataset;
  inputs: InputFile[];
  problems: Problem[];
  schemes: SchemeSet;
}

export async function loadAndValidate(
  dataDir: string,
  period: Month[] | ((d: Dataset) => Month[]),
  schemeSet?: SchemeSet,
): Promise<Loaded & { months: Month[] }> {
  const schemes = schemeSet ?? (await defaultSchemeSet());
  // A settle or monthly run's year is the one a 1月…12月 quality matrix without a year in its title or file name is for.
  const loaded = await loadDataset(dataDir, { year: Array.isArray(period) && period.length ? yearOf(period[0]!) : undefined });
  const flows = await loadFlows(dataDir);
  loaded.dataset.flows = flows.flows;
  const problems = [...loaded.problems, ...flows.problems];
  const months = typeof period === 'function' ? period(loaded.dataset) : period;
  // Checks over a half-loaded dataset would only repeat what the loader said; run them when the
  // files themselves could be read (row-level errors still let them run, so all are reported).
  if (!problems.some((p) => FATAL_LOAD_CODES.has(p.code)))
    problems.push(...validateDataset(loaded.dataset, { months, scheme: schemes.city, others: schemes.others }));
  const inputs = [...loaded.inputs, ...flows.inputs, ...schemes.inputs];
  return { dataset: loaded.dataset, inputs, problems: dedupe(problems), months, schemes };
}

const FATAL_LOAD_CODES = new Set<ProblemCode>([
  'E_DATA_DIR',
  'E_FILE_MISSING',
  'E_FILE_AMBIGUOUS',
  'E_ENCODING',
  'E_FILE_UNREADABLE',
  'E_COLUMN_MISSING',
  'E_COLUMN_DUPLICATE',
  'E_EMPTY_FILE',
  'E_CSV_SYNTAX',
  'E_UNIT_UNKNOWN',
  'E_UNIT_MISMATCH',
  'E_FILE_FORMAT',
]);

/** The years the quality data holds (a problem list says so when a period has none). */
export const qualityYears = (d: Dataset): number[] => [...new Set(d.quality.map((q) => Number(q.month.slice(0, 4))))].sort((a, b) => a - b);

export type { Settlement } from '../domain/settlement.js';

export type SettleOutcome = { ok: true; settlement: Settlement } | { ok: false; problems: Problem[]; dataset: Dataset };

export async function runSettlement(dataDir: string, year: number, deadline?: IsoDate, issuedDir?: string, schemeSet?: SchemeSet): Promise<SettleOutcome> {
  const months = monthsOfYear(year);
  const schemes = schemeSet ?? (await defaultSchemeSet());
  const loaded = await loadAndValidate(dataDir, months, schemes);
  const issued = issuedDir === undefined ? undefined : await loadIssued(issuedDir, year);
  if (issued) loaded.problems.push(...issued.problems);
  if (hasErrors(loaded.problems)) return { ok: false, problems: loaded.problems, dataset: loaded.dataset };
  const due = renewals(loaded.dataset, months[months.length - 1]!);
  const charge = fundChargeAt(schemes, months[months.length - 1]!);
  const s = settle(
    { ...loaded, inputs: [...loaded.inputs, ...(issued?.inputs ?? [])], problems: [...loaded.problems, ...renewalWarnings(due, charge)] },
    year,
    months,
    deadline,
  );
  // A pooled fund's annual compliance can only be judged here (its data is the whole year).
  if (hasErrors(s.problems)) return { ok: false, problems: s.problems, dataset: loaded.dataset };
  const revisions = issued
    ? compareWithIssued(
        issued.months,
        issued.lines,
        s.accounting.lines.filter((l) => !l.term),
      )
    : [];
  s.yearEnd = { renewals: due, issuedMonths: [...(issued?.months ?? [])].sort(), issuedDir: issuedDir ?? '', revisions, effects: revisionEffects(revisions) };
  return { ok: true, settlement: s };
}

/** R8 fund charge of the city's scheme version in force for a month (used for renewal warnings). */
function fundChargeAt(schemes: SchemeSet, month: Month): Money {
  return (versionAt(schemes.city, month) ?? schemes.city.versions[schemes.city.versions.length - 1]!).unsignedFundPerMonth;
}

/** validate's renewal warnings (R8) for the last month it checks. */
export function renewalProblems(d: Dataset, months: readonly Month[], schemes: SchemeSet): Problem[] {
  const last = [...months].sort().at(-1);
  return last ? renewalWarnings(renewals(d, last), fundChargeAt(schemes, last)) : [];
}

/** account → clear → (R10) for an already validated dataset. Throws BalanceError on a broken invariant. */
export function settle(loaded: Loaded, year: number, months: Month[], deadline?: IsoDate): Settlement {
  const scheme = loaded.schemes.city;
  const accounting = account(loaded.dataset, months, scheme);
  const clearing = clear(accounting.lines, accounting.fund);
  const problems = [...loaded.problems, ...accounting.problems, ...substituteWarnings(loaded.dataset, clearing)];
  const penaltyRate = versionForYear(scheme, year)!.penaltyRate;
  const cityRivers = new Set(loaded.dataset.rivers.map((r) => r.id));
  const payments = loaded.dataset.payments;
  let enforcement: Enforcement[] | undefined;
  if (deadline && payments.length > 0) {
    const r = enforce(
      clearing.transfers,
      payments.filter((p) => cityRivers.has(p.riverId)),
      year,
      deadline,
      penaltyRate,
    );
    enforcement = r.rows;
    problems.push(...r.problems);
  } else if (payments.length > 0) {
    problems.push(problem('warning', 'W_NO_DEADLINE', '提供了资金拨付记录但未给出 --deadline，未计算强制收扣和罚息', { rule: 'R10' }));
  }
  const others: OtherSettlement[] = [];
  for (const other of loaded.schemes.others) {
    if (other.kind === 'pooled-fund') {
      const r = settlePool(other, loaded.dataset, year);
      problems.push(...r.problems);
      if ('parties' in r) others.push({ kind: 'pooled', scheme: other, result: r });
      continue;
    }
    const acc = accountDeclared(other, loaded.dataset, months);
    problems.push(...acc.problems);
    const cl = clear(acc.lines, []);
    const rate = versionForYear(other, year)?.penaltyRate ?? penaltyRate;
    const rivers = new Set(other.rivers.map((r) => r.id));
    const own = payments.filter((p) => rivers.has(p.riverId));
    let enf: Enforcement[] | undefined;
    if (deadline && own.length > 0) {
      const r = enforce(cl.transfers, own, year, deadline, rate);
      enf = r.rows;
      problems.push(...r.problems);
    }
    others.push({ kind: 'cross-province', scheme: other, accounting: acc, clearing: cl, enforcement: enf, penaltyRate: rate });
  }
  return {
    year,
    months,
    dataset: loaded.dataset,
    inputs: loaded.inputs,
    accounting,
    clearing,
    enforcement,
    deadline,
    scheme,
    penaltyRate,
    others,
    problems: dedupe(problems),
  };
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
    const owed = sum(
      c.transfers.filter((t) => t.riverId === a.riverId && t.mode === a.mode && t.payer !== MUNICIPAL && t.payee !== MUNICIPAL).map((t) => t.amount),
    );
    if (owed.greaterThan(a.substituteValue)) {
      out.push(
        problem(
          'warning',
          'W_SUBSTITUTE_LOW',
          `协议 ${a.id} 的替代价值 ${fmtYuan(a.substituteValue)} 元/年低于按资金计算的补偿义务 ${fmtYuan(owed)} 元（利益传导强度不足）`,
          {
            loc: a.loc,
            column: '替代价值',
            value: a.substituteValue.dividedBy(10000).toString(),
            rule: 'R8',
          },
        ),
      );
    }
  }
  return out;
}

/** The same problem reported by two stages is listed once. */
export function dedupe(ps: Problem[]): Problem[] {
  const seen = new Set<string>();
  return ps.filter((p) => {
    const k = `${p.severity}|${p.code}|${p.file}|${p.row}|${p.column}|${p.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
