import { compensationSections } from '../domain/accounting.js';
import { fmtYuan, sum, type Money } from '../domain/money.js';
import { chooseRecord, recordIndex } from '../domain/monitoringResult.js';
import { hasErrors, type Problem } from '../domain/problem.js';
import { monthsOfYear, type Month } from '../domain/types.js';
import { missingMonth, qualityFolder } from '../domain/validation.js';
import type { SchemeSet } from '../io/schemeLoad.js';
import { loadAndValidate, qualityYears, settle, type Settlement } from './period.js';

export type MonthOutcome =
  | { kind: 'invalid'; errors: Problem[]; qualityYears: number[] }
  /** R4: a compensation section has no usable result for the month itself — a scheduler retries (exit 3). */
  | { kind: 'incomplete'; gaps: Problem[]; qualityYears: number[] }
  | { kind: 'settled'; settlement: Settlement; totals: MonthTotals };

interface MonthTotals {
  sectionsSettled: number;
  compensation: Money;
  fundCharges: number;
  fund: Money;
  /** The same totals as text, for `--json`. */
  record: Record<string, string | number>;
}

/**
 * 月度核算: the period run of settle over the year to date through `month`. Completeness (R4) is
 * required for this month only; earlier months with gaps are warnings and left out of the year to
 * date. Throws BalanceError on a broken R9 invariant.
 */
export async function runMonth(dataDir: string, year: number, mo: number, schemes: SchemeSet): Promise<MonthOutcome> {
  const month: Month = `${year}-${String(mo).padStart(2, '0')}`;
  const ytdMonths = monthsOfYear(year).slice(0, mo);
  const loaded = await loadAndValidate(dataDir, [month], schemes);
  const years = qualityYears(loaded.dataset);
  const errors = loaded.problems.filter((p) => p.severity === 'error' && p.code !== 'E_MONTH_MISSING');
  if (hasErrors(errors)) return { kind: 'invalid', errors, qualityYears: years };
  const gaps = loaded.problems.filter((p) => p.code === 'E_MONTH_MISSING');
  if (gaps.length) return { kind: 'incomplete', gaps, qualityYears: years };
  const recordsAt = recordIndex(loaded.dataset);
  const earlierGaps = compensationSections(loaded.dataset).flatMap((s) =>
    ytdMonths
      .slice(0, -1)
      .filter((m) => !chooseRecord(s, recordsAt.at(s.id, m)).chosen)
      .map((m) => {
        const p = missingMonth(s, m, qualityFolder(loaded.dataset));
        return { ...p, severity: 'warning' as const, code: 'W_EARLIER_MONTH_MISSING' as const, message: `${p.message}；本年累计未含该月` };
      }),
  );
  const ytd = settle({ ...loaded, problems: [...loaded.problems, ...earlierGaps] }, year, ytdMonths);
  const lines = ytd.accounting.lines.filter((l) => l.month === month);
  const compensation = sum(lines.map((l) => l.amount));
  const fundRows = ytd.accounting.fund.filter((f) => f.month === month);
  const fund = sum(fundRows.map((f) => f.amount));
  const settled = lines.filter((l) => l.settled).length;
  const totals = { sectionsSettled: settled, compensation, fundCharges: fundRows.length, fund };
  return {
    kind: 'settled',
    settlement: ytd,
    totals: {
      ...totals,
      record: { month, sectionsSettled: settled, compensationYuan: fmtYuan(compensation), fundCharges: fundRows.length, fundYuan: fmtYuan(fund) },
    },
  };
}
