import type { Command } from 'commander';
import { schemeJob } from '../pipeline/scheme.js';
import { applyPlan } from './apply.js';
import { parseYear } from './common.js';
import { runState } from './exitCodes.js';
import { addSchemeOption } from './schemeOption.js';

interface Options {
  year?: string;
  scheme?: string[];
  color: boolean;
}

export function registerScheme(program: Command): void {
  addSchemeOption(
    program
      .command('scheme')
      .description('以中文列出补偿方案（默认为随工具提供的 2023 年方案）各版本的标准，给出 --year 时逐月列出适用的版本，供核对')
      .option('--year <年份>', '逐月列出该年适用的版本，例如 2026')
      .option('--no-color', '不使用颜色（也可设置环境变量 NO_COLOR）'),
  ).action(async (opts: Options) => {
    const plan = await schemeJob({ scheme: opts.scheme, year: opts.year === undefined ? undefined : parseYear(opts.year) });
    runState.code = await applyPlan(plan, opts);
  });
}
