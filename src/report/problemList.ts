import { sortProblems, type Problem, type ProblemCode } from '../domain/problem.js';
import type { Line, Span } from './terminalText.js';

/**
 * A problem list as the terminal shows it: counts by severity, then the problems (errors
 * first), grouped so a person can read them: one problem repeated over consecutive months is one
 * line (`2026-01 至 2026-12`), and a year with no quality data at all is one line. Files keep
 * every problem as its own row; this is the terminal's layout only.
 */
export interface ProblemList {
  header: Line;
  lines: Line[];
  /** Problems behind the lines (a line may stand for several). */
  count: number;
}

export function problemList(problems: readonly Problem[], qualityYears?: readonly number[]): ProblemList {
  const errors = problems.filter((p) => p.severity === 'error').length;
  const warnings = problems.length - errors;
  const header: Span[] = [
    { tone: 'bold', text: '检查结果' },
    '：',
    errors ? { tone: 'red', text: `${errors} 个错误` } : '0 个错误',
    '，',
    warnings ? { tone: 'yellow', text: `${warnings} 个警告` } : '0 个警告',
  ];
  return { header, lines: problemLines(problems, qualityYears), count: problems.length };
}

function formatLocation(p: Problem): string {
  const parts: string[] = [];
  if (p.file) parts.push(p.file);
  if (p.row !== undefined) parts.push(`第${p.row}行`);
  if (p.column) parts.push(`「${p.column}」列`);
  return parts.join(' ');
}

function formatProblem(p: Problem): Span[] {
  const where = formatLocation(p);
  const value = p.value !== undefined && p.value !== '' ? ` 值「${p.value}」` : '';
  const spans: Span[] = [
    p.severity === 'error' ? { tone: 'red', text: '错误' } : { tone: 'yellow', text: '警告' },
    ' ',
    { tone: 'dim', text: p.code },
    ` ${where ? `${where}${value}：` : value ? `${value}：` : ''}${p.message}`,
  ];
  if (p.rule) spans.push({ tone: 'dim', text: ` [${p.rule}]` });
  return spans;
}

const MONTH = /\b(\d{4})-(\d{2})\b/g;
const MISSING_CODES = new Set<ProblemCode>(['E_MONTH_MISSING', 'W_EARLIER_MONTH_MISSING']);

/** The terminal lines of a problem list. */
export function problemLines(problems: readonly Problem[], qualityYears?: readonly number[]): Line[] {
  const sorted = sortProblems(problems);
  const keys: string[] = [];
  const single = new Map<string, Problem>();
  const emptyYears = new Map<string, { first: Problem; count: number; year: number }>();
  const groups = new Map<string, { first: Problem; months: string[] }>();
  for (const p of sorted) {
    const months = [...p.message.matchAll(MONTH)].map((m) => m[0]);
    const year = months.length === 1 ? Number(months[0]!.slice(0, 4)) : undefined;
    if (qualityYears && year !== undefined && MISSING_CODES.has(p.code) && !qualityYears.includes(year)) {
      const k = `y|${p.severity}|${p.code}|${year}`;
      const g = emptyYears.get(k);
      if (g) g.count++;
      else {
        emptyYears.set(k, { first: p, count: 1, year });
        keys.push(k);
      }
      continue;
    }
    if (months.length !== 1) {
      const k = `s|${keys.length}`;
      single.set(k, p);
      keys.push(k);
      continue;
    }
    const k = ['g', p.severity, p.code, p.file, p.row, p.column, p.value, p.rule, p.message.replace(MONTH, '\u0000')].join('|');
    const g = groups.get(k);
    if (g) g.months.push(months[0]!);
    else {
      groups.set(k, { first: p, months: [months[0]!] });
      keys.push(k);
    }
  }
  return keys.map((k) => {
    const s = single.get(k);
    if (s) return formatProblem(s);
    const e = emptyYears.get(k);
    if (e) return formatProblem({ ...e.first, row: undefined, column: undefined, value: undefined, message: noDataYear(e.year, e.count, qualityYears ?? []) });
    const g = groups.get(k)!;
    return formatProblem({ ...g.first, message: g.first.message.replace(MONTH, monthRuns(g.months)) });
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
