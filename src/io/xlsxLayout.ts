import { Money } from '../domain/money.js';
import {
  isStyled,
  type CellFormat,
  type CellModel,
  type ColumnModel,
  type Fill,
  type SheetModel,
  type StyledCell,
  type WorkbookModel,
} from '../report/model.js';

/**
 * What both workbook writers (xlsxDirect.ts, and exceljs through xlsxExceljs.ts) lay out the same
 * way: colours, number formats, the font, row heights, printed line counts, page header and
 * footer, and sheets split at Excel's row limit.
 */
export const FILLS: Record<Fill, string> = {
  classI: 'FF9DC3E6',
  classII: 'FFBDD7EE',
  classIII: 'FFA9D08E',
  classIV: 'FFFFE699',
  classV: 'FFF4B183',
  classVI: 'FFFF7C80',
  good: 'FFC6EFCE',
  warn: 'FFFFEB9C',
  bad: 'FFFFC7CE',
  info: 'FFDDEBF7',
  total: 'FFF2F2F2',
};

export const NUM_FMT: Record<CellFormat, string | undefined> = {
  text: '@',
  int: '0',
  yuan: '#,##0.00',
  wan: '#,##0.0000',
  dec1: '0.0',
  dec2: '0.00',
  dec3: '0.000',
  pct: '0.00"%"',
  pct1: '0.0"%"',
  date: 'yyyy-mm-dd',
};

export const FONT = 'SimSun';

/** The header row's fill, the data bar's colour, the page margins (inches) and the fixed row heights (points). */
export const HEADER_FILL = 'FFD9E1F2';
export const DATA_BAR_COLOR = 'FF5B9BD5';
export const MARGINS = { left: 0.4, right: 0.4, top: 0.6, bottom: 0.55, header: 0.25, footer: 0.25 } as const;
export const TITLE_HEIGHT = 24;
export const HEADER_HEIGHT = 30;
/** A footer line with any text (a signature line) is a full line; an empty one a spacer. */
export const footerHeight = (line: readonly string[]): number => (line.some((t) => t !== '') ? 24 : 10);

/** The sheet's header row (1-based): after its title and notes. */
export const headerRowOf = (s: SheetModel): number => (s.title ? 1 : 0) + (s.notes?.length ?? 0) + 1;

/** The rows every printed page repeats: the header row alone when the page header carries the title (print labels), else title to header. */
export const printTitleRows = (s: SheetModel, model: WorkbookModel): [number, number] => [model.print ? headerRowOf(s) : 1, headerRowOf(s)];

/** A data cell's horizontal alignment: whole numbers and class colours centred (never touching the next column's text), numbers right, text left. */
export const dataAlignment = (numFmt: string | undefined, fill: Fill | undefined, numeric: boolean): 'left' | 'center' | 'right' =>
  fill?.startsWith('class') || numFmt === NUM_FMT.int ? 'center' : numeric ? 'right' : 'left';

const FORMAT_CODE = new Map<string | undefined, number>([undefined, ...Object.values(NUM_FMT)].map((f, i) => [f, i]));
const FILL_CODE = new Map<Fill | undefined, number>([undefined, ...(Object.keys(FILLS) as Fill[])].map((f, i) => [f, i]));

/** A data cell's look as one small number (no key string per cell): number format, fill, bold, numeric, wrapped. */
export const lookKey = (numFmt: string | undefined, bold: boolean, fill: Fill | undefined, numeric: boolean, wrap: boolean): number =>
  ((FORMAT_CODE.get(numFmt)! * 16 + FILL_CODE.get(fill)!) * 2 + (bold ? 1 : 0)) * 4 + (numeric ? 2 : 0) + (wrap ? 1 : 0);

/** Excel's rows per worksheet. */
const EXCEL_MAX_ROWS = 1_048_576;
const EXCEL_MAX_SHEET_NAME = 31;

/**
 * Sheets longer than Excel allows go on in numbered continuation sheets (名称（2）, …), each with
 * the title, notes and header repeated and a note saying which part it is; the footer (signature
 * lines) goes on the last. Nothing is dropped: the CSV outputs always hold every row too.
 */
export function fitToExcel(sheets: readonly SheetModel[], maxRows = EXCEL_MAX_ROWS): SheetModel[] {
  return sheets.flatMap((s) => {
    const fixed = headerRowOf(s) + (s.totals?.length ?? 0) + (s.footer?.length ?? 0);
    if (fixed + s.rows.length <= maxRows) return [s];
    const per = maxRows - fixed - 1; // one more line: the part note
    if (per < 1) throw new Error(`工作表「${s.name}」的表头和说明已超过 ${maxRows} 行`);
    const parts = Math.ceil(s.rows.length / per);
    return Array.from({ length: parts }, (_, i): SheetModel => {
      const first = i * per;
      const last = Math.min(s.rows.length, first + per);
      return {
        ...s,
        name: i === 0 ? s.name : partName(s.name, i + 1),
        notes: [
          ...(s.notes ?? []),
          `第 ${i + 1}/${parts} 部分：第 ${first + 1}–${last} 条，共 ${s.rows.length} 条（超过 Excel 每张表 ${maxRows} 行的上限，分在「${s.name}」「${partName(s.name, 2)}」等 ${parts} 张表；CSV 中为完整数据）`,
        ],
        rows: s.rows.slice(first, last),
        totals: i === parts - 1 ? s.totals : undefined,
        footer: i === parts - 1 ? s.footer : undefined,
      };
    });
  });
}

/** 名称（k）within Excel's 31 characters; part 1 keeps the plain name. */
function partName(name: string, k: number): string {
  if (k === 1) return name;
  const suffix = `（${k}）`;
  return [...name].slice(0, EXCEL_MAX_SHEET_NAME - suffix.length).join('') + suffix;
}

/** One printed line of 10-point text, and each further line of a wrapped cell. */
const ROW_HEIGHT = 16;
const LINE_HEIGHT = 13.5;
export const rowHeight = (lines: number): number => (lines > 1 ? LINE_HEIGHT * lines + 4 : ROW_HEIGHT);

/**
 * Page header and footer. With print labels: 编制单位 left, the sheet's title centred, the period
 * right; footer 第 X 页 共 Y 页 (Excel's &P/&N) with e.g. 制表日期 left and the sheet name right.
 */
export function pageHeaderFooter(s: SheetModel, model: WorkbookModel): { oddHeader?: string; oddFooter: string } {
  const p = model.print;
  if (!p) return { oddFooter: `${headerText(s.name)}  第 &P 页，共 &N 页` };
  return {
    oddHeader: `&L${headerText(p.headerLeft)}&C&B${headerText(s.title ?? model.title)}&B&R${headerText(p.headerRight)}`,
    oddFooter: `&L${headerText(p.footerLeft ?? '')}&C第 &P 页 共 &N 页&R${headerText(s.name)}`,
  };
}

/** Text inside a header or footer: a literal & is written &&. */
const headerText = (t: string): string => t.replace(/&/g, '&&');

/** Cell i of a data row as both writers lay it out: its value, format, the columns it spans and the printed lines it needs. */
export interface LaidCell {
  v: string | number;
  format: CellFormat;
  styled: StyledCell | undefined;
  span: number;
  need: number;
}

export const laidCell = (): LaidCell => ({ v: '', format: 'text', styled: undefined, span: 1, need: 1 });

/** Lays out cell i into `out` (one object reused for every cell of a sheet) and returns it. */
export function layCell(c: CellModel, i: number, columns: readonly ColumnModel[], out: LaidCell = laidCell()): LaidCell {
  const styled = isStyled(c) ? c : undefined;
  const format = styled?.format ?? columns[i]?.format ?? 'text';
  const v = cellValue(c, format);
  const span = Math.min(styled?.span ?? 1, columns.length - i);
  const width = span > 1 ? columns.slice(i, i + span).reduce((w, col) => w + col.width, 0) : (columns[i]?.width ?? 10);
  out.v = v;
  out.format = format;
  out.styled = styled;
  out.span = span;
  out.need = typeof v === 'string' ? printedLines(v, width) : 1;
  return out;
}

function cellValue(model: CellModel, format: CellFormat): string | number {
  const v = isStyled(model) ? model.v : (model as Exclude<CellModel, object> | Money);
  // Amounts are exact in the CSV; the workbook shows them rounded to the fen (万元 to 4 places).
  if (v instanceof Money) return format === 'wan' ? Number(v.dividedBy(10000).toFixed(6)) : Number(v.toFixed(2));
  return v ?? '';
}

/**
 * How many lines a text takes in a cell `width` columns wide, printed in 10-point SimSun: a
 * column is 7 px (Excel's unit, the default font's digit) plus 5 px of padding; a Latin
 * character is 6.7 px, a CJK or full-width one (Roman numerals Ⅰ–Ⅻ too) 13.3 px, with 5% to
 * spare for a slightly wider font. Lines break as Excel and LibreOffice break them: after any
 * CJK character, after a space or hyphen, and inside a Latin word only when it is longer than
 * the line (a file path stays whole where it can).
 */
export function printedLines(text: string, width: number): number {
  const room = (width * 7 + 2) / 1.05;
  // No character is wider than 13.33: a text that fits even if every one were wide is one line.
  if (text.length * 13.34 <= room) return 1;
  let lines = 1;
  let used = 0;
  let word = 0; // the Latin word being read, not yet placed
  const place = (w: number) => {
    if (used + w <= room) used += w;
    else if (w <= room) {
      lines++;
      used = w;
    } else {
      // A word longer than a line is broken where it reaches the edge.
      const total = used + w;
      lines += Math.ceil(total / room) - 1;
      used = total % room;
    }
  };
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    const wide = c > 0xffff || isWide(c) || (c >= 0x2160 && c <= 0x217f);
    if (wide) {
      if (word) place(word);
      word = 0;
      place(13.33);
    } else if (ch === ' ' || ch === '-') {
      place(word + 6.67);
      word = 0;
    } else word += 6.67;
  }
  if (word) place(word);
  return lines;
}

/** Display width in column units: CJK and full-width characters take two. */
export function textWidth(text: string): number {
  let w = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      // A surrogate pair is one character (wide ones among them are rare; count one column).
      i++;
      w += 1;
    } else w += isWide(c) ? 2 : 1;
  }
  return w;
}

const isWide = (c: number): boolean =>
  c >= 0x1100 &&
  (c <= 0x115f ||
    (c >= 0x2e80 && c <= 0xa4cf) ||
    (c >= 0xac00 && c <= 0xd7a3) ||
    (c >= 0xf900 && c <= 0xfaff) ||
    (c >= 0xfe30 && c <= 0xfe4f) ||
    (c >= 0xff00 && c <= 0xff60) ||
    (c >= 0xffe0 && c <= 0xffe6));

export function columnLetter(n: number): string {
  let s = '';
  while (n > 0) {
    const m = (n - 1) % 26;
    s = String.fromCharCode(65 + m) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}
