import type { ProblemCode } from '../domain/problemCodes.js';
import { problem, type Problem } from '../domain/problem.js';
import { headerFor, type RawRow, type RawTable } from './readTable.js';
import type { Parsed } from './fields.js';
import type { ColumnSpec } from './headers.js';
import { outside } from './units.js';

/**
 * Row schemas that produce located problems. Each field is a parser from fields.ts; a failure
 * becomes a Problem naming file, Excel row, the column header as written, the value, the rule
 * id and a Chinese message (data.md "Errors"). All rows and all fields are checked.
 *
 * A schema is either `rowSchema({ key: parser, … })`, whose parsers run straight on the row's
 * cells (the loader's tables: no object per row besides the result, no schema library loaded),
 * or any object schema with zod's `shape` and `safeParse` (soilLoad.ts, whose table checks
 * across fields). Both report the same way: one problem per failing field, in field order.
 */
export interface FieldRule {
  rule?: string;
  /** Code used when this field fails. */
  code?: ProblemCode;
}

/** A cell parser: the cell's text (trimmed, in the column's unit) in, a value or a Chinese reason out. */
type Field<T> = (text: string) => Parsed<T>;

const OK_UNDEFINED: Parsed<undefined> = { ok: true, value: undefined };

export function field<T>(parse: (text: string) => Parsed<T>): Field<T> {
  return parse;
}

/** An empty cell is no value; anything else goes to `parse`. */
export function optionalField<T>(parse: (text: string) => Parsed<T>): Field<T | undefined> {
  return (text) => (text.trim() === '' ? OK_UNDEFINED : parse(text));
}

/**
 * A parser whose result depends on the text alone, remembering the results of the texts it has
 * seen (a column of months, classes, sources or districts holds a few hundred distinct texts in
 * a million rows): each distinct text is parsed once and its value shared. Bounded: a column of
 * distinct texts is simply parsed.
 */
export function memo<T>(parse: (text: string) => Parsed<T>, limit = 4096): (text: string) => Parsed<T> {
  const seen = new Map<string, Parsed<T>>();
  return (text) => {
    let r = seen.get(text);
    if (r === undefined) {
      r = parse(text);
      if (seen.size >= limit) seen.clear();
      seen.set(text, r);
    }
    return r;
  };
}

interface Issue {
  readonly path: readonly PropertyKey[];
  readonly message: string;
}

/** An object schema over a row's cells by column key (zod's z.object fits). */
interface ObjectSchema<T> {
  readonly shape: Readonly<Record<string, unknown>>;
  safeParse(input: Record<string, string>): { success: true; data: T } | { success: false; error: { issues: readonly Issue[] } };
}

type FieldsOutput<F> = { [K in keyof F]: F[K] extends Field<infer T> ? T : never };

/** A row schema's value type. */
export type SchemaOutput<S> = S extends FieldSchema<infer T> ? T : never;

interface FieldSchema<T> {
  readonly fields: readonly (readonly [string, Field<unknown>])[];
  /** Only carries the output type. */
  readonly output?: T;
}

/** A schema of plain field parsers, run in the order given. */
export function rowSchema<F extends Record<string, Field<unknown>>>(fields: F): FieldSchema<FieldsOutput<F>> {
  return { fields: Object.entries(fields) };
}

export interface ParsedRow<T> {
  value: T;
  row: RawRow;
}

/** A field's issue that is just this is completed with the column's header as written (`区县不能为空`). */
export const EMPTY = '不能为空';

/** Parse every row of a table (or the `rows` of it given) with a row schema over its column keys. */
export function parseRows<T>(
  table: RawTable,
  schema: FieldSchema<T> | ObjectSchema<T>,
  rules: Record<string, FieldRule> = {},
  rows: readonly RawRow[] = table.rows,
): { rows: ParsedRow<T>[]; problems: Problem[]; rejected: RawRow[] } {
  const parser = rowParser(table, schema, rules);
  const parsed: ParsedRow<T>[] = [];
  for (const row of rows) {
    const value = parser.parse(row);
    if (value !== undefined) parsed.push({ value, row });
  }
  return { rows: parsed, problems: parser.problems, rejected: parser.rejected };
}

/**
 * parseRows one row at a time, for a reader that lets each row go once it is parsed: `parse`
 * gives the row's value, or undefined when the row is rejected; `problems` and `rejected` fill
 * as parseRows's do, in the same order.
 */
export interface RowParser<T> {
  parse(row: RawRow): T | undefined;
  readonly problems: Problem[];
  readonly rejected: RawRow[];
}

export function rowParser<T>(table: RawTable, schema: FieldSchema<T> | ObjectSchema<T>, rules: Record<string, FieldRule> = {}): RowParser<T> {
  const fields = 'fields' in schema ? schema.fields : undefined;
  const keys = fields ? fields.map(([k]) => k) : Object.keys((schema as ObjectSchema<T>).shape);
  const problems: Problem[] = [];
  const rejected: RawRow[] = [];
  // The columns checked for plausible magnitudes: those the table's (first) row has.
  let checked: ColumnSpec[] | undefined;
  const parse = (row: RawRow): T | undefined => {
    checked ??= table.spec.columns.filter((c) => c.plausible && row.has(c.key) && keys.includes(c.key));
    let value: T | undefined;
    let issues: readonly Issue[] | undefined;
    if (fields) {
      const out: Record<string, unknown> = {};
      let failed: Issue[] | undefined;
      for (const [k, parse] of fields) {
        const r = parse(row.get(k));
        if (r.ok) out[k] = r.value;
        else (failed ??= []).push({ path: [k], message: r.error });
      }
      if (failed === undefined) value = out as T;
      else issues = failed;
    } else {
      const input: Record<string, string> = {};
      for (const k of keys) input[k] = row.get(k);
      const result = (schema as ObjectSchema<T>).safeParse(input);
      if (result.success) value = result.data;
      else issues = result.error.issues;
    }
    if (issues === undefined) {
      for (const c of checked) {
        const text = row.get(c.key);
        const side = outside(text, c.plausible!);
        if (side) problems.push(magnitudeWarning(table, row, c, text, side));
      }
      return value as T;
    }
    rejected.push(row);
    for (const issue of issues) {
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
    return undefined;
  };
  return { parse, problems, rejected };
}

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
