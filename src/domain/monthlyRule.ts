import { classLabel, type WaterClass } from './classes.js';
import { Money, ZERO } from './money.js';

/** R1: floors, 元 per month. */
export const A1_FLOOR = new Money('1000000');
export const A2_FLOOR = new Money('2000000');

export type Direction = 'downstream-pays' | 'upstream-pays' | 'none';

export interface MonthlyOutcome {
  /** d = b − m; positive when the water is better than the benchmark. */
  diff: number;
  direction: Direction;
  amount: Money;
  reason: string;
}

/**
 * R1 for one compensation section and month: benchmark class b, measured class m, and the
 * amounts A1/A2 in force (the floors unless the river's agreement sets higher ones, R8).
 */
export function monthlyOutcome(b: WaterClass, m: WaterClass, a1: Money, a2: Money): MonthlyOutcome {
  const diff = b - m;
  const words = `实测${classLabel(m)}类，基准${classLabel(b)}类`;
  if (diff > 0 && m <= 3) {
    return { diff, direction: 'downstream-pays', amount: diff === 1 ? a1 : a2, reason: `${words}，优于基准${diff}个类别，下游补偿上游` };
  }
  if (diff > 0) {
    return { diff, direction: 'none', amount: ZERO, reason: `${words}，优于基准但未达优良（Ⅲ类），不补偿` };
  }
  if (diff === 0) return { diff, direction: 'none', amount: ZERO, reason: `${words}，与基准持平，不补偿` };
  return { diff, direction: 'upstream-pays', amount: diff === -1 ? a1 : a2, reason: `${words}，劣于基准${-diff}个类别，上游补偿下游` };
}
