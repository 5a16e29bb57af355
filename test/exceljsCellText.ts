import type ExcelJS from 'exceljs';
import { dateText, numberText } from '../src/io/cellText.js';

/**
 * exceljs's reading of a cell, as text: what the hand-written reader (src/io/xlsxRead.ts) is held
 * to in the tests (the program reads xlsx without exceljs). Every kind of value exceljs gives
 * (examples.md, exceljs pitfalls):
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
