import type { Command } from 'commander';
import { monthlyJob } from '../pipeline/monthly.js';
import { applyPlan } from './apply.js';
import { addCommonOptions, parseDateOption, parseMonthOption, type CommonOptions } from './common.js';
import { runState } from './exitCodes.js';
import { addSchemeOption } from './schemeOption.js';

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
      const { year, month } = parseMonthOption(opts.month);
      const date = opts.date === undefined ? undefined : parseDateOption(opts.date, '--date');
      const plan = await monthlyJob({ data: opts.data, out: opts.out, year, month, scheme: opts.scheme, org: opts.org, date });
      runState.code = await applyPlan(plan, opts);
    });
}
