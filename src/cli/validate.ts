import path from 'node:path';
import type { Command } from 'commander';
import { hasErrors } from '../domain/problem.js';
import { monthsOfYear, type Dataset, type Month } from '../domain/types.js';
import { toCsv } from '../io/csvWrite.js';
import { writeOutputs } from '../io/writeOutputs.js';
import { renderWorkbook } from '../io/xlsxWrite.js';
import { loadAndValidate, qualityYears, renewalProblems } from '../pipeline/period.js';
import { validationCsv } from '../report/csvTables.js';
import { readingNotes } from '../report/provenance.js';
import { validationWorkbook } from '../report/validationWorkbook.js';
import { addCommonOptions, parseMonthOption, parseYear, type CommonOptions } from './common.js';
import { EXIT, UsageError, runState } from './exitCodes.js';
import { printFiles, recordFiles, recordRun } from './outcome.js';
import { displayPath } from '../io/inputFiles.js';
import { makeTerminal, printProblems } from './terminal.js';
import { addSchemeOption, schemesOrReport } from './schemeOption.js';

interface Options extends CommonOptions {
  scheme?: string[];
  year?: string;
  month?: string;
}

export function registerValidate(program: Command): void {
  addSchemeOption(
    addCommonOptions(
      program
        .command('validate')
        .description(
          '检查输入数据（表结构、引用、重复、河流首尾链、协议、补偿基准、完整性、数据来源、类别与浓度），输出 validation.xlsx / validation.csv（每次运行都替换上次的检查报告）',
        )
        .option('--year <年份>', '检查该年度 1–12 月的完整性，例如 2025')
        .option('--month <YYYY-MM>', '只检查该月的完整性，例如 2025-03、2025-3 或 2025年3月'),
    ),
  ).action(async (opts: Options) => {
    runState.code = await runValidate(opts);
  });
}

async function runValidate(opts: Options): Promise<number> {
  const t = makeTerminal(opts);
  if (opts.year && opts.month) throw new UsageError('--year 与 --month 只能给出一个');
  let period: Month[] | ((d: Dataset) => Month[]);
  if (opts.year) period = monthsOfYear(parseYear(opts.year));
  else if (opts.month) {
    const m = parseMonthOption(opts.month);
    period = [`${m.year}-${String(m.month).padStart(2, '0')}`];
  } else period = monthsPresent;
  const schemes = await schemesOrReport(t, opts.scheme);
  if (!schemes) return EXIT.INVALID_INPUT;
  const loaded = await loadAndValidate(opts.data, period, schemes);
  const { inputs, months, dataset } = loaded;
  const problems = [...loaded.problems, ...renewalProblems(loaded.dataset, months, schemes)];
  recordRun('validate', problems);
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
  const xlsxPath = path.join(opts.out, 'validation.xlsx');
  const csvPath = path.join(opts.out, 'validation.csv');
  const files = [
    { path: xlsxPath, bytes: await renderWorkbook(validationWorkbook(problems, inputs, label, date)) },
    { path: csvPath, bytes: toCsv(csv.header, csv.rows) },
  ];
  // -q silences a clean run only: errors are always listed.
  const shown = hasErrors(problems) ? makeTerminal({ ...opts, quiet: false }) : t;
  shown.out(`检查范围：${label}；输入文件 ${inputs.length} 个`);
  for (const line of readingNotes(inputs)) shown.out(line);
  // Without a data folder there is nothing to report on: say so and write nothing.
  const noData = problems.some((p) => p.code === 'E_DATA_DIR');
  printProblems(shown, problems, { qualityYears: qualityYears(dataset), fullList: noData ? undefined : `${displayPath(csvPath)} / validation.xlsx` });
  if (noData) return EXIT.INVALID_INPUT;
  // The report always describes the data as it is now, so it replaces the last one (no --force needed).
  const w = await writeOutputs(files, { force: true });
  recordFiles(w);
  printFiles(shown, w, '');
  return hasErrors(problems) ? EXIT.INVALID_INPUT : EXIT.OK;
}

/**
 * Reading: without --year or --month, completeness is checked for every year that has quality
 * data, from January through the latest month present in that year.
 */
function monthsPresent(dataset: Dataset): Month[] {
  const latest = new Map<number, number>();
  for (const q of dataset.quality) {
    const y = Number(q.month.slice(0, 4));
    latest.set(y, Math.max(latest.get(y) ?? 0, Number(q.month.slice(5, 7))));
  }
  return [...latest.entries()].sort(([a], [b]) => a - b).flatMap(([y, m]) => monthsOfYear(y).slice(0, m));
}
