import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import path from 'node:path';
import type { InputFile, TableLayout } from '../domain/inputs.js';

export async function describeInput(absPath: string, displayPath: string, role: string, encoding?: string, layout?: TableLayout): Promise<InputFile> {
  const st = await stat(absPath);
  const hash = createHash('sha256');
  if (st.size < 64 * 1024 * 1024) hash.update(await readFile(absPath));
  else for await (const chunk of createReadStream(absPath)) hash.update(chunk as Buffer);
  return { path: displayPath.split('\\').join('/'), role, sha256: hash.digest('hex'), bytes: st.size, encoding, ...(layout ? { layout } : {}) };
}

/** A path as shown in messages and provenance: relative to the working folder when inside it, forward slashes. */
export function displayPath(p: string): string {
  const rel = path.relative(process.cwd(), path.resolve(p));
  return (rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : p).split(path.sep).join('/');
}
