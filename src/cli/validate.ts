import path from 'node:path';
import type { Command } from 'commander';
import { hasErrors } from '../domain/problem.js';
import { monthsOfYear, type Dataset, type Month } from '../domain/types.js';
import { toCsv } from '../io/csvWrite.js';
import { writeOutputs } from '../io/writeOutputs.js';
import { renderWorkbook } from '../io/xlsxWrite.js';
import { loadAndValidate, renewalProblems } from '../pipeline.js';
import { validationCsv } from '../report/csvTables.js';
import { readingNotes } from '../report/provenance.js';
import { validationWorkbook } from '../report/validationWorkbook.js';
import { addCommonOptions, parseMonthOption, parseYear, type CommonOptions } from './common.js';
import { EXIT, UsageError, runState } from './exitCodes.js';
import { makeTerminal, printProblems } from './terminal.js';

interface Options extends CommonOptions {
  year?: string;
  month?: string;
}

export function registerValidate(program: Command): void {
  addCommonOptions(
    program
      .command('validate')
      .description('检查输入数据（表结构、引用、重复、河流首尾链、协议、补偿基准、完整性、数据来源、类别与浓度），输出 validation.xlsx / validation.csv')
      .option('--year <年份>', '检查该年度 1–12 月的完整性，例如 2025')
      .option('--month <YYYY-MM>', '只检查该月的完整性，例如 2025-03'),
  ).action(async (opts: Options) => {
    runState.code = await runValidate(opts);
  });
}

export async function runValidate(opts: Options): Promise<number> {
  const t = makeTerminal(opts);
  if (opts.year && opts.month) throw new UsageError('--year 与 --month 只能给出一个');
  let period: Month[] | ((d: Dataset) => Month[]);
  if (opts.year) period = monthsOfYear(parseYear(opts.year));
  else if (opts.month) {
    const m = parseMonthOption(opts.month);
    period = [`${m.year}-${String(m.month).padStart(2, '0')}`];
  } else period = monthsPresent;
  const loaded = await loadAndValidate(opts.data, period);
  const { inputs, months } = loaded;
  const problems = [...loaded.problems, ...renewalProblems(loaded.dataset, months)];
  const label = opts.year
    ? `${opts.year.trim()}年`
    : opts.month
      ? months[0]!
      : months.length
        ? `${months[0]} 至 ${months[months.length - 1]}（数据中已有的月份）`
        : '（无水质数据）';
  const last = months[months.length - 1] ?? '2000-01';
  const date = new Date(Date.UTC(Number(last.slice(0, 4)), Number(last.slice(5, 7)) - 1, 1));
  const csv = validationCsv(problems);
  const files = [
    { path: path.join(opts.out, 'validation.xlsx'), bytes: await renderWorkbook(validationWorkbook(problems, inputs, label, date)) },
    { path: path.join(opts.out, 'validation.csv'), bytes: toCsv(csv.header, csv.rows) },
  ];
  const quiet = opts.quiet && !hasErrors(problems);
  if (!quiet) {
    t.out(`检查范围：${label}；输入文件 ${inputs.length} 个`);
    for (const line of readingNotes(inputs)) t.out(line);
    printProblems({ ...t, quiet: false }, problems);
  }
  // Without a data folder there is nothing to report on: say so and write nothing.
  if (problems.some((p) => p.code === 'E_DATA_DIR')) return EXIT.INVALID_INPUT;
  const w = await writeOutputs(files, { force: opts.force });
  if (!quiet) for (const f of w.written) t.out(`已写出 ${f}`);
  if (!quiet) for (const f of w.unchanged) t.out(`未变化 ${f}`);
  return hasErrors(problems) ? EXIT.INVALID_INPUT : EXIT.OK;
}

/**
 * Reading: without --year or --month, completeness is checked for every year that has quality
 * data, from January through the latest month present in that year.
 */
export function monthsPresent(dataset: Dataset): Month[] {
  const latest = new Map<number, number>();
  for (const q of dataset.quality) {
    const y = Number(q.month.slice(0, 4));
    latest.set(y, Math.max(latest.get(y) ?? 0, Number(q.month.slice(5, 7))));
  }
  return [...latest.entries()].sort(([a], [b]) => a - b).flatMap(([y, m]) => monthsOfYear(y).slice(0, m));
}
