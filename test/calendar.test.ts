import { describe, expect, it } from 'vitest';
import { addMonths, daysInMonth, inYearRange, isRealDate, monthEnd, monthsOfYear, nextDay, readMonth, threeYearsLater } from '../src/domain/calendar.js';

describe('the one calendar', () => {
  it('month lengths and leap years (2024 and 2000 leap, 2025 and 2100 not)', () => {
    expect([2024, 2025, 2000, 2100].map((y) => daysInMonth(y, 2))).toEqual([29, 28, 29, 28]);
    expect(monthEnd('2025-02')).toBe('2025-02-28');
    expect(monthEnd('2024-02')).toBe('2024-02-29');
    expect(monthEnd('2025-12')).toBe('2025-12-31');
    expect(isRealDate(2025, 2, 29)).toBe(false);
    expect(isRealDate(2024, 2, 29)).toBe(true);
    expect(isRealDate(2025, 4, 31)).toBe(false);
  });
  it('one set of year bounds, 1980–2100, for months read from files', () => {
    expect([1979, 1980, 2100, 2101].map(inYearRange)).toEqual([false, true, true, false]);
    expect(readMonth('1979-12')).toEqual({ error: '年份应在 1980–2100 之间' });
    expect(readMonth('2025年3月')).toEqual({ month: '2025-03' });
    expect(readMonth('2025-13')).toEqual({ error: '月份应在 01–12 之间' });
  });
  it('month and day arithmetic across year ends; the three-year term of R8', () => {
    expect(addMonths('2025-12', 1)).toBe('2026-01');
    expect(addMonths('2025-01', -1)).toBe('2024-12');
    expect(addMonths('2025-03', 12)).toBe('2026-03');
    expect(nextDay('2025-12-31')).toBe('2026-01-01');
    expect(threeYearsLater('2023-01-01')).toBe('2025-12-31');
    expect(threeYearsLater('2024-03-01')).toBe('2027-02-28');
    expect(monthsOfYear(2025)).toHaveLength(12);
    expect(monthsOfYear(2025)[11]).toBe('2025-12');
  });
});
