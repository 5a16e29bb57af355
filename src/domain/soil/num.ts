import { Rate } from '../decimal.js';

/**
 * Rates (%) and areas (km²) as exact decimals, through a private Decimal constructor so no other
 * module can change its precision or rounding (same pattern as money.ts). Built only from strings.
 *
 * Rounding happens only for display and at one named point:
 * - a rate computed from areas (S1) is rounded half-up to 0.01 percentage points, the precision
 *   the plan publishes rates at (附表1 微度占比, 附表2), before it is compared with anything;
 * - display: rates, areas and area-weighted averages to 2 decimals, progress (S2) to 1 decimal,
 *   all half-up. Statuses (S3) compare exact values, never the rounded ones.
 */
export const Dec = Rate;
export type Dec = Rate;

export const ZERO: Dec = new Dec('0');
export const HUNDRED: Dec = new Dec('100');

/** Exactly the decimal written, e.g. `dec('63.50')`. Throws on anything else (for shipped tables). */
export function dec(text: string): Dec {
  const d = parseDecimal(text);
  if (d === undefined) throw new Error(`不是数值：${text}`);
  return d;
}

/**
 * A number as clerks write it: full-width digits, thousands separators (`1,234.5`), a trailing
 * `%` on rates. Returns undefined for anything that is not a plain decimal.
 */
export function parseDecimal(text: string): Dec | undefined {
  let t = text.normalize('NFKC').trim().replace(/\s+/g, '');
  if (t.endsWith('%')) t = t.slice(0, -1);
  if (/^[-+]?\d{1,3}(,\d{3})+(\.\d+)?$/.test(t)) t = t.replace(/,/g, '');
  if (!/^[-+]?(\d+(\.\d*)?|\.\d+)$/.test(t)) return undefined;
  return new Dec(t);
}

/** A four-digit year, optionally followed by 年. */
export function parseYearText(text: string): number | undefined {
  const m = /^(\d{4})年?$/.exec(text.normalize('NFKC').trim());
  return m ? Number(m[1]) : undefined;
}

export function sum(values: Iterable<Dec>): Dec {
  let total = ZERO;
  for (const v of values) total = total.plus(v);
  return total;
}

/** Display text with `places` decimals, half-up: `fmt(dec('63.5'), 2)` → `63.50`. */
export function fmt(d: Dec, places: number): string {
  return d.toFixed(places, Dec.ROUND_HALF_UP);
}

/** The rounded value as a JS number, only for handing to a spreadsheet or CSV cell. */
export function cellNumber(d: Dec, places: number): number {
  return Number(fmt(d, places));
}

export function round(d: Dec, places: number): Dec {
  return d.toDecimalPlaces(places, Dec.ROUND_HALF_UP);
}
