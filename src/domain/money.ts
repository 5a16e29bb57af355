import { Money } from './decimal.js';

/**
 * All money in 元 as exact decimals. A private Decimal constructor so nothing else
 * in the process can change its precision or rounding; built only from strings.
 * Rounding happens only where the rules name it (R10 penalty: half-up to the fen).
 */
export { Money } from './decimal.js';

export const ZERO: Money = new Money('0');
const YUAN_PER_WAN: Money = new Money('10000');

/** Parse a decimal string in 元. Throws on anything that is not a plain decimal. */
export function yuan(text: string): Money {
  const t = text.trim();
  if (!/^[-+]?\d+(\.\d+)?$/.test(t)) throw new Error(`不是金额: ${text}`);
  return new Money(t);
}

/** 万元 → 元, exactly. */
export function wanToYuan(wan: Money): Money {
  return wan.times(YUAN_PER_WAN);
}

export function yuanToWan(y: Money): Money {
  return y.dividedBy(YUAN_PER_WAN);
}

/** `1000000.00`: two decimals, no separators (outputs.md). */
export function fmtYuan(m: Money): string {
  return m.toFixed(2, Money.ROUND_HALF_UP);
}

/** 万元 with four decimals so no fen is lost (1234.5678 万元 = 12345678 元). */
export function fmtWan(m: Money): string {
  return yuanToWan(m).toFixed(4, Money.ROUND_HALF_UP);
}

/** Round half-up to the fen (R10, "Money"). */
export function toFen(m: Money): Money {
  return m.toDecimalPlaces(2, Money.ROUND_HALF_UP);
}

export function sum(values: Iterable<Money>): Money {
  let total = ZERO;
  for (const v of values) total = total.plus(v);
  return total;
}

/** A rate as a percentage for headers and text: 0.10 → 10%, 0.005 → 0.5%. */
export function fmtPercent(rate: Money): string {
  return `${rate.times(100).toString()}%`;
}

/** |value| as a percentage of the largest |value| of the list, to 0.1 (a bar's length; 0 when all are zero). */
export function sharesOfLargest(values: readonly Money[]): number[] {
  const max = values.reduce((m, v) => (v.abs().gt(m) ? v.abs() : m), ZERO);
  return values.map((v) => (max.isZero() ? 0 : Number(v.abs().div(max).times(100).toFixed(1))));
}
