import { parseClass, type WaterClass } from '../classes.js';
import type { ColumnSpec } from '../columnSpec.js';
import type { ItemResult } from './average.js';
import { CONCENTRATION_COLUMNS } from './columns.js';
import { evaluationOf, type Evaluation } from './average.js';
import { exceedance, itemClass } from './classing.js';
import { ITEMS, type ItemKey, type Waterbody } from './limits.js';
import { parseConcentration, type ConcentrationIssue } from './values.js';

/**
 * Single readings as the national surface-water automatic monitoring system publishes them
 * (gb3838.md W5): one row per site and 4-hourly reading, 监测时间 without a year (`02-04 11:00`),
 * the system's own 水质类别 for the reading, `--` / `*` for no value. Pure: no I/O.
 */

/** The reported items of the export that are not in GB 3838 表1: echoed, never counted (W1, W5). */
export const EXPORT_REFERENCE = [
  { key: 'cond', header: '电导率', unit: 'μS/cm' },
  { key: 'turb', header: '浊度', unit: 'NTU' },
  { key: 'chla', header: '叶绿素α', unit: 'mg/L' },
  { key: 'algae', header: '藻密度', unit: 'cells/L' },
] as const;

/** The 表1 items the export carries: five counted, two reported (水温, 总氮). */
export const EXPORT_ITEMS: readonly ItemKey[] = ['temp', 'ph', 'do', 'codmn', 'nh3n', 'tp', 'tn'];

/** The export's columns (headers match after dropping the bracketed unit: `pH(无量纲)` is pH). */
export const NATIONAL_COLUMNS: readonly ColumnSpec[] = [
  { key: 'province', header: '省份', aliases: ['省', '省份名称'] },
  { key: 'basin', header: '流域', aliases: ['所属流域'] },
  { key: 'site', header: '断面名称', aliases: ['站点名称', '点位名称', '测站名称'], required: true },
  { key: 'time', header: '监测时间', aliases: ['时间', '采样时间'], required: true },
  { key: 'class', header: '水质类别', aliases: ['类别'] },
  // with their units: a column in μg/L is converted like any quality file's (io/units.ts)
  ...CONCENTRATION_COLUMNS.filter((c) => EXPORT_ITEMS.includes(c.key)),
  { key: 'cond', header: '电导率' },
  { key: 'turb', header: '浊度' },
  { key: 'chla', header: '叶绿素α', aliases: ['叶绿素a', '叶绿素'] },
  { key: 'algae', header: '藻密度' },
  { key: 'state', header: '站点情况', aliases: ['站点状态'] },
  { key: 'waterbody', header: '水体类型', aliases: ['水体'] },
];

/** A header is the national export's when it has 断面名称 and 监测时间, 省份 or 流域, and no 断面编码. */
export function isNationalExport(has: (key: string) => boolean, hasSectionCode: boolean): boolean {
  return !hasSectionCode && has('site') && has('time') && (has('province') || has('basin'));
}

/** `--`, `*` and an empty cell are no value (W5); so are the usual "not measured" marks. */
export function isNoValue(text: string): boolean {
  const t = text.normalize('NFKC').trim();
  return t === '' || /^(?:-+|—+|\*+|\/)$/.test(t) || t === '未监测' || t === '未测';
}

/**
 * 监测时间 with the year put in: `02-04 11:00`, `2-4 11:00`, `02/04 11:00`, `2月4日 11:00` (the
 * export's own), or a full `2026-02-04 11:00` (whose year is kept). Null when it cannot be read.
 */
export function readingTime(text: string, year: number): { date: string; month: string; hasYear: boolean } | null {
  const t = text.normalize('NFKC').trim();
  const full = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T]+(\d{1,2}):(\d{2})(?::\d{2})?)?$/.exec(t);
  const short = full ? null : /^(\d{1,2})[-/.月](\d{1,2})日?(?:\s+(\d{1,2}):(\d{2})(?::\d{2})?)?$/.exec(t);
  const m = full ? full.slice(1) : short ? [String(year), ...short.slice(1)] : null;
  if (!m) return null;
  const [y, mo, d, hh, mm] = [Number(m[0]), Number(m[1]), Number(m[2]), m[3], m[4]];
  const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  if (mo < 1 || mo > 12 || d < 1 || d > days[mo - 1]!) return null;
  if (hh !== undefined && (Number(hh) > 23 || Number(mm) > 59)) return null;
  const p = (n: number | string): string => String(n).padStart(2, '0');
  const month = `${y}-${p(mo)}`;
  return { date: `${month}-${p(d)}${hh !== undefined ? ` ${p(hh)}:${mm}` : ''}`, month, hasYear: Boolean(full) };
}

/** The system's class of a reading: a class, none (`--`, `*`, empty), or text that is no class. */
export function statedClass(text: string): { cls?: WaterClass; bad?: boolean } {
  if (isNoValue(text)) return {};
  const c = parseClass(text);
  return c === undefined ? { bad: true } : { cls: c };
}

/**
 * The class of ONE reading (W5): each published value compared with the 表1 limits as it stands,
 * with no W3 rounding (pH 9.34 is 劣Ⅴ, CODMn 6.05 is Ⅳ); then W2 single-factor and W4. A value
 * below a detection limit counts as half of it (W3). Reference items are left out. A reading with
 * no counted value has no class and no issue.
 */
export function classifyReading(values: Partial<Record<ItemKey, string>>, waterbody: Waterbody): Evaluation {
  const items: ItemResult[] = [];
  const issues: ConcentrationIssue[] = [];
  for (const item of EXPORT_ITEMS) {
    const text = values[item];
    if (text === undefined || isNoValue(text) || ITEMS[item].reference) continue;
    const p = parseConcentration(item, text, waterbody);
    if (p.kind === 'blank') continue;
    if (p.kind === 'invalid') {
      issues.push(...p.issues);
      continue;
    }
    if (p.issues) issues.push(...p.issues);
    const cls = itemClass(item, p.value, waterbody);
    items.push({
      item,
      name: ITEMS[item].name,
      value: text.trim(),
      cls,
      exceed: cls !== undefined && cls > 3 ? exceedance(item, p.value, waterbody) : undefined,
      samples: 1,
      nonDetects: p.nonDetect ? 1 : 0,
      reference: false,
    });
  }
  return evaluationOf(items, issues);
}

/** Where a site's limits came from (the 来源 sheet says it per site). */
type WaterbodyBasis = '水体类型列' | '--lakes 名单' | '--waterbody';

export interface SiteWaterbody {
  waterbody: Waterbody;
  basis: WaterbodyBasis;
}

/** 水体类型 as written: 河流 / 湖库 (湖泊, 水库, 湖泊水库, lake, river …); undefined when it is neither. */
export function readWaterbodyWord(text: string): Waterbody | undefined {
  const t = text.normalize('NFKC').trim().toLowerCase();
  if (/^(河流|河道|河流型|river)$/.test(t)) return 'river';
  if (/^(湖库|湖泊|水库|湖泊水库|湖泊、水库|湖泊型|水库型|lake|reservoir)$/.test(t)) return 'lake';
  return undefined;
}

/**
 * The limits each site gets: its 水体类型 where the file gives one, else lake when `--lakes` lists
 * it, else the `--waterbody` of the run.
 */
export function siteWaterbody(site: string, column: Waterbody | undefined, lakes: ReadonlySet<string> | undefined, fallback: Waterbody): SiteWaterbody {
  if (column) return { waterbody: column, basis: '水体类型列' };
  if (lakes?.has(site)) return { waterbody: 'lake', basis: '--lakes 名单' };
  return { waterbody: fallback, basis: '--waterbody' };
}
