import { Conc } from '../decimal.js';

/**
 * Concentrations as exact decimals (W3: never binary floating point). A private constructor so
 * nothing else in the process can change its precision or rounding. 60 significant digits keep
 * sums and the pH logarithms far beyond the 5 decimals any item is rounded to.
 */
export { Conc } from '../decimal.js';

export const ZERO: Conc = new Conc(0);
export const TEN: Conc = new Conc(10);

/** Round half to even (GB/T 8170) to `decimals` places. */
export function roundHalfEven(x: Conc, decimals: number): Conc {
  return x.toDecimalPlaces(decimals, Conc.ROUND_HALF_EVEN);
}

/**
 * total / n rounded half to even to `decimals` places, exactly: the quotient is found in
 * integers, so a non-terminating mean is never first cut to some precision and then rounded again.
 */
export function meanHalfEven(total: Conc, n: number, decimals: number): Conc {
  const scaled = total.times(TEN.pow(decimals));
  const count = new Conc(n);
  const q = scaled.divToInt(count); // truncated toward zero
  const rem = scaled.minus(q.times(count)).abs().times(2);
  let r = q;
  const cmp = rem.comparedTo(count);
  const away = scaled.isNegative() ? -1 : 1;
  if (cmp > 0 || (cmp === 0 && !q.mod(2).isZero())) r = q.plus(away);
  return r.dividedBy(TEN.pow(decimals));
}

/** Fixed-point text with exactly `decimals` places. */
export function fixed(x: Conc, decimals: number): string {
  return x.toFixed(decimals, Conc.ROUND_HALF_EVEN);
}
