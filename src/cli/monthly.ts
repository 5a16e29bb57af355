import path from 'node:path';
import type { Command } from 'commander';
import { toCsv } from '../io/csvWrite.js';
import { readDataLabel } from '../io/loadDataset.js';
import { writeOutputs } from '../io/writeOutputs.js';
import { renderWorkbook } from '../io/xlsxWrite.js';
import { runMonth } from '../pipeline/month.js';
import { printFiles, recordFiles, recordRun } from './outcome.js';
import { ledgerCsv } from '../report/csvTables.js';
import { statementWorkbook } from '../report/statementWorkbook.js';
import { addCommonOptions, parseMonthOption, type CommonOptions } from './common.js';
import { EXIT, UsageError, runState } from './exitCodes.js';
import { documentLabels, wrap } from './settle.js';
import { schemeParameters } from './settlementOutputs.js';
import { fmtAmount, makeTerminal, printProblems } from './terminal.js';
import { addSchemeOption, schemesOrReport } from './schemeOption.js';

interface Options extends CommonOptions {
  scheme?: string[];
  month?: string;
  org?: string;
  date?: string;
}

export function registerMonthly(program: Command): void {
  addSchemeOption(
    addCommonOptions(
      program
        .command('monthly')
        .description('月度核算（供定时任务）：写出 out/年份/statement-YYYY-MM.xlsx 和 ledger-YYYY-MM.csv；当月数据未齐时退出码 3、不写文件')
        .requiredOption('--month <YYYY-MM>', '核算月份，例如 2025-03、2025-3 或 2025年3月'),
    ),
  )
    .option('--org <名称>', '编制单位（印在每页页眉；默认取数据目录的 ecocomp.json 或 DATA-LABEL.txt）')
    .option('--date <YYYY-MM-DD>', '制表日期（不给则留空，打印后手填）')
    .action(async (opts: Options) => {
      runState.code = await runMonthly(opts);
    });
}

async function runMonthly(opts: Options): Promise<number> {
  const t = makeTerminal(opts);
  const { year, month: mo } = parseMonthOption(opts.month);
  const month = `${year}-${String(mo).padStart(2, '0')}`;
  const labels = await documentLabels(opts);
  const schemes = await schemesOrReport(t, opts.scheme);
  if (!schemes) return EXIT.INVALID_INPUT;
  if (schemes.others.length) throw new UsageError('monthly 只核算市内河流；跨省断面方案、资金池方案请用 settle 按年清算');
  const outcome = await wrap(() => runMonth(opts.data, year, mo, schemes));
  if (outcome.kind === 'invalid') {
    recordRun('monthly', outcome.errors);
    t.err(t.c.red('输入数据有错误，未写出任何文件。'));
    printProblems(t, outcome.errors, {
      toStderr: true,
      qualityYears: outcome.qualityYears,
      fullList: `ecocomp validate --month ${month} 写出的 validation.csv / validation.xlsx`,
    });
    return EXIT.INVALID_INPUT;
  }
  if (outcome.kind === 'incomplete') {
    const gaps = outcome.gaps;
    recordRun('monthly', gaps);
    // Not an error but a state a scheduler retries on: with -q the exit code 3 says it all.
    if (!t.quiet) {
      t.err(`${month} 数据尚未齐全（${gaps.length} 个补偿断面没有可用结果），未写出任何文件；数据齐全后重新运行。`);
      printProblems(t, gaps, {
        toStderr: true,
        qualityYears: outcome.qualityYears,
        limit: 20,
        fullList: `ecocomp validate --month ${month} 写出的 validation.csv`,
      });
    }
    return EXIT.INCOMPLETE;
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
  const w = await writeOutputs(files, { force: opts.force });
  const warnings = ytd.problems.filter((p) => p.severity === 'warning');
  recordRun('monthly', ytd.problems, totals.record);
  recordFiles(w);
  t.out(t.c.bold(`${month} 月度核算完成`));
  t.out(`  补偿断面 ${totals.sectionsSettled} 个已结算，当月补偿金额（轧差前）合计 ${fmtAmount(totals.compensation)}`);
  t.out(`  流域补偿基金 ${totals.fundCharges} 笔，合计 ${fmtAmount(totals.fund)}`);
  t.out(warnings.length ? t.c.yellow(`  警告 ${warnings.length} 条，见工作簿「数据问题」表`) : '  警告 0 条');
  printFiles(t, w);
  return EXIT.OK;
}
