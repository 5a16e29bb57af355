/**
 * The one calendar: months (YYYY-MM), dates (YYYY-MM-DD), years and their bounds, for every
 * reader and rule. Plain strings, compared as text; no clock (a run's dates come from its inputs).
 */
export type Month = string;
export type IsoDate = string;

/** The years any input may name (data.md): earlier or later is a typing error, not a record. */
const YEAR_MIN = 1980;
const YEAR_MAX = 2100;
export const inYearRange = (y: number): boolean => y >= YEAR_MIN && y <= YEAR_MAX;

const pad2 = (n: number): string => String(n).padStart(2, '0');
const monthOf = (y: number, m: number): Month => `${y}-${pad2(m)}`;
export const yearOf = (m: Month): number => Number(m.slice(0, 4));
export const monthOfDate = (d: IsoDate): Month => d.slice(0, 7);

const isLeapYear = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
export const daysInMonth = (y: number, m: number): number => (m === 2 ? (isLeapYear(y) ? 29 : 28) : [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]!);
/** A day that exists (no 2025-02-30), in the years inputs may name. */
export const isRealDate = (y: number, m: number, d: number): boolean => inYearRange(y) && m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);

/**
 * 月份 as people write it (data.md: YYYY-MM): 2025-03, 2025-3, 2025/03, 2025.03, 2025年3月,
 * 202503, or the date an Excel month cell reads as (2025-03-01, the 1st only). One reading for
 * every command, so a file that passes one passes all. The error says what is wrong.
 */
export function readMonth(text: string): { month: Month } | { error: string } {
  const t = text.normalize('NFKC').trim();
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?$/.exec(t) ?? /^(\d{4})(\d{2})$/.exec(t) ?? /^(\d{4})[-/.](\d{1,2})[-/.]0?1$/.exec(t);
  if (!m) return { error: '月份应为 YYYY-MM，例如 2025-03' };
  const y = Number(m[1]);
  const mo = Number(m[2]);
  if (mo < 1 || mo > 12) return { error: '月份应在 01–12 之间' };
  if (!inYearRange(y)) return { error: `年份应在 ${YEAR_MIN}–${YEAR_MAX} 之间` };
  return { month: monthOf(y, mo) };
}

export function monthsOfYear(year: number): Month[] {
  return Array.from({ length: 12 }, (_, i) => monthOf(year, i + 1));
}

export function monthStart(m: Month): IsoDate {
  return `${m}-01`;
}

export function monthEnd(m: Month): IsoDate {
  const [y, mo] = m.split('-').map(Number) as [number, number];
  return `${m}-${pad2(daysInMonth(y, mo))}`;
}

export function addMonths(m: Month, n: number): Month {
  const [y, mo] = m.split('-').map(Number) as [number, number];
  const i = y * 12 + (mo - 1) + n;
  return monthOf(Math.floor(i / 12), (i % 12) + 1);
}

export function nextDay(d: IsoDate): IsoDate {
  const t = new Date(`${d}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + 1);
  return t.toISOString().slice(0, 10);
}

/** The last day of a three-year term that starts on `from` (R8: agreements run at least three years). */
export function threeYearsLater(from: IsoDate): IsoDate {
  const [y, m, dd] = from.split('-').map(Number) as [number, number, number];
  const d = new Date(Date.UTC(y + 3, m - 1, dd));
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}
