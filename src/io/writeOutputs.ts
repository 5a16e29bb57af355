import {
  closeSync,
  copyFileSync,
  linkSync,
  mkdirSync,
  openSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import { displayPath } from './inputFiles.js';

/**
 * Writes a run's output files as one set (outputs.md "Everywhere"): the folder is locked against a
 * second run; every target is checked, so an existing file that would change stops the run before
 * anything is written unless `force`; every changed file goes to a temporary name in its own
 * folder; only when all of them are on disk are they renamed into place, in one synchronous step
 * that a signal cannot interrupt. When a rename fails, the files already replaced are put back
 * from backups kept until the last rename. A file whose bytes are already identical is left
 * alone, which makes a rerun a no-op.
 */
export interface OutputFile {
  path: string;
  bytes: Uint8Array;
}

export interface WriteResult {
  written: string[];
  unchanged: string[];
}

export interface WriteOptions {
  force: boolean;
  /** How long to wait for another run's lock on the folder (default 10 s, or ECOCOMP_LOCK_WAIT_MS). */
  lockWaitMs?: number;
}

/** An output exists and differs, and no --force (exit 5). */
export class OutputConflictError extends Error {
  constructor(readonly files: string[]) {
    super(`输出文件已存在且内容不同，未覆盖：${files.map(displayPath).join('，')}。确认要替换时加 --force`);
  }
}

/** An output could not be written (exit 1); no file of the set was changed. */
export class OutputWriteError extends Error {
  constructor(
    readonly file: string,
    readonly code: string,
    note = '本次运行没有改动任何输出文件。',
  ) {
    super(`${writeFailure(displayPath(file), code)}${note}`);
  }
}

/** Another run is writing the same folder (exit 1). */
export class OutputLockedError extends Error {
  constructor(
    readonly dir: string,
    readonly pid: number,
  ) {
    super(`另一次运行（进程 ${pid}）正在向 ${displayPath(dir)} 写出文件，等待后仍未结束。请等它完成后重新运行；本次没有写出任何文件。`);
  }
}

/** What to do about a failed write, in words a clerk can act on. */
export function writeFailure(file: string, code: string): string {
  switch (code) {
    case 'EBUSY':
    case 'EPERM':
    case 'EACCES':
      return `无法写入 ${file}：文件正被其他程序占用（例如在 Excel 或 WPS 中打开），或没有写入权限。请在 Excel/WPS 中关闭该文件（或检查文件权限）后重新运行。`;
    case 'EISDIR':
      return `无法写出 ${file}：这个位置是一个文件夹。请移走或重命名该文件夹后重新运行。`;
    case 'ENOSPC':
    case 'EDQUOT':
      return `磁盘空间不足，无法写出 ${file}。请清理磁盘空间后重新运行。`;
    case 'EROFS':
      return `无法写出 ${file}：所在磁盘是只读的。请用 --out 指定一个可写入的目录。`;
    case 'ENOTDIR':
    case 'EEXIST':
    case 'ENOENT':
      return `无法写出 ${file}：路径中有一段不是文件夹。请检查 --out 给出的目录。`;
    default:
      return `无法写出 ${file}（系统错误 ${code}）。请检查输出目录后重新运行。`;
  }
}

const LOCK_NAME = '.ecocomp.lock';
const TEMP_PATTERN = /^\.ecocomp-(?:tmp|bak)-(\d+)-/;
const tempName = (target: string, kind: 'tmp' | 'bak'): string => path.join(path.dirname(target), `.ecocomp-${kind}-${process.pid}-${path.basename(target)}`);

export async function writeOutputs(files: readonly OutputFile[], options: WriteOptions): Promise<WriteResult> {
  if (files.length === 0) return { written: [], unchanged: [] };
  const dirs = [...new Set(files.map((f) => path.resolve(path.dirname(f.path))))];
  for (const d of dirs) {
    try {
      mkdirSync(d, { recursive: true });
    } catch (e) {
      fail(d, e);
    }
  }
  const lockDir = commonDir(dirs);
  const release = await acquireLock(lockDir, options.lockWaitMs ?? envNumber('ECOCOMP_LOCK_WAIT_MS') ?? 10_000);
  try {
    for (const d of dirs) removeStaleTemps(d);
    const plan: { file: OutputFile; exists: boolean; same: boolean }[] = [];
    const conflicts: string[] = [];
    for (const file of files) {
      const existing = readIfExists(file.path);
      const same = existing !== undefined && Buffer.compare(existing, Buffer.from(file.bytes)) === 0;
      if (existing !== undefined && !same && !options.force) conflicts.push(file.path);
      plan.push({ file, exists: existing !== undefined, same });
    }
    if (conflicts.length) throw new OutputConflictError(conflicts);
    const changed = plan
      .filter((p) => !p.same)
      .map((p) => ({ target: p.file.path, bytes: p.file.bytes, exists: p.exists, tmp: tempName(p.file.path, 'tmp'), backup: tempName(p.file.path, 'bak') }));
    const delay = envNumber('ECOCOMP_TEST_WRITE_DELAY_MS');
    try {
      for (const c of changed) {
        cleanupOnSignal.add(c.tmp);
        try {
          writeFileSync(c.tmp, c.bytes);
        } catch (e) {
          fail(c.target, e);
        }
        if (delay) await new Promise((r) => setTimeout(r, delay));
      }
      commit(changed);
    } finally {
      for (const c of changed) {
        rmSync(c.tmp, { force: true });
        cleanupOnSignal.delete(c.tmp);
      }
    }
    return { written: changed.map((c) => c.target), unchanged: plan.filter((p) => p.same).map((p) => p.file.path) };
  } finally {
    release();
  }
}

/**
 * Renames every temporary file into place, synchronously (a signal handler cannot run in between).
 * An existing target is first hard-linked (or copied) to a backup, so it can be put back.
 */
function commit(changed: readonly { target: string; exists: boolean; tmp: string; backup: string }[]): void {
  const failRename = process.env.ECOCOMP_TEST_FAIL_RENAME;
  const done: { target: string; backup?: string | undefined; replaced: boolean }[] = [];
  try {
    for (const c of changed) {
      const entry: (typeof done)[number] = { target: c.target, replaced: false };
      done.push(entry);
      if (c.exists) {
        keepBackup(c.target, c.backup);
        entry.backup = c.backup;
      }
      if (failRename && path.basename(c.target) === failRename) throw Object.assign(new Error('test hook'), { code: 'EBUSY' });
      renameSync(c.tmp, c.target);
      entry.replaced = true;
    }
  } catch (e) {
    const failed = done[done.length - 1]!.target;
    const lost: string[] = [];
    for (const d of [...done].reverse()) {
      try {
        if (d.replaced && d.backup) renameSync(d.backup, d.target);
        else if (d.replaced) rmSync(d.target, { force: true });
        else if (d.backup) rmSync(d.backup, { force: true });
      } catch {
        lost.push(`${displayPath(d.target)}（旧内容在 ${displayPath(d.backup ?? '')}）`);
      }
    }
    const note = lost.length ? `已写入的文件未能全部恢复：${lost.join('，')}，请手工恢复。` : '已替换的文件已恢复原样，本次运行没有改动任何输出文件。';
    throw new OutputWriteError(failed, errCode(e), note);
  }
  for (const d of done) if (d.backup) rmSync(d.backup, { force: true });
}

function keepBackup(target: string, backup: string): void {
  rmSync(backup, { force: true });
  try {
    linkSync(target, backup);
  } catch {
    copyFileSync(target, backup);
  }
}

/**
 * A lock file with the pid of the run holding it. A second run waits up to `waitMs`, then gives
 * up; the lock of a process that no longer exists is taken over.
 */
async function acquireLock(dir: string, waitMs: number): Promise<() => void> {
  const file = path.join(dir, LOCK_NAME);
  const start = Date.now();
  for (;;) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      cleanupOnSignal.add(file);
      return () => {
        rmSync(file, { force: true });
        cleanupOnSignal.delete(file);
      };
    } catch (e) {
      if (errCode(e) !== 'EEXIST') fail(file, e);
    }
    const holder = readLock(file);
    if (holder === undefined) continue; // released meanwhile
    if (!alive(holder.pid)) {
      // Taken over only when it still holds the same dead pid (another run may have just taken it).
      if (readLock(file)?.text === holder.text) rmSync(file, { force: true });
      continue;
    }
    if (Date.now() - start >= waitMs) throw new OutputLockedError(dir, holder.pid);
    await new Promise((r) => setTimeout(r, Math.min(200, waitMs)));
  }
}

function readLock(file: string): { text: string; pid: number } | undefined {
  try {
    const text = readFileSync(file, 'utf8');
    return { text, pid: Number.parseInt(text, 10) };
  } catch {
    return undefined;
  }
}

function alive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return errCode(e) === 'EPERM';
  }
}

/** Temporary and backup files left by a run that was killed before it could clean up. */
function removeStaleTemps(dir: string): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const n of names) {
    const m = TEMP_PATTERN.exec(n);
    if (m && !alive(Number(m[1]))) rmSync(path.join(dir, n), { force: true });
  }
}

/**
 * Files to remove when the run is stopped by Ctrl-C or SIGTERM while writing; the handler is
 * installed only while there is something to remove, so other times the signals act as usual.
 */
const cleanupOnSignal = new (class {
  private readonly paths = new Set<string>();
  private readonly onInt = (): void => this.stop(130);
  private readonly onTerm = (): void => this.stop(143);

  add(p: string): void {
    if (this.paths.size === 0) {
      process.on('SIGINT', this.onInt);
      process.on('SIGTERM', this.onTerm);
    }
    this.paths.add(p);
  }

  delete(p: string): void {
    this.paths.delete(p);
    if (this.paths.size === 0) {
      process.off('SIGINT', this.onInt);
      process.off('SIGTERM', this.onTerm);
    }
  }

  private stop(code: number): void {
    for (const p of this.paths) rmSync(p, { force: true });
    process.stderr.write(`\n已中断：临时文件已删除，输出文件保持运行前的状态。\n`);
    process.exit(code);
  }
})();

function readIfExists(p: string): Buffer | undefined {
  try {
    if (statSync(p).isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    return readFileSync(p);
  } catch (e) {
    if (errCode(e) === 'ENOENT') return undefined;
    return fail(p, e);
  }
}

function fail(file: string, e: unknown): never {
  if (e instanceof OutputWriteError) throw e;
  throw new OutputWriteError(file, errCode(e));
}

const errCode = (e: unknown): string => String((e as NodeJS.ErrnoException | undefined)?.code ?? 'UNKNOWN');

function envNumber(name: string): number | undefined {
  const v = process.env[name];
  return v !== undefined && /^\d+$/.test(v) ? Number(v) : undefined;
}

/** The deepest folder that holds all of `dirs` (absolute paths). */
function commonDir(dirs: readonly string[]): string {
  let common = dirs[0]!.split(path.sep);
  for (const d of dirs.slice(1)) {
    const parts = d.split(path.sep);
    let i = 0;
    while (i < common.length && i < parts.length && common[i] === parts[i]) i++;
    common = common.slice(0, i);
  }
  return common.join(path.sep) || path.sep;
}
