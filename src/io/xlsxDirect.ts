import { createRequire } from 'node:module';
import { crc32, createDeflateRaw } from 'node:zlib';
import type { CellModel, SheetModel, WorkbookModel } from '../report/model.js';
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
  laidCell,
  layCell,
  lookKey,
  pageHeaderFooter,
  printTitleRows,
  printedLines,
  rowHeight,
} from './xlsxLayout.js';
import { caughtUp, packEntry, writeZip, type PackedEntry } from './zipWrite.js';

/**
 * The workbook writer every command uses (issue 13: exceljs's writer cost a settle run about
 * 140 ms of its ~450 before it wrote a byte). It writes the parts exceljs's streaming writer
 * writes for a WorkbookModel, in the same order, with the same XML: styles registered in order
 * of first use and deduplicated by their XML as exceljs's StylesXform does, rows and cells as
 * its RowXform and CellXform render them, text through exceljs's own xmlEncode, its theme as
 * it is. exceljs stays the reference and the fallback (xlsxExceljs.ts, `ECOCOMP_XLSX_WRITER=exceljs`):
 * test/xlsxDirect.test.ts holds every fixture workbook and random models byte-identical to it.
 */
const req = createRequire(import.meta.url);
const { xmlEncode } = req('exceljs/lib/utils/utils.js') as { xmlEncode: (t: string) => string };
const THEME = req('exceljs/lib/xlsx/xml/theme1.js') as string;

const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>';

/** exceljs's built-in number format ids (defaultnumformats.js) for the codes NUM_FMT uses. */
const BUILTIN_FORMATS: Readonly<Record<string, number>> = { General: 0, '0': 1, '0.00': 2, '#,##0': 3, '#,##0.00': 4, '0%': 9, '0.00%': 10, '@': 49 };

/** A cell's look, as the exceljs adapter gives it (font always SimSun). */
interface Look {
  numFmt?: string | undefined;
  size: number;
  bold?: boolean;
  italic?: boolean;
  border?: boolean;
  fill?: string | undefined;
  horizontal?: 'left' | 'center' | 'right';
  /** Vertically centred (exceljs 'middle'). */
  middle?: boolean;
  wrap?: boolean;
  /** Has an alignment at all (exceljs writes applyAlignment for any alignment object). */
  aligned?: boolean;
}

/** styles.xml as exceljs's StylesXform builds it: every list deduplicated by its XML, ids by first use. */
class StyleBook {
  /** Custom number formats by code, and each other list's entries by XML, with their index: a Map keeps the order they were added in. */
  private readonly numFmts = new Map<string, number>();
  private readonly fonts = ids(['<font><color theme="1"/><family val="2"/><scheme val="minor"/><sz val="11"/><name val="Calibri"/></font>']);
  private readonly fills = ids(['<fill><patternFill patternType="none"/></fill>', '<fill><patternFill patternType="gray125"/></fill>']);
  private readonly borders = ids(['<border><left/><right/><top/><bottom/><diagonal/></border>']);
  private readonly xfs = ids(['<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>']);

  /** The cellXfs index of a look. */
  id(look: Look): number {
    const numFmtId = look.numFmt === undefined ? 0 : (BUILTIN_FORMATS[look.numFmt] ?? add(this.numFmts, look.numFmt, 164));
    const fontId = add(this.fonts, `<font>${look.bold ? '<b/>' : ''}${look.italic ? '<i/>' : ''}<sz val="${look.size}"/><name val="${FONT}"/></font>`);
    const borderId = look.border
      ? add(this.borders, '<border><left style="thin"/><right style="thin"/><top style="thin"/><bottom style="thin"/><diagonal/></border>')
      : 0;
    const fillId = look.fill ? add(this.fills, `<fill><patternFill patternType="solid"><fgColor rgb="${look.fill}"/></patternFill></fill>`) : 0;
    let xf = `<xf numFmtId="${numFmtId}" fontId="${fontId}" fillId="${fillId}" borderId="${borderId}" xfId="0"`;
    if (numFmtId) xf += ' applyNumberFormat="1"';
    if (fontId) xf += ' applyFont="1"';
    if (fillId) xf += ' applyFill="1"';
    if (borderId) xf += ' applyBorder="1"';
    if (look.aligned) {
      xf += ' applyAlignment="1"';
      let a = '';
      if (look.horizontal) a += ` horizontal="${look.horizontal}"`;
      if (look.middle) a += ' vertical="center"';
      if (look.wrap) a += ' wrapText="1"';
      xf += a ? `><alignment${a}/></xf>` : '/>';
    } else xf += '/>';
    return add(this.xfs, xf);
  }

  xml(): string {
    const list = (tag: string, items: Map<string, number>, extra = ''): string =>
      `<${tag} count="${items.size}"${extra}>${[...items.keys()].join('')}</${tag}>`;
    const numFmts = [...this.numFmts].map(([code, id]) => `<numFmt numFmtId="${id}" formatCode="${xmlEncode(code)}"/>`);
    return (
      `${XML_HEAD}\n<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" mc:Ignorable="x14ac x16r2" xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac" xmlns:x16r2="http://schemas.microsoft.com/office/spreadsheetml/2015/02/main">` +
      (numFmts.length ? `<numFmts count="${numFmts.length}">${numFmts.join('')}</numFmts>` : '') +
      list('fonts', this.fonts, ' x14ac:knownFonts="1"') +
      list('fills', this.fills) +
      list('borders', this.borders) +
      '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
      list('cellXfs', this.xfs) +
      '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles><dxfs count="0"/><tableStyles count="0" defaultTableStyle="TableStyleMedium2" defaultPivotStyle="PivotStyleLight16"/><extLst><ext uri="{EB79DEF2-80B8-43e5-95BD-54CBDDF9020C}" xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"><x14:slicerStyles defaultSlicerStyle="SlicerStyleLight1"/></ext><ext uri="{9260A510-F301-46a8-8635-F512D64BE5F5}" xmlns:x15="http://schemas.microsoft.com/office/spreadsheetml/2010/11/main"><x15:timelineStyles defaultTimelineStyle="TimeSlicerStyleLight1"/></ext></extLst></styleSheet>'
    );
  }
}

const ids = (xmls: readonly string[]): Map<string, number> => new Map(xmls.map((x, i) => [x, i]));

/** The index of `key` in `list`, added at the end (numbered from `base`) when it is new: exceljs's ids by first use. */
function add(list: Map<string, number>, key: string, base = 0): number {
  let id = list.get(key);
  if (id === undefined) list.set(key, (id = base + list.size));
  return id;
}

const TITLE: Look = { size: 14, bold: true, horizontal: 'center', middle: true, aligned: true };
const NOTE: Look = { size: 10, italic: true, middle: true, aligned: true };
const NOTE_WRAPPED: Look = { ...NOTE, wrap: true };
const HEADER: Look = { size: 10, bold: true, horizontal: 'center', middle: true, wrap: true, fill: HEADER_FILL, border: true, aligned: true };
const FOOTER: Look = { size: 11 };

/** A data cell's look: what xlsxExceljs's sharedStyle gives exceljs. */
function dataLook(numFmt: string | undefined, bold: boolean, fill: keyof typeof FILLS | undefined, numeric: boolean, wrap: boolean): Look {
  return {
    numFmt,
    size: 10,
    bold,
    border: true,
    horizontal: dataAlignment(numFmt, fill, numeric),
    middle: true,
    wrap,
    fill: fill ? FILLS[fill] : undefined,
    aligned: true,
  };
}

/** Bytes of a sheet's XML gathered before they go to its deflate (and, for a small sheet, the whole of it). */
const CHUNK = 1 << 17;
/** Uncompressed bytes a sheet's deflate may have waiting before the writer waits for it. */
const DEFLATE_BACKLOG = 1 << 20;
/** Texts whose cell bytes are kept per style (codes, months, names repeat down a sheet). */
const TAIL_CACHE = 4096;

/**
 * One worksheet's XML, written as bytes into a buffer. A sheet that stays within one chunk is
 * deflated in one call; a longer one streams, a chunk at a time, into a deflate on zlib's
 * threads while the next rows are built (the same bytes: a stream without flushes deflates as
 * one call does).
 */
class SheetOut {
  private buf = Buffer.allocUnsafe(CHUNK * 2);
  private at = 0;
  private deflate: ReturnType<typeof createDeflateRaw> | undefined;
  private readonly packed: Buffer[] = [];
  private ended: Promise<void> | undefined;
  private crc = 0;
  private bytes = 0;

  constructor(
    private readonly name: string,
    private readonly backlog: number,
  ) {}

  private room(n: number): void {
    if (this.at + n <= this.buf.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.at + n));
    this.buf.copy(bigger, 0, 0, this.at);
    this.buf = bigger;
  }

  /** Text (any characters; UTF-8). */
  add(xml: string): void {
    this.room(xml.length * 3);
    this.at += this.buf.write(xml, this.at);
    if (this.at >= CHUNK) this.spill();
  }

  /** Bytes already encoded. */
  addBytes(b: Buffer, length: number): void {
    this.room(length);
    this.at += b.copy(this.buf, this.at, 0, length);
  }

  private spill(): void {
    // The deflate may keep the chunk it is given: the next rows go into a fresh buffer.
    const chunk = this.buf.subarray(0, this.at);
    this.buf = Buffer.allocUnsafe(CHUNK * 2);
    this.at = 0;
    if (!this.deflate) {
      const d = createDeflateRaw({ level: 6 });
      d.on('data', (c: Buffer) => this.packed.push(c));
      this.ended = new Promise((resolve, reject) => {
        d.on('error', reject);
        d.on('end', resolve);
      });
      this.deflate = d;
    }
    this.crc = crc32(chunk, this.crc);
    this.bytes += chunk.length;
    this.deflate.write(chunk);
  }

  /** Wait while the deflate has much input waiting (memory stays at the backlog). */
  async drained(): Promise<void> {
    const d = this.deflate;
    if (!d) return;
    await new Promise(setImmediate);
    await caughtUp(d, this.backlog);
  }

  async finish(): Promise<PackedEntry> {
    if (!this.deflate) return packEntry({ name: this.name, data: this.buf.subarray(0, this.at) });
    if (this.at) this.spill();
    this.deflate.end();
    await this.ended;
    return { name: this.name, packed: Buffer.concat(this.packed), crc: this.crc >>> 0, size: this.bytes };
  }
}

/**
 * The rows of one sheet as exceljs's RowXform and CellXform write them: each row's cells are
 * built first (its `spans` attribute comes before them), then the row goes out whole. A cell's
 * bytes after its reference are kept per style and text, so a repeated text is encoded once.
 */
class SheetRows {
  readonly merges: string[] = [];
  private cells = Buffer.allocUnsafe(1 << 12);
  private cellsAt = 0;
  private first = 0;
  private last = 0;
  private row = 0;
  private rowRef = '';
  private readonly columns: Buffer[] = [];
  /** Per style id, a cell's bytes after its reference by text. */
  private readonly tails: Map<string, Buffer>[] = [];

  constructor(private readonly out: SheetOut) {}

  start(r: number): void {
    this.row = r;
    this.rowRef = String(r);
    this.cellsAt = 0;
    this.first = 0;
    this.last = 0;
  }

  /** Writes a cell's `<c r="A1` and makes room for `more` bytes after it; where it ends. */
  private ref(col: number, more: number): number {
    if (!this.first) this.first = col;
    this.last = col;
    const column = (this.columns[col] ??= Buffer.from(`<c r="${columnLetter(col)}`, 'latin1'));
    const need = this.cellsAt + column.length + this.rowRef.length + more;
    if (need > this.cells.length) {
      const bigger = Buffer.allocUnsafe(need * 2);
      this.cells.copy(bigger, 0, 0, this.cellsAt);
      this.cells = bigger;
    }
    const b = this.cells;
    let at = this.cellsAt;
    for (let i = 0; i < column.length; i++) b[at++] = column[i]!;
    return putAscii(b, at, this.rowRef);
  }

  private put(col: number, tail: Buffer): void {
    const b = this.cells;
    let at = this.ref(col, tail.length);
    // Buffer.copy costs more than a loop for the short tails most cells have.
    if (tail.length > 64) at += tail.copy(this.cells, at);
    else for (let i = 0; i < tail.length; i++) b[at++] = tail[i]!;
    this.cellsAt = at;
  }

  text(col: number, style: number, v: string): void {
    const byValue = (this.tails[style] ??= new Map());
    const tail = byValue.get(v);
    if (tail) return this.put(col, tail);
    const head = style ? `" s="${style}" t="str"><v>` : '" t="str"><v>';
    const encoded = xmlEncode(v);
    if (byValue.size < TAIL_CACHE) {
      const t = Buffer.from(`${head}${encoded}</v></c>`, 'utf8');
      byValue.set(v, t);
      return this.put(col, t);
    }
    // Past the cache (a sheet of distinct texts): written in place.
    let at = putAscii(this.cells, this.ref(col, head.length + encoded.length * 3 + 8), head);
    at += this.cells.write(encoded, at, 'utf8');
    this.cellsAt = putAscii(this.cells, at, '</v></c>');
  }

  number(col: number, style: number, v: number): void {
    const t = `${style ? `" s="${style}"` : '"'}><v>${String(v)}</v></c>`;
    this.cellsAt = putAscii(this.cells, this.ref(col, t.length), t);
  }

  /** Cells first+1 … first+count-1 of this row merged into the cell at `first` (exceljs: its style, no value). */
  merged(first: number, count: number, style: number): void {
    const tail = Buffer.from(`"${style ? ` s="${style}"` : ''}/>`, 'latin1');
    for (let k = 1; k < count; k++) this.put(first + k, tail);
    this.merges.push(`${columnLetter(first)}${this.row}:${columnLetter(first + count - 1)}${this.row}`);
  }

  end(height: number): void {
    const r = this.rowRef;
    if (!this.first) {
      this.out.add(`<row r="${r}" ht="${height}" customHeight="1" x14ac:dyDescent="0.25"/>`);
      return;
    }
    this.out.add(`<row r="${r}" ht="${height}" customHeight="1" spans="${this.first}:${this.last}" x14ac:dyDescent="0.25">`);
    this.out.addBytes(this.cells, this.cellsAt);
    this.out.add('</row>');
  }
}

export async function renderWorkbookDirect(model: WorkbookModel, options: { maxRows?: number; deflateBacklog?: number } = {}): Promise<Buffer> {
  const sheets = fitToExcel(model.sheets, options.maxRows);
  const styles = new StyleBook();
  const entries: (PackedEntry | Promise<PackedEntry>)[] = [
    packEntry({ name: 'xl/theme/theme1.xml', data: Buffer.from(THEME, 'utf8') }),
    text(
      '_rels/.rels',
      relationships([
        ['rId1', 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument', 'xl/workbook.xml'],
        ['rId2', 'http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties', 'docProps/core.xml'],
        ['rId3', 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties', 'docProps/app.xml'],
      ]),
    ),
  ];
  const printTitles: string[] = [];
  for (const [i, sheet] of sheets.entries()) {
    // A long sheet's deflate goes on while the next sheets are built: its entry is awaited at the end.
    entries.push((await renderSheet(sheet, model, styles, `xl/worksheets/sheet${i + 1}.xml`, options.deflateBacklog ?? DEFLATE_BACKLOG)).entry);
    const [from, to] = printTitleRows(sheet, model);
    printTitles.push(`<definedName name="_xlnm.Print_Titles" localSheetId="${i}">${xmlEncode(`'${sheet.name}'!$${from}:$${to}`)}</definedName>`);
  }
  const names = sheets.map((s) => xmlEncode(s.name));
  entries.push(text('[Content_Types].xml', contentTypes(sheets.length)));
  entries.push(text('docProps/app.xml', appXml(names)));
  entries.push(text('docProps/core.xml', coreXml(model)));
  entries.push(text('xl/styles.xml', styles.xml()));
  entries.push(
    text(
      'xl/_rels/workbook.xml.rels',
      relationships([
        ['rId1', 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles', 'styles.xml'],
        ['rId2', 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme', 'theme/theme1.xml'],
        ...names.map((_, i): [string, string, string] => [
          `rId${i + 3}`,
          'http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet',
          `worksheets/sheet${i + 1}.xml`,
        ]),
      ]),
    ),
  );
  entries.push(
    text(
      'xl/workbook.xml',
      `${XML_HEAD}\n<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" mc:Ignorable="x15" xmlns:x15="http://schemas.microsoft.com/office/spreadsheetml/2010/11/main"><fileVersion appName="xl" lastEdited="5" lowestEdited="5" rupBuild="9303"/><workbookPr defaultThemeVersion="164011" filterPrivacy="1"/><sheets>${names
        .map((n, i) => `<sheet sheetId="${i + 1}" name="${n}" state="visible" r:id="rId${i + 3}"/>`)
        .join('')}</sheets>${printTitles.length ? `<definedNames>${printTitles.join('')}</definedNames>` : ''}<calcPr calcId="171027"/></workbook>`,
    ),
  );
  const packed: PackedEntry[] = [];
  for (const e of entries) packed.push(await e);
  return writeZip(packed, model.date);
}

const text = (name: string, xml: string): PackedEntry => packEntry({ name, data: Buffer.from(xml, 'utf8') });

function relationships(rels: [string, string, string][]): string {
  return `${XML_HEAD}\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rels
    .map(([id, type, target]) => `<Relationship Id="${id}" Type="${type}" Target="${target}"/>`)
    .join('')}</Relationships>`;
}

function contentTypes(sheets: number): string {
  const sheet = (i: number): string =>
    `<Override PartName="/xl/worksheets/sheet${i}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`;
  return (
    `${XML_HEAD}\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
    Array.from({ length: sheets }, (_, i) => sheet(i + 1)).join('') +
    '<Override PartName="/xl/theme/theme1.xml" ContentType="application/vnd.openxmlformats-officedocument.theme+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Default Extension="vml" ContentType="application/vnd.openxmlformats-officedocument.vmlDrawing"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/><Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>'
  );
}

function appXml(names: string[]): string {
  return `${XML_HEAD}\n<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><Application>Microsoft Excel</Application><DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop><HeadingPairs><vt:vector size="2" baseType="variant"><vt:variant><vt:lpstr>Worksheets</vt:lpstr></vt:variant><vt:variant><vt:i4>${names.length}</vt:i4></vt:variant></vt:vector></HeadingPairs><TitlesOfParts><vt:vector size="${names.length}" baseType="lpstr">${names
    .map((n) => `<vt:lpstr>${n}</vt:lpstr>`)
    .join(
      '',
    )}</vt:vector></TitlesOfParts><Company></Company><LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged><AppVersion>16.0300</AppVersion></Properties>`;
}

function coreXml(model: WorkbookModel): string {
  const date = model.date.toISOString().replace(/[.]\d{3}/, '');
  return `${XML_HEAD}\n<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:creator>ecocomp</dc:creator><dc:title>${xmlEncode(model.title)}</dc:title><cp:lastModifiedBy>ecocomp</cp:lastModifiedBy><dcterms:created xsi:type="dcterms:W3CDTF">${date}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">${date}</dcterms:modified></cp:coreProperties>`;
}

/** `<cols>` as exceljs condenses them: default-width (9) columns left out, equal neighbours joined. */
function colsXml(widths: readonly number[]): string {
  let out = '';
  let open: { min: number; max: number; width: number } | undefined;
  const close = (): void => {
    if (open) out += `<col min="${open.min}" max="${open.max}" width="${open.width}" customWidth="1"/>`;
    open = undefined;
  };
  widths.forEach((width, i) => {
    if (width === 9) close();
    else if (open && open.width === width) open.max = i + 1;
    else {
      close();
      open = { min: i + 1, max: i + 1, width };
    }
  });
  close();
  return out ? `<cols>${out}</cols>` : '';
}

/** Builds a sheet's XML; resolves, once every row is handed on, to its packed entry still to come. */
async function renderSheet(s: SheetModel, model: WorkbookModel, styles: StyleBook, part: string, backlog: number): Promise<{ entry: Promise<PackedEntry> }> {
  const out = new SheetOut(part, backlog);
  const rows = new SheetRows(out);
  const ncol = s.columns.length;
  const headerRow = headerRowOf(s);
  const top = `A${headerRow + 1}`;
  out.add(
    `${XML_HEAD}<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" mc:Ignorable="x14ac" xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac"><sheetPr><pageSetUpPr fitToPage="1"/></sheetPr><sheetViews><sheetView workbookViewId="0"><pane ySplit="${headerRow}" topLeftCell="${top}" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="${top}" sqref="${top}"/></sheetView></sheetViews><sheetFormatPr defaultRowHeight="15" outlineLevelRow="0" outlineLevelCol="0" x14ac:dyDescent="55"/>${colsXml(
      s.columns.map((c) => c.width),
    )}<sheetData>`,
  );
  let r = 0;
  const wholeRow = (value: string, style: number, height: number): void => {
    r++;
    rows.start(r);
    rows.text(1, style, value);
    if (ncol > 1) rows.merged(1, ncol, style);
    rows.end(height);
  };
  if (s.title) wholeRow(s.title, styles.id(TITLE), TITLE_HEIGHT);
  const tableWidth = s.columns.reduce((w, c) => w + c.width, 0);
  for (const note of s.notes ?? []) {
    const lines = printedLines(note, tableWidth);
    wholeRow(note, styles.id(lines > 1 ? NOTE_WRAPPED : NOTE), rowHeight(lines));
  }
  r++;
  rows.start(r);
  // A look is registered when a cell first has it (exceljs: when the cell's row is written).
  if (ncol) {
    const header = styles.id(HEADER);
    s.columns.forEach((c, i) => rows.text(i + 1, header, c.header));
  }
  rows.end(HEADER_HEIGHT);

  const wraps = s.columns.map((c) => c.wrap ?? false);
  const looks: number[] = [];
  const styleOf = (numFmt: string | undefined, bold: boolean, fill: keyof typeof FILLS | undefined, numeric: boolean, wrap: boolean): number => {
    const key = lookKey(numFmt, bold, fill, numeric, wrap);
    let id = looks[key];
    if (id === undefined) looks[key] = id = styles.id(dataLook(numFmt, bold, fill, numeric, wrap));
    return id;
  };
  const laid = laidCell();
  const writeRow = (cells: readonly CellModel[]): void => {
    r++;
    rows.start(r);
    let lines = 1;
    for (let i = 0; i < cells.length; i++) {
      const { v, format, styled, span, need } = layCell(cells[i]!, i, s.columns, laid);
      if (need > lines) lines = need;
      const numeric = typeof v === 'number';
      const style = styleOf(numeric ? NUM_FMT[format] : undefined, styled?.bold ?? false, styled?.fill, numeric, need > 1 || (wraps[i] ?? false));
      if (numeric) rows.number(i + 1, style, v);
      else rows.text(i + 1, style, v);
      if (span > 1) {
        rows.merged(i + 1, span, style);
        i += span - 1;
      }
    }
    rows.end(rowHeight(lines));
  };
  for (let i = 0; i < s.rows.length; i++) {
    writeRow(s.rows[i]!);
    // Now and then give zlib a turn: it takes the next chunk only from the event loop.
    if ((i & 127) === 127) await out.drained();
  }
  const lastDataRow = r;
  for (const cells of s.totals ?? []) writeRow(cells);
  for (const line of s.footer ?? []) {
    r++;
    rows.start(r);
    const footer = line.length ? styles.id(FOOTER) : 0;
    line.forEach((t, i) => rows.text(i + 1, footer, t));
    rows.end(footerHeight(line));
  }
  let tail = '</sheetData>';
  if (!s.noFilter && ncol > 0) tail += `<autoFilter ref="A${headerRow}:${columnLetter(ncol)}${Math.max(headerRow, lastDataRow)}"/>`;
  if (rows.merges.length) tail += `<mergeCells count="${rows.merges.length}">${rows.merges.map((m) => `<mergeCell ref="${m}"/>`).join('')}</mergeCells>`;
  if (s.dataBarColumn !== undefined && lastDataRow > headerRow) {
    const col = columnLetter(s.dataBarColumn + 1);
    tail += `<conditionalFormatting sqref="${col}${headerRow + 1}:${col}${lastDataRow}"><cfRule type="dataBar" priority="1"><dataBar><cfvo type="num" val="0"/><cfvo type="num" val="100"/><color rgb="${DATA_BAR_COLOR}"/></dataBar></cfRule></conditionalFormatting>`;
  }
  const hf = pageHeaderFooter(s, model);
  tail += `<pageMargins left="${MARGINS.left}" right="${MARGINS.right}" top="${MARGINS.top}" bottom="${MARGINS.bottom}" header="${MARGINS.header}" footer="${MARGINS.footer}"/><pageSetup paperSize="9" orientation="${s.orientation ?? 'landscape'}" horizontalDpi="4294967295" verticalDpi="4294967295" scale="100" fitToWidth="1" fitToHeight="0"/>`;
  const header_ = hf.oddHeader ? `<oddHeader>${xmlEncode(hf.oddHeader)}</oddHeader>` : '';
  const footer_ = hf.oddFooter ? `<oddFooter>${xmlEncode(hf.oddFooter)}</oddFooter>` : '';
  if (header_ || footer_) tail += `<headerFooter>${header_}${footer_}</headerFooter>`;
  out.add(`${tail}</worksheet>`);
  // Wrapped: an async function would otherwise wait for the deflate before it returns.
  return { entry: out.finish() };
}

/** Writes the ASCII text t into b at `at` (room made by the caller); where it ends. */
function putAscii(b: Buffer, at: number, t: string): number {
  for (let i = 0; i < t.length; i++) b[at++] = t.charCodeAt(i);
  return at;
}
