import type { Dec } from './num.js';
import { ZERO } from './num.js';
import type { YearSummary } from './types.js';

/** now − before when both are known: a rate's change in percentage points (S5). */
export const change = (now: Dec | undefined, before: Dec | undefined): Dec | undefined => (now && before ? now.minus(before) : undefined);

export interface YearToDate extends YearSummary {
  treatedToDate: Dec;
  keyTreatedToDate: Dec;
  ecoCleanToDate: Dec;
}

/** Each year's treated areas and clean catchments with their running totals since the first year listed. */
export function runningTotals(years: readonly YearSummary[]): YearToDate[] {
  let t = ZERO;
  let k = ZERO;
  let e = ZERO;
  return years.map((s) => {
    t = t.plus(s.treatedKm2);
    k = k.plus(s.keyTreatedKm2);
    e = e.plus(s.ecoClean);
    return { ...s, treatedToDate: t, keyTreatedToDate: k, ecoCleanToDate: e };
  });
}
