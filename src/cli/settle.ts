import type { Command } from 'commander';
import { settleJob } from '../pipeline/settle.js';
import { applyPlan } from './apply.js';
import { addCommonOptions, parseDateOption, parseYear, type CommonOptions } from './common.js';
import { runState } from './exitCodes.js';
import { addSchemeOption } from './schemeOption.js';

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
  const plan = await settleJob({
    data: opts.data,
    out: opts.out,
    year: parseYear(opts.year),
    deadline: opts.deadline === undefined ? undefined : parseDateOption(opts.deadline, '--deadline'),
    scheme: opts.scheme,
    issued: opts.issued,
    org: opts.org,
    date: opts.date === undefined ? undefined : parseDateOption(opts.date, '--date'),
  });
  return applyPlan(plan, opts);
}
