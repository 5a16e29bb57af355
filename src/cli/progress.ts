import type { Command } from 'commander';
import { progressJob } from '../pipeline/progress.js';
import { applyPlan } from './apply.js';
import { addCommonOptions, parseYear, type CommonOptions } from './common.js';
import { runState } from './exitCodes.js';

interface ProgressOptions extends CommonOptions {
  year?: string;
  soil?: string;
}

export function registerProgress(program: Command): void {
  addCommonOptions(
    program
      .command('progress')
      .description('水土保持率目标进度：各区县、三大分区和全市对照规划目标（写出 soil-progress-年度.xlsx 和 .csv）')
      .option('--year <年份>', '报告年度，例如 2025')
      .option('--soil <目录>', '水土保持数据目录（默认为 --data 下的 soil）'),
  ).action(async (opts: ProgressOptions) => {
    const plan = await progressJob({ data: opts.data, out: opts.out, year: parseYear(opts.year), soil: opts.soil });
    runState.code = await applyPlan(plan, opts);
  });
}
