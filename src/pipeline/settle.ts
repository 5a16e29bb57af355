import { access } from 'node:fs/promises';
import path from 'node:path';
import { BalanceError } from '../domain/clearing.js';
import { fmtYuan } from '../domain/money.js';
import { hasErrors } from '../domain/problem.js';
import { settlementTotals, type SettlementTotals } from '../domain/settlement.js';
import type { IsoDate } from '../domain/types.js';
import { readDataLabel } from '../io/loadDataset.js';
import { readOrganization } from '../io/organization.js';
import type { DocumentLabels } from '../report/documentLabels.js';
import { readingNotes } from '../report/provenance.js';
import { settlementSummary } from '../report/settlementSummary.js';
import { qualityYears, runSettlement } from './period.js';
import { EXIT, InvariantError, Steps, UsageError, noFiles, tone, type Plan } from './plan.js';
import { collectGarbage } from './memory.js';
import { schemesOrPlan } from './schemes.js';
import { schemeParameters, settlementFiles } from './settlementFiles.js';

/** Quality records from which a settle run counts as large (see collectGarbage below). */
const LARGE_RUN_RECORDS = 100_000;

export interface SettleOptions {
  data: string;
  out: string;
  year: number;
  deadline?: IsoDate | undefined;
  scheme?: string[] | undefined;
  /** Folder of the monthly statements already issued; default `<out>/<year>`. */
  issued?: string | undefined;
  org?: string | undefined;
  date?: IsoDate | undefined;
}

/** `settle --year Y` (outputs.md): load → validate → account → clear → the settlement's files. */
export async function settleJob(opts: SettleOptions): Promise<Plan> {
  const { year, deadline } = opts;
  const schemes = await schemesOrPlan('settle', opts.scheme);
  if ('plan' in schemes) return schemes.plan;
  const steps = new Steps();
  const late = deadline === undefined ? undefined : checkDeadline(deadline, year);
  if (late) steps.err([tone('yellow', late)]);
  const labels = await documentLabels(opts);
  const issuedDir = opts.issued ?? path.join(opts.out, String(year));
  const outcome = await balanced(() => runSettlement(opts.data, year, deadline, issuedDir, schemes.set));
  if (!outcome.ok) {
    const errors = outcome.problems.filter((p) => p.severity === 'error');
    steps.err([tone('red', '输入数据有错误，未进行清算，未写出任何文件。')]);
    steps.problems('err', errors, {
      qualityYears: qualityYears(outcome.dataset),
      fullList: `ecocomp validate --year ${year} 写出的 validation.csv / validation.xlsx`,
    });
    return noFiles('settle', EXIT.INVALID_INPUT, steps, errors);
  }
  const s = outcome.settlement;
  if (hasErrors(s.problems)) throw new InvariantError('清算阶段产生了错误级问题');
  const parameters: [string, string][] = [
    ['命令', 'settle'],
    ['--year', String(year)],
    ['--deadline', deadline ?? '（未给出）'],
    ['--issued', opts.issued ?? `（未给出：读取输出目录下 ${year}/ 中的月报）`],
    ...schemeParameters(s),
    ...labels.parameters,
  ];
  // A large run (a national folder) collects its garbage before the workbook is built and again
  // before the files are written, so its peak memory is what it holds, not when V8 collects.
  const large = s.dataset.quality.length >= LARGE_RUN_RECORDS;
  if (large) collectGarbage();
  const totals = settlementTotals(s);
  const files = await settlementFiles(s, opts.out, parameters, await readDataLabel(opts.data), labels, totals);
  if (large) collectGarbage();
  steps.write();
  for (const line of settlementSummary(s, totals)) steps.out(line);
  for (const line of readingNotes(s.inputs)) steps.out(`  ${line}`);
  const stale = path.join(opts.out, String(year), `enforcement-${year}.csv`);
  if (!s.enforcement && (await exists(stale))) steps.out([tone('yellow', `  注意：本次未计算强制收扣，已有的 ${stale} 是以前运行的结果，未更新`)]);
  steps.files();
  return { command: 'settle', exit: EXIT.OK, files, steps: steps.list, problems: s.problems, totals: totalsRecord(year, totals) };
}

/**
 * R10's deadline falls after the settled year: on or before its last day is a usage error; more
 * than two years after it is allowed but warned about (returned as the warning text).
 */
function checkDeadline(deadline: string, year: number): string | undefined {
  if (deadline <= `${year}-12-31`)
    throw new UsageError(`--deadline ${deadline} 不在清算年度之后：清缴截止日应晚于 ${year}-12-31（通常为次年，例如 ${year + 1}-03-31）`);
  if (deadline > `${year + 2}-12-31`) return `注意：--deadline ${deadline} 比清算年度 ${year} 年末晚两年以上，请确认没有写错年份`;
  return undefined;
}

/** 编制单位 (--org or the settings file, else DATA-LABEL.txt) and 制表日期 (--date only) for the printed pages. */
export async function documentLabels(opts: {
  data: string;
  org?: string | undefined;
  date?: IsoDate | undefined;
}): Promise<DocumentLabels & { parameters: [string, string][] }> {
  const date = opts.date;
  const org = opts.org?.trim() || (await readOrganization(opts.data));
  const parameters: [string, string][] = [];
  if (org) parameters.push(['编制单位', org]);
  if (date) parameters.push(['--date', date]);
  return { org, date, parameters };
}

/** A broken R9 invariant is a bug in this program: exit 4, never a silent report. */
export async function balanced<T>(f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (e) {
    if (e instanceof BalanceError) throw new InvariantError(`收支不平衡（R9）：${e.message}`);
    throw e;
  }
}

/** The run's totals for `--json`, in 元 as decimal strings (never a JS number). */
function totalsRecord(year: number, t: SettlementTotals): Record<string, string | number> {
  const r: Record<string, string | number> = {
    year,
    compensationTransfers: t.compensation.count,
    compensationYuan: fmtYuan(t.compensation.amount),
    fundCharges: t.fund.count,
    fundYuan: fmtYuan(t.fund.amount),
    totalPaidYuan: fmtYuan(t.totalPaid),
    totalReceivedYuan: fmtYuan(t.totalReceived),
  };
  if (t.enforcement) {
    r.unpaidYuan = fmtYuan(t.enforcement.unpaid);
    r.penaltyYuan = fmtYuan(t.enforcement.penalty);
    r.forcedYuan = fmtYuan(t.enforcement.forced);
  }
  return r;
}

async function exists(p: string): Promise<boolean> {
  return access(p).then(
    () => true,
    () => false,
  );
}
