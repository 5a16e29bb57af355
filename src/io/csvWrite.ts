import { createRequire } from 'node:module';
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
  const records = [header.map((h) => escapeText(h)), ...rows.map((r) => r.map(csvCell))];
  const body = plainCsv(records) ?? stringify(records);
  // One buffer, BOM then text: a national ledger is tens of MB, so no second copy.
  const out = Buffer.allocUnsafe(3 + Buffer.byteLength(body, 'utf8'));
  out[0] = 0xef;
  out[1] = 0xbb;
  out[2] = 0xbf;
  out.write(body, 3, 'utf8');
  return out;
}

// A cell csv-stringify would quote: one holding the delimiter, a quote or a line break.
const NEEDS_QUOTES = /[,"\r\n]/;

/**
 * The records as csv-stringify writes them (comma, CRLF after every record) when no cell needs
 * quotes, which is every cell of almost every table: joined, without the library. Undefined
 * when some cell needs quotes (test/csvWrite.test.ts holds the two to each other).
 */
export function plainCsv(records: readonly (readonly string[])[]): string | undefined {
  const lines: string[] = new Array(records.length);
  for (let i = 0; i < records.length; i++) {
    const r = records[i]!;
    for (const cell of r) if (NEEDS_QUOTES.test(cell)) return undefined;
    lines[i] = r.join(',');
  }
  return lines.length ? `${lines.join('\r\n')}\r\n` : '';
}

type Stringify = (records: readonly (readonly string[])[], options: { record_delimiter: string }) => string;
let stringifyFn: Stringify | undefined;

/** Any records, through csv-stringify (loaded only for a table with a cell that needs quotes). */
export function stringify(records: readonly (readonly string[])[]): string {
  stringifyFn ??= (createRequire(import.meta.url)('csv-stringify/sync') as { stringify: Stringify }).stringify;
  return stringifyFn(records, { record_delimiter: '\r\n' });
}
