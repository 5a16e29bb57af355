import { compensationSections } from '../domain/accounting.js';
import { fmtYuan, sum, type Money } from '../domain/money.js';
import { recordIndex } from '../domain/monitoringResult.js';
import { hasErrors, type Problem } from '../domain/problem.js';
import { monthsOfYear, type Month } from '../domain/types.js';
import { missingMonth, monthsWithoutResult, qualityFolder } from '../domain/completeness.js';
import type { SchemeSet } from '../io/schemeLoad.js';
import { loadAndValidate, qualityYears, settle, type Settlement } from './period.js';
import path from 'node:path';
import { toCsv } from '../io/csvWrite.js';
import { readDataLabel } from '../io/loadDataset.js';
import { renderWorkbook } from '../io/xlsxWrite.js';
import { ledgerCsv } from '../report/csvTables.js';
import { statementWorkbook } from '../report/statementWorkbook.js';
import { fmtAmount, tone } from '../report/terminalText.js';
import type { IsoDate } from '../domain/types.js';
import { EXIT, Steps, UsageError, noFiles, type Plan } from './plan.js';
import { schemesOrPlan } from './schemes.js';
import { balanced, documentLabels } from './settle.js';
import { schemeParameters } from './settlementFiles.js';

type MonthOutcome =
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
async function runMonth(dataDir: string, year: number, mo: number, schemes: SchemeSet): Promise<MonthOutcome> {
  const month: Month = `${year}-${String(mo).padStart(2, '0')}`;
  const ytdMonths = monthsOfYear(year).slice(0, mo);
  const loaded = await loadAndValidate(dataDir, [month], schemes);
  const years = qualityYears(loaded.dataset);
  const errors = loaded.problems.filter((p) => p.severity === 'error' && p.code !== 'E_MONTH_MISSING');
  if (hasErrors(errors)) return { kind: 'invalid', errors, qualityYears: years };
  const gaps = loaded.problems.filter((p) => p.code === 'E_MONTH_MISSING');
  if (gaps.length) return { kind: 'incomplete', gaps, qualityYears: years };
  const folder = qualityFolder(loaded.dataset);
  const earlierGaps = monthsWithoutResult(compensationSections(loaded.dataset), ytdMonths.slice(0, -1), recordIndex(loaded.dataset)).map((g) => {
    const p = missingMonth(g.section, g.month, folder);
    return { ...p, severity: 'warning' as const, code: 'W_EARLIER_MONTH_MISSING' as const, message: `${p.message}；本年累计未含该月` };
  });
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

export interface MonthlyOptions {
  data: string;
  out: string;
  year: number;
  month: number;
  scheme?: string[] | undefined;
  org?: string | undefined;
  date?: IsoDate | undefined;
}

/** `monthly --month YYYY-MM`: the month's statement and ledger, or exit 3 while the month is incomplete (R4). */
export async function monthlyJob(opts: MonthlyOptions): Promise<Plan> {
  const { year, month: mo } = opts;
  const month = `${year}-${String(mo).padStart(2, '0')}`;
  const labels = await documentLabels(opts);
  const schemes = await schemesOrPlan('monthly', opts.scheme);
  if ('plan' in schemes) return schemes.plan;
  if (schemes.set.others.length) throw new UsageError('monthly 只核算市内河流；跨省断面方案、资金池方案请用 settle 按年清算');
  const outcome = await balanced(() => runMonth(opts.data, year, mo, schemes.set));
  const steps = new Steps();
  if (outcome.kind === 'invalid') {
    steps.err([tone('red', '输入数据有错误，未写出任何文件。')]);
    steps.problems('err', outcome.errors, {
      qualityYears: outcome.qualityYears,
      fullList: `ecocomp validate --month ${month} 写出的 validation.csv / validation.xlsx`,
    });
    return noFiles('monthly', EXIT.INVALID_INPUT, steps, outcome.errors);
  }
  if (outcome.kind === 'incomplete') {
    const gaps = outcome.gaps;
    // Not an error but a state a scheduler retries on: with -q the exit code 3 says it all.
    steps.err(`${month} 数据尚未齐全（${gaps.length} 个补偿断面没有可用结果），未写出任何文件；数据齐全后重新运行。`, { quietable: true });
    steps.problems(
      'err',
      gaps,
      { qualityYears: outcome.qualityYears, limit: 20, fullList: `ecocomp validate --month ${month} 写出的 validation.csv` },
      { quietable: true },
    );
    return noFiles('monthly', EXIT.INCOMPLETE, steps, gaps);
  }
  const ytd = outcome.settlement;
  const totals = outcome.totals;
  const parameters: [string, string][] = [['命令', 'monthly'], ['--month', month], ...schemeParameters(ytd), ...labels.parameters];
  const dir = path.join(opts.out, String(year));
  const csv = ledgerCsv(ytd.accounting.lines.filter((l) => l.month === month));
  const files = [
    {
      path: path.join(dir, `statement-${month}.xlsx`),
      bytes: await renderWorkbook(statementWorkbook(ytd, month, parameters, await readDataLabel(opts.data), labels)),
    },
    { path: path.join(dir, `ledger-${month}.csv`), bytes: toCsv(csv.header, csv.rows) },
  ];
  const warnings = ytd.problems.filter((p) => p.severity === 'warning');
  steps.write();
  steps.out([tone('bold', `${month} 月度核算完成`)]);
  steps.out(`  补偿断面 ${totals.sectionsSettled} 个已结算，当月补偿金额（轧差前）合计 ${fmtAmount(totals.compensation)}`);
  steps.out(`  流域补偿基金 ${totals.fundCharges} 笔，合计 ${fmtAmount(totals.fund)}`);
  steps.out(warnings.length ? [tone('yellow', `  警告 ${warnings.length} 条，见工作簿「数据问题」表`)] : '  警告 0 条');
  steps.files();
  return { command: 'monthly', exit: EXIT.OK, files, steps: steps.list, problems: ytd.problems, totals: totals.record };
}
