import { Chalk, type ChalkInstance } from 'chalk';
import { sortProblems, type Problem } from '../domain/problem.js';

/**
 * Colour is decided once, here (examples.md: chalk ignores NO_COLOR): never under NO_COLOR or
 * --no-color or when the stream is not a terminal; FORCE_COLOR turns it on.
 */
export function makeChalk(stream: NodeJS.WriteStream, noColorFlag: boolean): ChalkInstance {
  const env = process.env;
  let on = Boolean(stream.isTTY);
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false') on = true;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') on = false;
  if (noColorFlag) on = false;
  return new Chalk({ level: on ? 1 : 0 });
}

export interface Terminal {
  out(line?: string): void;
  err(line?: string): void;
  c: ChalkInstance;
  quiet: boolean;
}

export function makeTerminal(opts: { color?: boolean; quiet?: boolean }): Terminal {
  const c = makeChalk(process.stdout, opts.color === false);
  const quiet = Boolean(opts.quiet);
  return {
    out: (line = '') => {
      if (!quiet) process.stdout.write(`${line}\n`);
    },
    err: (line = '') => process.stderr.write(`${line}\n`),
    c,
    quiet,
  };
}

export function formatLocation(p: Problem): string {
  const parts: string[] = [];
  if (p.file) parts.push(p.file);
  if (p.row !== undefined) parts.push(`第${p.row}行`);
  if (p.column) parts.push(`「${p.column}」列`);
  return parts.join(' ');
}

export function formatProblem(p: Problem, c: ChalkInstance): string {
  const tag = p.severity === 'error' ? c.red('错误') : c.yellow('警告');
  const where = formatLocation(p);
  const value = p.value !== undefined && p.value !== '' ? ` 值「${p.value}」` : '';
  const rule = p.rule ? c.dim(` [${p.rule}]`) : '';
  return `${tag} ${c.dim(p.code)} ${where ? `${where}${value}：` : value ? `${value}：` : ''}${p.message}${rule}`;
}

/** Counts by severity, then every problem (errors first). */
export function printProblems(t: Terminal, problems: readonly Problem[], opts: { toStderr?: boolean; limit?: number; moreHint?: string } = {}): void {
  const errors = problems.filter((p) => p.severity === 'error').length;
  const warnings = problems.length - errors;
  const write = opts.toStderr ? t.err : t.out;
  write(`${t.c.bold('检查结果')}：${errors ? t.c.red(`${errors} 个错误`) : '0 个错误'}，${warnings ? t.c.yellow(`${warnings} 个警告`) : '0 个警告'}`);
  const sorted = sortProblems(problems);
  const shown = opts.limit === undefined ? sorted : sorted.slice(0, opts.limit);
  for (const p of shown) write(`  ${formatProblem(p, t.c)}`);
  if (shown.length < sorted.length) write(`  ……另有 ${sorted.length - shown.length} 条${opts.moreHint ?? '，见输出文件'}`);
}
