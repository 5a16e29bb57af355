import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import path from 'node:path';
import type { TableLayout } from './layout.js';

/** One input file as the provenance sheet lists it. */
export interface InputFile {
  /** Path as shown to the user (relative, forward slashes). */
  path: string;
  role: string;
  sha256: string;
  bytes: number;
  encoding?: string | undefined;
  /** What was read from where beyond the columns (month from the file name, sections by name …). */
  notes?: [string, string][] | undefined;
  /** How the table was read (header row, title lines, skipped rows, units), for the 来源 sheet. */
  layout?: TableLayout | undefined;
}

/** `bytes`: the file's contents when the caller has already read them (they are not read again). */
export async function describeInput(
  absPath: string,
  displayPath: string,
  role: string,
  encoding?: string,
  layout?: TableLayout,
  bytes?: Buffer,
): Promise<InputFile> {
  const hash = createHash('sha256');
  let size: number;
  if (bytes) {
    hash.update(bytes);
    size = bytes.length;
  } else {
    size = (await stat(absPath)).size;
    if (size < 64 * 1024 * 1024) hash.update(await readFile(absPath));
    else for await (const chunk of createReadStream(absPath)) hash.update(chunk as Buffer);
  }
  return { path: displayPath.split('\\').join('/'), role, sha256: hash.digest('hex'), bytes: size, encoding, ...(layout ? { layout } : {}) };
}

/** A path as shown in messages and provenance: relative to the working folder when inside it, forward slashes. */
export function displayPath(p: string): string {
  const rel = path.relative(process.cwd(), path.resolve(p));
  return (rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : p).split(path.sep).join('/');
}
