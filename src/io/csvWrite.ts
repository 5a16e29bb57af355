import { stringify } from 'csv-stringify/sync';
import { Money, fmtYuan } from '../domain/money.js';
import { FixedNumber, type CsvCell } from '../report/model.js';

/**
 * CSV for machines (outputs.md): UTF-8 with BOM so Excel opens it, one header row, amounts in
 * 元 with two decimals, no separators. Text cells that Excel would run as a formula
 * (starting with = + - @, tab, CR or their full-width forms) get a leading apostrophe;
 * numbers and amounts are never escaped.
 */

const FORMULA_START = /^[=+\-@\t\r＝＋－＠]/u;

export function escapeText(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

export function csvCell(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Money) return fmtYuan(value);
  if (typeof value === 'number') return String(value);
  if (value instanceof FixedNumber) return value.text;
  return escapeText(value);
}

export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): Buffer {
  const body = stringify([header.map((h) => escapeText(h)), ...rows.map((r) => r.map(csvCell))], { record_delimiter: '\r\n' });
  // One buffer, BOM then text: a national ledger is tens of MB, so no second copy.
  const out = Buffer.allocUnsafe(3 + Buffer.byteLength(body, 'utf8'));
  out[0] = 0xef;
  out[1] = 0xbb;
  out[2] = 0xbf;
  out.write(body, 3, 'utf8');
  return out;
}
