import { z } from 'zod';
import { problem, type Problem } from '../domain/problem.js';
import type { RawRow, RawTable } from './readTable.js';
import type { Parsed } from './fields.js';

/**
 * zod row schemas that produce located problems. Each field is a parser from fields.ts; a
 * failure becomes a Problem naming file, Excel row, the column header as written, the value,
 * the rule id and a Chinese message (data.md "Errors"). All rows and all fields are checked.
 */
export interface FieldRule {
  rule?: string;
  /** Code used when this field fails. */
  code?: string;
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

/** Parse every row of a table with a zod object schema over its column keys. */
export function parseRows<S extends z.ZodObject>(
  table: RawTable,
  schema: S,
  rules: Record<string, FieldRule> = {},
): { rows: ParsedRow<z.output<S>>[]; problems: Problem[]; rejected: RawRow[] } {
  const keys = Object.keys(schema.shape);
  const rows: ParsedRow<z.output<S>>[] = [];
  const problems: Problem[] = [];
  const rejected: RawRow[] = [];
  for (const row of table.rows) {
    const input: Record<string, string> = {};
    for (const k of keys) input[k] = row.get(k);
    const result = schema.safeParse(input);
    if (result.success) {
      rows.push({ value: result.data, row });
      continue;
    }
    rejected.push(row);
    for (const issue of result.error.issues) {
      const key = String(issue.path[0] ?? '');
      const r = rules[key] ?? {};
      problems.push(
        problem('error', r.code ?? 'E_VALUE', issue.message, {
          file: table.file,
          row: row.row,
          column: table.headerOf(key),
          value: input[key] ?? '',
          rule: r.rule,
        }),
      );
    }
  }
  return { rows, problems, rejected };
}
