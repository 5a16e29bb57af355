import { createReadStream, readdirSync, readFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import path from 'node:path';
import { problem, type Problem } from '../domain/problem.js';
import { DecodeError, Utf8Chunks, decodeBytes, detectEncoding, makeDecoder, type Encoding } from './decode.js';
import type { ColumnSpec, TableSpec } from './headers.js';
import { BodyFilter, HEADER_SCAN_ROWS, locateHeader } from './layout.js';
import type { TableLayout } from '../domain/inputs.js';
import { convertCell, exactFactor } from './units.js';
import { PlainRefused, plainCsvBytes, type PlainBytes } from './plainCsvBytes.js';
import { readXlsxSheet } from './xlsxRead.js';

/**
 * One data row: its Excel row number and its cells by column key (always strings, trimmed).
 * `get` gives a money or measure cell in the column's own unit (converted exactly when the
 * header names another known unit); `written` gives it as in the file.
 */
export interface RawRow {
  row: number;
  get(key: string): string;
  has(key: string): boolean;
  written(key: string): string;
  /** The cell in column `i` (0-based, as in the file), trimmed, unconverted. */
  at(i: number): string;
  /** Where a row stands for one cell (a month matrix): that cell's column header as written. */
  cellColumn?: string | undefined;
  /** The header of the cell that gave this key's value, where it is not the table's column for the key. */
  headerOf?(key: string): string | undefined;
  /** Cells a CSV row lacks against its header (the row was cut short); 0 when whole. */
  readonly missingCells?: number;
}

/** The column a row's value for a key came from, as written, for messages. */
export const headerFor = (t: Pick<RawTable, 'headerOf'>, row: RawRow, key: string): string => row.headerOf?.(key) ?? t.headerOf(key);

export interface RawTable {
  /** Path as the user gave it (relative to the data folder's parent where possible). */
  file: string;
  spec: TableSpec;
  rows: RawRow[];
  /** key → header as written, for messages. */
  headerOf(key: string): string;
  /** key → the column's 0-based index in the file (its Excel column is columnLetter of it). */
  columnOf(key: string): number | undefined;
  /** How the file was read: header row, title lines, skipped rows, units. */
  layout: TableLayout;
  encoding?: Encoding | undefined;
  sheet?: string | undefined;
}

class TableReadError extends Error {
  constructor(readonly problems: Problem[]) {
    super(problems.map((p) => p.message).join('; '));
  }
}

export const isSpreadsheet = (file: string): boolean => /\.xlsx$/i.test(file);
export const isCsv = (file: string): boolean => /\.csv$/i.test(file);

const isOwnFile = (n: string): boolean => !n.startsWith('~$') && !n.startsWith('.');

/** The .csv and .xlsx files in a folder, by name, leaving out Excel lock files (`~$…`) and hidden files. */
export async function listTableFiles(dir: string): Promise<string[]> {
  return readdirSync(dir)
    .filter((n) => (isCsv(n) || isSpreadsheet(n)) && isOwnFile(n))
    .sort();
}

// Spreadsheet formats that are not read: never skipped silently (data.md).
const REFUSED: Record<string, string> = {
  xls: 'Excel 97–2003 工作簿（.xls）',
  xlsm: '启用宏的 Excel 工作簿（.xlsm）',
  xlsb: 'Excel 二进制工作簿（.xlsb）',
  et: 'WPS 表格文件（.et）',
  ett: 'WPS 表格模板（.ett）',
  ods: 'OpenDocument 表格（.ods）',
  numbers: 'Numbers 表格（.numbers）',
};

/** The spreadsheet files among `names` in a form this tool does not read, with what they are. */
function refusedSpreadsheets(names: readonly string[]): { name: string; kind: string }[] {
  const out: { name: string; kind: string }[] = [];
  for (const n of [...names].sort()) {
    const ext = /\.([a-z]+)$/i.exec(n)?.[1]?.toLowerCase();
    const kind = ext === undefined ? undefined : REFUSED[ext];
    if (kind && isOwnFile(n)) out.push({ name: n, kind });
  }
  return out;
}

/** The names in a folder; none when it is missing or cannot be read (the caller reports what it needed). */
export function listDirOrEmpty(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/** An error for each spreadsheet in `dir` that is not read (`shownDir` as the user sees the folder). */
export async function refusedSpreadsheetProblems(dir: string, shownDir: string): Promise<Problem[]> {
  return refusedSpreadsheets(listDirOrEmpty(dir)).map(({ name, kind }) => {
    const file = `${shownDir.replace(/[\\/]+$/, '')}/${name}`;
    return problem('error', 'E_FILE_FORMAT', `${name} 是${kind}，本工具不读取这种格式：请在 Excel 或 WPS 中打开，另存为 .xlsx（Excel 工作簿）后再运行`, {
      file,
    });
  });
}

/** The encoding a CSV file is in, from its first 64 KiB (see decode.ts). */
export async function detectFileEncoding(file: string): Promise<Encoding> {
  const head = await readHead(file, 65536);
  return detectEncoding(head.bytes, head.wholeFile);
}

/**
 * A reader that lets each row go once it has used it: given the table as soon as its header is
 * found (its `rows` still empty), it returns how it takes the data rows, in order, or undefined
 * to have them all in `rows` as usual. Given the file's `bytes` too (a plain CSV whose every
 * column is read as written and that has no 说明 column), it may take a body line straight from
 * them (`line`); a line it leaves, or any line that could be a blank, footer or note line, is
 * read into a row for `row` as usual. When the bytes turn out not to be plain after all (a
 * second kind of line break, a GBK cell that does not decode), the file is read again as text
 * into `rows` and whatever the taking had taken must be dropped: readTable says `taken` only
 * when the rows went to the taking.
 */
export type RowTaker = (table: RawTable, bytes?: PlainBytes) => Taking | undefined;

interface Taking {
  row(row: RawRow): void;
  /** The body line bytes.buf[a, b): true when taken whole (then it is no row at all), false to have it read as a row. */
  line?: ((a: number, b: number, row: number) => boolean) | undefined;
}

/**
 * Read a whole table (CSV in any accepted encoding, or xlsx). Problems come back, never thrown.
 * With `take`, a plain CSV (plainCsvGrid's kind) whose header is found in its first lines is
 * read one line at a time, each data row given to the taker and none kept (a national quality
 * folder's rows are never all held as cells); the rows and problems are exactly readTable's.
 */
export async function readTable(
  file: string,
  spec: TableSpec,
  displayName = file,
  take?: RowTaker,
  /** Whether the taker is given the bytes of a plain CSV (false: every line is split into a row). */
  readBytes = true,
): Promise<{
  table?: RawTable;
  problems: Problem[];
  /** The file's bytes, when it could be read. */
  bytes?: Buffer;
  /** The rows went to the taker's taking, not into the table's `rows`. */
  taken?: true;
}> {
  try {
    if (isSpreadsheet(file)) {
      const grid = await readXlsxGrid(file, spec);
      return { ...buildTable(grid, spec, displayName), bytes: grid.bytes };
    }
    const bytes = readFileSync(file);
    const plain = take && plainCsvBytes(bytes);
    if (plain) {
      try {
        const streamed = streamPlain(plain, spec, displayName, take!, readBytes);
        if (streamed) return { ...streamed, bytes, taken: true };
      } catch (e) {
        if (!(e instanceof PlainRefused)) throw e;
      }
    }
    const { text, encoding } = decodeBytes(bytes);
    const grid = { ...(plainCsvGrid(text) ?? (await parsedCsvGrid(text, displayName))), encoding, bytes };
    return { ...buildTable(grid, spec, displayName), bytes };
  } catch (e) {
    return { problems: [readFailure(e, displayName, spec)] };
  }
}

export function readFailure(e: unknown, file: string, spec: TableSpec): Problem {
  if (e instanceof DecodeError) return problem('error', 'E_ENCODING', e.message, { file, row: e.line ?? 1 });
  if (e instanceof TableReadError) return e.problems[0]!;
  const err = e as NodeJS.ErrnoException & { code?: string; lines?: number };
  if (err.code === 'ENOENT') return problem('error', 'E_FILE_MISSING', `找不到${spec.title}文件：${file}`, { file });
  if (typeof err.code === 'string' && err.code.startsWith('CSV_')) {
    return problem('error', 'E_CSV_SYNTAX', `CSV 格式错误：${csvErrorText(err as { code: string; message: string })}`, { file, row: err.lines });
  }
  return problem('error', 'E_FILE_UNREADABLE', `无法读取${spec.title}文件 ${path.basename(file)}：${err.message ?? String(e)}`, { file });
}

interface Grid {
  cells: string[][];
  /** Excel row number of cells[i]. */
  rowNumbers: number[];
  encoding?: Encoding;
  sheet?: string;
  /** The file's bytes as read. */
  bytes: Buffer;
}

/**
 * The common CSV: no quote anywhere and one kind of line break (LF, or CRLF throughout). Its
 * records are its lines split at each comma, exactly as csv-parse reads them (test/csvRead.test.ts
 * holds the two to each other), without the parser: undefined for any other file, which goes
 * to csv-parse.
 */
export function plainCsvGrid(text: string): { cells: string[][]; rowNumbers: number[] } | undefined {
  if (text.includes('"') || text.charCodeAt(0) === 0xfeff) return undefined;
  const crlf = text.includes('\r');
  // CRLF throughout: no CR without its LF, no LF without its CR.
  if (crlf && /\r(?!\n)|(?<!\r)\n/.test(text)) return undefined;
  const sep = crlf ? '\r\n' : '\n';
  const cells: string[][] = [];
  const rowNumbers: number[] = [];
  let start = 0;
  for (let row = 1; ; row++) {
    const end = text.indexOf(sep, start);
    // A break at the very end closes the last record; it does not start another.
    if (end === -1 && start === text.length) break;
    const record = (end === -1 ? text.slice(start) : text.slice(start, end)).split(',');
    for (let j = 0; j < record.length; j++) record[j] = record[j]!.trim();
    cells.push(record);
    rowNumbers.push(row);
    if (end === -1) break;
    start = end + sep.length;
  }
  return { cells, rowNumbers };
}

/**
 * A plain CSV (plainCsvBytes) read line by line into `take` (readTable): the header is looked
 * for in the lines locateHeader reads, exactly as buildTable would over the whole grid, and each
 * body line becomes a row as buildTable makes it, except that a line the taker takes from the
 * bytes (`readBytes`) is never split into cells. Only a line whose first filled cell starts with
 * an ASCII character that is not a blank is offered (no footer or note line does), and none
 * after a note has begun (its next lines may be single cells). Undefined when the header is not
 * found there cleanly or the taker does not take the rows: then the whole grid is built.
 */
function streamPlain(
  plain: PlainBytes,
  spec: TableSpec,
  file: string,
  take: RowTaker,
  readBytes: boolean,
): { table?: RawTable; problems: Problem[] } | undefined {
  // locateHeader looks at its first HEADER_SCAN_ROWS rows and the one after each.
  const head: string[][] = [];
  const headRows: number[] = [];
  plain.lines((a, b, row) => {
    head.push(plain.cells(a, b));
    headRows.push(row);
    return head.length <= HEADER_SCAN_ROWS;
  });
  const { top } = tableTop({ cells: head, rowNumbers: headRows, encoding: plain.encoding, bytes: Buffer.alloc(0) }, spec, file);
  if (!top) return undefined;
  const bytes = readBytes && top.asWritten ? plain : undefined;
  const taking = take(top.table, bytes);
  if (!taking) return undefined;
  const line = bytes && taking.line;
  const buf = plain.buf;
  plain.lines((a, b, row) => {
    if (line && !top.filter.inNote && startsPlain(buf, a, b) && line(a, b, row)) return;
    const r = top.body(row, plain.cells(a, b));
    if (r) taking.row(r);
  }, top.bodyStart + 1);
  return { table: top.table, problems: top.problems };
}

/** Whether the first byte of the line that is neither a comma nor an ASCII blank is an ASCII character. */
function startsPlain(buf: Buffer, a: number, b: number): boolean {
  for (let i = a; i < b; i++) {
    const c = buf[i]!;
    if (c === 0x2c || c === 0x20 || c === 0x09 || c === 0x0b || c === 0x0c) continue;
    return c < 0x80;
  }
  return false;
}

/** Any other CSV, through csv-parse (loaded only for such a file). */
async function parsedCsvGrid(text: string, displayName: string): Promise<{ cells: string[][]; rowNumbers: number[] }> {
  const { parse: parseSync } = await import('csv-parse/sync');
  let records: string[][];
  try {
    records = parseSync(text, {
      bom: true,
      relax_column_count: true,
      skip_empty_lines: false,
      record_delimiter: recordDelimiters(text.includes('\n')),
    }) as string[][];
  } catch (e) {
    const err = e as { code?: string; lines?: number; message: string };
    throw new TableReadError([problem('error', 'E_CSV_SYNTAX', `CSV 格式错误：${csvErrorText(err)}`, { file: displayName, row: err.lines })]);
  }
  const cells: string[][] = [];
  const rowNumbers: number[] = [];
  let line = 1;
  for (const record of records) {
    cells.push(record.map((c) => c.trim()));
    rowNumbers.push(line);
    line += recordLines(record);
  }
  return { cells, rowNumbers };
}

/**
 * Line breaks that end a record. csv-parse on its own takes the first kind it meets as the only
 * one, so in a file whose lines end in CR LF and then LF (two files pasted together) every LF
 * line would be run into one record and its rows lost without a word: where the text has a LF,
 * both CR LF and LF end a record (a lone CR stays in its cell, as before); a text of CR-only
 * lines is left to csv-parse's own finding.
 */
function recordDelimiters(hasLf: boolean): string[] | undefined {
  return hasLf ? ['\r\n', '\n'] : undefined;
}

const CSV_ERRORS: Record<string, string> = {
  CSV_QUOTE_NOT_CLOSED: '引号没有闭合（某个单元格以 " 开头却没有结束的 "）',
  CSV_INVALID_CLOSING_QUOTE: '引号后面紧跟了其他字符（单元格内的 " 应写成 ""）',
  CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE: '引号后面紧跟了其他字符（单元格内的 " 应写成 ""）',
  CSV_MAX_RECORD_SIZE: '某一行过长',
};

function csvErrorText(err: { code?: string; message: string }): string {
  return (err.code && CSV_ERRORS[err.code]) ?? err.message;
}

async function readXlsxGrid(file: string, spec: TableSpec): Promise<Grid> {
  const bytes = readFileSync(file);
  return { ...readXlsxSheet(bytes, spec.sheetNames), bytes };
}

function buildTable(grid: Grid, spec: TableSpec, file: string): { table?: RawTable; problems: Problem[] } {
  const { top, problems } = tableTop(grid, spec, file);
  if (!top) return { problems };
  for (let i = top.bodyStart; i < grid.cells.length; i++) {
    const r = top.body(grid.rowNumbers[i]!, grid.cells[i]!);
    if (r) top.table.rows.push(r);
  }
  return { table: top.table, problems: top.problems };
}

/**
 * A table's header found in the grid's rows, with its (still empty) table and `body`, which
 * makes a data row of a body line or skips it (a blank, footer or example line, a warning for
 * the latter going to `problems`); no `top` when the header is not found or has problems.
 */
function tableTop(
  grid: Grid,
  spec: TableSpec,
  file: string,
): {
  top?: {
    table: RawTable;
    problems: Problem[];
    bodyStart: number;
    body: (row: number, cells: string[]) => RawRow | undefined;
    filter: BodyFilter;
    /** Every column is read as written (no unit converted) and there is no 说明 column (W_EXAMPLE_ROW). */
    asWritten: boolean;
  };
  problems: Problem[];
} {
  const { located, problems } = locateHeader(grid.cells, grid.rowNumbers, spec.columns, spec.title, file);
  if (!located || problems.length) return { problems };
  const { layout, match: m } = located;
  const columns = columnMap(m.index, layout);
  const filter = new BodyFilter(layout.skipped);
  // An xlsx row simply leaves out its empty trailing cells; only a CSV row can be cut short.
  const width = grid.encoding ? layout.headerCells.length : 0;
  const extra = exampleMarkColumns(layout.headerCells, m.index);
  const body = (row: number, cells: string[]): RawRow | undefined => {
    if (!filter.isData(row, cells)) return undefined;
    const mark = extra.find((j) => isExampleMark(cells[j] ?? ''));
    if (mark !== undefined) {
      problems.push(
        problem('warning', 'W_EXAMPLE_ROW', '模板的示例行，检查和计算时跳过；填入实际数据后请删除本行', {
          file,
          row,
          column: layout.headerCells[mark]!,
          value: cells[mark]!.trim(),
        }),
      );
      return undefined;
    }
    return new Row(row, cells, columns, width);
  };
  const headerOf = (key: string): string => m.written.get(key) ?? spec.columns.find((c) => c.key === key)?.header ?? key;
  const columnOf = (key: string): number | undefined => m.index.get(key);
  const table: RawTable = { file, spec, rows: [], headerOf, columnOf, layout, encoding: grid.encoding, sheet: grid.sheet };
  const asWritten = extra.length === 0 && columns.convert === undefined;
  return { top: { table, problems, bodyStart: located.bodyStart, body, filter, asWritten }, problems };
}

/** Column keys to indexes, with the converters of the columns whose unit is not the column's own. */
interface ColumnMap {
  index: ReadonlyMap<string, number>;
  convert: ReadonlyMap<string, ReturnType<typeof exactFactor>> | undefined;
}

function columnMap(index: ReadonlyMap<string, number>, layout?: TableLayout): ColumnMap {
  const factors = (layout?.units ?? []).filter((u) => u.factor !== undefined);
  return { index, convert: factors.length ? new Map(factors.map((u) => [u.key, exactFactor(u.factor!)])) : undefined };
}

/**
 * A template row (`ecocomp init`) says so in an extra 说明 column (not one of the table's own):
 * exactly 「示例」 or 「示例（…）」, so a 备注 such as 示例数据 is never taken for one.
 */
export const EXAMPLE_MARK = '示例';
export const EXAMPLE_COLUMN = '说明';

const isExampleMark = (text: string): boolean => {
  const t = text.trim();
  return t === EXAMPLE_MARK || (t.startsWith(`${EXAMPLE_MARK}（`) && t.endsWith('）'));
};

function exampleMarkColumns(header: readonly string[], index: ReadonlyMap<string, number>): number[] {
  const own = new Set(index.values());
  return header.map((_, j) => j).filter((j) => !own.has(j) && header[j]!.trim() === EXAMPLE_COLUMN);
}

/** `width`: the header's cell count, for CSV rows (missingCells); 0 when a short row is normal. */
export function makeRow(row: number, cells: readonly string[], index: ReadonlyMap<string, number>, width = 0): RawRow {
  return new Row(row, cells, columnMap(index), width);
}

/** One class rather than closures per row: millions of rows are made when streaming. */
class Row implements RawRow {
  constructor(
    readonly row: number,
    private readonly cells: readonly string[],
    private readonly columns: ColumnMap,
    private readonly width: number,
  ) {}

  get missingCells(): number {
    return this.width > this.cells.length ? this.width - this.cells.length : 0;
  }

  get(key: string): string {
    const i = this.columns.index.get(key);
    if (i === undefined) return '';
    const text = (this.cells[i] ?? '').trim();
    const convert = this.columns.convert;
    if (convert === undefined) return text;
    const f = convert.get(key);
    return f === undefined ? text : convertCell(text, f);
  }

  written(key: string): string {
    const i = this.columns.index.get(key);
    return i === undefined ? '' : (this.cells[i] ?? '').trim();
  }

  at(i: number): string {
    return (this.cells[i] ?? '').trim();
  }

  has(key: string): boolean {
    return this.columns.index.has(key);
  }
}

/** The Excel column letters of a 0-based column index (0 → A, 26 → AA). */
export function columnLetter(i: number): string {
  let s = '';
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/**
 * Stream a CSV table in batches of rows without holding the file in memory (automatic-station
 * files with millions of rows). The encoding is detected from the first 64 KiB. The file is
 * pulled a chunk at a time and each chunk's records are drained before the next is read, so
 * memory stays flat however slow the consumer; batches keep the per-row cost of async
 * iteration out of the hot loop.
 */
export async function* streamCsvBatches(
  file: string,
  columns: readonly ColumnSpec[],
  title: string,
  displayName = file,
  options: StreamOptions = {},
): AsyncGenerator<RawRow[], void, undefined> {
  // The first 64 KiB tell the encoding (detectFileEncoding) and the line breaks (recordDelimiters).
  const first = await readHead(file, 65536);
  const encoding = options.encoding ?? detectEncoding(first.bytes, first.wholeFile);
  // UTF-8 goes to the parser as checked bytes (no decode to text and back); GB18030 is decoded.
  const utf8 = encoding === 'gb18030' ? undefined : new Utf8Chunks();
  const decoder = utf8 ? undefined : makeDecoder(encoding);
  // No per-record info objects and no trimming here (both cost more than the parse itself on
  // station files): line numbers are counted from the records, cells are trimmed when read.
  const { parse } = await import('csv-parse');
  const parser = parse({ bom: true, relax_column_count: true, skip_empty_lines: false, record_delimiter: recordDelimiters(first.bytes.includes(10)) });
  let failure: unknown;
  parser.on('error', (e) => (failure ??= e));
  let columnsOf: ColumnMap | undefined;
  let filter: BodyFilter | undefined;
  // Rows before the header is found: it is among the first HEADER_SCAN_ROWS (+1 for a two-row header).
  const head: string[][] = [];
  const headRows: number[] = [];
  let width = 0;
  let line = 1;
  const locate = (rows: RawRow[]): void => {
    const { located, problems } = locateHeader(head, headRows, columns, title, displayName);
    if (!located || problems.length) throw new TableReadError(problems);
    columnsOf = columnMap(located.match.index, located.layout);
    filter = new BodyFilter(located.layout.skipped);
    width = located.layout.headerCells.length;
    options.onLayout?.(located.layout, located.match.written);
    for (let i = located.bodyStart; i < head.length; i++)
      if (filter.isData(headRows[i]!, head[i]!)) rows.push(new Row(headRows[i]!, head[i]!, columnsOf, width));
  };
  const drain = (final = false): RawRow[] => {
    const rows: RawRow[] = [];
    let record: string[] | null;
    while ((record = parser.read() as string[] | null) !== null) {
      const row = line;
      line += recordLines(record);
      if (filter) {
        if (filter.isData(row, record)) rows.push(new Row(row, record, columnsOf!, width));
        continue;
      }
      head.push(record);
      headRows.push(row);
      if (head.length > HEADER_SCAN_ROWS) locate(rows);
    }
    if (failure) throw failure;
    if (final && !filter) locate(rows);
    return rows;
  };
  let offset = 0;
  for await (const [buf, at] of fileChunks(file, options.ranges)) {
    offset = at;
    let input: string | Buffer;
    try {
      input = utf8 ? utf8.push(buf) : decoder!.decode(buf, { stream: true });
    } catch {
      throw new DecodeError(`第 ${offset + 1}–${offset + buf.length} 字节之间有无法解码的字节`, offset);
    }
    offset += buf.length;
    options.onChunk?.(buf);
    parser.write(input);
    const rows = drain();
    if (rows.length) yield rows;
  }
  let tail: string;
  try {
    tail = '';
    if (utf8) utf8.end();
    else tail = decoder!.decode();
  } catch {
    throw new DecodeError('文件末尾有不完整的字符', offset);
  }
  const ended = new Promise<void>((resolve) => parser.once('end', resolve));
  parser.end(tail);
  const rest: RawRow[] = [];
  parser.on('readable', () => {
    try {
      rest.push(...drain());
    } catch (e) {
      failure ??= e;
    }
  });
  rest.push(...drain());
  await Promise.race([ended, new Promise((resolve) => parser.once('error', resolve))]);
  if (failure) throw failure;
  rest.push(...drain(true));
  if (rest.length) yield rest;
}

export interface StreamOptions {
  /** The file's encoding when the caller has already detected it. */
  encoding?: Encoding | undefined;
  /** Read only these byte ranges of the file, one after another (end exclusive); default the whole file. */
  ranges?: readonly { start: number; end: number }[] | undefined;
  /** Sees every chunk of raw bytes as it is read. */
  onChunk?: ((bytes: Buffer) => void) | undefined;
  /** Told how the file is laid out once its header is found (`skipped` keeps growing as rows are read). */
  onLayout?: ((layout: TableLayout, written: ReadonlyMap<string, string>) => void) | undefined;
}

/** The file's bytes in 64 KiB chunks, each with its offset in the file. */
async function* fileChunks(file: string, ranges: StreamOptions['ranges']): AsyncGenerator<[Buffer, number]> {
  for (const r of ranges ?? [{ start: 0, end: Infinity }]) {
    if (r.end <= r.start) continue;
    let at = r.start;
    const stream = createReadStream(file, { highWaterMark: 1 << 16, start: r.start, ...(Number.isFinite(r.end) ? { end: r.end - 1 } : {}) });
    for await (const chunk of stream) {
      const buf = chunk as Buffer;
      yield [buf, at];
      at += buf.length;
    }
  }
}

/** Row by row over streamCsvBatches, for callers that do not need the speed. */
export async function* streamCsvTable(
  file: string,
  columns: readonly ColumnSpec[],
  title: string,
  displayName = file,
): AsyncGenerator<RawRow, void, undefined> {
  for await (const batch of streamCsvBatches(file, columns, title, displayName)) yield* batch;
}

/**
 * Lines a parsed record took in the file: one, plus the line breaks inside quoted fields. Row
 * numbers are counted this way rather than with csv-parse's `info`, which reports where a record
 * ends and costs an object per record.
 */
function recordLines(record: readonly string[]): number {
  let n = 1;
  for (const field of record) {
    let i = field.indexOf('\n');
    while (i >= 0) {
      n++;
      i = field.indexOf('\n', i + 1);
    }
  }
  return n;
}

async function readHead(file: string, n: number): Promise<{ bytes: Uint8Array; wholeFile: boolean }> {
  const fh = await open(file, 'r');
  try {
    const buf = Buffer.alloc(n);
    const { bytesRead } = await fh.read(buf, 0, n, 0);
    return { bytes: buf.subarray(0, bytesRead), wholeFile: bytesRead < n };
  } finally {
    await fh.close();
  }
}
