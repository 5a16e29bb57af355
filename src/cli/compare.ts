import type { Command } from 'commander';
import { compareJob } from '../pipeline/compare.js';
import { applyPlan } from './apply.js';
import { parseYear } from './common.js';
import { runState } from './exitCodes.js';

interface Options {
  year?: string;
  out: string;
  force: boolean;
  quiet: boolean;
  color: boolean;
}

export function registerCompare(program: Command): void {
  program
    .command('compare <A> <B>')
    .description('方案对比：把同一数据在两种方案下的清算结果（settle 的输出目录）按河流、按双方和按主体并列，写出 compare-年份.xlsx / compare-年份.csv')
    .option('--year <年份>', '清算年度（目录中只有一个年度时可省略）')
    .option('--out <目录>', '输出目录', './out')
    .option('--force', '输出文件已存在且内容不同时覆盖', false)
    .option('-q, --quiet', '成功时不输出任何内容', false)
    .option('--no-color', '不使用颜色（也可设置环境变量 NO_COLOR）')
    .action(async (a: string, b: string, opts: Options) => {
      const plan = await compareJob({ a, b, out: opts.out, year: opts.year === undefined ? undefined : parseYear(opts.year) });
      runState.code = await applyPlan(plan, opts);
    });
}
