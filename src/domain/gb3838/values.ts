import { Conc } from './decimal.js';
import type { ProblemCode } from '../problemCodes.js';
import { DO_MAX, ITEMS, PH_BOUNDS, TEMP_BOUNDS, limitsFor, type ItemKey, type Waterbody } from './limits.js';

/** One problem with one concentration value. The caller adds file, row and column. */
export interface ConcentrationIssue {
  item: ItemKey;
  severity: 'error' | 'warning';
  code: ProblemCode;
  message: string;
  rule: 'W1' | 'W2' | 'W3';
  value: string;
}

/** A value as read: blank (not measured), a number, or half a detection limit (W3). */
export type ParsedValue =
  | { kind: 'blank' }
  | { kind: 'value'; value: Conc; nonDetect: boolean; issues?: readonly ConcentrationIssue[] }
  | { kind: 'invalid'; issues: readonly ConcentrationIssue[] };

const BLANK: ParsedValue = { kind: 'blank' };

/** Written for "not measured" besides an empty cell. */
const NOT_MEASURED = new Set(['', '/', '-', '--', '—', '——', '未监测', '未测']);
const NUMBER = /^\+?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?$/i;

/**
 * Parse a concentration as written in a results file: `0.52`, `5E-05` (Excel), `<0.01` or
 * `0.01L` (below the detection limit: counts as half the limit, W3). Checks the impossible
 * values (negative, pH outside 0–14, DO above 20 mg/L) and a detection limit above the Ⅲ limit.
 */
export function parseConcentration(item: ItemKey, raw: string, waterbody: Waterbody): ParsedValue {
  const text = raw.normalize('NFKC').replace(/\s+/g, '');
  if (NOT_MEASURED.has(text)) return BLANK;
  const def = ITEMS[item];
  const bad = (code: ProblemCode, message: string, rule: ConcentrationIssue['rule'] = 'W1'): ParsedValue => ({
    kind: 'invalid',
    issues: [{ item, severity: 'error', code, message, rule, value: raw }],
  });
  let body = text;
  let nonDetect = false;
  if (body.startsWith('<')) {
    nonDetect = true;
    body = body.slice(1);
  } else if (/[lL]$/.test(body)) {
    nonDetect = true;
    body = body.slice(0, -1);
  }
  if (body.startsWith('-') && NUMBER.test(body.slice(1)) && !nonDetect) {
    return bad('E_CONC_NEGATIVE', `${def.name}不能为负数`);
  }
  if (!NUMBER.test(body)) {
    if (/^(nd|未检出|检出限以下|<dl)$/i.test(text)) {
      return bad('E_CONC_ND_NO_LIMIT', `${def.name}写作「${raw}」时需注明检出限，例如 <0.01 或 0.01L`, 'W3');
    }
    return bad('E_CONC_NOT_NUMBER', `${def.name}不是数值；低于检出限写作 <0.01 或 0.01L，未监测的项目请留空`);
  }
  const number = new Conc(body);
  if (nonDetect) {
    if (item === 'ph' || item === 'temp') return bad('E_CONC_ND_NOT_ALLOWED', `${def.name}没有检出限，不能写作低于检出限`, 'W3');
    if (number.isZero()) return bad('E_CONC_ND_ZERO', `检出限不能为 0`, 'W3');
  }
  if (item === 'ph' && (number.lt(PH_BOUNDS.min) || number.gt(PH_BOUNDS.max))) {
    return bad('E_PH_RANGE', `pH 应在 0–14 之间`);
  }
  if (item === 'do' && number.gt(DO_MAX)) {
    return bad('E_DO_IMPOSSIBLE', `溶解氧 ${body} mg/L 远高于饱和溶解氧（约 14.6 mg/L，0 ℃），超过 ${DO_MAX} mg/L 视为录入错误`);
  }
  if (item === 'temp' && (number.lt(TEMP_BOUNDS.min) || number.gt(TEMP_BOUNDS.max))) {
    return bad('E_TEMP_RANGE', `水温应在 ${TEMP_BOUNDS.min}–${TEMP_BOUNDS.max} ℃ 之间`);
  }
  if (!nonDetect) return { kind: 'value', value: number, nonDetect: false };
  const half = number.dividedBy(2);
  const limits = limitsFor(item, waterbody);
  const third = limits?.[2];
  if (third !== undefined && number.gt(third)) {
    return {
      kind: 'value',
      value: half,
      nonDetect: true,
      issues: [
        {
          item,
          severity: 'warning',
          code: 'W_DL_ABOVE_III',
          message: `${def.name}检出限 ${body} ${def.unit} 高于Ⅲ类限值 ${third} ${def.unit}，按半检出限计，结果不能说明是否达标`,
          rule: 'W3',
          value: raw,
        },
      ],
    };
  }
  return { kind: 'value', value: half, nonDetect: true };
}
