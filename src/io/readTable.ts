import { createReadStream } from 'node:fs';
import { open, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';
import { problem, type Problem } from '../domain/problem.js';
import { DecodeError, Utf8Chunks, decodeBytes, detectEncoding, makeDecoder, type Encoding } from './decode.js';
import { matchHeaders, type ColumnSpec, type TableSpec } from './headers.js';
import { readXlsxSheet } from './xlsxRead.js';

/** One data row: its Excel row number and its cells by column key (always strings, trimmed). */
export interface RawRow {
  row: number;
  get(key: string): string;
  has(key: string): boolean;
  /** Cells a CSV row lacks against its header (the row was cut short); 0 when whole. */
  readonly missingCells?: number;
}

export interface RawTable {
  /** Path as the user gave it (relative to the data folder's parent where possible). */
  file: string;
  spec: TableSpec;
  rows: RawRow[];
  /** key → header as written, for messages. */
  headerOf(key: string): string;
  encoding?: Encoding | undefined;
  sheet?: string | undefined;
}

export class TableReadError extends Error {
  constructor(readonly problems: Problem[]) {
    super(problems.map((p) => p.message).join('; '));
  }
}

export const isSpreadsheet = (file: string): boolean => /\.xlsx$/i.test(file);
export const isCsv = (file: string): boolean => /\.csv$/i.test(file);

/** The .csv and .xlsx files in a folder, by name, leaving out Excel lock files (`~$…`) and hidden files. */
export async function listTableFiles(dir: string): Promise<string[]> {
  return (await readdir(dir)).filter((n) => (isCsv(n) || isSpreadsheet(n)) && !n.startsWith('~$') && !n.startsWith('.')).sort();
}

/** The encoding a CSV file is in, from its first 64 KiB (see decode.ts). */
export async function detectFileEncoding(file: string): Promise<Encoding> {
  const head = await readHead(file, 65536);
  return detectEncoding(head.bytes, head.wholeFile);
}

/** Read a whole table (CSV in any accepted encoding, or xlsx). Problems come back, never thrown. */
export async function readTable(file: string, spec: TableSpec, displayName = file): Promise<{ table?: RawTable; problems: Problem[] }> {
  try {
    const grid = isSpreadsheet(file) ? await readXlsxGrid(file, spec) : await readCsvGrid(file, displayName);
    return buildTable(grid, spec, displayName);
  } catch (e) {
    return { problems: [readFailure(e, displayName, spec)] };
  }
}

export function readFailure(e: unknown, file: string, spec: TableSpec): Problem {
  if (e instanceof DecodeError) return problem('error', 'E_ENCODING', e.message, { file, row: 1 });
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
}

async function readCsvGrid(file: string, displayName: string): Promise<Grid> {
  const bytes = await readFile(file);
  const { text, encoding } = decodeBytes(bytes);
  let records: string[][];
  try {
    records = parseSync(text, { bom: true, relax_column_count: true, skip_empty_lines: false }) as string[][];
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
  return { cells, rowNumbers, encoding };
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
  return readXlsxSheet(await readFile(file), spec.sheetNames);
}

function buildTable(grid: Grid, spec: TableSpec, file: string): { table?: RawTable; problems: Problem[] } {
  // The header is the first non-empty row.
  let h = 0;
  while (h < grid.cells.length && grid.cells[h]!.every((c) => c === '')) h++;
  if (h >= grid.cells.length) {
    return { problems: [problem('error', 'E_EMPTY_FILE', `${spec.title}文件是空的：没有表头`, { file, row: 1 })] };
  }
  const headerCells = grid.cells[h]!;
  const headerRow = grid.rowNumbers[h]!;
  const m = matchHeaders(headerCells, spec.columns);
  const problems: Problem[] = [];
  for (const c of m.missing) {
    problems.push(
      problem('error', 'E_COLUMN_MISSING', `${spec.title}缺少必需的列「${c.header}」（也可写作 ${[c.key, ...(c.aliases ?? [])].join(' / ')}）`, {
        file,
        row: headerRow,
        column: c.header,
      }),
    );
  }
  for (const d of m.duplicate) {
    problems.push(problem('error', 'E_COLUMN_DUPLICATE', `列「${d.spec.header}」出现了两次（「${d.header}」）`, { file, row: headerRow, column: d.header }));
  }
  if (problems.length) return { problems };
  const rows: RawRow[] = [];
  // An xlsx row simply leaves out its empty trailing cells; only a CSV row can be cut short.
  const width = grid.encoding ? headerCells.length : 0;
  for (let i = h + 1; i < grid.cells.length; i++) {
    const cells = grid.cells[i]!;
    if (cells.every((c) => c === '')) continue;
    rows.push(makeRow(grid.rowNumbers[i]!, cells, m.index, width));
  }
  const headerOf = (key: string): string => m.written.get(key) ?? spec.columns.find((c) => c.key === key)?.header ?? key;
  return { table: { file, spec, rows, headerOf, encoding: grid.encoding, sheet: grid.sheet }, problems };
}

/** `width`: the header's cell count, for CSV rows (missingCells); 0 when a short row is normal. */
export function makeRow(row: number, cells: readonly string[], index: ReadonlyMap<string, number>, width = 0): RawRow {
  return new Row(row, cells, index, width);
}

/** One class rather than closures per row: millions of rows are made when streaming. */
class Row implements RawRow {
  constructor(
    readonly row: number,
    private readonly cells: readonly string[],
    private readonly index: ReadonlyMap<string, number>,
    private readonly width: number,
  ) {}

  get missingCells(): number {
    return this.width > this.cells.length ? this.width - this.cells.length : 0;
  }

  get(key: string): string {
    const i = this.index.get(key);
    return i === undefined ? '' : (this.cells[i] ?? '').trim();
  }

  has(key: string): boolean {
    return this.index.has(key);
  }
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
  const encoding = options.encoding ?? (await detectFileEncoding(file));
  // UTF-8 goes to the parser as checked bytes (no decode to text and back); GB18030 is decoded.
  const utf8 = encoding === 'gb18030' ? undefined : new Utf8Chunks();
  const decoder = utf8 ? undefined : makeDecoder(encoding);
  // No per-record info objects and no trimming here (both cost more than the parse itself on
  // station files): line numbers are counted from the records, cells are trimmed when read.
  const parser = parse({ bom: true, relax_column_count: true, skip_empty_lines: false });
  let failure: unknown;
  parser.on('error', (e) => (failure ??= e));
  let index: Map<string, number> | undefined;
  let width = 0;
  let line = 1;
  const drain = (): RawRow[] => {
    const rows: RawRow[] = [];
    let record: string[] | null;
    while ((record = parser.read() as string[] | null) !== null) {
      const row = line;
      line += recordLines(record);
      if (record.length === 1 && record[0]!.trim() === '') continue;
      if (index) {
        rows.push(makeRow(row, record, index, width));
        continue;
      }
      const m = matchHeaders(record, columns);
      if (m.missing.length) {
        const c = m.missing[0]!;
        throw new TableReadError([problem('error', 'E_COLUMN_MISSING', `${title}缺少必需的列「${c.header}」`, { file: displayName, row, column: c.header })]);
      }
      index = m.index;
      width = record.length;
    }
    if (failure) throw failure;
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
  if (rest.length) yield rest;
}

export interface StreamOptions {
  /** The file's encoding when the caller has already detected it. */
  encoding?: Encoding | undefined;
  /** Read only these byte ranges of the file, one after another (end exclusive); default the whole file. */
  ranges?: readonly { start: number; end: number }[] | undefined;
  /** Sees every chunk of raw bytes as it is read. */
  onChunk?: ((bytes: Buffer) => void) | undefined;
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
