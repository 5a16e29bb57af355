import { z } from 'zod';
import type { ProblemCode } from '../domain/problemCodes.js';
import { problem, type Problem } from '../domain/problem.js';
import { headerFor, type RawRow, type RawTable } from './readTable.js';
import type { Parsed } from './fields.js';
import type { ColumnSpec } from './headers.js';
import { outside } from './units.js';

/**
 * zod row schemas that produce located problems. Each field is a parser from fields.ts; a
 * failure becomes a Problem naming file, Excel row, the column header as written, the value,
 * the rule id and a Chinese message (data.md "Errors"). All rows and all fields are checked.
 */
export interface FieldRule {
  rule?: string;
  /** Code used when this field fails. */
  code?: ProblemCode;
}

export function field<T>(parse: (text: string) => Parsed<T>) {
  return z.string().transform((text, ctx): T => {
    const r = parse(text);
    if (r.ok) return r.value;
    ctx.addIssue({ code: 'custom', message: r.error });
    return z.NEVER;
  });
}

export function optionalField<T>(parse: (text: string) => Parsed<T>) {
  return z.string().transform((text, ctx): T | undefined => {
    if (text.trim() === '') return undefined;
    const r = parse(text);
    if (r.ok) return r.value;
    ctx.addIssue({ code: 'custom', message: r.error });
    return z.NEVER;
  });
}

export interface ParsedRow<T> {
  value: T;
  row: RawRow;
}

/** A field's issue that is just this is completed with the column's header as written (`区县不能为空`). */
export const EMPTY = '不能为空';

/** Parse every row of a table (or the `rows` of it given) with a zod object schema over its column keys. */
export function parseRows<S extends z.ZodObject>(
  table: RawTable,
  schema: S,
  rules: Record<string, FieldRule> = {},
  rows: readonly RawRow[] = table.rows,
): { rows: ParsedRow<z.output<S>>[]; problems: Problem[]; rejected: RawRow[] } {
  const keys = Object.keys(schema.shape);
  const parsed: ParsedRow<z.output<S>>[] = [];
  const problems: Problem[] = [];
  const rejected: RawRow[] = [];
  const checked = table.spec.columns.filter((c) => c.plausible && row0Has(rows, c.key) && keys.includes(c.key));
  for (const row of rows) {
    const input: Record<string, string> = {};
    for (const k of keys) input[k] = row.get(k);
    const result = schema.safeParse(input);
    if (result.success) {
      parsed.push({ value: result.data, row });
      for (const c of checked) {
        const side = outside(input[c.key] ?? '', c.plausible!);
        if (side) problems.push(magnitudeWarning(table, row, c, input[c.key]!, side));
      }
      continue;
    }
    rejected.push(row);
    for (const issue of result.error.issues) {
      const key = String(issue.path[0] ?? '');
      const r = rules[key] ?? {};
      const column = headerFor(table, row, key);
      problems.push(
        problem('error', r.code ?? 'E_VALUE', issue.message === EMPTY ? `${column}${EMPTY}` : issue.message, {
          file: table.file,
          row: row.row,
          column,
          value: row.written(key),
          rule: r.rule,
        }),
      );
    }
  }
  return { rows: parsed, problems, rejected };
}

const row0Has = (rows: readonly RawRow[], key: string): boolean => rows.length > 0 && rows[0]!.has(key);

/** A value outside its column's plausible range: most likely in the wrong unit (a warning naming the row). */
function magnitudeWarning(table: RawTable, row: RawRow, c: ColumnSpec, value: string, side: 'below' | 'above'): Problem {
  const unit = table.layout.units.find((u) => u.key === c.key);
  const header = table.headerOf(c.key);
  const converted = unit?.factor ? `（按「${unit.found}」换算）` : '';
  return problem(
    'warning',
    'W_MAGNITUDE',
    `${c.header} ${value} ${c.unit ?? ''}${converted}${side === 'above' ? '过大' : '过小'}，不合常理（应${c.plausible!.what}）：请核对表头「${header}」的单位和该数值`,
    {
      file: table.file,
      row: row.row,
      column: header,
      value: row.written(c.key),
    },
  );
}
