import { classLabel } from '../domain/classes.js';
import { fileNameClue, inferMonth, inferSource, inferYear, type Clue, type Inferred } from '../domain/fileClues.js';
import { matrixCell, monthHeader, monthOf, yearHeader, type MonthHeader } from '../domain/matrixColumns.js';
import { problem, type Problem } from '../domain/problem.js';
import type { SectionNames } from '../domain/sectionNames.js';
import type { RawRow, RawTable } from './readTable.js';

/**
 * Quality results and targets in the shapes offices send them (data.md "Layouts as offices send
 * them"), turned into the canonical rows the loader parses: a section named instead of coded, a
 * month or source given once for the whole file in its title or file name, a month matrix (one
 * row per section, one column per month) or a target matrix (one column per year). Each row that
 * comes out keeps its true place: the Excel row, and for a matrix the column of its cell. What
 * was taken from where is said in the notes, for the terminal and the 来源 sheet.
 * Nothing here is guessed: what cannot be read is a located error.
 */
export interface ShapeOptions {
  names: SectionNames;
  /** --year, for a 1月…12月 matrix whose title and file name give no year. */
  year?: number | undefined;
}

export interface Shaped {
  /** Undefined when the file as a whole cannot be read (its problems say why). */
  table?: RawTable | undefined;
  problems: Problem[];
  notes: Note[];
}

/** What was taken from where, as [what, detail]: `['月份', '2025-03 取自文件名']`. */
type Note = [string, string];

/** A canonical row made from a read row: some keys given here, the rest read through. */
class ShapedRow implements RawRow {
  constructor(
    private readonly base: RawRow,
    private readonly values: ReadonlyMap<string, string>,
    private readonly columns: ReadonlyMap<string, string>,
    readonly cellColumn?: string,
  ) {}

  get row(): number {
    return this.base.row;
  }

  get(key: string): string {
    return this.values.get(key) ?? this.base.get(key);
  }

  has(key: string): boolean {
    return this.values.has(key) || this.base.has(key);
  }

  written(key: string): string {
    return this.values.get(key) ?? this.base.written(key);
  }

  at(i: number): string {
    return this.base.at(i);
  }

  headerOf(key: string): string | undefined {
    return this.columns.get(key);
  }
}

const hasColumn = (t: RawTable, key: string): boolean => t.columnOf(key) !== undefined;
const headerRow = (t: RawTable): number => t.layout.headerRows[0] ?? 1;

function cluesOf(t: RawTable): Clue[] {
  return [...t.layout.titleLines.map((l) => ({ where: `第${l.row}行（标题）`, text: l.text })), fileNameClue(t.file)];
}

/** Each row's section code: as given, or from 断面名称 (and 河流) through sections.csv. */
function sectionIds(t: RawTable, names: SectionNames, problems: Problem[], notes: Note[]): Map<RawRow, string> {
  const out = new Map<RawRow, string>();
  const byName = !hasColumn(t, 'section_id');
  if (!byName) {
    for (const r of t.rows) out.set(r, r.get('section_id'));
    return out;
  }
  const withRiver = hasColumn(t, 'river');
  for (const r of t.rows) {
    const name = r.get('section_name');
    if (name === '') {
      problems.push(
        problem('error', 'E_VALUE', `${t.headerOf('section_name')}不能为空`, { file: t.file, row: r.row, column: t.headerOf('section_name'), value: '' }),
      );
      continue;
    }
    const res = names.resolve(name, withRiver ? r.get('river') : '');
    if (res.ok) {
      out.set(r, res.section.id);
      continue;
    }
    const onRiver = res.kind === 'unknown-river';
    problems.push(
      problem('error', res.kind === 'ambiguous' ? 'E_SECTION_AMBIGUOUS' : 'E_SECTION_NAME', res.message, {
        file: t.file,
        row: r.row,
        column: t.headerOf(onRiver ? 'river' : 'section_name'),
        value: onRiver ? r.get('river') : name,
      }),
    );
  }
  notes.push(['断面', `按「${t.headerOf('section_name')}」${withRiver ? `与「${t.headerOf('river')}」` : ''}对应 sections.csv 的断面编码`]);
  return out;
}

/** A value for the whole file from its title lines or file name, or a located error. */
function fromClues<T>(t: RawTable, found: Inferred<T>, what: string, hint: string, problems: Problem[], notes: Note[]): T | undefined {
  if (found === undefined) {
    problems.push(
      problem('error', 'E_COLUMN_MISSING', `${t.spec.title}缺少「${what}」列，标题行和文件名中也没有${what}（${hint}）`, {
        file: t.file,
        row: headerRow(t),
        column: what,
      }),
    );
    return undefined;
  }
  if (!found.ok) {
    problems.push(
      problem('error', 'E_FILE_CLUE_CONFLICT', `${found.error}；请在文件中加「${what}」列，或改正标题或文件名`, {
        file: t.file,
        row: t.layout.titleLines[0]?.row ?? headerRow(t),
        column: what,
      }),
    );
    return undefined;
  }
  notes.push([what, `${String(found.value)} 取自${found.from}`]);
  return found.value;
}

const SOURCE_HINT = '国家通报 / 市级通报 / 监测中心 / 联合监测，或 国控、市控 等';

/** A quality table already in the canonical columns (断面编码, 月份 and 数据来源): every row reads through as it is. */
export const isCanonicalQuality = (t: RawTable): boolean => hasColumn(t, 'section_id') && hasColumn(t, 'month') && hasColumn(t, 'source');

export function shapeQuality(t: RawTable, o: ShapeOptions): Shaped {
  if (isCanonicalQuality(t)) return { table: t, problems: [], notes: [] };
  const problems: Problem[] = [];
  const notes: Note[] = [];
  const headers = t.layout.headerCells;
  const clues = cluesOf(t);
  const monthColumns = hasColumn(t, 'month')
    ? []
    : headers.flatMap((h, i) => {
        const mh = monthHeader(h);
        return mh ? [{ i, header: h, mh }] : [];
      });
  const matrix = monthColumns.length > 0;

  let source: string | undefined;
  if (!hasColumn(t, 'source')) source = fromClues(t, inferSource(clues), '数据来源', SOURCE_HINT, problems, notes);
  let month: string | undefined;
  let year: number | undefined;
  if (!matrix && !hasColumn(t, 'month')) month = fromClues(t, inferMonth(clues), '月份', '如 2025年3月；也可一列一个月：1月…12月', problems, notes);
  if (matrix && monthColumns.some((c) => 'monthOfYear' in c.mh)) {
    const y = fromClues(t, inferYear(clues, o.year), '年份', '如标题写 2025年，或给出 --year', problems, notes);
    if (y !== undefined) year = y;
  }
  if (problems.length) return { problems, notes };

  const ids = sectionIds(t, o.names, problems, notes);
  const rows: RawRow[] = [];
  const fixed = (id: string): [string, string][] => [['section_id', id], ...(source !== undefined ? [['source', source] as [string, string]] : [])];
  const nameColumn: [string, string][] = hasColumn(t, 'section_id') ? [] : [['section_id', t.headerOf('section_name')]];
  for (const r of t.rows) {
    const id = ids.get(r);
    if (id === undefined) continue;
    if (!matrix) {
      rows.push(new ShapedRow(r, new Map([...fixed(id), ...(month !== undefined ? [['month', month] as [string, string]] : [])]), new Map(nameColumn)));
      continue;
    }
    for (const c of monthColumns) rows.push(...matrixRecord(t, r, c, year, fixed(id), nameColumn, problems));
  }
  if (matrix) {
    const first = monthColumns[0]!.header;
    const last = monthColumns[monthColumns.length - 1]!.header;
    notes.push(['逐月矩阵', `${monthColumns.length} 个月份列（${first}…${last}），每个单元格一条记录，共 ${rows.length} 条；空单元格为无记录`]);
  }
  return { table: { ...t, rows }, problems, notes };
}

function matrixRecord(
  t: RawTable,
  r: RawRow,
  c: { i: number; header: string; mh: MonthHeader },
  year: number | undefined,
  fixed: [string, string][],
  nameColumn: [string, string][],
  problems: Problem[],
): RawRow[] {
  const text = r.at(c.i);
  const cell = matrixCell(text);
  if (cell.kind === 'empty') return [];
  if (cell.kind === 'invalid') {
    problems.push(problem('error', 'E_CLASS', `「${text}」${cell.error}`, { file: t.file, row: r.row, column: c.header, value: text, rule: 'R3' }));
    return [];
  }
  const values = new Map<string, string>([
    ...fixed,
    ['month', monthOf(c.mh, year ?? 0)],
    ['class', cell.kind === 'class' ? classLabel(cell.cls) : ''],
    ['status', cell.kind === 'status' ? cell.status : ''],
  ]);
  const columns = new Map<string, string>([...nameColumn, ['month', c.header], ['class', c.header], ['status', c.header]]);
  // Without a 备注 column, a note that should explain a status (R4) is missed at the cell itself.
  if (!hasColumn(t, 'note')) columns.set('note', c.header);
  return [new ShapedRow(r, values, columns, c.header)];
}

/** Targets with one column per year (`2024年`, `2025年` …): one canonical row per non-empty cell. */
export function shapeTargets(t: RawTable, o: ShapeOptions): Shaped {
  // Already canonical (断面编码 and 年度 columns): every row reads through as it is.
  if (hasColumn(t, 'section_id') && hasColumn(t, 'year')) return { table: t, problems: [], notes: [] };
  const problems: Problem[] = [];
  const notes: Note[] = [];
  const headers = t.layout.headerCells;
  const yearColumns = hasColumn(t, 'year')
    ? []
    : headers.flatMap((h, i) => {
        const y = yearHeader(h);
        return y !== undefined ? [{ i, header: h, year: y }] : [];
      });
  const ids = sectionIds(t, o.names, problems, notes);
  if (yearColumns.length === 0) {
    const nameColumn: [string, string][] = hasColumn(t, 'section_id') ? [] : [['section_id', t.headerOf('section_name')]];
    const rows = t.rows.flatMap((r) => {
      const id = ids.get(r);
      return id === undefined ? [] : [new ShapedRow(r, new Map([['section_id', id]]), new Map(nameColumn))];
    });
    return { table: { ...t, rows }, problems, notes };
  }
  const rows: RawRow[] = [];
  const nameColumn: [string, string][] = hasColumn(t, 'section_id') ? [] : [['section_id', t.headerOf('section_name')]];
  for (const r of t.rows) {
    const id = ids.get(r);
    if (id === undefined) continue;
    for (const c of yearColumns) {
      const text = r.at(c.i);
      if (text === '') continue;
      const values = new Map([
        ['section_id', id],
        ['year', String(c.year)],
        ['target_class', text],
      ]);
      rows.push(new ShapedRow(r, values, new Map([...nameColumn, ['year', c.header], ['target_class', c.header]]), c.header));
    }
  }
  notes.push(['逐年矩阵', `${yearColumns.length} 个年度列（${yearColumns.map((c) => c.header).join('、')}），每个单元格一条考核目标，共 ${rows.length} 条`]);
  return { table: { ...t, rows }, problems, notes };
}
