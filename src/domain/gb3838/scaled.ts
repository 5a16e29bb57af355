import type { WaterClass } from '../classes.js';
import { ITEMS, PH_RANGE, limitsFor, type ItemKey, type Waterbody } from './limits.js';

/**
 * The speed path of the monthly figures: a mean held as a scaled integer q (the value q × 10^−d)
 * is rounded, classed and given its 超标倍数 in integer arithmetic, with no decimal object. Each
 * function gives exactly what the decimal reference gives (decimal.ts, classing.ts; property-tested
 * in test/gb3838Scaled.test.ts), or undefined where doubles could not hold the integers exactly;
 * the caller then takes the reference.
 */

/** Integers up to here, and sums and products of two of them, are exact in doubles. */
const EXACT = 2 ** 52;
const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i); // exact up to 10^22

/** num / den rounded half to even, for non-negative integers num, den ≤ 2^52 (den > 0). */
export function halfEvenQuotient(num: number, den: number): number {
  let q = Math.floor(num / den);
  let r = num - q * den;
  if (r < 0) {
    q--;
    r += den;
  } else if (r >= den) {
    q++;
    r -= den;
  }
  if (2 * r > den || (2 * r === den && q % 2 === 1)) q++;
  return q;
}

/**
 * The mean of n values summing to sum × 10^−d, rounded half to even to `decimals` places (W3),
 * as the integer q of q × 10^−decimals. Undefined when the integers leave the exact range.
 */
export function scaledMean(sum: number, d: number, n: number, decimals: number): number | undefined {
  let num = sum;
  let den = n;
  if (decimals >= d) num = sum * (POW10[decimals - d] ?? Infinity);
  else den = n * (POW10[d - decimals] ?? Infinity);
  if (num > EXACT || den > EXACT || n === 0) return undefined;
  return halfEvenQuotient(num, den);
}

/** q × 10^−decimals as fixed-point text with exactly `decimals` places (q a non-negative integer ≤ 2^52). */
export function scaledText(q: number, decimals: number): string {
  const digits = String(q);
  if (decimals === 0) return digits;
  const padded = digits.length > decimals ? digits : digits.padStart(decimals + 1, '0');
  return `${padded.slice(0, -decimals)}.${padded.slice(-decimals)}`;
}

/** The limits of an item in units of 10^−decimals, or null when one is not a whole number of them. */
const limitCache = new Map<ItemKey, (readonly number[] | null | undefined)[]>();
function scaledLimits(item: ItemKey, waterbody: Waterbody, decimals: number): readonly number[] | null {
  // Per item, by water body and decimals: asked once per item of every section-month, so no key string is built.
  let byKey = limitCache.get(item);
  if (!byKey) limitCache.set(item, (byKey = []));
  const key = decimals * 2 + (waterbody === 'lake' ? 1 : 0);
  let v = byKey[key];
  if (v === undefined) {
    const limits = item === 'ph' ? [PH_RANGE.min, PH_RANGE.max] : limitsFor(item, waterbody);
    const units = limits?.map((l) => unitsOf(l, decimals));
    v = units?.every((x) => x !== undefined) ? (units as number[]) : null;
    byKey[key] = v;
  }
  return v;
}

/** A plain decimal text in units of 10^−decimals, when it is a whole number of them. */
function unitsOf(text: string, decimals: number): number | undefined {
  const [int = '', frac = ''] = text.split('.');
  if (frac.length > decimals) return undefined;
  return Number(int + frac.padEnd(decimals, '0'));
}

/**
 * The class of a counted item whose value is q × 10^−decimals, as itemClass gives it (W2); null
 * when the limits are not whole units at these decimals. Undefined for reference items.
 */
export function scaledClass(item: ItemKey, q: number, decimals: number, waterbody: Waterbody): WaterClass | undefined | null {
  const def = ITEMS[item];
  if (def.reference) return undefined;
  const limits = scaledLimits(item, waterbody, decimals);
  if (!limits) return null;
  if (def.kind === 'range') return q >= limits[0]! && q <= limits[1]! ? 1 : 6;
  for (let c = 0; c < 5; c++) {
    if (def.kind === 'min' ? q >= limits[c]! : q <= limits[c]!) return (c + 1) as WaterClass;
  }
  return 6;
}

/**
 * 超标倍数 (W4) of an item whose value is q × 10^−decimals, as exceedance gives it: (C − Ⅲ) / Ⅲ
 * to two decimals, half to even. Undefined when there is none (pH, 溶解氧, meets Ⅲ); null when
 * the integers leave the exact range or the limit is not whole units.
 */
export function scaledExceedance(item: ItemKey, q: number, decimals: number, waterbody: Waterbody): string | undefined | null {
  const def = ITEMS[item];
  if (def.reference || def.kind !== 'max') return undefined;
  const limits = scaledLimits(item, waterbody, decimals);
  if (!limits) return null;
  const third = limits[2]!;
  if (q <= third) return undefined;
  const num = (q - third) * 100;
  if (num > EXACT || third === 0) return null;
  return scaledText(halfEvenQuotient(num, third), 2);
}
