import type { Money } from '../domain/money.js';

/**
 * A neutral workbook model: report builders are pure functions that return these, and one
 * adapter (io/xlsxWrite.ts) renders any of them with exceljs. Reports never compute money;
 * they lay out what the domain computed.
 */
export type CellFormat = 'text' | 'int' | 'yuan' | 'wan' | 'dec1' | 'dec2' | 'dec3' | 'pct' | 'pct1' | 'date';

export interface ColumnModel {
  header: string;
  width: number;
  format?: CellFormat;
  /** Always wrap this column's text (e.g. 依据记录: never clipped on paper). */
  wrap?: boolean;
}

export type Fill = 'classI' | 'classII' | 'classIII' | 'classIV' | 'classV' | 'classVI' | 'good' | 'warn' | 'bad' | 'info' | 'total';

export interface StyledCell {
  v: string | number | Money | null;
  fill?: Fill;
  bold?: boolean;
  format?: CellFormat;
  /** Merge this cell across this many columns (e.g. a 大写金额 line); the row still has a (blank) cell for each. */
  span?: number;
}

export type CellModel = string | number | Money | null | StyledCell;

export interface SheetModel {
  name: string;
  /** Printed above the table (merged across its width). */
  title?: string;
  /** Lines under the title: period, data label, units. */
  notes?: string[];
  columns: ColumnModel[];
  rows: CellModel[][];
  /** 合计 / 小计 rows under the data: outside the autofilter, so filtering never hides or sorts them. */
  totals?: CellModel[][];
  /** Lines after the table (signature block, explanations). */
  footer?: string[][];
  /** Conditional data bar on this 0-based column (values 0–100). */
  dataBarColumn?: number;
  /** Portrait for narrow tables; landscape by default. */
  orientation?: 'landscape' | 'portrait';
  /** No autofilter (e.g. a key/value provenance sheet). */
  noFilter?: boolean;
}

export interface WorkbookModel {
  /** Fixed date written as created/modified: from the period, never the clock. */
  date: Date;
  title: string;
  sheets: SheetModel[];
  /** Page header and footer on every printed page (each sheet's title in the middle). */
  print?: PrintLabels;
}

/** The lines a printed page carries beside the sheet title, e.g. 编制单位 left, 结算年度 right. */
export interface PrintLabels {
  headerLeft: string;
  headerRight: string;
  /** Left of 第 X 页 共 Y 页, e.g. 制表日期. */
  footerLeft?: string;
}

export function isStyled(c: CellModel): c is StyledCell {
  return c !== null && typeof c === 'object' && 'v' in c;
}

const CLASS_FILLS: Record<string, Fill> = {
  Ⅰ: 'classI',
  Ⅱ: 'classII',
  Ⅲ: 'classIII',
  Ⅳ: 'classIV',
  Ⅴ: 'classV',
  劣Ⅴ: 'classVI',
};

/** A class label coloured as gb3838.md W4 says: Ⅰ Ⅱ blue, Ⅲ green, Ⅳ yellow, Ⅴ orange, 劣Ⅴ red. */
export function classCell(label: string | undefined): CellModel {
  if (!label) return '';
  const fill = CLASS_FILLS[label];
  return fill ? { v: label, fill } : label;
}

/** A number already written with its decimals (e.g. `76.50`, `-3.0`): written as is, never escaped as text. */
export class FixedNumber {
  constructor(readonly text: string) {
    if (!/^-?\d+(\.\d+)?$/.test(text)) throw new Error(`不是数字：${text}`);
  }
}

/** A CSV table's cell (io/csvWrite.ts writes it: amounts in 元 with two decimals, text escaped). */
export type CsvCell = string | number | Money | FixedNumber | null | undefined;
