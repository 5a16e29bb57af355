import { parseClass, type WaterClass } from './classes.js';
import { readMonth, type Month, type Status } from './types.js';

/**
 * Month and year matrices (data.md "Layouts as offices send them"): one row per section, one
 * column per month (`1月`…`12月`, the year from elsewhere; or `2025-01`…`2025-12`), or for targets
 * one column per year (`2024年`, `2025年` …). Each cell holds a class or a status word; an empty
 * cell is no record.
 */
export type MonthHeader = { month: Month } | { monthOfYear: number };

/** What a header says as a month column; undefined when it is not one. */
export function monthHeader(header: string): MonthHeader | undefined {
  const t = header.normalize('NFKC').replace(/\s+/g, '');
  const short = /^(\d{1,2})月(?:份)?$/.exec(t);
  if (short) {
    const mo = Number(short[1]);
    return mo >= 1 && mo <= 12 ? { monthOfYear: mo } : undefined;
  }
  // A year with the month: the one reading of 月份 every command uses, but only with a separator
  // or 年…月 (a bare 202503 header is more likely a code than a month).
  if (!/^\d{4}(?:[-/.年]\d{1,2}月?|[-/.]\d{1,2}[-/.]0?1)$/.test(t)) return undefined;
  const r = readMonth(t);
  return 'month' in r ? { month: r.month } : undefined;
}

export function monthOf(h: MonthHeader, year: number): Month {
  return 'month' in h ? h.month : `${year}-${String(h.monthOfYear).padStart(2, '0')}`;
}

/** A target matrix's year column: `2024年`, `2024年度`, `2024`, `2024年目标`, `2024年目标类别`. */
export function yearHeader(header: string): number | undefined {
  const t = header.normalize('NFKC').replace(/\s+/g, '');
  const m = /^((?:19|20)\d{2})(?:年(?:度)?)?(?:目标(?:类别)?|考核目标)?$/.exec(t);
  return m ? Number(m[1]) : undefined;
}

export type MatrixCell =
  | { kind: 'empty' }
  | { kind: 'class'; cls: WaterClass }
  | { kind: 'status'; status: Exclude<Status, '正常'> }
  | { kind: 'invalid'; error: string };

/** A status word in a matrix cell (R4): 断流, 未监测, and the ways people write them. */
const STATUS_WORDS: Record<string, Exclude<Status, '正常'>> = { 断流: '断流', 干涸: '断流', 未监测: '未监测', 未测: '未监测', 未采样: '未监测' };

export function matrixCell(text: string): MatrixCell {
  const t = text.normalize('NFKC').replace(/\s+/g, '');
  if (t === '') return { kind: 'empty' };
  const status = STATUS_WORDS[t];
  if (status) return { kind: 'status', status };
  const cls = parseClass(t);
  if (cls !== undefined) return { kind: 'class', cls };
  return { kind: 'invalid', error: '应为水质类别（Ⅰ…Ⅴ、劣Ⅴ，可带“类”）或 断流 / 未监测；不是记录的月份留空' };
}
