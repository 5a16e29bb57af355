import { Dec, HUNDRED, ZERO, round, sum } from './num.js';

/** S3 statuses of a district, region or the city. */
export type Status = '已达标' | '进度正常' | '滞后' | '倒退';

/** S1: given both a rate and areas, they must agree to this many percentage points. */
const AGREEMENT_PP = new Dec('0.01');

/** S1: (land − erosion) / land × 100, exact. Erosion counts every grade from 轻度 up. */
export function rateFromAreas(landKm2: Dec, erosionKm2: Dec): Dec {
  return landKm2.minus(erosionKm2).dividedBy(landKm2).times(HUNDRED);
}

/** S1 rate as a district reports it: rounded half-up to 0.01 pp, as the plan prints rates. */
export function reportedRateFromAreas(landKm2: Dec, erosionKm2: Dec): Dec {
  return round(rateFromAreas(landKm2, erosionKm2), 2);
}

/** S1 agreement: |given − exact rate from areas| ≤ 0.01 pp. */
export function ratesAgree(given: Dec, landKm2: Dec, erosionKm2: Dec): boolean {
  return given.minus(rateFromAreas(landKm2, erosionKm2)).abs().lte(AGREEMENT_PP);
}

/** A straight path from (baseYear, base) to (targetYear, target). */
export interface TargetPath {
  baseYear: number;
  base: Dec;
  targetYear: number;
  target: Dec;
}

/**
 * S3's straight line at `year`. Before the base year it is the base; after the target year it
 * stays at the target (a year past the plan is judged against the plan's target).
 */
export function expectedOnLine(p: TargetPath, year: number): Dec {
  if (year <= p.baseYear) return p.base;
  if (year >= p.targetYear) return p.target;
  return p.base.plus(
    p.target
      .minus(p.base)
      .times(year - p.baseYear)
      .dividedBy(p.targetYear - p.baseYear),
  );
}

/**
 * S2: (actual − base) / (target − base) × 100. Above 100 past the target, negative below the
 * base. Where target = base the path has no length: 100 when actual ≥ target, else 0 (the status,
 * 倒退, says the rest).
 */
export function progressPct(p: TargetPath, actual: Dec): Dec {
  const span = p.target.minus(p.base);
  if (span.isZero()) return actual.gte(p.target) ? HUNDRED : ZERO;
  return actual.minus(p.base).dividedBy(span).times(HUNDRED);
}

/**
 * S3. 已达标 comes first: a value at or above the target is met even when it fell from the year
 * before (the fall is still a row on the data-problems sheet, S6). Below the target, a value
 * below the base or below the previous reported year is 倒退; otherwise the straight line decides.
 */
export function statusOf(p: TargetPath, year: number, actual: Dec, previous?: Dec): Status {
  if (actual.gte(p.target)) return '已达标';
  if (actual.lt(p.base)) return '倒退';
  if (previous !== undefined && actual.lt(previous)) return '倒退';
  return actual.gte(expectedOnLine(p, year)) ? '进度正常' : '滞后';
}

/** S4: Σ(value × weight) / Σ weight; undefined for no weight. */
export function weightedMean(items: readonly { value: Dec; weight: Dec }[]): Dec | undefined {
  const w = sum(items.map((i) => i.weight));
  if (w.isZero()) return undefined;
  return sum(items.map((i) => i.value.times(i.weight))).dividedBy(w);
}
