import { open, stat } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseSync } from 'csv-parse/sync';
import { makeDecoder, type Encoding } from './decode.js';
import { isCsv, isSpreadsheet, listTableFiles } from './readTable.js';

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
 * The cells of a CSV file's header (its first line with something in it), from the first 64 KiB,
 * to see which columns a file has before it is streamed.
 */
export async function csvHeaderCells(file: string, encoding: Encoding): Promise<string[]> {
  const fh = await open(file, 'r');
  let text: string;
  try {
    const buf = Buffer.alloc(65536);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    text = makeDecoder(encoding).decode(buf.subarray(0, bytesRead), { stream: true });
  } finally {
    await fh.close();
  }
  const line = text.replace(/^\ufeff/, '').split(/\r?\n/).find((l) => l.trim() !== '') ?? '';
  try {
    const [cells] = parseSync(line, { relax_quotes: true, relax_column_count: true }) as string[][];
    return (cells ?? []).map((c) => c.trim());
  } catch {
    return line.split(',').map((c) => c.trim());
  }
}
