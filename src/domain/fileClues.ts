import { SOURCES, type Month, type Source } from './types.js';

/**
 * What a file says about itself outside its columns (data.md "Layouts as offices send them"): a
 * quality file without a 月份 column takes the month from its title lines (`2025年3月`,
 * `2025年第3月`) or else its file name (`2025年3月市级通报.xlsx`, `2025-03-国家通报.csv`); without a
 * 数据来源 column, the source likewise. A title and a file name that disagree are an error, and so
 * is one place naming two months or two sources. Each answer says where it came from.
 */
export interface Clue {
  /** Where the text is, as the user reads it: `第1行（标题）`, `文件名`. */
  where: string;
  text: string;
}

export type Inferred<T> = { ok: true; value: T; from: string } | { ok: false; error: string } | undefined;

const MONTH_IN_TEXT = /(?<!\d)((?:19|20)\d{2})\s*(?:年\s*第?|[-_./])\s*(\d{1,2})(?!\d)\s*月?/gu;
/** What follows a month that makes it part of a date (`2025年4月5日`, `2025-04-05`) or a range (`2025年1-3月`). */
const DATE_OR_RANGE_AFTER = /^\s*(?:\d+\s*[日号]|[-_./~～—至]\s*\d)/u;
const COMPACT_MONTH = /(?<!\d)((?:19|20)\d{2})(0[1-9]|1[0-2])(?!\d)/gu;

/** The distinct months a text names (`2025年3月`, `2025年第3月`, `2025-03`, `2025.3`, `202503`), dates left out. */
export function monthsInText(text: string): Month[] {
  const t = text.normalize('NFKC');
  const found = new Set<Month>();
  for (const m of t.matchAll(MONTH_IN_TEXT)) {
    if (DATE_OR_RANGE_AFTER.test(t.slice(m.index + m[0].length)) || /[-~～—至]\s*$/u.test(t.slice(0, m.index))) continue;
    const mo = Number(m[2]);
    if (mo >= 1 && mo <= 12) found.add(`${m[1]}-${String(mo).padStart(2, '0')}`);
  }
  if (found.size === 0) for (const m of t.matchAll(COMPACT_MONTH)) found.add(`${m[1]}-${m[2]}`);
  return [...found].sort();
}

/** The distinct years a text names (`2025年`, `2025-03`, `2025年度`, a lone `2025`). */
export function yearsInText(text: string): number[] {
  const t = text.normalize('NFKC');
  const found = new Set<number>();
  for (const m of t.matchAll(/(?<!\d)((?:19|20)\d{2})(?!\d)/gu)) found.add(Number(m[1]));
  return [...found].sort((a, b) => a - b);
}

/**
 * The usual words for each source (R3), longest first so that 国家通报 wins over 国控. The four
 * names themselves come first; the rest are how titles and file names say them.
 */
const SOURCE_WORDS: readonly [string, Source][] = [
  ...SOURCES.map((s): [string, Source] => [s, s]),
  ['生态环境部', '国家通报'],
  ['国家地表水', '国家通报'],
  ['国考', '国家通报'],
  ['国控', '国家通报'],
  ['国家', '国家通报'],
  ['市级', '市级通报'],
  ['市考', '市级通报'],
  ['市控', '市级通报'],
  ['监测站', '监测中心'],
  ['自测', '监测中心'],
  ['联测', '联合监测'],
  ['联合', '联合监测'],
  ['共同监测', '联合监测'],
];

/**
 * The sources a text names. A text that names one of the four outright counts that (a
 * 监测中心 title about 国控 sections is 监测中心's file); otherwise the usual words count.
 */
export function sourcesInText(text: string): Source[] {
  const t = text.normalize('NFKC').replace(/\s+/g, '');
  const exact = SOURCES.filter((s) => t.includes(s));
  if (exact.length) return exact;
  const found = new Set<Source>();
  let rest = t;
  for (const [word, source] of SOURCE_WORDS) {
    if (rest.includes(word)) {
      found.add(source);
      rest = rest.split(word).join('\u0000');
    }
  }
  return SOURCES.filter((s) => found.has(s));
}

function inferFrom<T extends string>(clues: readonly Clue[], read: (text: string) => T[], what: string): Inferred<T> {
  const seen: { value: T; where: string }[] = [];
  for (const c of clues) {
    const values = read(c.text);
    if (values.length > 1) return { ok: false, error: `${c.where}「${c.text}」中有多个${what}：${values.join('、')}` };
    if (values.length === 1) seen.push({ value: values[0]!, where: c.where });
  }
  if (seen.length === 0) return undefined;
  const other = seen.find((s) => s.value !== seen[0]!.value);
  if (other) return { ok: false, error: `${seen[0]!.where}的${what}（${seen[0]!.value}）与${other.where}的${what}（${other.value}）不一致` };
  return { ok: true, value: seen[0]!.value, from: seen.map((s) => s.where).join('、') };
}

/** The month from the title lines and the file name, which must agree (undefined: neither names one). */
export function inferMonth(clues: readonly Clue[]): Inferred<Month> {
  return inferFrom(clues, monthsInText, '月份');
}

export function inferSource(clues: readonly Clue[]): Inferred<Source> {
  return inferFrom(clues, sourcesInText, '数据来源');
}

/** The year for a month matrix whose columns are `1月`…`12月`: from the title lines, the file name, or else the user's --year. */
export function inferYear(clues: readonly Clue[], given?: number): Inferred<number> {
  const r = inferFrom(clues, (t) => yearsInText(t).map(String), '年份');
  if (r === undefined) return given === undefined ? undefined : { ok: true, value: given, from: '命令行 --year' };
  if (!r.ok) return r;
  return { ok: true, value: Number(r.value), from: r.from };
}

/** The file name as a clue: without its folder and extension. */
export function fileNameClue(file: string): Clue {
  const base = file.split(/[\\/]/).pop() ?? file;
  return { where: '文件名', text: base.replace(/\.(csv|xlsx)$/i, '') };
}
