import { classLabel, type WaterClass } from './classes.js';
import { type Money, ZERO } from './money.js';

type Direction = 'downstream-pays' | 'upstream-pays' | 'none';

export interface MonthlyOutcome {
  /** d = b − m; positive when the water is better than the benchmark. */
  diff: number;
  direction: Direction;
  amount: Money;
  reason: string;
}

/** The parts of R1 a scheme version sets besides the amounts (schemes.md). */
export interface ClassTerms {
  /** Better water pays only when the measured class is at least this good; undefined: always. */
  betterNeedsAtLeast?: WaterClass | undefined;
  /** A month at the benchmark class pays A1, downstream to upstream. */
  equalPays: boolean;
}

/**
 * R1 for one compensation section and month: benchmark class b, measured class m, the amounts
 * A1/A2 in force (the version's floors unless the river's agreement sets higher ones, R8) and the
 * version's terms (the 2023 scheme: better pays only at Ⅲ or better; equal classes do not pay).
 */
export function monthlyOutcome(b: WaterClass, m: WaterClass, a1: Money, a2: Money, terms: ClassTerms): MonthlyOutcome {
  const diff = b - m;
  const words = `实测${classLabel(m)}类，基准${classLabel(b)}类`;
  const need = terms.betterNeedsAtLeast;
  if (diff > 0 && (need === undefined || m <= need)) {
    return { diff, direction: 'downstream-pays', amount: diff === 1 ? a1 : a2, reason: `${words}，优于基准${diff}个类别，下游补偿上游` };
  }
  if (diff > 0) {
    return { diff, direction: 'none', amount: ZERO, reason: `${words}，优于基准但未达${need === 3 ? '优良（Ⅲ类）' : `${classLabel(need!)}类`}，不补偿` };
  }
  if (diff === 0) {
    if (terms.equalPays) return { diff, direction: 'downstream-pays', amount: a1, reason: `${words}，达到基准，下游补偿上游` };
    return { diff, direction: 'none', amount: ZERO, reason: `${words}，与基准持平，不补偿` };
  }
  return { diff, direction: 'upstream-pays', amount: diff === -1 ? a1 : a2, reason: `${words}，劣于基准${-diff}个类别，上游补偿下游` };
}
