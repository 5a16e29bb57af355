import { Exact } from '../domain/decimal.js';

/**
 * Units in headers are data (data.md "Units"). Every money and measure column has an expected
 * unit; a unit written in the header (`一类标准（元/月）`), over it in a two-row header
 * (`浓度（mg/L）`) or on a unit line (`单位：万元`) must be that unit or a known other unit of the
 * same kind, which is converted exactly; any other unit is an error.
 */
export interface UnitDef {
  /** How the unit is shown in messages and on the 来源 sheet. */
  label: string;
  /** Units convert only within one kind. */
  kind: UnitKind;
  /** Size in the kind's base unit (the first unit of the kind below), as an exact decimal. */
  factor: string;
  spellings: readonly string[];
}

type UnitKind = 'money' | 'money/month' | 'money/year' | 'concentration' | 'area' | 'length' | 'percent' | 'unitless' | 'temperature' | 'coliform' | 'count';

const DEFS: readonly UnitDef[] = [
  { label: '元', kind: 'money', factor: '1', spellings: ['元', '人民币元'] },
  { label: '万元', kind: 'money', factor: '10000', spellings: ['万元', '万'] },
  { label: '元/月', kind: 'money/month', factor: '1', spellings: ['元/月', '元每月'] },
  { label: '万元/月', kind: 'money/month', factor: '10000', spellings: ['万元/月', '万元每月'] },
  { label: '元/年', kind: 'money/year', factor: '1', spellings: ['元/年', '元每年'] },
  { label: '万元/年', kind: 'money/year', factor: '10000', spellings: ['万元/年', '万元每年'] },
  { label: 'mg/L', kind: 'concentration', factor: '1', spellings: ['mg/L', '毫克/升', 'mg/dm3'] },
  { label: 'μg/L', kind: 'concentration', factor: '0.001', spellings: ['μg/L', 'µg/L', 'ug/L', '微克/升'] },
  { label: 'km²', kind: 'area', factor: '1', spellings: ['km²', 'km2', 'km^2', '平方公里', '平方千米'] },
  { label: '公顷', kind: 'area', factor: '0.01', spellings: ['公顷', 'hm²', 'hm2', 'ha'] },
  { label: 'km', kind: 'length', factor: '1', spellings: ['km', '公里', '千米'] },
  { label: 'm', kind: 'length', factor: '0.001', spellings: ['m', '米'] },
  { label: '%', kind: 'percent', factor: '1', spellings: ['%', '百分比', '百分数'] },
  { label: '无量纲', kind: 'unitless', factor: '1', spellings: ['无量纲', '无单位', '无'] },
  { label: '℃', kind: 'temperature', factor: '1', spellings: ['℃', '°C', '摄氏度'] },
  { label: '个/L', kind: 'coliform', factor: '1', spellings: ['个/L', 'MPN/L', 'CFU/L'] },
  { label: '条', kind: 'count', factor: '1', spellings: ['条', '个', '处'] },
];

/** Unit text as compared: NFKC (full-width, ², µ, ℃ folded), no spaces, lower case. */
function normalizeUnit(text: string): string {
  return text.normalize('NFKC').replace(/\s+/g, '').toLowerCase();
}

const BY_SPELLING = new Map<string, UnitDef>();
const BY_LABEL = new Map<string, UnitDef>();
for (const d of DEFS) {
  BY_LABEL.set(d.label, d);
  for (const s of [d.label, ...d.spellings]) BY_SPELLING.set(normalizeUnit(s), d);
}

/** The unit a text names, or undefined. */
export function findUnit(text: string): UnitDef | undefined {
  return BY_SPELLING.get(normalizeUnit(text));
}

/** The unit of a column spec (by label, e.g. 万元/月). Throws on a label that is not defined: a programming error. */
export function unitOf(label: string): UnitDef {
  const u = BY_LABEL.get(label);
  if (!u) throw new Error(`unit not defined: ${label}`);
  return u;
}

/** The other units a column in `expected` accepts, for messages. */
export function acceptedUnits(expected: UnitDef): string[] {
  return DEFS.filter((d) => d.kind === expected.kind).map((d) => d.label);
}

/**
 * How a value in `found` becomes a value in `expected`: `same` (nothing to do), a factor, or
 * `mismatch` (another kind of quantity). Reading: a plain money unit on a monthly or yearly
 * column (`一类标准（元）`, `单位：万元` over 替代价值) means money in the column's period.
 */
export type Conversion = { kind: 'same' } | { kind: 'factor'; factor: string } | { kind: 'mismatch' };

export function conversion(found: UnitDef, expected: UnitDef): Conversion {
  const samePeriod = found.kind === 'money' && (expected.kind === 'money/month' || expected.kind === 'money/year');
  if (found.kind !== expected.kind && !samePeriod) return { kind: 'mismatch' };
  if (found.factor === expected.factor) return { kind: 'same' };
  return { kind: 'factor', factor: new Exact(found.factor).dividedBy(expected.factor).toFixed() };
}

/** The unit `found` read as in `expected`'s period (元 on a monthly column is 元/月), for messages. */
export function inPeriodOf(found: UnitDef, expected: UnitDef): string {
  if (found.kind === 'money' && expected.kind === 'money/month') return `${found.label}/月`;
  if (found.kind === 'money' && expected.kind === 'money/year') return `${found.label}/年`;
  return found.label;
}

// A number as written in a cell, with what may stand around it: a detection-limit mark
// (`<0.01`, `＜0.01`, `0.01L`) and thousands separators.
const NUMBER = /^([<＜≤]?)\s*([-+]?(?:\d+(?:\.\d*)?|\.\d+))\s*([lL]?)$/;

/**
 * A cell converted by `factor`, exactly: `1500000` 元/月 → `150` 万元/月, `<5` μg/L → `<0.005`,
 * `0.5L` → `0.0005L`. Text that is not a number is returned as it is, for the column's own
 * parser to report.
 */
export function convertCell(text: string, factor: Exact | string): string {
  if (text === '') return text;
  const m = NUMBER.exec(text.normalize('NFKC').replace(/,/g, '').trim());
  if (!m) return text;
  const v = new Exact(m[2]!).times(factor);
  return `${m[1]}${v.toFixed()}${m[3] ? 'L' : ''}`;
}

/** A factor parsed once, for converting many cells of a column. */
export function exactFactor(factor: string): Exact {
  return new Exact(factor);
}

/** Whether a converted value is outside [min, max] (both in the column's unit, either optional). */
export function outside(text: string, range: { min?: string | undefined; max?: string | undefined }): 'below' | 'above' | undefined {
  const m = NUMBER.exec(text.normalize('NFKC').replace(/,/g, '').trim());
  if (!m || m[1] || m[3]) return undefined;
  const v = new Exact(m[2]!);
  if (range.min !== undefined && v.lessThan(range.min)) return 'below';
  if (range.max !== undefined && v.greaterThan(range.max)) return 'above';
  return undefined;
}
