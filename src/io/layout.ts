import type { TableLayout, TextLine } from '../domain/inputs.js';
import { problem, type Problem } from '../domain/problem.js';
import { matchHeaders, splitHeader, unitIssueMessage, type ColumnSpec, type HeaderMatch } from './headers.js';
import { findUnit, type UnitDef } from './units.js';

/**
 * Tables as offices send them (data.md "Layouts as offices send them"): the header is found,
 * not assumed — the first of the first 15 rows that holds the table's required columns, or a
 * parent row over its children (`浓度（mg/L）` over `氨氮`, `总磷`). Rows above it are title and
 * unit lines (`单位：万元` gives a unit to the columns of its kind that have none of their own).
 * After the header, blank rows and rows that start with 注 / 备注 / 说明 / 制表 / 填报 / 审核 /
 * 合计 / 总计 / 小计 are not data. Everything inferred is kept in the TableLayout, so it can be
 * reported per file; row numbers are the file's own throughout.
 */
export const HEADER_SCAN_ROWS = 15;

export interface Located {
  layout: TableLayout;
  match: HeaderMatch;
  /** Index (into the rows given) of the first row after the header. */
  bodyStart: number;
}

type Cells = readonly string[];

const isBlank = (cells: Cells): boolean => {
  for (const c of cells) if (c !== '' && c.trim() !== '') return false;
  return true;
};

function lineText(cells: Cells): string {
  const parts: string[] = [];
  for (const c of cells) {
    const t = c.trim();
    if (t !== '' && t !== parts[parts.length - 1]) parts.push(t);
  }
  return parts.join(' ');
}

/**
 * The header of a table among its first rows. `rows[i]` has Excel row number `rowNumbers[i]`.
 * Problems are errors that stop the table: no row holds the required columns (one problem,
 * naming the columns found on the most likely row and the ones missing), a duplicated column, a
 * unit that cannot be read.
 */
export function locateHeader(
  rows: readonly Cells[],
  rowNumbers: readonly number[],
  columns: readonly ColumnSpec[],
  title: string,
  file: string,
): { located: Located; problems: Problem[] } | { located?: undefined; problems: Problem[] } {
  const required = columns.filter((c) => c.required).length;
  const minMatched = Math.max(required, Math.min(2, columns.length));
  // A matrix's month or year columns (`1月`, `2025年`) count as one column each kind they stand for.
  const standIns = (cells: Cells): number => columns.filter((c) => c.orHeader && cells.some((h) => c.orHeader!(h.trim()))).length;
  const complete = (m: HeaderMatch, cells: Cells): boolean => m.missing.length === 0 && m.index.size + standIns(cells) >= minMatched;
  const limit = Math.min(rows.length, HEADER_SCAN_ROWS);
  const lineUnits: { row: number; units: UnitDef[]; unknown: string[]; written: string[] }[] = [];
  const defs = (): UnitDef[] => lineUnits.flatMap((l) => l.units);
  let best: { i: number; m: HeaderMatch } | undefined;
  let found: { i: number; rows: number; m: HeaderMatch; cells: string[]; parentRow?: number } | undefined;
  for (let i = 0; i < limit && !found; i++) {
    const cells = rows[i]!;
    if (isBlank(cells)) continue;
    const single = matchHeaders(cells, columns, { lineUnits: defs() });
    if (!best || single.index.size > best.m.index.size) best = { i, m: single };
    const next = i + 1 < rows.length ? rows[i + 1]! : undefined;
    if (next && !isBlank(next) && single.index.size > 0) {
      if (complete(single, cells) && sameCells(cells, next)) {
        found = { i, rows: 2, m: single, cells: cells.map((c) => c.trim()) };
        break;
      }
      const both = combine(cells, next);
      const m = matchHeaders(both.cells, columns, { parentUnits: both.parentUnits, lineUnits: defs() });
      if (complete(m, both.cells) && m.index.size > single.index.size && [...single.index.keys()].every((k) => m.index.has(k))) {
        found = { i, rows: 2, m, cells: both.cells, parentRow: rowNumbers[i]! };
        break;
      }
      if (m.index.size > best!.m.index.size) best = { i, m };
    }
    if (complete(single, cells)) {
      found = { i, rows: 1, m: single, cells: cells.map((c) => c.trim()) };
      break;
    }
    const units = unitLine(cells);
    if (units) lineUnits.push({ row: rowNumbers[i]!, ...units });
  }
  if (!found) return { problems: [noHeader(rows, rowNumbers, columns, title, file, best)] };

  const headerRow = rowNumbers[found.i]!;
  const m = found.m;
  const problems: Problem[] = [];
  for (const d of m.duplicate) {
    problems.push(problem('error', 'E_COLUMN_DUPLICATE', `列「${d.spec.header}」出现了两次（「${d.header}」）`, { file, row: headerRow, column: d.header }));
  }
  const childRow = rowNumbers[found.i + found.rows - 1]!;
  for (const u of m.unitIssues) {
    problems.push(
      problem('error', u.kind === 'unknown' ? 'E_UNIT_UNKNOWN' : 'E_UNIT_MISMATCH', unitIssueMessage(title, u), {
        file,
        row: u.source === 'parent' ? headerRow : childRow,
        column: u.header,
        value: u.unit,
      }),
    );
  }
  // A unit line's unit that names nothing known is an error only where it would apply: some
  // money or measure column has no unit of its own (else `单位：某某区财政局` is just a title).
  if (m.units.some((u) => u.source === 'implied' || u.source === 'unit line')) {
    for (const l of lineUnits) {
      for (const unit of l.unknown) {
        problems.push(
          problem('error', 'E_UNIT_UNKNOWN', `${title}第 ${l.row} 行的单位「${unit}」无法识别（可写作 元、万元、mg/L、μg/L、km²、公顷 等）`, {
            file,
            row: l.row,
            value: unit,
          }),
        );
      }
    }
  }
  const titleLines: TextLine[] = [];
  for (let i = 0; i < found.i; i++) if (!isBlank(rows[i]!)) titleLines.push({ row: rowNumbers[i]!, text: lineText(rows[i]!) });
  const headerRows = found.rows === 2 ? [headerRow, childRow] : [headerRow];
  return {
    located: {
      layout: {
        headerRows,
        titleLines,
        unitLines: lineUnits.filter((l) => l.written.length).map((l) => ({ row: l.row, units: l.written })),
        skipped: [],
        units: m.units,
        headerCells: found.cells,
      },
      match: m,
      bodyStart: found.i + found.rows,
    },
    problems,
  };
}

function sameCells(a: Cells, b: Cells): boolean {
  const n = Math.max(a.length, b.length);
  for (let j = 0; j < n; j++) if ((a[j] ?? '').trim() !== (b[j] ?? '').trim()) return false;
  return true;
}

/**
 * A parent row over a children row, read as one header: a child cell replaces its parent and
 * takes the parent's bracketed unit. In a CSV a merged parent is only in its first column, so a
 * blank parent cell belongs to the nearest parent on its left that has a child of its own.
 */
function combine(parent: Cells, child: Cells): { cells: string[]; parentUnits: (string | undefined)[] } {
  const width = Math.max(parent.length, child.length);
  const cells: string[] = [];
  const parentUnits: (string | undefined)[] = [];
  for (let j = 0; j < width; j++) {
    const p = (parent[j] ?? '').trim();
    const c = (child[j] ?? '').trim();
    if (c === '' || c === p) {
      cells.push(p);
      parentUnits.push(undefined);
      continue;
    }
    let owner = p;
    if (owner === '') {
      let k = j - 1;
      while (k >= 0 && (parent[k] ?? '').trim() === '') k--;
      if (k >= 0 && (child[k] ?? '').trim() !== '') owner = (parent[k] ?? '').trim();
    }
    cells.push(c);
    parentUnits.push(owner === '' ? undefined : splitHeader(owner).unit);
  }
  return { cells, parentUnits };
}

// `单位：万元`, `金额单位：元`, `（单位：mg/L）`, several units as `单位：万元、km²`; not `编制单位：…`.
const UNIT_LINE = /(?:^|[\s,;(])(?:金额|计量|数量)?单位\s*:\s*([^\s,;()]+)/;

/** The units a title row names on a unit line, known and unknown; undefined when it has none. */
function unitLine(cells: Cells): { units: UnitDef[]; unknown: string[]; written: string[] } | undefined {
  let out: { units: UnitDef[]; unknown: string[]; written: string[] } | undefined;
  for (const cell of cells) {
    if (!cell.includes('单位')) continue;
    const m = UNIT_LINE.exec(cell.normalize('NFKC'));
    if (!m) continue;
    out ??= { units: [], unknown: [], written: [] };
    for (const token of m[1]!.split('、')) {
      if (token === '' || out.written.includes(token)) continue;
      out.written.push(token);
      const u = findUnit(token);
      if (u) out.units.push(u);
      else out.unknown.push(token);
    }
  }
  return out;
}

function noHeader(
  rows: readonly Cells[],
  rowNumbers: readonly number[],
  columns: readonly ColumnSpec[],
  title: string,
  file: string,
  best: { i: number; m: HeaderMatch } | undefined,
): Problem {
  if (!best) return problem('error', 'E_EMPTY_FILE', `${title}文件是空的：没有表头`, { file, row: 1 });
  const wanted = columns.filter((c) => c.required);
  const missing = best.m.missing.length ? best.m.missing : wanted.filter((c) => !best.m.index.has(c.key));
  const or = (c: ColumnSpec): string => (c.orKeys ?? []).map((k) => `；或给出「${columns.find((x) => x.key === k)?.header ?? k}」`).join('');
  const alias = (c: ColumnSpec): string => `「${c.header}」（也可写作 ${[c.key, ...(c.aliases ?? [])].join(' / ')}${or(c)}）`;
  const row = rowNumbers[best.i]!;
  const foundList = [...best.m.written.values()].map((h) => `「${h}」`).join('');
  const scanned = Math.min(rows.length, HEADER_SCAN_ROWS);
  const where = best.m.index.size
    ? `前 ${scanned} 行中最像表头的是第 ${row} 行，其中有${foundList}`
    : `前 ${scanned} 行中没有一行像表头（第 ${row} 行是「${lineText(rows[best.i]!).slice(0, 40)}」）`;
  const lacking = missing.length ? `缺少必需的列${missing.map(alias).join('、')}` : `列太少，无法确认是表头`;
  return problem('error', 'E_COLUMN_MISSING', `${title}${lacking}。${where}`, { file, row, column: missing[0]?.header });
}

// ---------------------------------------------------------------------------------------------
// Rows after the header

const FOOTER_FIRST = new Set([...'注备说制填审合总小'].map((c) => c.charCodeAt(0)));
const FOOTER_WORDS = ['备注', '说明', '制表', '填报', '审核', '合计', '总计', '小计'];
const NOTE = /^注(?:$|[:：\d①-⑩(（、.．]|释)/;

/** The kind of a footer row's first cell: a note (its continuation lines follow), another footer word, or none. */
function footerKind(first: string): 'note' | 'footer' | undefined {
  if (!FOOTER_FIRST.has(first.charCodeAt(0))) return undefined;
  const t = first.replace(/[\s\u3000]+/g, '');
  if (NOTE.test(t) || t.startsWith('备注') || t.startsWith('说明')) return 'note';
  return FOOTER_WORDS.some((w) => t.startsWith(w)) ? 'footer' : undefined;
}

/**
 * Tells data rows from the rest after the header, one row at a time (the streaming reader has
 * no whole table): blank rows are dropped; a row whose first cell is a footer word is recorded
 * in `skipped`; after a note (注, 备注, 说明) a row with a single cell is the note's next line.
 */
export class BodyFilter {
  private note = false;

  constructor(private readonly skipped: TextLine[]) {}

  /** A note (注, 备注, 说明) has begun: its next lines may be single cells. */
  get inNote(): boolean {
    return this.note;
  }

  isData(row: number, cells: Cells): boolean {
    let first = '';
    let filled = 0;
    for (const c of cells) {
      if (c === '') continue;
      if (filled === 0) {
        first = c.trim();
        if (first === '') continue;
        filled = 1;
        if (!this.note) break;
      } else if (c.trim() !== '') {
        filled = 2;
        break;
      }
    }
    if (filled === 0) return false;
    const kind = footerKind(first);
    if (kind || (this.note && filled === 1)) {
      if (kind === 'note') this.note = true;
      this.skipped.push({ row, text: lineText(cells) });
      return false;
    }
    return true;
  }
}
