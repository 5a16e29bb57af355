import { describe, expect, it } from 'vitest';
import { classLabel, isGood, parseClass } from '../src/domain/classes.js';

describe('class spellings (data.md quality)', () => {
  const cases: [string, number][] = [
    ['Ⅰ', 1],
    ['Ⅱ类', 2],
    ['III', 3],
    ['IV类', 4],
    ['V', 5],
    ['1', 1],
    ['5类', 5],
    ['一', 1],
    ['三类', 3],
    ['五类', 5],
    ['劣Ⅴ', 6],
    ['劣V', 6],
    ['劣5', 6],
    ['劣五', 6],
    ['劣Ⅴ类', 6],
    [' ii ', 2],
    ['Ⅳ 类', 4],
  ];
  it.each(cases)('%s → %i', (text, cls) => expect(parseClass(text)).toBe(cls));
  it.each(['Ⅵ', '6', '劣Ⅳ', '0', '', '好', 'VI', '劣'])('rejects %s', (text) => expect(parseClass(text)).toBeUndefined());
  it('labels and 优良', () => {
    expect([1, 2, 3, 4, 5, 6].map((c) => classLabel(c as 1))).toEqual(['Ⅰ', 'Ⅱ', 'Ⅲ', 'Ⅳ', 'Ⅴ', '劣Ⅴ']);
    expect(isGood(3)).toBe(true);
    expect(isGood(4)).toBe(false);
  });
});
