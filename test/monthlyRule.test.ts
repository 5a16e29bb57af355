import { describe, expect, it } from 'vitest';
import type { WaterClass } from '../src/domain/classes.js';
import { monthlyOutcome } from '../src/domain/monthlyRule.js';
import { scheme2023 } from './helpers.js';

// R1 floors and terms of the shipped 2023 scheme (100 / 200 万元/月, better pays only at Ⅲ, equal classes do not).
const V = scheme2023.versions[0]!;
const A1_FLOOR = V.floorOne;
const A2_FLOOR = V.floorTwo;
import { Money } from '../src/domain/money.js';

describe('R1 direction and amount', () => {
  // Every row of R1's table, with the floors A1 = 1,000,000 and A2 = 2,000,000 元.
  const rows: [string, WaterClass, WaterClass, string, string][] = [
    ['d = 1, m ≤ Ⅲ: downstream pays A1', 3, 2, 'downstream-pays', '1000000.00'],
    ['d = 2, m ≤ Ⅲ: downstream pays A2', 3, 1, 'downstream-pays', '2000000.00'],
    ['d = 3, m ≤ Ⅲ: still A2', 4, 1, 'downstream-pays', '2000000.00'],
    ['d = 1 into Ⅲ from Ⅳ benchmark', 4, 3, 'downstream-pays', '1000000.00'],
    ['d > 0 but m = Ⅳ: nobody', 5, 4, 'none', '0.00'],
    ['d > 0 but m = Ⅴ: nobody', 6, 5, 'none', '0.00'],
    ['d = 0: nobody', 3, 3, 'none', '0.00'],
    ['d = 0 at 劣Ⅴ: nobody', 6, 6, 'none', '0.00'],
    ['d = −1: upstream pays A1', 3, 4, 'upstream-pays', '1000000.00'],
    ['d = −2: upstream pays A2', 3, 5, 'upstream-pays', '2000000.00'],
    ['d = −3: upstream pays A2', 3, 6, 'upstream-pays', '2000000.00'],
    ['劣Ⅴ against Ⅴ is one class (rules.md Classes)', 5, 6, 'upstream-pays', '1000000.00'],
  ];
  it.each(rows)('%s', (_name, b, m, direction, amount) => {
    const out = monthlyOutcome(b, m, A1_FLOOR, A2_FLOOR, V);
    expect(out.direction).toBe(direction);
    expect(out.amount.toFixed(2)).toBe(amount);
    expect(out.diff).toBe(b - m);
  });
  it('uses the agreement amounts above the floors (R8)', () => {
    const a1 = new Money('1500000');
    const a2 = new Money('3000000');
    expect(monthlyOutcome(3, 2, a1, a2, V).amount.toFixed(2)).toBe('1500000.00');
    expect(monthlyOutcome(3, 5, a1, a2, V).amount.toFixed(2)).toBe('3000000.00');
  });
});
