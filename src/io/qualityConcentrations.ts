import type { WaterClass } from '../domain/classes.js';
import { evaluateConcentrations, type Evaluation } from '../domain/gb3838/average.js';
import { CONCENTRATION_COLUMNS } from '../domain/gb3838/columns.js';
import type { ItemKey } from '../domain/gb3838/limits.js';
import { checkStatedClass } from '../domain/recordChecks.js';
import { problem, type Problem } from '../domain/problem.js';
import type { ColumnSpec } from './headers.js';
import type { RawRow, RawTable } from './readTable.js';
import { QUALITY } from './tableSpecs.js';

/** Columns of a quality file: the data.md columns plus the GB 3838 concentration columns. */
export function qualityColumns(): ColumnSpec[] {
  return [...QUALITY.columns, ...CONCENTRATION_COLUMNS];
}

type ConcentrationColumn = (typeof CONCENTRATION_COLUMNS)[number];

/** What a row's concentrations give: the class they compute, the values as read, the problems (R3, W1–W3). */
export interface Concentrations {
  computed?: WaterClass;
  hasConcentrations: boolean;
  values?: Partial<Record<ItemKey, string>>;
  problems: Problem[];
}

/** A row without concentrations (never added to: shared by every such row). */
const NONE: Concentrations = { hasConcentrations: false, problems: Object.freeze([]) as unknown as Problem[] };

/**
 * R3 with W1–W3: a quality row's concentrations as read, evaluated by GB 3838-2002; the stated
 * class is checked against them by the domain (recordChecks.ts checkStatedClass). Impossible
 * values are errors; a detection limit above the Ⅲ limit is a warning.
 */
export function qualityClassFromRow(
  row: RawRow,
  table: Pick<RawTable, 'file' | 'headerOf'>,
  stated: WaterClass | undefined,
  /** The concentration columns the row has, when known for the whole table (every row has the same). */
  columns: readonly ConcentrationColumn[] = CONCENTRATION_COLUMNS,
): Concentrations {
  const cellOf = (k: number): string => (row.has(columns[k]!.key) ? row.get(columns[k]!.key) : '');
  return qualityClassFromCells(columns, cellOf, row.row, table, stated, row.get('class'));
}

/**
 * qualityClassFromRow over cells however read: `cellOf(k)` is the cell of `columns[k]` as
 * written and trimmed ('' when empty or missing), `classText` the 水质类别 cell's.
 */
export function qualityClassFromCells(
  columns: readonly ConcentrationColumn[],
  cellOf: (k: number) => string,
  row: number,
  table: Pick<RawTable, 'file' | 'headerOf'>,
  stated: WaterClass | undefined,
  classText: string,
): Concentrations {
  let values: Partial<Record<ItemKey, string>> | undefined;
  for (let k = 0; k < columns.length; k++) {
    const v = cellOf(k);
    if (v !== '') (values ??= {})[columns[k]!.key] = v;
  }
  if (values === undefined) return NONE;
  const ev = evaluateCached(values);
  const problems: Problem[] = ev.issues.map((i) =>
    problem(i.severity, i.code, i.message, { file: table.file, row, column: table.headerOf(i.item), value: i.value, rule: i.rule }),
  );
  const disagrees = checkStatedClass(stated, ev, { loc: { file: table.file, row }, column: table.headerOf('class'), value: classText });
  if (disagrees) problems.push(disagrees);
  return { computed: ev.cls, hasConcentrations: true, values, problems };
}

/** The concentration columns a table's rows have, for a table whose every row has the same columns (a plain CSV's). */
export const concentrationColumnsOf = (row: RawRow): (typeof CONCENTRATION_COLUMNS)[number][] => CONCENTRATION_COLUMNS.filter((c) => row.has(c.key));

/** Identical concentration rows are common (repeated detection limits, copied rows): evaluate each once. */
const cache = new Map<string, Evaluation>();

function evaluateCached(values: Partial<Record<ItemKey, string>>): Evaluation {
  const key = JSON.stringify(values);
  let ev = cache.get(key);
  if (!ev) {
    ev = evaluateConcentrations(values, 'river');
    if (cache.size >= 20000) cache.clear();
    cache.set(key, ev);
  }
  return ev;
}
