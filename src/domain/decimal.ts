// The named export: in Node's ESM build the default export has no `.Decimal` property.
import { Decimal } from 'decimal.js';

/**
 * The one decimal module: every exact-decimal kind the tool computes with, each a private
 * Decimal constructor so no other code in the process can change its precision or rounding.
 * Nothing here is ever built from a JS number that is not an integer; values come from text.
 */

/** Money in 元 (money.ts). Rounding only where a rule names it (R10 penalty: half-up to the fen). */
export const Money = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });
export type Money = InstanceType<typeof Money>;

/** Soil rates (%) and areas (km², soil/num.ts): half-up where S1/S2 round for display. */
export const Rate = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });
export type Rate = InstanceType<typeof Rate>;

/**
 * Concentrations (W3: never binary floating point, gb3838/decimal.ts); half-even as GB 3838 rounds.
 * 60 significant digits keep sums and the pH logarithms far beyond the 5 decimals any item is rounded to.
 */
export const Conc = Decimal.clone({ precision: 60, rounding: Decimal.ROUND_HALF_EVEN, toExpNeg: -30, toExpPos: 40 });
export type Conc = InstanceType<typeof Conc>;

/** Unit conversion factors (万元 → 元, μg/L → mg/L; io/units.ts): exact, never rounded. */
export const Exact = Decimal.clone({ precision: 40 });
export type Exact = InstanceType<typeof Exact>;
