import { access } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { BalanceError } from '../domain/clearing.js';
import { hasErrors } from '../domain/problem.js';
import { readDataLabel } from '../io/loadDataset.js';
import { readOrganization } from '../io/organization.js';
import type { DocumentLabels } from '../report/documentLabels.js';
import { writeOutputs } from '../io/writeOutputs.js';
import { qualityYears, runSettlement } from '../pipeline/period.js';
import { readingNotes } from '../report/provenance.js';
import { addCommonOptions, checkDeadline, parseDateOption, parseYear, type CommonOptions } from './common.js';
import { printFiles, recordFiles, recordRun } from './outcome.js';
import { EXIT, InvariantError, runState } from './exitCodes.js';
import { printSettlementSummary, schemeParameters, settlementFiles, settlementTotals } from './settlementOutputs.js';
import { makeTerminal, printProblems } from './terminal.js';
import { addSchemeOption, schemesOrReport } from './schemeOption.js';

interface Options extends CommonOptions {
  year?: string;
  deadline?: string;
  scheme?: string[];
  issued?: string;
  org?: string;
  date?: string;
}

export function registerSettle(program: Command): void {
  addSchemeOption(
    addCommonOptions(
      program
        .command('settle')
        .description('年度清算：按月核算、按年清缴，写出 out/年份/settlement-年份.xlsx 及 ledger/fund/transfers/positions(/enforcement) CSV')
        .requiredOption('--year <年份>', '清算年度，例如 2025')
        .option('--deadline <YYYY-MM-DD>', '清缴截止日（须晚于清算年度末）；给出且有资金拨付记录时计算强制收扣和罚息（R10，费率见方案）')
        .option('--issued <目录>', '已发月报所在目录（ledger-年份-MM.csv），与年度结果逐断面逐月比较；默认为输出目录下的年份目录'),
    ),
  )
    .option('--org <名称>', '编制单位（印在每页页眉；默认取数据目录的 ecocomp.json 或 DATA-LABEL.txt）')
    .option('--date <YYYY-MM-DD>', '制表日期（不给则留空，打印后手填）')
    .action(async (opts: Options) => {
      runState.code = await runSettle(opts);
    });
}

async function runSettle(opts: Options): Promise<number> {
  const t = makeTerminal(opts);
  const year = parseYear(opts.year);
  const deadline = opts.deadline === undefined ? undefined : parseDateOption(opts.deadline, '--deadline');
  const schemes = await schemesOrReport(t, opts.scheme);
  if (!schemes) return EXIT.INVALID_INPUT;
  const late = deadline === undefined ? undefined : checkDeadline(deadline, year);
  if (late) t.err(t.c.yellow(late));
  const labels = await documentLabels(opts);
  const issuedDir = opts.issued ?? path.join(opts.out, String(year));
  const outcome = await wrap(() => runSettlement(opts.data, year, deadline, issuedDir, schemes));
  if (!outcome.ok) {
    const errors = outcome.problems.filter((p) => p.severity === 'error');
    recordRun('settle', errors);
    t.err(t.c.red(`输入数据有错误，未进行清算，未写出任何文件。`));
    printProblems(t, errors, {
      toStderr: true,
      qualityYears: qualityYears(outcome.dataset),
      fullList: `ecocomp validate --year ${year} 写出的 validation.csv / validation.xlsx`,
    });
    return EXIT.INVALID_INPUT;
  }
  const s = outcome.settlement;
  recordRun('settle', s.problems, settlementTotals(s));
  if (hasErrors(s.problems)) throw new InvariantError('清算阶段产生了错误级问题');
  const parameters: [string, string][] = [
    ['命令', 'settle'],
    ['--year', String(year)],
    ['--deadline', deadline ?? '（未给出）'],
    ['--issued', opts.issued ?? `（未给出：读取输出目录下 ${year}/ 中的月报）`],
    ...schemeParameters(s),
    ...labels.parameters,
  ];
  const files = await settlementFiles(s, opts.out, parameters, await readDataLabel(opts.data), labels);
  const w = await writeOutputs(files, { force: opts.force });
  recordFiles(w);
  printSettlementSummary(t, s);
  for (const line of readingNotes(s.inputs)) t.out(`  ${line}`);
  const stale = path.join(opts.out, String(year), `enforcement-${year}.csv`);
  if (!s.enforcement && (await exists(stale))) t.out(t.c.yellow(`  注意：本次未计算强制收扣，已有的 ${stale} 是以前运行的结果，未更新`));
  printFiles(t, w);
  return EXIT.OK;
}

/** 编制单位 (--org or the settings file, else DATA-LABEL.txt) and 制表日期 (--date only) for the printed pages. */
export async function documentLabels(opts: { data: string; org?: string; date?: string }): Promise<DocumentLabels & { parameters: [string, string][] }> {
  const date = opts.date === undefined ? undefined : parseDateOption(opts.date, '--date');
  const org = opts.org?.trim() || (await readOrganization(opts.data));
  const parameters: [string, string][] = [];
  if (org) parameters.push(['编制单位', org]);
  if (date) parameters.push(['--date', date]);
  return { org, date, parameters };
}

/** A broken R9 invariant is a bug in this program: exit 4, never a silent report. */
export async function wrap<T>(f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (e) {
    if (e instanceof BalanceError) throw new InvariantError(`收支不平衡（R9）：${e.message}`);
    throw e;
  }
}

async function exists(p: string): Promise<boolean> {
  return access(p).then(
    () => true,
    () => false,
  );
}
