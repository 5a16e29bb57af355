import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Writes a run's output files all-or-nothing as far as a file system allows (outputs.md
 * "Everywhere"): first every target is checked, so an existing file that would change stops the
 * run before anything is written unless `force`; then each file goes to a temporary file in the
 * same folder and is renamed into place, so a reader never sees half a file. A file whose bytes
 * are already identical is left alone, which makes a rerun a no-op.
 */
export interface OutputFile {
  path: string;
  bytes: Uint8Array;
}

export interface WriteResult {
  written: string[];
  unchanged: string[];
}

export class OutputConflictError extends Error {
  constructor(readonly files: string[]) {
    super(`输出文件已存在且内容不同，未覆盖：${files.join('，')}。确认要替换时加 --force`);
  }
}

export async function writeOutputs(files: readonly OutputFile[], options: { force: boolean }): Promise<WriteResult> {
  const plan: { file: OutputFile; same: boolean }[] = [];
  const conflicts: string[] = [];
  for (const file of files) {
    const existing = await readIfExists(file.path);
    const same = existing !== undefined && Buffer.compare(existing, Buffer.from(file.bytes)) === 0;
    if (existing !== undefined && !same && !options.force) conflicts.push(file.path);
    plan.push({ file, same });
  }
  if (conflicts.length) throw new OutputConflictError(conflicts);
  const written: string[] = [];
  const unchanged: string[] = [];
  for (const { file, same } of plan) {
    if (same) {
      unchanged.push(file.path);
      continue;
    }
    await writeAtomic(file.path, file.bytes);
    written.push(file.path);
  }
  return { written, unchanged };
}

export async function writeAtomic(target: string, bytes: Uint8Array): Promise<void> {
  await mkdir(path.dirname(target), { recursive: true });
  const tmp = path.join(path.dirname(target), `.ecocomp-tmp-${process.pid}-${path.basename(target)}`);
  try {
    await writeFile(tmp, bytes, { flag: 'w' });
    await rename(tmp, target);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}

async function readIfExists(p: string): Promise<Buffer | undefined> {
  try {
    return await readFile(p);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}
