import path from 'node:path';
import { type WaterClass } from '../domain/classes.js';
import {
  NATIONAL_COLUMNS,
  EXPORT_ITEMS,
  EXPORT_REFERENCE,
  readWaterbodyWord,
  readingTime,
  statedClass,
  type ItemKey,
  type Waterbody,
} from '../domain/gb3838/index.js';
import { problem, type Problem } from '../domain/problem.js';
import type { TableSpec } from './headers.js';
import { readTable, type RawTable } from './readTable.js';

/**
 * Reading a national surface-water automatic monitoring export (gb3838.md W5) as it is
 * downloaded, xlsx or CSV: every reading with its Excel row, the year put into 监测时间 from
 * --year, the title lines or the file name.
 */
export const NATIONAL_SPEC: TableSpec = { title: '国家自动监测数据', sheetNames: ['数据', '监测数据', 'Sheet1'], columns: NATIONAL_COLUMNS };

export interface ExportReading {
  /** Excel row (header = its own row number). */
  row: number;
  site: string;
  /** 监测时间 as published. */
  time: string;
  /** With the year: `2026-02-04 11:00`. */
  date: string;
  month: string;
  /** The system's 水质类别 for the reading. */
  stated?: WaterClass | undefined;
  /** Published values of the 表1 items, as written (`--`, `*` kept). */
  values: Partial<Record<ItemKey, string>>;
  /** 电导率, 浊度, 叶绿素α, 藻密度 as written. */
  reported: Record<string, string>;
  /** 站点情况 as written. */
  state: string;
  /** 水体类型 of the row, when the file has that column and the cell says. */
  waterbody?: Waterbody | undefined;
  missingCells?: number | undefined;
}

export interface NationalExport {
  file: string;
  readings: ExportReading[];
  /** Located errors and warnings; any error means the file is not used. */
  problems: Problem[];
  year?: number | undefined;
  /** Where the year came from: `--year`, `第1行（标题）`, `文件名`. */
  yearFrom?: string | undefined;
  encoding?: RawTable['encoding'];
  /** Which items the file has a column for. */
  has: (key: string) => boolean;
  headerOf: (key: string) => string;
  /** Excel row of the header (1 unless title lines are above it). */
  headerRow: number;
}

export async function readNationalExport(file: string, display: string, givenYear: number | undefined): Promise<NationalExport> {
  const { table, problems } = await readTable(file, NATIONAL_SPEC, display);
  const none = { file: display, readings: [], problems, has: () => false, headerOf: (k: string) => k, headerRow: 1 };
  if (!table) return none;
  const first = table.rows[0];
  const has = (k: string): boolean => first?.has(k) ?? false;
  const clues = [
    ...table.layout.titleLines.map((t) => ({ where: `第${t.row}行（标题）`, text: t.text })),
    { where: '文件名', text: path.basename(file).replace(/\.(csv|xlsx)$/i, '') },
  ];
  const year = exportYear(givenYear, clues);
  const at = (row: number, column: string, value?: string) => ({ file: display, row, column, ...(value !== undefined ? { value } : {}) });
  const out: NationalExport = {
    ...none,
    problems: [...problems],
    encoding: table.encoding,
    has,
    headerOf: table.headerOf,
    headerRow: table.layout.headerRows[0] ?? 1,
  };
  if ('error' in year) {
    out.problems.push(problem('error', 'E_YEAR_MISSING', year.error, { file: display, row: 1, column: table.headerOf('time'), rule: 'W5' }));
    return out;
  }
  if (year.warning) out.problems.push(problem('warning', 'W_YEAR_GIVEN', year.warning, { file: display, rule: 'W5' }));
  out.year = year.value;
  out.yearFrom = year.from;
  const months = new Set<number>();
  for (const r of table.rows) {
    const site = r.get('site');
    const time = r.get('time');
    if (site === '') {
      out.problems.push(problem('error', 'E_SECTION_MISSING', '断面名称为空', at(r.row, table.headerOf('site'))));
      continue;
    }
    const when = readingTime(time, year.value);
    if (!when) {
      out.problems.push(
        problem(
          'error',
          'E_DATE_INVALID',
          `监测时间「${time}」无法识别：应为 MM-DD HH:MM（如 02-04 11:00），或带年份的 YYYY-MM-DD HH:MM`,
          at(r.row, table.headerOf('time'), time),
        ),
      );
      continue;
    }
    if (!when.hasYear) months.add(Number(when.month.slice(5)));
    const classText = r.get('class');
    const stated = statedClass(classText);
    if (stated.bad)
      out.problems.push(
        problem('error', 'E_CLASS', `水质类别「${classText}」无法识别：应为 Ⅰ…Ⅴ 或 劣Ⅴ，没有类别时为 -- 或 *`, at(r.row, table.headerOf('class'), classText)),
      );
    let waterbody: Waterbody | undefined;
    const wbText = r.get('waterbody');
    if (wbText !== '') {
      waterbody = readWaterbodyWord(wbText);
      if (!waterbody)
        out.problems.push(
          problem('error', 'E_WATERBODY', `水体类型「${wbText}」无法识别：应为 河流 或 湖库（湖泊、水库）`, at(r.row, table.headerOf('waterbody'), wbText)),
        );
    }
    const values: Partial<Record<ItemKey, string>> = {};
    for (const k of EXPORT_ITEMS) if (r.has(k)) values[k] = r.get(k);
    const reported: Record<string, string> = {};
    for (const x of EXPORT_REFERENCE) if (r.has(x.key)) reported[x.key] = r.get(x.key);
    out.readings.push({
      row: r.row,
      site,
      time,
      date: when.date,
      month: when.month,
      stated: stated.cls,
      values,
      reported,
      state: r.get('state'),
      waterbody,
      missingCells: r.missingCells,
    });
  }
  // 监测时间 has no year: an export spanning December and January cannot take one year for all.
  if (months.has(12) && months.has(1)) {
    out.problems.push(
      problem('error', 'E_YEAR_SPAN', `监测时间没有年份，而文件中既有 12 月又有 1 月的读数，无法只用 ${year.value} 年一个年份：请按年份分成两个文件分别核定`, {
        file: display,
        column: table.headerOf('time'),
        rule: 'W5',
      }),
    );
  }
  return out;
}

/** The distinct years a title line or file name names: `2026年`, `2026-02`, `202602`, `20260204`. */
export function yearsIn(text: string): number[] {
  const t = text.normalize('NFKC');
  const found = new Set<number>();
  for (const m of t.matchAll(/(?<!\d)((?:19|20)\d{2})(?=(?:(?:0[1-9]|1[0-2])(?:[0-3]\d)?)?(?!\d))/gu)) found.add(Number(m[1]));
  return [...found].sort((a, b) => a - b);
}

/**
 * The year of an export whose 监测时间 has none (W5): --year; else the title lines and the file
 * name, which must agree; else an error. A --year that differs from what the file says is a
 * warning (the user's word wins).
 */
export function exportYear(
  given: number | undefined,
  clues: readonly { where: string; text: string }[],
): { value: number; from: string; warning?: string } | { error: string } {
  const seen: { year: number; where: string; text: string }[] = [];
  for (const c of clues) {
    const ys = yearsIn(c.text);
    if (ys.length > 1 && given === undefined) return { error: `${c.where}「${c.text}」中有多个年份（${ys.join('、')}）：请用 --year 指定监测时间的年份` };
    if (ys.length === 1) seen.push({ year: ys[0]!, where: c.where, text: c.text });
  }
  if (given !== undefined) {
    const other = seen.find((s) => s.year !== given);
    return {
      value: given,
      from: '--year',
      ...(other ? { warning: `--year ${given} 与${other.where}「${other.text}」中的年份 ${other.year} 不同，按 --year 计` } : {}),
    };
  }
  if (seen.length === 0) return { error: '监测时间没有年份（如 02-04 11:00），标题和文件名中也没有：请用 --year 指定，例如 --year 2026' };
  const other = seen.find((s) => s.year !== seen[0]!.year);
  if (other) return { error: `${seen[0]!.where}的年份（${seen[0]!.year}）与${other.where}的年份（${other.year}）不一致：请用 --year 指定` };
  return { value: seen[0]!.year, from: seen.map((s) => s.where).join('、') };
}
