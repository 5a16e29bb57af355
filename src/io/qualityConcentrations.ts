import { classLabel, type WaterClass } from '../domain/classes.js';
import { CONCENTRATION_COLUMNS, evaluateConcentrations, itemHeader, type Evaluation, type ItemKey } from '../domain/gb3838/index.js';
import { problem, type Problem } from '../domain/problem.js';
import type { ColumnSpec } from './headers.js';
import type { RawRow, RawTable } from './readTable.js';
import { QUALITY } from './tableSpecs.js';

/** Columns of a quality file: the data.md columns plus the GB 3838 concentration columns. */
export function qualityColumns(): ColumnSpec[] {
  return [...QUALITY.columns, ...CONCENTRATION_COLUMNS];
}

/**
 * R3 with W1–W3: where a quality row gives concentrations, its class follows GB 3838-2002 by the
 * single-factor method; a stated class that disagrees is an error naming the deciding items.
 * Impossible values are errors; a detection limit above the Ⅲ limit is a warning.
 */
export function qualityClassFromRow(
  row: RawRow,
  table: Pick<RawTable, 'file' | 'headerOf'>,
  stated: WaterClass | undefined,
): { computed?: WaterClass; hasConcentrations: boolean; values?: Partial<Record<ItemKey, string>>; problems: Problem[] } {
  const values: Partial<Record<ItemKey, string>> = {};
  let any = false;
  for (const c of CONCENTRATION_COLUMNS) {
    if (!row.has(c.key)) continue;
    const v = row.get(c.key);
    if (v === '') continue;
    values[c.key] = v;
    any = true;
  }
  if (!any) return { hasConcentrations: false, problems: [] };
  const ev = evaluateCached(values);
  const problems: Problem[] = ev.issues.map((i) =>
    problem(i.severity, i.code, i.message, { file: table.file, row: row.row, column: table.headerOf(i.item), value: i.value, rule: i.rule }),
  );
  if (ev.cls !== undefined && stated !== undefined && ev.cls !== stated) {
    // A value below the detection limit is echoed as written (0.0002L), not as the half it counts as.
    const shown = (k: ItemKey): string => {
      const i = ev.items.find((x) => x.item === k);
      return i?.belowLimit ?? i?.value ?? '';
    };
    const deciding = ev.deciding.map((k) => `${itemHeader(k)} ${shown(k)}`).join('、');
    problems.push(
      problem(
        'error',
        'E_CLASS_DISAGREES',
        `填报类别${classLabel(stated)}类与浓度不符：按 GB 3838-2002 单因子评价为${classLabel(ev.cls)}类（定类项目：${deciding}）`,
        {
          file: table.file,
          row: row.row,
          column: table.headerOf('class'),
          value: row.get('class'),
          rule: 'R3 W2',
        },
      ),
    );
  }
  return { computed: ev.cls, hasConcentrations: true, values, problems };
}

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
