import { readMonth } from '../domain/types.js';
import { UsageError } from './plan.js';

/** What an option's text means, for every command that takes it (a wrong value is a usage error, exit 2). */
export function parseYear(text: string | undefined, option = '--year'): number {
  if (text === undefined || !/^\d{4}$/.test(text.trim())) throw new UsageError(`${option} 应为四位年份，例如 2025（收到「${text ?? ''}」）`);
  const y = Number(text);
  if (y < 2000 || y > 2100) throw new UsageError(`${option} 年份超出范围：${text}`);
  return y;
}

/** --month in any of the forms the data accepts (readMonth): 2025-03, 2025-3, 2025年3月, 202503 … */
export function parseMonthOption(text: string | undefined, option = '--month'): { year: number; month: number } {
  const r = readMonth(text ?? '');
  if ('error' in r) throw new UsageError(`${option} ${r.error}，也可写 2025-3 或 2025年3月（收到「${text ?? ''}」）`);
  return { year: Number(r.month.slice(0, 4)), month: Number(r.month.slice(5, 7)) };
}

export function parseDateOption(text: string | undefined, option: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text?.trim() ?? '');
  if (!m) throw new UsageError(`${option} 应为 YYYY-MM-DD（收到「${text ?? ''}」）`);
  const d = new Date(`${m[0]}T00:00:00Z`);
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== m[0]) throw new UsageError(`${option} 不是有效日期：${text}`);
  return m[0];
}
