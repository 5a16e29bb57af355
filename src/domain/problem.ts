/**
 * A problem found in the inputs or while computing. Every problem carries where it came
 * from (data.md "Errors"): file, the row as Excel numbers it (header = 1), the column header,
 * the value, the rule id, and a Chinese message.
 */
import type { ProblemCode } from './problemCodes.js';

export type { ProblemCode } from './problemCodes.js';
export type Severity = 'error' | 'warning';

export interface Loc {
  file: string;
  row: number;
  /** The column of the cell, where a record is one cell of a row (a month matrix's `3月`). */
  column?: string | undefined;
}

/** A record's location as the 依据记录 column writes it: `文件:行`, or `文件:行:列` for one cell of a row. */
export const locText = (loc: Loc): string => `${loc.file}:${loc.row}${loc.column ? `:${loc.column}` : ''}`;

/** A record's location in a sentence: `文件 第N行`, with `「列」列` for one cell of a row. */
export const locPhrase = (loc: Loc): string => `${loc.file} 第${loc.row}行${loc.column ? `「${loc.column}」列` : ''}`;

export interface Problem {
  severity: Severity;
  code: ProblemCode;
  message: string;
  file?: string | undefined;
  row?: number | undefined;
  column?: string | undefined;
  value?: string | undefined;
  rule?: string | undefined;
}

export function problem(
  severity: Severity,
  code: ProblemCode,
  message: string,
  where: { loc?: Loc | undefined; file?: string; row?: number; column?: string; value?: string; rule?: string } = {},
): Problem {
  return {
    severity,
    code,
    message,
    file: where.loc?.file ?? where.file,
    // Row 0: a location without rows (a scheme file's declared section).
    row: where.loc?.row ? where.loc.row : where.row,
    column: where.column,
    value: where.value,
    rule: where.rule,
  };
}

export const hasErrors = (ps: readonly Problem[]): boolean => ps.some((p) => p.severity === 'error');

/** Stable order for reports: errors first, then by file, row, column, code. */
export function sortProblems(ps: readonly Problem[]): Problem[] {
  return [...ps].sort(
    (a, b) =>
      rank(a) - rank(b) ||
      cmp(a.file ?? '', b.file ?? '') ||
      (a.row ?? 0) - (b.row ?? 0) ||
      cmp(a.column ?? '', b.column ?? '') ||
      cmp(a.code, b.code) ||
      cmp(a.message, b.message),
  );
}

const rank = (p: Problem): number => (p.severity === 'error' ? 0 : 1);
const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
