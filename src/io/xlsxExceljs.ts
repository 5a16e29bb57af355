import { EventEmitter } from 'node:events';
import { Module, createRequire } from 'node:module';
import { PassThrough } from 'node:stream';
import { crc32, createDeflateRaw, type DeflateRaw } from 'node:zlib';
import type ExcelJS from 'exceljs';
import { caughtUp, packEntry, writeZip, type PackedEntry } from './zipWrite.js';
import type { CellFormat, CellModel, Fill, SheetModel, StyledCell, WorkbookModel } from '../report/model.js';
import {
  DATA_BAR_COLOR,
  FILLS,
  FONT,
  HEADER_FILL,
  HEADER_HEIGHT,
  MARGINS,
  NUM_FMT,
  TITLE_HEIGHT,
  columnLetter,
  dataAlignment,
  fitToExcel,
  footerHeight,
  headerRowOf,
  layCell,
  lookKey,
  pageHeaderFooter,
  printTitleRows,
  printedLines,
  rowHeight,
} from './xlsxLayout.js';

/**
 * The one exceljs adapter: renders any WorkbookModel to xlsx bytes (the reference xlsxDirect.ts
 * is held to, and the writer under ECOCOMP_XLSX_WRITER=exceljs). Printable (A4, landscape
 * unless the sheet says otherwise, fit to width, header rows repeated), frozen header,
 * autofilter. Deterministic: core properties come from the model's date and every zip entry
 * gets that same time, so the same model always gives the same bytes.
 */

/**
 * Only exceljs's streaming writer is loaded, and only when a workbook is first rendered: the
 * package's entry point also loads its reader, CSV and in-memory workbook with their
 * dependencies (about 450 modules), which no command here uses. exceljs is pinned, so the path
 * is fixed. The writer gets its own copy of workbook-writer.js, bound to EntryCollector in place
 * of archiver: the zip archiver would build is always re-packed by the deterministic writer, so
 * the entries go to it directly (and archiver's ~90 modules are never loaded). Anything else
 * that loads exceljs in the same process keeps the original module. Its StreamBuf is replaced
 * (PartStream) and the xforms' parser is loaded only when called, so neither readable-stream nor
 * saxes is loaded to write.
 */
type WorkbookWriterClass = typeof ExcelJS.stream.xlsx.WorkbookWriter;
let writerClass: WorkbookWriterClass | undefined;
function WorkbookWriter(): WorkbookWriterClass {
  if (writerClass) return writerClass;
  const req = createRequire(import.meta.url);
  const writerPath = req.resolve('exceljs/lib/stream/xlsx/workbook-writer.js');
  const writerReq = createRequire(writerPath);
  const archiverPath = writerReq.resolve('archiver');
  const streamBufPath = writerReq.resolve('../../utils/stream-buf');
  const parseSaxPath = writerReq.resolve('../../utils/parse-sax');
  const saved = {
    writer: req.cache[writerPath],
    archiver: req.cache[archiverPath],
    streamBuf: req.cache[streamBufPath],
    parseSax: req.cache[parseSaxPath],
  };
  // A module put in the require cache stands in for the real one while the writer loads.
  const provide = (file: string, exports: unknown): void => {
    const m = new Module(file);
    m.filename = file;
    m.exports = exports;
    m.loaded = true;
    req.cache[file] = m;
  };
  provide(archiverPath, (): EntryCollector => new EntryCollector());
  provide(streamBufPath, PartStream);
  // The xforms' parser (for reading; its sax and stream packages) is loaded only if something parses.
  provide(parseSaxPath, async function* (iterable: unknown): AsyncGenerator<unknown> {
    yield* (req(parseSaxPath) as (i: unknown) => AsyncGenerator<unknown>)(iterable);
  });
  delete req.cache[writerPath];
  try {
    writerClass = req(writerPath) as WorkbookWriterClass;
  } finally {
    restore(req.cache, archiverPath, saved.archiver);
    restore(req.cache, streamBufPath, saved.streamBuf);
    restore(req.cache, parseSaxPath, saved.parseSax);
    restore(req.cache, writerPath, saved.writer);
  }
  return writerClass;
}

/** Text a part's stream gathers before it hands it on as one buffer. */
const PART_CHUNK = 1 << 16;

/**
 * What the writer opens for each streamed part (a worksheet, its rels), in place of exceljs's
 * StreamBuf (and the readable-stream package it is built on): the XML strings written are
 * gathered and handed to the part's sink (EntryCollector) as one buffer per PART_CHUNK of text,
 * instead of a buffer per row copied again into 64 KiB buffers. Only the bytes matter: the
 * sink deflates them as a stream, whose output does not depend on how the input is cut.
 */
class PartStream extends EventEmitter {
  private sink: PartSink | undefined;
  private text: string[] = [];
  private size = 0;

  pipe(sink: PartSink): PartSink {
    this.sink = sink;
    return sink;
  }

  pause(): this {
    return this;
  }

  write(data: string | Buffer | { toBuffer(): Buffer }): boolean {
    if (typeof data === 'string') {
      this.text.push(data);
      this.size += data.length;
      if (this.size >= PART_CHUNK) this.flush();
      return true;
    }
    this.flush();
    // exceljs reuses the StringBuf it writes from: the bytes are copied now.
    this.give(Buffer.from(Buffer.isBuffer(data) ? data : data.toBuffer()));
    return true;
  }

  end(): void {
    this.flush();
    this.sink?.end();
    this.emit('finish');
  }

  private flush(): void {
    if (this.size === 0 && this.text.length === 0) return;
    const chunk = Buffer.from(this.text.join(''), 'utf8');
    this.text = [];
    this.size = 0;
    if (chunk.length) this.give(chunk);
  }

  private give(chunk: Buffer): void {
    if (!this.sink) throw new Error('xlsx: a part was written before it was added to the zip');
    this.sink.write(chunk);
  }
}

function restore(cache: NodeJS.Dict<NodeJS.Module>, key: string, value: NodeJS.Module | undefined): void {
  if (value) cache[key] = value;
  else delete cache[key];
}

/** A stream exceljs writes one part into (its StreamBuf pipes to this). */
interface PartSink {
  write(chunk: Buffer, callback?: () => void): boolean;
  end(): void;
}

/** Uncompressed bytes a part's deflate may have waiting before the renderer waits for it (see drained). */
const DEFLATE_BACKLOG = 1 << 20;

/**
 * What exceljs's streaming writer calls on its archiver (append, pipe, on, finalize): each part
 * is collected in the order it is appended — archiver's order too. A part exceljs streams (a
 * worksheet) is deflated as it comes, on zlib's threads while the next rows are rendered, so a
 * long sheet is held only compressed (a stream deflate gives the same bytes as a one-shot one:
 * no flush in between); the parts in `whole` (worksheets whose XML is fixed afterwards, see
 * fixPart) and the parts given whole are deflated when complete.
 */
class EntryCollector {
  private readonly parts: (PackedEntry | Promise<PackedEntry> | undefined)[] = [];
  private readonly streaming = new Set<DeflateRaw>();
  private out: NodeJS.WritableStream | undefined;
  /** Worksheet parts whose XML fixPart may change: kept whole until complete. */
  whole: ReadonlySet<string> = new Set();
  backlog = DEFLATE_BACKLOG;

  append(source: string | Buffer | { pipe(dest: PartSink): void }, { name }: { name: string }): this {
    const slot = this.parts.length;
    this.parts.push(undefined);
    const part = name.replace(/^\/+/, '');
    const done = (data: Buffer): void => {
      this.parts[slot] = packEntry({ name: part, data: fixPart(name, data) });
    };
    if (typeof source === 'string') done(Buffer.from(source, 'utf8'));
    else if (Buffer.isBuffer(source)) done(source);
    else if (this.whole.has(part) || !isWorksheet(name)) {
      const chunks: Buffer[] = [];
      source.pipe({
        write: (chunk, callback) => {
          chunks.push(chunk);
          callback?.();
          return true;
        },
        end: () => done(Buffer.concat(chunks)),
      });
    } else this.parts[slot] = this.deflating(part, source);
    return this;
  }

  private deflating(part: string, source: { pipe(dest: PartSink): void }): Promise<PackedEntry> {
    const deflate = createDeflateRaw({ level: 6 });
    this.streaming.add(deflate);
    const packed: Buffer[] = [];
    let crc = 0;
    let size = 0;
    let tail = '';
    deflate.on('data', (c: Buffer) => packed.push(c));
    const finished = new Promise<PackedEntry>((resolve, reject) => {
      deflate.on('error', reject);
      deflate.on('end', () => {
        this.streaming.delete(deflate);
        resolve({ name: part, packed: Buffer.concat(packed), crc: crc >>> 0, size });
      });
    });
    source.pipe({
      write: (chunk, callback) => {
        // A part streamed here is never changed afterwards: it must not hold what fixPart removes.
        const seam = tail + chunk.toString('latin1', 0, Math.min(chunk.length, DATA_BAR_EXT.length - 1));
        if (chunk.includes(DATA_BAR_EXT) || seam.includes(DATA_BAR_EXT)) throw new Error(`xlsx: ${part} has a data bar but was not kept whole`);
        tail = chunk.toString('latin1', Math.max(0, chunk.length - (DATA_BAR_EXT.length - 1)));
        crc = crc32(chunk, crc);
        size += chunk.length;
        deflate.write(chunk);
        callback?.();
        return true;
      },
      end: () => deflate.end(),
    });
    return finished;
  }

  /** Resolves once no part's deflate has much uncompressed input waiting: the renderer waits on this between rows. */
  async drained(): Promise<void> {
    // zlib deflates one written chunk per task and starts the next only from the event loop:
    // giving it a turn keeps it deflating beside the renderer instead of after it.
    if (this.streaming.size) await new Promise(setImmediate);
    for (const d of this.streaming) await caughtUp(d, this.backlog);
  }

  pipe(out: NodeJS.WritableStream): void {
    this.out = out;
  }

  on(): this {
    return this;
  }

  /** exceljs finalizes after every part has ended; its commit resolves when the output stream finishes. */
  finalize(): void {
    this.out?.end();
  }

  file(): never {
    throw new Error('xlsx: images are not written');
  }

  async entries(): Promise<PackedEntry[]> {
    const out: PackedEntry[] = [];
    for (const [i, e] of this.parts.entries()) {
      if (!e) throw new Error(`xlsx: part ${i + 1} was never completed`);
      out.push(await e);
    }
    return out;
  }
}

/** `deflateBacklog`: see EntryCollector (tests set it to 0 so the renderer always waits). */
export async function renderWorkbookExceljs(model: WorkbookModel, options: { maxRows?: number; deflateBacklog?: number } = {}): Promise<Buffer> {
  // The streaming writer: each row is written out as it is committed, so memory stays flat
  // however long a sheet is; each part is deflated once, when it is complete (EntryCollector).
  const sink = new PassThrough();
  const sheets = fitToExcel(model.sheets, options.maxRows);
  const wb = new (WorkbookWriter())({
    stream: sink,
    useStyles: true,
    useSharedStrings: false,
  } as unknown as Partial<ExcelJS.stream.xlsx.WorkbookStreamWriterOptions>);
  const zip = (wb as unknown as { zip: EntryCollector }).zip;
  // exceljs names the worksheets sheet1.xml, sheet2.xml … in the order they are added.
  zip.backlog = options.deflateBacklog ?? DEFLATE_BACKLOG;
  zip.whole = new Set(sheets.flatMap((sh, i) => (sh.dataBarColumn === undefined ? [] : [`xl/worksheets/sheet${i + 1}.xml`])));
  wb.creator = 'ecocomp';
  wb.lastModifiedBy = 'ecocomp';
  wb.title = model.title;
  wb.created = model.date;
  wb.modified = model.date;
  for (const sheet of sheets) await renderSheet(wb, sheet, model, zip);
  await wb.commit();
  return writeZip(await zip.entries(), model.date);
}

async function renderSheet(wb: ExcelJS.stream.xlsx.WorkbookWriter, s: SheetModel, model: WorkbookModel, zip: EntryCollector): Promise<void> {
  const ncol = s.columns.length;
  const headerRow = headerRowOf(s);
  const [printFrom, printTo] = printTitleRows(s, model);
  const ws = wb.addWorksheet(s.name, {
    pageSetup: {
      paperSize: 9, // A4
      orientation: s.orientation ?? 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      margins: { ...MARGINS },
      // Later pages repeat the column headers; the title, 编制单位 and period are in the page header.
      printTitlesRow: `${printFrom}:${printTo}`,
    },
    headerFooter: pageHeaderFooter(s, model),
    views: [{ state: 'frozen', xSplit: 0, ySplit: headerRow, topLeftCell: `A${headerRow + 1}`, activeCell: `A${headerRow + 1}` }],
  });
  ws.columns = s.columns.map((c) => ({ width: c.width }));
  const tableWidth = s.columns.reduce((w, c) => w + c.width, 0);
  let r = 0;
  if (s.title) {
    r++;
    const row = ws.getRow(r);
    row.getCell(1).value = s.title;
    row.getCell(1).font = { name: FONT, size: 14, bold: true };
    row.getCell(1).alignment = { horizontal: 'center', vertical: 'middle' };
    row.height = TITLE_HEIGHT;
    if (ncol > 1) ws.mergeCells(r, 1, r, ncol);
  }
  for (const note of s.notes ?? []) {
    r++;
    const row = ws.getRow(r);
    const cell = row.getCell(1);
    cell.value = note;
    // A note longer than the table wraps inside its merged row instead of being cut at the edge.
    const lines = printedLines(note, tableWidth);
    cell.font = { name: FONT, size: 10, italic: true };
    cell.alignment = { vertical: 'middle', wrapText: lines > 1 };
    row.height = rowHeight(lines);
    if (ncol > 1) ws.mergeCells(r, 1, r, ncol);
  }
  r++;
  const hr = ws.getRow(r);
  s.columns.forEach((c, i) => {
    const cell = hr.getCell(i + 1);
    cell.value = c.header;
    cell.font = { name: FONT, size: 10, bold: true };
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: HEADER_FILL } };
    cell.border = thin;
  });
  hr.height = HEADER_HEIGHT;
  const wraps = s.columns.map((c) => c.wrap ?? false);
  const writeRow = (cells: readonly CellModel[]): void => {
    r++;
    const row = ws.getRow(r);
    (row as unknown as { style: object }).style = ROW_STYLE;
    let lines = 1;
    for (let i = 0; i < cells.length; i++) {
      const { v, format, styled, span, need } = layCell(cells[i]!, i, s.columns);
      if (need > lines) lines = need;
      writeCell(row.getCell(i + 1), v, format, styled, need > 1 || (wraps[i] ?? false));
      if (span > 1) {
        for (let k = 1; k < span; k++) writeCell(row.getCell(i + 1 + k), '', 'text', styled, false);
        ws.mergeCells(r, i + 1, r, i + span);
        i += span - 1;
      }
    }
    // Excel does not grow wrapped rows by itself when a file is written: every row gets its height here.
    row.height = rowHeight(lines);
    row.commit();
  };
  for (let i = 0; i < s.rows.length; i++) {
    writeRow(s.rows[i]!);
    // Now and then let zlib catch up with the rows written (memory stays at its backlog).
    if ((i & 127) === 127) await zip.drained();
  }
  const lastDataRow = r;
  for (const cells of s.totals ?? []) writeRow(cells);
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
          color: { argb: DATA_BAR_COLOR },
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
    row.height = footerHeight(line);
  }
  // The filter covers the header and the data rows only: 合计 rows stay put when a clerk filters.
  if (!s.noFilter && ncol > 0) ws.autoFilter = { from: { row: headerRow, column: 1 }, to: { row: Math.max(headerRow, lastDataRow), column: ncol } };
  await ws.commit();
}

const thin: Partial<ExcelJS.Borders> = {
  top: { style: 'thin' },
  left: { style: 'thin' },
  bottom: { style: 'thin' },
  right: { style: 'thin' },
};

/**
 * A data row's own style: none, as exceljs gives each row, but one object for all of them. exceljs
 * looks a style object up in a WeakMap before it renders the style's XML to find its index, so a
 * fresh `{}` per row cost a rendering per row; the index (and the file) are the same.
 */
const ROW_STYLE = {};

/**
 * Cells share one style object per distinct look: exceljs otherwise keeps a style object per
 * cell, which dominates memory on large sheets.
 */
const styleCache: (Partial<ExcelJS.Style> | undefined)[] = [];

function sharedStyle(numFmt: string | undefined, bold: boolean, fill: Fill | undefined, numeric: boolean, wrap: boolean): Partial<ExcelJS.Style> {
  const key = lookKey(numFmt, bold, fill, numeric, wrap);
  let style = styleCache[key];
  if (!style) {
    const horizontal = dataAlignment(numFmt, fill, numeric);
    style = {
      font: { name: FONT, size: 10, bold },
      border: thin,
      alignment: { vertical: 'middle', horizontal, wrapText: wrap },
      ...(numFmt ? { numFmt } : {}),
      ...(fill ? { fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: FILLS[fill] } } } : {}),
    } as Partial<ExcelJS.Style>;
    styleCache[key] = style;
  }
  return style;
}

function writeCell(cell: ExcelJS.Cell, value: string | number, format: CellFormat, styled: StyledCell | undefined, wrap: boolean): void {
  cell.value = value;
  const numeric = typeof value === 'number';
  cell.style = sharedStyle(numeric ? NUM_FMT[format] : undefined, styled?.bold ?? false, styled?.fill, numeric, wrap);
}

const isWorksheet = (name: string): boolean => /^\/?xl\/worksheets\/sheet\d+\.xml$/.test(name);

/** A part as it goes into the zip: worksheets lose exceljs's empty data-bar extension. */
function fixPart(name: string, data: Buffer): Buffer {
  return isWorksheet(name) && data.includes(DATA_BAR_EXT) ? Buffer.from(plainDataBars(data.toString('utf8')), 'utf8') : data;
}

const DATA_BAR_EXT = '<x14:id/>';

/**
 * exceljs's streaming writer leaves an empty Excel 2010 extension (`<x14:id/>`, pointing at
 * nothing) inside each data-bar rule. Drop it: the plain data bar with its cfvo and colour is
 * complete, and an extension that references nothing makes Excel offer to repair the file.
 */
function plainDataBars(xml: string): string {
  return xml.replace(/<extLst><ext uri="\{B025F937-C7B1-47D3-B67F-A62EFF666E3E\}"[^>]*><x14:id\/><\/ext><\/extLst>/g, '');
}
