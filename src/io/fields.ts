import { parseClass, type WaterClass } from '../domain/classes.js';
import { FUND, resolveParty } from '../domain/districts.js';
import { Money } from '../domain/money.js';
import { readMonth, type IsoDate, type Month } from '../domain/types.js';

/**
 * Cell parsers: text in, a value or a Chinese reason out. The zod schemas in schemas.ts wrap
 * these so that every failure becomes a located problem.
 */
export type Parsed<T> = { ok: true; value: T; note?: string } | { ok: false; error: string; suggestion?: string };

const ok = <T>(value: T, note?: string): Parsed<T> => (note ? { ok: true, value, note } : { ok: true, value });
const bad = (error: string): Parsed<never> => ({ ok: false, error });

function parseDecimalText(text: string): string | undefined {
  const t = text.normalize('NFKC').replace(/,/g, '').trim();
  return /^[-+]?(\d+(\.\d*)?|\.\d+)$/.test(t) ? t.replace(/^\+/, '') : undefined;
}

export function decimalField(text: string, opts: { min?: string; gt?: string; what: string }): Parsed<Money> {
  const t = parseDecimalText(text);
  if (t === undefined) return bad(`${opts.what}应为数字`);
  const v = new Money(t);
  if (opts.gt !== undefined && !v.greaterThan(opts.gt)) return bad(`${opts.what}应大于 ${opts.gt}`);
  if (opts.min !== undefined && v.lessThan(opts.min)) return bad(`${opts.what}不能小于 ${opts.min}`);
  return ok(v);
}

export function yearField(text: string): Parsed<number> {
  const t = text.normalize('NFKC').replace(/年$/, '').trim();
  if (!/^\d{4}$/.test(t)) return bad('年度应为四位年份，例如 2025');
  return ok(Number(t));
}

export function dateField(text: string): Parsed<IsoDate> {
  const t = text.normalize('NFKC').trim();
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:\s+00:00(?::00)?)?$/.exec(t) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(t);
  if (!m) return bad('日期应为 YYYY-MM-DD');
  const iso = `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
  const d = new Date(`${iso}T00:00:00Z`);
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== iso) return bad('不是有效日期');
  return ok(iso);
}

export function monthField(text: string): Parsed<Month> {
  const r = readMonth(text);
  return 'month' in r ? ok(r.month) : bad(r.error);
}

export function classField(text: string): Parsed<WaterClass> {
  const c = parseClass(text);
  return c === undefined ? bad('水质类别写法无法识别（可写 Ⅰ…Ⅴ、I…V、1…5、一…五，可带“类”；劣Ⅴ）') : ok(c);
}

export function enumField<T extends string>(text: string, values: readonly T[], what: string, aliases: Record<string, T> = {}): Parsed<T> {
  const t = text.normalize('NFKC').trim();
  if ((values as readonly string[]).includes(t)) return ok(t as T);
  const a = aliases[t] ?? aliases[t.toLowerCase()];
  if (a) return ok(a);
  return bad(`${what}应为 ${values.join(' / ')} 之一`);
}

/** A payment's payer or payee may also be the river compensation fund (R8, R10). */
export function paymentPartyField(text: string): Parsed<string> {
  const t = text.normalize('NFKC').replace(/\s+/g, '');
  if (t === FUND || t === '补偿基金' || t === '流域补偿基金账户') return ok(FUND);
  return partyField(text);
}

export function partyField(text: string): Parsed<string> {
  const r = resolveParty(text);
  if (r.ok) return ok(r.name, r.isAlias ? `「${text}」按「${r.name}」处理` : undefined);
  return {
    ok: false,
    error: `未知的区县「${text}」${r.suggestion ? `，是否为「${r.suggestion}」？` : ''}`,
    ...(r.suggestion ? { suggestion: r.suggestion } : {}),
  };
}

export function textField(text: string, what: string, required: boolean): Parsed<string> {
  const t = text.trim();
  if (required && t === '') return bad(`${what}不能为空`);
  return ok(t);
}
