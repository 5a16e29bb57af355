import type ExcelJS from 'exceljs';

/**
 * Every xlsx cell is read through this one function (examples.md, exceljs pitfalls):
 * numbers, strings, booleans, dates (exceljs gives them as UTC), rich text, hyperlinks,
 * formulas (their cached result) and errors. Returns the text a clerk sees, trimmed.
 */
export function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number') return numberText(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return dateText(value);
  if (typeof value === 'object') {
    if ('richText' in value && Array.isArray(value.richText))
      return value.richText
        .map((r) => r.text)
        .join('')
        .trim();
    if ('formula' in value || 'sharedFormula' in value) {
      const result = (value as { result?: unknown }).result;
      if (result === undefined || result === null) return '';
      if (typeof result === 'object' && result !== null && 'error' in result) return String((result as { error: unknown }).error);
      return cellText(result as ExcelJS.CellValue);
    }
    if ('hyperlink' in value && 'text' in value) return cellText((value as { text: ExcelJS.CellValue }).text);
    if ('error' in value) return String((value as { error: unknown }).error);
  }
  return String(value).trim();
}

/** Shortest round-trip text of a double, without exponent for the magnitudes data holds. */
export function numberText(n: number): string {
  if (Number.isInteger(n)) return String(n);
  const s = String(n);
  if (!/e/i.test(s)) return s;
  return n.toFixed(20).replace(/0+$/, '').replace(/\.$/, '');
}

/** Dates as YYYY-MM-DD (UTC, as exceljs stores them); a time of day is kept when present. */
export function dateText(d: Date): string {
  const iso = d.toISOString();
  const time = iso.slice(11, 19);
  return time === '00:00:00' ? iso.slice(0, 10) : `${iso.slice(0, 10)} ${time}`;
}
