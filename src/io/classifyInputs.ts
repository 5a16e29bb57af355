import { open, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseSync } from 'csv-parse/sync';
import { decodeBytes, detectEncoding, makeDecoder, type Encoding } from './decode.js';
import type { ColumnSpec } from './headers.js';
import { HEADER_SCAN_ROWS, locateHeader } from './layout.js';
import { isCsv, isSpreadsheet, listTableFiles } from './readTable.js';
import { readXlsxSheet } from './xlsxRead.js';

/** What `classify` was given: the files to read and the name its outputs are called after. */
export interface ClassifyInputs {
  files: string[];
  /**
   * `<input name>` in classified-<input name>.csv: the file's or folder's name without extension;
   * several arguments are read together and named after the first, `<first>等N个`.
   */
  stem: string;
}

export class InputArgumentError extends Error {}

/** FILE… as given (folders expand to their .csv and .xlsx files); none → DATA/quality/. */
export async function resolveClassifyInputs(args: readonly string[], dataDir: string | undefined): Promise<ClassifyInputs> {
  const given = args.length ? [...args] : [path.join(dataDir ?? './data', 'quality')];
  const files: string[] = [];
  for (const a of given) {
    let st;
    try {
      st = await stat(a);
    } catch {
      throw new InputArgumentError(`找不到输入文件：${a}`);
    }
    if (st.isDirectory()) {
      const names = await listTableFiles(a);
      if (!names.length) throw new InputArgumentError(`目录中没有 CSV 或 xlsx 文件：${a}`);
      files.push(...names.map((n) => path.join(a, n)));
    } else if (isCsv(a) || isSpreadsheet(a)) {
      files.push(a);
    } else if (/\.(xls|et|ods)$/i.test(a)) {
      throw new InputArgumentError(
        `${a} 是 ${path.extname(a).slice(1).toLowerCase()} 格式，不能直接读取：请在 Excel 或 WPS 中打开，另存为 .xlsx（或 CSV）后再运行`,
      );
    } else {
      throw new InputArgumentError(`只能读取 .csv 或 .xlsx 文件：${a}`);
    }
  }
  const first = nameOf(given[0]!);
  return { files, stem: given.length === 1 ? first : `${first}等${given.length}个` };
}

/** A file's or folder's name without its extension, safe as part of a file name. */
function nameOf(p: string): string {
  const base = path.basename(path.resolve(p)).replace(/\.(csv|xlsx)$/i, '');
  return base.replace(/[\\/:*?"<>|]/g, '_') || 'input';
}

/**
 * Which columns a CSV file has, from its first 64 KiB, before it is streamed: the header as the
 * table reader finds it (layout.ts: among the first rows, past title lines); undefined when no
 * row holds the required columns (the reader that follows says so).
 */
export async function csvColumns(file: string, encoding: Encoding, columns: readonly ColumnSpec[]): Promise<ReadonlyMap<string, number> | undefined> {
  return columnsAmong(await csvHeadRows(file, encoding, HEADER_SCAN_ROWS), columns);
}

function columnsAmong(rows: readonly string[][], columns: readonly ColumnSpec[]): ReadonlyMap<string, number> | undefined {
  return locateHeader(
    rows,
    rows.map((_, i) => i + 1),
    columns,
    '',
    '',
  ).located?.match.index;
}

async function csvHeadRows(file: string, encoding: Encoding, n: number): Promise<string[][]> {
  const fh = await open(file, 'r');
  let text: string;
  try {
    const buf = Buffer.alloc(65536);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    text = makeDecoder(encoding).decode(buf.subarray(0, bytesRead), { stream: true });
  } finally {
    await fh.close();
  }
  const lines = text
    .replace(/^\ufeff/, '')
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '')
    .slice(0, n);
  return lines.map((line) => {
    try {
      const [cells] = parseSync(line, { relax_quotes: true, relax_column_count: true }) as string[][];
      return (cells ?? []).map((c) => c.trim());
    } catch {
      return line.split(',').map((c) => c.trim());
    }
  });
}

/**
 * Whether a file's header (found as the table reader finds it, with `columns`) passes `test`,
 * e.g. a national export's under its title lines. False when the file cannot
 * be read: the reader that follows says why.
 */
export async function headerLooksLike(
  file: string,
  columns: readonly ColumnSpec[],
  sheetNames: readonly string[],
  test: (has: (key: string) => boolean) => boolean,
): Promise<boolean> {
  let rows: string[][];
  try {
    if (isSpreadsheet(file)) {
      rows = readXlsxSheet(await readFile(file), sheetNames)
        .cells.filter((r) => r.some((c) => c !== ''))
        .slice(0, HEADER_SCAN_ROWS);
    } else {
      const fh = await open(file, 'r');
      let head: Buffer;
      let whole: boolean;
      try {
        head = Buffer.alloc(65536);
        const { bytesRead } = await fh.read(head, 0, head.length, 0);
        whole = bytesRead < head.length;
        head = head.subarray(0, bytesRead);
      } finally {
        await fh.close();
      }
      rows = await csvHeadRows(file, detectEncoding(head, whole), HEADER_SCAN_ROWS);
    }
  } catch {
    return false;
  }
  const index = columnsAmong(rows, columns);
  return index !== undefined && test((k) => index.has(k));
}

/**
 * `--lakes FILE`: the names of the sites to class as lakes and reservoirs, one per line (a .txt
 * or .csv, first column; or the first column of an .xlsx). Blank lines, `#` comments and a
 * header cell (断面名称, 站点名称, 名称) are left out.
 */
export async function readSiteList(file: string): Promise<string[]> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch {
    throw new InputArgumentError(`找不到 --lakes 名单文件：${file}`);
  }
  let cells: string[];
  try {
    cells = isSpreadsheet(file)
      ? readXlsxSheet(bytes, []).cells.map((r) => r[0] ?? '')
      : decodeBytes(bytes)
          .text.replace(/^\ufeff/, '')
          .split(/\r?\n/)
          .map((l) => l.split(/[,\t]/)[0] ?? '');
  } catch (e) {
    throw new InputArgumentError(`无法读取 --lakes 名单文件 ${file}：${(e as Error).message}`);
  }
  const names = cells
    .map((c) => c.normalize('NFKC').trim().replace(/^"|"$/g, ''))
    .filter((c) => c !== '' && !c.startsWith('#') && !/^(断面名称|站点名称|点位名称|名称|断面)$/.test(c));
  if (!names.length) throw new InputArgumentError(`--lakes 名单文件中没有任何断面名称：${file}`);
  return [...new Set(names)];
}
