import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import path from 'node:path';
import type { InputFile, TableLayout } from '../domain/inputs.js';

/** `sha256`: the file's checksum when its reader already computed it as it read the bytes. */
export async function describeInput(
  absPath: string,
  displayPath: string,
  role: string,
  encoding?: string,
  layout?: TableLayout,
  sha256?: string,
): Promise<InputFile> {
  const st = await stat(absPath);
  return {
    path: displayPath.split('\\').join('/'),
    role,
    sha256: sha256 ?? (await fileSha256(absPath, st.size)),
    bytes: st.size,
    encoding,
    ...(layout ? { layout } : {}),
  };
}

async function fileSha256(absPath: string, size: number): Promise<string> {
  const hash = createHash('sha256');
  if (size < 64 * 1024 * 1024) hash.update(await readFile(absPath));
  else for await (const chunk of createReadStream(absPath)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** A path as shown in messages and provenance: relative to the working folder when inside it, forward slashes. */
export function displayPath(p: string): string {
  const rel = path.relative(process.cwd(), path.resolve(p));
  return (rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : p).split(path.sep).join('/');
}
