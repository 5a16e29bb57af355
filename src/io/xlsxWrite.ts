import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { readZip, writeZip, type ZipEntry } from './zipWrite.js';
import { Money } from '../domain/money.js';
import { isStyled, type CellFormat, type CellModel, type Fill, type SheetModel, type StyledCell, type WorkbookModel } from '../report/model.js';

/**
 * The one exceljs adapter: renders any WorkbookModel to xlsx bytes. Printable (A4, landscape
 * unless the sheet says otherwise, fit to width, header rows repeated), frozen header,
 * autofilter. Deterministic: core properties come from the model's date and every zip entry
 * gets that same time, so the same model always gives the same bytes.
 */
const FILLS: Record<Fill, string> = {
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

const NUM_FMT: Record<CellFormat, string | undefined> = {
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

const FONT = 'SimSun';
const LIGHT_COMPRESSION_ROWS = 20000;

/** Excel's rows per worksheet. */
export const EXCEL_MAX_ROWS = 1_048_576;
const EXCEL_MAX_SHEET_NAME = 31;

/**
 * Sheets longer than Excel allows go on in numbered continuation sheets (名称（2）, …), each with
 * the title, notes and header repeated and a note saying which part it is; the footer (signature
 * lines) goes on the last. Nothing is dropped: the CSV outputs always hold every row too.
 */
export function fitToExcel(sheets: readonly SheetModel[], maxRows = EXCEL_MAX_ROWS): SheetModel[] {
  return sheets.flatMap((s) => {
    const fixed = (s.title ? 1 : 0) + (s.notes?.length ?? 0) + 1 + (s.footer?.length ?? 0);
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
        notes: [...(s.notes ?? []), `第 ${i + 1}/${parts} 部分：第 ${first + 1}–${last} 条，共 ${s.rows.length} 条（超过 Excel 每张表 ${maxRows} 行的上限，分在「${s.name}」「${partName(s.name, 2)}」等 ${parts} 张表；CSV 中为完整数据）`],
        rows: s.rows.slice(first, last),
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

export async function renderWorkbook(model: WorkbookModel, options: { maxRows?: number } = {}): Promise<Buffer> {
  // The streaming writer: each row is written out as it is committed, so memory stays flat
  // however long a sheet is. archiver stores a small workbook (quickest) and lightly compresses a
  // large one, which holds fewer bytes in memory (national settle runs peaked near 900 MB in 3 of 6
  // when stored, 1 of 8 when compressed). Either way the deterministic writer then re-packs one
  // entry at a time at the usual level, so the output bytes are the same.
  const sink = new PassThrough();
  const chunks: Buffer[] = [];
  sink.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    sink.on('end', resolve);
    sink.on('error', reject);
  });
  const sheets = fitToExcel(model.sheets, options.maxRows);
  const rows = sheets.reduce((n, s) => n + s.rows.length, 0);
  const zip = rows > LIGHT_COMPRESSION_ROWS ? { zlib: { level: 1 } } : { store: true };
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: sink, useStyles: true, useSharedStrings: false, zip } as unknown as Partial<ExcelJS.stream.xlsx.WorkbookStreamWriterOptions>);
  wb.creator = 'ecocomp';
  wb.lastModifiedBy = 'ecocomp';
  wb.title = model.title;
  wb.created = model.date;
  wb.modified = model.date;
  for (const sheet of sheets) await renderSheet(wb, sheet);
  await wb.commit();
  await done;
  const stored = Buffer.concat(chunks);
  chunks.length = 0;
  return pinZipTimes(stored, model.date);
}

async function renderSheet(wb: ExcelJS.stream.xlsx.WorkbookWriter, s: SheetModel): Promise<void> {
  const ncol = s.columns.length;
  const headerRow = (s.title ? 1 : 0) + (s.notes?.length ?? 0) + 1;
  const ws = wb.addWorksheet(s.name, {
    pageSetup: {
      paperSize: 9, // A4
      orientation: s.orientation ?? 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
      printTitlesRow: `1:${headerRow}`,
    },
    headerFooter: { oddFooter: `${s.name}  第 &P 页，共 &N 页` },
    views: [{ state: 'frozen', xSplit: 0, ySplit: headerRow, topLeftCell: `A${headerRow + 1}`, activeCell: `A${headerRow + 1}` }],
  });
  ws.columns = s.columns.map((c) => ({ width: c.width }));
  let r = 0;
  if (s.title) {
    r++;
    const row = ws.getRow(r);
    row.getCell(1).value = s.title;
    row.getCell(1).font = { name: FONT, size: 14, bold: true };
    row.getCell(1).alignment = { horizontal: 'center', vertical: 'middle' };
    row.height = 24;
    if (ncol > 1) ws.mergeCells(r, 1, r, ncol);
  }
  for (const note of s.notes ?? []) {
    r++;
    const cell = ws.getRow(r).getCell(1);
    cell.value = note;
    cell.font = { name: FONT, size: 10, italic: true };
    if (ncol > 1) ws.mergeCells(r, 1, r, ncol);
  }
  r++;
  const hr = ws.getRow(r);
  s.columns.forEach((c, i) => {
    const cell = hr.getCell(i + 1);
    cell.value = c.header;
    cell.font = { name: FONT, size: 10, bold: true };
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } };
    cell.border = thin;
  });
  hr.height = 30;
  const formats = s.columns.map((c) => c.format ?? 'text');
  const room = s.columns.map((c) => Math.max(1, c.width - 1));
  for (const cells of s.rows) {
    r++;
    const row = ws.getRow(r);
    let lines = 1;
    for (let i = 0; i < cells.length; i++) {
      const c = cells[i]!;
      const styled = isStyled(c) ? c : undefined;
      const format = styled?.format ?? formats[i] ?? 'text';
      const v = cellValue(c, format);
      const need = typeof v === 'string' ? Math.ceil(textWidth(v) / (room[i] ?? 9)) : 1;
      if (need > lines) lines = need;
      writeCell(row.getCell(i + 1), v, format, styled, need > 1);
    }
    // Excel does not grow wrapped rows by itself when a file is written: size them here.
    if (lines > 1) row.height = 12.75 * lines + 2;
    row.commit();
  }
  const lastDataRow = r;
  if (s.dataBarColumn !== undefined && lastDataRow > headerRow) {
    const col = columnLetter(s.dataBarColumn + 1);
    ws.addConditionalFormatting({
      ref: `${col}${headerRow + 1}:${col}${lastDataRow}`,
      rules: [
        {
          type: 'dataBar',
          priority: 1,
          minLength: 0,
          maxLength: 100,
          gradient: false,
          border: false,
          cfvo: [
            { type: 'num', value: 0 },
            { type: 'num', value: 100 },
          ],
          color: { argb: 'FF5B9BD5' },
        } as unknown as ExcelJS.ConditionalFormattingRule,
      ],
    });
  }
  for (const line of s.footer ?? []) {
    r++;
    const row = ws.getRow(r);
    line.forEach((text, i) => {
      const cell = row.getCell(i + 1);
      cell.value = text;
      cell.font = { name: FONT, size: 11 };
    });
    row.height = text(line) ? 28 : 14;
  }
  if (!s.noFilter && ncol > 0) ws.autoFilter = { from: { row: headerRow, column: 1 }, to: { row: Math.max(headerRow, lastDataRow), column: ncol } };
  await ws.commit();
}

const text = (line: string[]): boolean => line.some((t) => t !== '');

const thin: Partial<ExcelJS.Borders> = {
  top: { style: 'thin' },
  left: { style: 'thin' },
  bottom: { style: 'thin' },
  right: { style: 'thin' },
};

/**
 * Cells share one style object per distinct look: exceljs otherwise keeps a style object per
 * cell, which dominates memory on large sheets.
 */
const styleCache = new Map<string, Partial<ExcelJS.Style>>();

function sharedStyle(numFmt: string | undefined, bold: boolean, fill: Fill | undefined, numeric: boolean, wrap: boolean): Partial<ExcelJS.Style> {
  const key = `${numFmt ?? ''}|${bold}|${fill ?? ''}|${numeric}|${wrap}`;
  let style = styleCache.get(key);
  if (!style) {
    const horizontal = fill?.startsWith('class') ? 'center' : numeric ? 'right' : 'left';
    style = {
      font: { name: FONT, size: 10, bold },
      border: thin,
      alignment: { vertical: 'middle', horizontal, wrapText: wrap },
      ...(numFmt ? { numFmt } : {}),
      ...(fill ? { fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: FILLS[fill] } } } : {}),
    } as Partial<ExcelJS.Style>;
    styleCache.set(key, style);
  }
  return style;
}

function cellValue(model: CellModel, format: CellFormat): string | number {
  const v = isStyled(model) ? model.v : (model as Exclude<CellModel, object> | Money);
  // Amounts are exact in the CSV; the workbook shows them rounded to the fen (万元 to 4 places).
  if (v instanceof Money) return format === 'wan' ? Number(v.dividedBy(10000).toFixed(6)) : Number(v.toFixed(2));
  return v ?? '';
}

function writeCell(cell: ExcelJS.Cell, value: string | number, format: CellFormat, styled: StyledCell | undefined, wrap: boolean): void {
  cell.value = value;
  const numeric = typeof value === 'number';
  cell.style = sharedStyle(numeric ? NUM_FMT[format] : undefined, styled?.bold ?? false, styled?.fill, numeric, wrap);
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
  c >= 0x1100 && ((c <= 0x115f) || (c >= 0x2e80 && c <= 0xa4cf) || (c >= 0xac00 && c <= 0xd7a3) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff00 && c <= 0xff60) || (c >= 0xffe0 && c <= 0xffe6));

export function columnLetter(n: number): string {
  let s = '';
  while (n > 0) {
    const m = (n - 1) % 26;
    s = String.fromCharCode(65 + m) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** Re-pack the zip with every entry dated `date`, in a fixed order, so output bytes never carry the clock. */
export function pinZipTimes(xlsx: Buffer, date: Date): Buffer {
  return writeZip(repacked(xlsx), date);
}

/** One entry at a time, so only the largest sheet is ever held uncompressed. */
function* repacked(xlsx: Buffer): Generator<ZipEntry> {
  for (const e of readZip(xlsx)) {
    if (e.name.endsWith('/')) continue;
    const sheet = /^\/?xl\/worksheets\/sheet\d+\.xml$/.test(e.name);
    const data = sheet && e.data.includes(DATA_BAR_EXT) ? Buffer.from(plainDataBars(e.data.toString('utf8')), 'utf8') : e.data;
    yield { name: e.name.replace(/^\/+/, ''), data };
  }
}

const DATA_BAR_EXT = '<x14:id/>';

/**
 * exceljs's streaming writer leaves an empty Excel 2010 extension (`<x14:id/>`, pointing at
 * nothing) inside each data-bar rule. Drop it: the plain data bar with its cfvo and colour is
 * complete, and an extension that references nothing makes Excel offer to repair the file.
 */
export function plainDataBars(xml: string): string {
  return xml.replace(/<extLst><ext uri="\{B025F937-C7B1-47D3-B67F-A62EFF666E3E\}"[^>]*><x14:id\/><\/ext><\/extLst>/g, '');
}
