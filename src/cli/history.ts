import type { Command } from 'commander';
import { historyJob } from '../pipeline/history.js';
import { applyPlan } from './apply.js';
import { addCommonOptions, parseYear, type CommonOptions } from './common.js';
import { runState } from './exitCodes.js';

interface Options extends CommonOptions {
  from?: string;
  to?: string;
  deadline?: string;
}

export function registerHistory(program: Command): void {
  addCommonOptions(
    program
      .command('history')
      .description('历年情况：逐年清算后并列各河流各主体的应收、应付、净额，断面年度类别，未清余额结转（R10）和收付转向；写出 out/history/')
      .requiredOption('--from <年份>', '起始年度，例如 2023')
      .requiredOption('--to <年份>', '截止年度，例如 2025')
      .option('--deadline <MM-DD>', '每年清缴截止日（次年的月-日，如 03-31）；不给时用设置文件的「清缴截止日」'),
  ).action(async (opts: Options) => {
    const plan = await historyJob({
      data: opts.data,
      out: opts.out,
      from: parseYear(opts.from, '--from'),
      to: parseYear(opts.to, '--to'),
      deadline: opts.deadline,
    });
    runState.code = await applyPlan(plan, opts);
  });
}
