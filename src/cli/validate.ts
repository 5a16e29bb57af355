import type { Command } from 'commander';
import { validateJob } from '../pipeline/validate.js';
import { UsageError } from '../pipeline/plan.js';
import { applyPlan } from './apply.js';
import { addCommonOptions, parseMonthOption, parseYear, type CommonOptions } from './common.js';
import { runState } from './exitCodes.js';
import { addSchemeOption } from './schemeOption.js';

interface Options extends CommonOptions {
  scheme?: string[];
  year?: string;
  month?: string;
}

export function registerValidate(program: Command): void {
  addSchemeOption(
    addCommonOptions(
      program
        .command('validate')
        .description(
          '检查输入数据（表结构、引用、重复、河流首尾链、协议、补偿基准、完整性、数据来源、类别与浓度），输出 validation.xlsx / validation.csv（每次运行都替换上次的检查报告）',
        )
        .option('--year <年份>', '检查该年度 1–12 月的完整性，例如 2025')
        .option('--month <YYYY-MM>', '只检查该月的完整性，例如 2025-03、2025-3 或 2025年3月'),
    ),
  ).action(async (opts: Options) => {
    if (opts.year && opts.month) throw new UsageError('--year 与 --month 只能给出一个');
    const m = opts.month ? parseMonthOption(opts.month) : undefined;
    const plan = await validateJob({
      data: opts.data,
      out: opts.out,
      year: opts.year ? parseYear(opts.year) : undefined,
      month: m && `${m.year}-${String(m.month).padStart(2, '0')}`,
      scheme: opts.scheme,
    });
    runState.code = await applyPlan(plan, opts);
  });
}
