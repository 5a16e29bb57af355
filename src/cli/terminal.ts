import { Chalk, type ChalkInstance } from 'chalk';
import { Money, fmtYuan, yuanToWan } from '../domain/money.js';
import { sortProblems, type Problem, type ProblemCode } from '../domain/problem.js';
import { textWidth } from '../io/xlsxWrite.js';

/**
 * Colour is decided once, here (examples.md: chalk ignores NO_COLOR): never under NO_COLOR or
 * --no-color or when the stream is not a terminal; FORCE_COLOR turns it on.
 */
function makeChalk(stream: NodeJS.WriteStream, noColorFlag: boolean): ChalkInstance {
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
  /** Problem lists show every line (--all), not the first 50. */
  all: boolean;
}

/** With `json`, stdout carries the JSON outcome alone (main() prints it): out() writes nothing. */
export function makeTerminal(opts: { color?: boolean; quiet?: boolean; json?: boolean; all?: boolean }): Terminal {
  const c = makeChalk(process.stdout, opts.color === false || Boolean(opts.json));
  const silent = Boolean(opts.quiet) || Boolean(opts.json);
  return {
    out: (line = '') => {
      if (!silent) process.stdout.write(`${line}\n`);
    },
    err: (line = '') => process.stderr.write(`${line}\n`),
    c,
    quiet: silent,
    all: Boolean(opts.all),
  };
}

/** Thousands separators, two decimals: 30500000 → 30,500,000.00. */
function groupDigits(fixed: string): string {
  const [int, frac] = fixed.split('.') as [string, string | undefined];
  const sign = int.startsWith('-') ? '-' : '';
  const digits = int.replace('-', '').replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}${digits}${frac === undefined ? '' : `.${frac}`}`;
}

/** An amount as the terminal shows it: `30,500,000.00 元（3,050.00 万元）` (万元 rounded half-up for display). */
export function fmtAmount(m: Money): string {
  return `${groupDigits(fmtYuan(m))} 元（${groupDigits(yuanToWan(m).toFixed(2, Money.ROUND_HALF_UP))} 万元）`;
}

function formatLocation(p: Problem): string {
  const parts: string[] = [];
  if (p.file) parts.push(p.file);
  if (p.row !== undefined) parts.push(`第${p.row}行`);
  if (p.column) parts.push(`「${p.column}」列`);
  return parts.join(' ');
}

function formatProblem(p: Problem, c: ChalkInstance): string {
  const tag = p.severity === 'error' ? c.red('错误') : c.yellow('警告');
  const where = formatLocation(p);
  const value = p.value !== undefined && p.value !== '' ? ` 值「${p.value}」` : '';
  const rule = p.rule ? c.dim(` [${p.rule}]`) : '';
  return `${tag} ${c.dim(p.code)} ${where ? `${where}${value}：` : value ? `${value}：` : ''}${p.message}${rule}`;
}

/** Lines a problem list shows on the terminal before it points at the full list. */
const TERMINAL_PROBLEM_LINES = 50;

export interface ProblemListOptions {
  toStderr?: boolean;
  /** Where the full list is, e.g. `out/validation.csv 与 validation.xlsx`. */
  fullList?: string;
  /** Years the quality data holds: a year of the period with none is one line. */
  qualityYears?: readonly number[];
  /** Lines to show at most (default 50; --all shows every line). */
  limit?: number;
}

/**
 * Counts by severity, then the problems (errors first), grouped so a person can read them: one
 * problem repeated over consecutive months is one line (`2026-01 至 2026-12`), a year with no
 * quality data at all is one line, and at most 50 lines, then how many more and where they are.
 */
export function printProblems(t: Terminal, problems: readonly Problem[], opts: ProblemListOptions = {}): void {
  const errors = problems.filter((p) => p.severity === 'error').length;
  const warnings = problems.length - errors;
  const write = opts.toStderr ? t.err : t.out;
  write(`${t.c.bold('检查结果')}：${errors ? t.c.red(`${errors} 个错误`) : '0 个错误'}，${warnings ? t.c.yellow(`${warnings} 个警告`) : '0 个警告'}`);
  const lines = problemLines(problems, t.c, opts.qualityYears);
  const limit = t.all ? Infinity : (opts.limit ?? TERMINAL_PROBLEM_LINES);
  const shown = lines.slice(0, limit);
  for (const l of shown) write(`  ${l}`);
  if (shown.length < lines.length) {
    const where = opts.fullList ? `完整清单见 ${opts.fullList}，或加 --all 在终端列出全部` : '加 --all 在终端列出全部';
    write(`  ……另有 ${lines.length - shown.length} 行未列出（共 ${problems.length} 条问题）；${where}`);
  }
}

const MONTH = /\b(\d{4})-(\d{2})\b/g;
const MISSING_CODES = new Set<ProblemCode>(['E_MONTH_MISSING', 'W_EARLIER_MONTH_MISSING']);

/** The terminal lines of a problem list (files keep every problem as its own row). */
export function problemLines(problems: readonly Problem[], c: ChalkInstance, qualityYears?: readonly number[]): string[] {
  const sorted = sortProblems(problems);
  const lines: string[] = [];
  const emptyYears = new Map<string, { first: Problem; count: number; year: number }>();
  const groups = new Map<string, { first: Problem; months: string[]; at: number }>();
  for (const p of sorted) {
    const months = [...p.message.matchAll(MONTH)].map((m) => m[0]);
    const year = months.length === 1 ? Number(months[0]!.slice(0, 4)) : undefined;
    if (qualityYears && year !== undefined && MISSING_CODES.has(p.code) && !qualityYears.includes(year)) {
      const k = `${p.severity}|${p.code}|${year}`;
      const g = emptyYears.get(k);
      if (g) g.count++;
      else {
        emptyYears.set(k, { first: p, count: 1, year });
        lines.push(k);
      }
      continue;
    }
    if (months.length !== 1) {
      lines.push(formatProblem(p, c));
      continue;
    }
    const k = [p.severity, p.code, p.file, p.row, p.column, p.value, p.rule, p.message.replace(MONTH, '\u0000')].join('|');
    const g = groups.get(k);
    if (g) g.months.push(months[0]!);
    else {
      groups.set(k, { first: p, months: [months[0]!], at: lines.length });
      lines.push(k);
    }
  }
  return lines.map((l) => {
    const e = emptyYears.get(l);
    if (e)
      return formatProblem({ ...e.first, row: undefined, column: undefined, value: undefined, message: noDataYear(e.year, e.count, qualityYears ?? []) }, c);
    const g = groups.get(l);
    if (!g) return l;
    return formatProblem({ ...g.first, message: g.first.message.replace(MONTH, monthRuns(g.months)) }, c);
  });
}

function noDataYear(year: number, count: number, held: readonly number[]): string {
  const have = held.length ? `数据中只有 ${[...held].sort((a, b) => a - b).join('、')} 年的水质数据` : '数据中没有任何水质数据';
  return `${year} 年没有任何水质数据（${count} 个补偿断面月缺结果）；${have}。请核对年份，或把 ${year} 年的水质文件放进该文件夹`;
}

/** `2026-01 至 2026-12`, runs of consecutive months joined by 、. */
export function monthRuns(months: readonly string[]): string {
  const index = (m: string): number => Number(m.slice(0, 4)) * 12 + Number(m.slice(5, 7)) - 1;
  const sorted = [...new Set(months)].sort();
  const runs: string[][] = [];
  for (const m of sorted) {
    const run = runs[runs.length - 1];
    if (run && index(m) === index(run[run.length - 1]!) + 1) run.push(m);
    else runs.push([m]);
  }
  return runs.map((r) => (r.length === 1 ? r[0]! : `${r[0]} 至 ${r[r.length - 1]}`)).join('、');
}

/** Display width on a terminal: CJK and full-width characters take two columns; colour codes none. */
export function displayWidth(s: string): number {
  // eslint-disable-next-line no-control-regex
  return textWidth(s.replace(/\x1b\[[\d;]*m/g, ''));
}

const CLOSING = new Set('，。、；：？！）」』】》〉’”');
const OPENING = new Set('（「『【《〈‘“');
const isWideChar = (ch: string): boolean => textWidth(ch) === 2;

/**
 * Wraps text to `width` display columns, keeping existing line breaks. A line breaks at spaces
 * and between two CJK characters (never before closing or after opening punctuation), never
 * inside a word, a path or a number.
 */
export function wrapText(text: string, width: number): string {
  return text
    .split(/\r?\n/)
    .map((line) => wrapLine(line, width))
    .join('\n');
}

function wrapLine(line: string, width: number): string {
  if (displayWidth(line) <= width) return line;
  const units: string[] = [];
  const chars = [...line];
  const glued = pathGlue(chars);
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    const prev = chars[i - 1];
    const breakable = i === 0 || ch === ' ' || prev === ' ' || (!glued[i] && isWideChar(ch) && isWideChar(prev!) && !CLOSING.has(ch) && !OPENING.has(prev!));
    if (breakable) units.push(ch);
    else units[units.length - 1] += ch;
  }
  const out: string[] = [];
  let cur = '';
  for (const u of units) {
    if (cur.trim() !== '' && displayWidth(cur + u) > width) {
      out.push(cur.trimEnd());
      cur = u.trimStart();
    } else cur += u;
  }
  if (cur.trim() !== '') out.push(cur.trimEnd());
  return out.join('\n');
}

/** CJK characters inside a path or file name (`out/年份/settlement-年份.xlsx`) are not broken apart. */
function pathGlue(chars: readonly string[]): boolean[] {
  const glued = chars.map(() => false);
  const pathChar = (c: string | undefined): boolean => c !== undefined && /[A-Za-z0-9/._<>-]/.test(c);
  for (let i = 0; i < chars.length; ) {
    if (!isWideChar(chars[i]!)) {
      i++;
      continue;
    }
    let j = i;
    while (j < chars.length && isWideChar(chars[j]!)) j++;
    if (pathChar(chars[i - 1]) && pathChar(chars[j])) for (let k = i; k < j; k++) glued[k] = true;
    i = j;
  }
  return glued;
}
