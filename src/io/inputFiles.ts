import { createHash } from 'node:crypto';
import { createReadStream, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { InputFile, TableLayout } from '../domain/inputs.js';

/**
 * `known`: what the caller's reader already has, so the file is not read again for its checksum:
 * its contents (a Buffer), or the SHA-256 it computed as it streamed the bytes (a hex string).
 */
export async function describeInput(
  absPath: string,
  displayPath: string,
  role: string,
  encoding?: string,
  layout?: TableLayout,
  known?: Buffer | string,
): Promise<InputFile> {
  let sha256: string;
  let size: number;
  if (Buffer.isBuffer(known)) {
    sha256 = createHash('sha256').update(known).digest('hex');
    size = known.length;
  } else {
    size = statSync(absPath).size;
    sha256 = known ?? (await fileSha256(absPath, size));
  }
  return { path: displayPath.split('\\').join('/'), role, sha256, bytes: size, encoding, ...(layout ? { layout } : {}) };
}

async function fileSha256(absPath: string, size: number): Promise<string> {
  const hash = createHash('sha256');
  if (size < 64 * 1024 * 1024) hash.update(readFileSync(absPath));
  else for await (const chunk of createReadStream(absPath)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** A path as shown in messages and provenance: relative to the working folder when inside it, forward slashes. */
export function displayPath(p: string): string {
  const rel = path.relative(process.cwd(), path.resolve(p));
  return (rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : p).split(path.sep).join('/');
}
