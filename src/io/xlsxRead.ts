import { dateText, numberText } from './cellText.js';
import { listZip, ZipFormatError, type ZipListing } from './zipWrite.js';

/**
 * Reads the cell texts of one worksheet of an .xlsx file: the text a clerk sees in each cell
 * (shared and inline strings, rich text joined, numbers, dates by their number format,
 * booleans, errors, the cached result of formulas), merged ranges filled with their first
 * cell's text, as cellText does for cells read through exceljs.
 *
 * Why not exceljs here: a settlement reads a couple of small workbooks, and exceljs's reader
 * (JSZip + pako + sax + its model) costs ~40 ms per workbook in a fresh process, which alone
 * broke issue 5's "sample settle within 2× start-up" target; this reader takes a few ms. The
 * tests hold it to exceljs's reading of the same files (test/xlsxRead.test.ts). exceljs stays
 * the writer of every workbook.
 */
export interface SheetGrid {
  sheet: string;
  /** cells[i] is the row with Excel row number rowNumbers[i]; every row has the same width. */
  cells: string[][];
  rowNumbers: number[];
}

export class XlsxFormatError extends Error {}

const NOT_XLSX = '不是有效的 .xlsx 工作簿（文件可能已损坏，或是改了扩展名的其他格式；.xls 请另存为 .xlsx）';

/** The worksheet named one of `wanted` (case-insensitive, trimmed), else the first one. */
export function readXlsxSheet(bytes: Buffer, wanted: readonly string[]): SheetGrid {
  let zip: ZipListing;
  try {
    zip = listZip(bytes);
  } catch (e) {
    if (e instanceof ZipFormatError) throw new XlsxFormatError(NOT_XLSX);
    throw e;
  }
  const text = (name: string): string | undefined => {
    try {
      return zip.read(name)?.toString('utf8');
    } catch (e) {
      if (e instanceof ZipFormatError) throw new XlsxFormatError(NOT_XLSX);
      throw e;
    }
  };
  // The workbook part is where the package's relationships say (almost always xl/workbook.xml).
  const main = [...relationships(text('_rels/.rels') ?? '', '').values()].find((r) => r.type.endsWith('/officeDocument'))?.path ?? 'xl/workbook.xml';
  const workbook = text(main);
  if (workbook === undefined) throw new XlsxFormatError(NOT_XLSX);
  const dir = main.includes('/') ? main.slice(0, main.lastIndexOf('/')) : '';
  const rels = relationships(text(`${dir ? `${dir}/` : ''}_rels/${main.slice(dir ? dir.length + 1 : 0)}.rels`) ?? '', dir);
  const sheets = [...elements(workbook, 'sheet')].map((a) => ({ name: unescapeXml(a.name ?? ''), target: rels.get(relId(a)) }));
  const lower = wanted.map((s) => s.toLowerCase());
  const sheet = sheets.find((s) => lower.includes(s.name.trim().toLowerCase())) ?? sheets[0];
  if (!sheet) throw new XlsxFormatError('工作簿中没有工作表');
  const sheetXml = sheet.target === undefined ? undefined : text(sheet.target.path);
  if (sheetXml === undefined) throw new XlsxFormatError(`工作表「${sheet.name}」的内容缺失，文件可能已损坏`);
  const pr = firstElement(workbook, 'workbookPr');
  const date1904 = pr?.date1904 === '1' || pr?.date1904 === 'true';
  const stringsTarget = [...rels.values()].find((r) => r.type.endsWith('/sharedStrings'))?.path ?? `${dir}/sharedStrings.xml`;
  const stylesTarget = [...rels.values()].find((r) => r.type.endsWith('/styles'))?.path ?? `${dir}/styles.xml`;
  const shared = sharedStrings(text(stringsTarget) ?? '');
  const dates = dateStyles(text(stylesTarget) ?? '');
  return { sheet: sheet.name, ...sheetCells(sheetXml, shared, dates, date1904) };
}

// ---------------------------------------------------------------------------------------------
// Worksheet cells

function sheetCells(xml: string, shared: readonly string[], dateStyle: readonly boolean[], date1904: boolean): Omit<SheetGrid, 'sheet'> {
  const byRow = new Map<number, string[]>();
  let width = 0;
  let maxRow = 0;
  let rowNo = 0;
  for (const row of blocks(xml, 'row')) {
    const r = Number(attrs(row.open).r);
    rowNo = Number.isInteger(r) && r > 0 ? r : rowNo + 1;
    maxRow = Math.max(maxRow, rowNo);
    const cells: string[] = [];
    let col = 0;
    for (const c of blocks(row.body ?? '', 'c')) {
      const a = attrs(c.open);
      col = a.r ? columnIndex(a.r) : col + 1;
      cells[col - 1] = cellValue(a, c.body ?? '', shared, dateStyle, date1904);
      width = Math.max(width, col);
    }
    byRow.set(rowNo, cells);
  }
  for (const ref of [...elements(xml, 'mergeCell')].map((m) => m.ref ?? '')) {
    const [from, to] = ref.split(':');
    if (!from || !to) continue;
    const [r1, c1] = cellRef(from);
    const [r2, c2] = cellRef(to);
    const master = byRow.get(r1)?.[c1 - 1] ?? '';
    for (let r = r1; r <= r2; r++) {
      let cells = byRow.get(r);
      if (!cells) byRow.set(r, (cells = []));
      for (let c = c1; c <= c2; c++) cells[c - 1] = master;
    }
    maxRow = Math.max(maxRow, r2);
    width = Math.max(width, c2);
  }
  const cells: string[][] = [];
  const rowNumbers: number[] = [];
  for (let r = 1; r <= maxRow; r++) {
    const src = byRow.get(r) ?? [];
    const out: string[] = new Array<string>(width);
    for (let c = 0; c < width; c++) out[c] = src[c] ?? '';
    cells.push(out);
    rowNumbers.push(r);
  }
  return { cells, rowNumbers };
}

function cellValue(a: Record<string, string>, body: string, shared: readonly string[], dateStyle: readonly boolean[], date1904: boolean): string {
  const v = firstBlock(body, 'v');
  const raw = v === undefined ? undefined : unescapeXml(v);
  switch (a.t) {
    case 's':
      return raw === undefined ? '' : (shared[Number(raw)] ?? '').trim();
    case 'inlineStr': {
      const is = firstBlock(body, 'is');
      return is === undefined ? (raw ?? '').trim() : stringItem(is).trim();
    }
    case 'str':
    case 'e':
      return (raw ?? '').trim();
    case 'b':
      return raw === undefined ? '' : raw.trim() === '1' || raw.trim().toLowerCase() === 'true' ? 'TRUE' : 'FALSE';
    case 'd': {
      if (raw === undefined) return '';
      const d = new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(raw) ? raw : `${raw.trim()}Z`);
      return Number.isNaN(d.getTime()) ? raw.trim() : dateText(d);
    }
    default: {
      if (raw === undefined || raw.trim() === '') return '';
      const n = Number.parseFloat(raw);
      if (Number.isNaN(n)) return raw.trim();
      if (dateStyle[Number(a.s ?? 0)]) return dateText(excelToDate(n, date1904));
      return numberText(n);
    }
  }
}

/** Excel's serial day number (1900 or 1904 system) as a UTC date, as exceljs converts it. */
function excelToDate(v: number, date1904: boolean): Date {
  return new Date(Math.round((v - 25569 + (date1904 ? 1462 : 0)) * 86400000));
}

/** "BC12" → [12, 55]. */
function cellRef(ref: string): [number, number] {
  const m = /^\$?([A-Za-z]+)\$?(\d+)$/.exec(ref.trim());
  return m ? [Number(m[2]), columnIndex(m[1]!)] : [0, 0];
}

function columnIndex(ref: string): number {
  let n = 0;
  for (const ch of ref.toUpperCase()) {
    const c = ch.charCodeAt(0);
    if (c < 65 || c > 90) break;
    n = n * 26 + (c - 64);
  }
  return n;
}

// ---------------------------------------------------------------------------------------------
// Shared strings and styles

function sharedStrings(xml: string): string[] {
  const out: string[] = [];
  for (const si of blocks(xml, 'si')) out.push(stringItem(si.body ?? ''));
  return out;
}

/** The visible text of a string item: its <t> runs, leaving out phonetic guides (<rPh>). */
function stringItem(body: string): string {
  const visible = body.replace(/<(?:[\w.-]+:)?rPh\b[\s\S]*?<\/(?:[\w.-]+:)?rPh>/g, '');
  let s = '';
  for (const t of blocks(visible, 't')) s += unescapeXml(t.body ?? '');
  return s;
}

// Built-in number formats that show a date or time: 14–22 and 45–47 everywhere, 27–36 and 50–58
// in the Chinese, Japanese and Korean editions (ECMA-376 Part 1, 18.8.30). A Chinese Excel
// saves 2025年3月1日 with format 31 and no format code in the file.
const BUILTIN_DATE_FORMATS = new Set([
  14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58,
]);

/** For each cell style (the `s` of a cell), whether its number format shows a date. */
function dateStyles(xml: string): boolean[] {
  const custom = new Map<number, string>();
  for (const f of elements(xml, 'numFmt')) custom.set(Number(f.numFmtId), unescapeXml(f.formatCode ?? ''));
  const cellXfs = firstBlock(xml, 'cellXfs') ?? '';
  return [...elements(cellXfs, 'xf')].map((xf) => {
    const id = Number(xf.numFmtId ?? 0);
    const code = custom.get(id);
    return code === undefined ? BUILTIN_DATE_FORMATS.has(id) : isDateFormat(code);
  });
}

/** A format code shows a date when, outside quoted text and [...] parts, it has y m d h s (exceljs's test). */
export function isDateFormat(code: string): boolean {
  const bare = code.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, '');
  return /[ymdhMsb]/.test(bare);
}

// ---------------------------------------------------------------------------------------------
// Relationships

interface Rel {
  type: string;
  /** Zip entry name, without a leading slash. */
  path: string;
}

/** A part's relationships by id; relative targets are resolved from the part's folder `dir`. */
function relationships(xml: string, dir: string): Map<string, Rel> {
  const out = new Map<string, Rel>();
  for (const r of elements(xml, 'Relationship')) {
    if (!r.Id || !r.Target || r.TargetMode === 'External') continue;
    out.set(r.Id, { type: r.Type ?? '', path: resolveTarget(dir, unescapeXml(r.Target)) });
  }
  return out;
}

function resolveTarget(dir: string, target: string): string {
  const parts = (target.startsWith('/') ? target.slice(1) : `${dir}/${target}`).split('/');
  const out: string[] = [];
  for (const p of parts) {
    if (p === '..') out.pop();
    else if (p !== '.' && p !== '') out.push(p);
  }
  return out.join('/');
}

/** A sheet's relationship id, whatever prefix the file gives the relationships namespace. */
function relId(a: Record<string, string>): string {
  for (const [k, v] of Object.entries(a)) if (/^[\w.-]+:id$/.test(k)) return v;
  return a.id ?? '';
}

// ---------------------------------------------------------------------------------------------
// A tolerant scanner for the few SpreadsheetML elements read here: any namespace prefix,
// self-closing or not. Element names are matched whole (`c` never matches `cols`).

const P = '(?:[\\w.-]+:)?';

interface Block {
  open: string;
  body: string | undefined;
}

const patterns = new Map<string, RegExp>();

/** One compiled pattern per element name and use; global ones are reset before each scan. */
function pattern(kind: 'block' | 'first' | 'empty', name: string): RegExp {
  const key = `${kind} ${name}`;
  let re = patterns.get(key);
  if (!re) {
    const open = `<${P}${name}(\\s[^>]*?)?`;
    const source = kind === 'empty' ? `${open}/?>` : `${open}(?:/>|>([\\s\\S]*?)</${P}${name}\\s*>)`;
    re = new RegExp(source, kind === 'first' ? '' : 'g');
    patterns.set(key, re);
  }
  re.lastIndex = 0;
  return re;
}

function* blocks(xml: string, name: string): Generator<Block> {
  const re = new RegExp(pattern('block', name).source, 'g');
  for (let m = re.exec(xml); m; m = re.exec(xml)) yield { open: m[1] ?? '', body: m[2] };
}

function firstBlock(xml: string, name: string): string | undefined {
  const m = pattern('first', name).exec(xml);
  return m ? (m[2] ?? '') : undefined;
}

function* elements(xml: string, name: string): Generator<Record<string, string>> {
  const re = new RegExp(pattern('empty', name).source, 'g');
  for (let m = re.exec(xml); m; m = re.exec(xml)) yield attrs(m[1] ?? '');
}

function firstElement(xml: string, name: string): Record<string, string> | undefined {
  for (const a of elements(xml, name)) return a;
  return undefined;
}

function attrs(s: string): Record<string, string> {
  const out: Record<string, string> = {};
  const re = /([\w.:-]+)\s*=\s*("([^"]*)"|'([^']*)')/g;
  for (let m = re.exec(s); m; m = re.exec(s)) out[m[1]!] = m[3] ?? m[4] ?? '';
  return out;
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** XML character references and entities, then OOXML's `_xHHHH_` escapes (e.g. _x000D_ for a carriage return). */
export function unescapeXml(s: string): string {
  if (s.indexOf('&') < 0 && s.indexOf('_x') < 0) return s;
  return s
    .replace(/_x([0-9A-Fa-f]{4})_/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)))
    .replace(/&(#x[0-9A-Fa-f]+|#\d+|\w+);/g, (m, e: string) => {
      if (e[0] === '#') {
        const code = e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
        return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : m;
      }
      return ENTITIES[e] ?? m;
    });
}
