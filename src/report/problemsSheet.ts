import type { Problem } from '../domain/problem.js';
import { PROBLEM_HEADER, problemRows } from './csvTables.js';
import type { CellModel, SheetModel } from './model.js';

/** 数据问题 / 检查结果, the one layout every workbook lists its problems in: each with its location and rule. */
export function problemsSheet(name: string, title: string, problems: readonly Problem[], notes: readonly string[] = []): SheetModel {
  const widths = [6, 22, 34, 6, 14, 16, 8, 80];
  const rows: CellModel[][] = problemRows(problems).map((r) =>
    r.map((v, i) => (i === 0 ? { v: String(v), fill: v === '错误' ? 'bad' : 'warn' } : typeof v === 'number' ? v : String(v ?? ''))),
  );
  const errors = problems.filter((p) => p.severity === 'error').length;
  return {
    name,
    title,
    notes: [...notes, `共 ${problems.length} 条：错误 ${errors} 条，警告 ${problems.length - errors} 条`],
    columns: PROBLEM_HEADER.map((header, i) => ({ header, width: widths[i]!, format: i === 3 ? 'int' : 'text' })),
    rows: rows.length ? rows : [['', '', '', '', '', '', '', '没有发现问题']],
  };
}
