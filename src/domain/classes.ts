/**
 * Water-quality classes Ⅰ < Ⅱ < Ⅲ < Ⅳ < Ⅴ < 劣Ⅴ, numbered 1…6 (rules.md "Classes").
 */
export type WaterClass = 1 | 2 | 3 | 4 | 5 | 6;

const CLASS_LABELS: Record<WaterClass, string> = {
  1: 'Ⅰ',
  2: 'Ⅱ',
  3: 'Ⅲ',
  4: 'Ⅳ',
  5: 'Ⅴ',
  6: '劣Ⅴ',
};

export function classLabel(c: WaterClass): string {
  return CLASS_LABELS[c];
}

/** 优良: Ⅰ–Ⅲ. */
export function isGood(c: WaterClass): boolean {
  return c <= 3;
}

const DIGITS: Record<string, WaterClass> = {
  Ⅰ: 1,
  Ⅱ: 2,
  Ⅲ: 3,
  Ⅳ: 4,
  Ⅴ: 5,
  I: 1,
  II: 2,
  III: 3,
  IV: 4,
  V: 5,
  '1': 1,
  '2': 2,
  '3': 3,
  '4': 4,
  '5': 5,
  一: 1,
  二: 2,
  三: 3,
  四: 4,
  五: 5,
};

/**
 * The spellings data.md accepts: Ⅰ…Ⅴ, I…V, 1…5, 一…五, each with or without 类;
 * 劣Ⅴ / 劣V / 劣5 / 劣五. Returns undefined for anything else (the caller names the cell).
 */
export function parseClass(text: string): WaterClass | undefined {
  let t = text.trim().normalize('NFKC');
  // NFKC turns Ⅰ…Ⅴ (U+2160…) into Latin I, II, … which DIGITS also holds.
  t = t.replace(/\s+/g, '').toUpperCase();
  if (t.endsWith('类')) t = t.slice(0, -1);
  if (t.startsWith('劣')) {
    const rest = t.slice(1);
    return DIGITS[rest] === 5 ? 6 : undefined;
  }
  return DIGITS[t];
}
