import type { ColumnSpec } from '../domain/columnSpec.js';
import { acceptedUnits, conversion, findUnit, inPeriodOf, unitOf, type UnitDef } from './units.js';

export type { ColumnSpec } from '../domain/columnSpec.js';

/**
 * Header matching (data.md): after trimming, folding full-width to half-width, and setting
 * aside a unit in brackets, so `一类标准（万元/月）` matches `一类标准`. English aliases are
 * accepted, case-insensitively. Extra columns are kept and ignored. The unit is not thrown
 * away: a money or measure column's unit is checked against the column's own and converted
 * (data.md "Units", units.ts).
 */

export interface TableSpec {
  /** Chinese table name, e.g. 断面. */
  title: string;
  /** Sheet names that hold this table in a workbook (else the first sheet). */
  sheetNames: readonly string[];
  columns: readonly ColumnSpec[];
}

// A unit in brackets at the end, after NFKC folded （） to (): (万元/月), [mg/L], 【%】.
const TRAILING_BRACKET = /\s*[([【]([^()[\]【】]*)[)\]】]\s*$/u;

/** A header's name as compared (normalized, without the bracketed unit) and the unit as written, if any. */
export function splitHeader(text: string): { name: string; unit: string | undefined } {
  const t = text.normalize('NFKC').trim();
  const m = TRAILING_BRACKET.exec(t);
  const name = (m ? t.slice(0, m.index) : t).replace(/\s+/g, '').toLowerCase();
  const unit = m?.[1]?.trim();
  return { name, unit: unit === '' ? undefined : unit };
}

export function normalizeHeader(text: string): string {
  return splitHeader(text).name;
}

/** A money or measure column's unit as the file gives it. */
export interface ColumnUnit {
  key: string;
  /** The header as written. */
  header: string;
  /** The column's own unit (data.md). */
  expected: string;
  /** The unit the file's values are in, read in the column's period (元 over 一类标准 is 元/月). */
  found: string;
  /** Where the unit was written; `implied` when nowhere (the column's own unit). */
  source: 'header' | 'parent' | 'unit line' | 'implied';
  /** Values are multiplied by this (exact decimal) to be in `expected`; absent when they already are. */
  factor?: string;
}

/** A unit that cannot be read: not a unit at all, or a unit of another kind of quantity. */
export interface UnitIssue {
  key: string;
  header: string;
  unit: string;
  expected: string;
  accepted: string[];
  kind: 'unknown' | 'mismatch';
  source: 'header' | 'parent';
}

export interface HeaderContext {
  /** The unit written over each column in a two-row header (its parent's bracket), by column index. */
  parentUnits?: readonly (string | undefined)[];
  /** Units from unit lines above the header (`单位：万元`); each applies to the columns of its kind without a unit of their own. */
  lineUnits?: readonly UnitDef[];
}

export interface HeaderMatch {
  /** key → column index */
  index: Map<string, number>;
  /** key → the header text as written in the file */
  written: Map<string, string>;
  missing: ColumnSpec[];
  duplicate: { spec: ColumnSpec; header: string }[];
  /** Every matched column that has a unit of its own. */
  units: ColumnUnit[];
  unitIssues: UnitIssue[];
}

const lookups = new WeakMap<readonly ColumnSpec[], Map<string, ColumnSpec>>();

function lookup(columns: readonly ColumnSpec[]): Map<string, ColumnSpec> {
  let byName = lookups.get(columns);
  if (!byName) {
    byName = new Map<string, ColumnSpec>();
    for (const c of columns) {
      byName.set(normalizeHeader(c.header), c);
      byName.set(normalizeHeader(c.key), c);
      for (const a of c.aliases ?? []) byName.set(normalizeHeader(a), c);
    }
    lookups.set(columns, byName);
  }
  return byName;
}

export function matchHeaders(headerCells: readonly string[], columns: readonly ColumnSpec[], context: HeaderContext = {}): HeaderMatch {
  const byName = lookup(columns);
  const index = new Map<string, number>();
  const written = new Map<string, string>();
  const duplicate: { spec: ColumnSpec; header: string }[] = [];
  const units: ColumnUnit[] = [];
  const unitIssues: UnitIssue[] = [];
  headerCells.forEach((cell, i) => {
    if (cell === '') return;
    const { name, unit } = splitHeader(cell);
    const spec = byName.get(name);
    if (!spec) return;
    if (index.has(spec.key)) {
      duplicate.push({ spec, header: cell });
      return;
    }
    index.set(spec.key, i);
    written.set(spec.key, cell.trim());
    if (spec.unit === undefined) return;
    const r = columnUnit(spec, cell.trim(), unit, context.parentUnits?.[i], context.lineUnits ?? []);
    if ('issue' in r) unitIssues.push(r.issue);
    else units.push(r.unit);
  });
  const missing = columns.filter(
    (c) => c.required && !index.has(c.key) && !(c.orKeys ?? []).some((k) => index.has(k)) && !(c.orHeader && headerCells.some((h) => c.orHeader!(h))),
  );
  return { index, written, missing, duplicate, units, unitIssues };
}

/**
 * The unit of one column: its own bracket, else its parent's in a two-row header, else a unit
 * line's of the same kind, else the column's own. A bracket that names no known unit, or a unit
 * of another kind, is an issue; a parent's or unit line's unit of another kind just does not
 * apply (pH under `浓度（mg/L）`).
 */
function columnUnit(
  spec: ColumnSpec,
  header: string,
  own: string | undefined,
  parent: string | undefined,
  lineUnits: readonly UnitDef[],
): { unit: ColumnUnit } | { issue: UnitIssue } {
  const expected = unitOf(spec.unit!);
  const issue = (unit: string, kind: UnitIssue['kind'], source: UnitIssue['source']) => ({
    issue: { key: spec.key, header, unit, expected: expected.label, accepted: acceptedUnits(expected), kind, source },
  });
  const make = (found: UnitDef, source: ColumnUnit['source']): { unit: ColumnUnit } | undefined => {
    const c = conversion(found, expected);
    if (c.kind === 'mismatch') return undefined;
    const u: ColumnUnit = { key: spec.key, header, expected: expected.label, found: inPeriodOf(found, expected), source };
    if (c.kind === 'factor') u.factor = c.factor;
    return { unit: u };
  };
  if (own !== undefined) {
    const found = findUnit(own);
    if (!found) return issue(own, 'unknown', 'header');
    return make(found, 'header') ?? issue(own, 'mismatch', 'header');
  }
  if (parent !== undefined) {
    const found = findUnit(parent);
    if (!found) return issue(parent, 'unknown', 'parent');
    const r = make(found, 'parent');
    if (r) return r;
  }
  for (const u of lineUnits) {
    const r = make(u, 'unit line');
    if (r) return r;
  }
  return { unit: { key: spec.key, header, expected: expected.label, found: expected.label, source: 'implied' } };
}

/** The Chinese message for a unit that cannot be read (the caller adds file and row). */
export function unitIssueMessage(title: string, i: UnitIssue): string {
  const where = i.source === 'parent' ? `上方表头的单位「${i.unit}」` : `单位「${i.unit}」`;
  const why = i.kind === 'unknown' ? '无法识别' : `与该列不符（该列是${i.expected}）`;
  return `${title}「${i.header}」列的${where}${why}：该列应为 ${i.expected}，可写作 ${i.accepted.join('、')}（自动换算）`;
}
