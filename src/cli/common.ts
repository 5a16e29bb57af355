import type { Command } from 'commander';
import { UsageError } from './exitCodes.js';

/** Options every command takes (issue: --data DIR, --out DIR), from one table. */
export interface CommonOptions {
  data: string;
  out: string;
  force: boolean;
  quiet: boolean;
  color: boolean;
}

export function addCommonOptions(cmd: Command): Command {
  return cmd
    .option('--data <目录>', '输入数据目录', './data')
    .option('--out <目录>', '输出目录', './out')
    .option('--force', '输出文件已存在且内容不同时覆盖', false)
    .option('-q, --quiet', '成功时不输出任何内容', false)
    .option('--no-color', '不使用颜色（也可设置环境变量 NO_COLOR）');
}

export function parseYear(text: string | undefined, option = '--year'): number {
  if (text === undefined || !/^\d{4}$/.test(text.trim())) throw new UsageError(`${option} 应为四位年份，例如 2025（收到「${text ?? ''}」）`);
  const y = Number(text);
  if (y < 2000 || y > 2100) throw new UsageError(`${option} 年份超出范围：${text}`);
  return y;
}

export function parseMonthOption(text: string | undefined, option = '--month'): { year: number; month: number } {
  const m = /^(\d{4})-(\d{2})$/.exec(text?.trim() ?? '');
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 12) throw new UsageError(`${option} 应为 YYYY-MM，例如 2025-03（收到「${text ?? ''}」）`);
  return { year: Number(m[1]), month: Number(m[2]) };
}

export function parseDateOption(text: string | undefined, option: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text?.trim() ?? '');
  if (!m) throw new UsageError(`${option} 应为 YYYY-MM-DD（收到「${text ?? ''}」）`);
  const d = new Date(`${m[0]}T00:00:00Z`);
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== m[0]) throw new UsageError(`${option} 不是有效日期：${text}`);
  return m[0];
}
