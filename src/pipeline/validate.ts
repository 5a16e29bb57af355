import path from 'node:path';
import { hasErrors } from '../domain/problem.js';
import { monthsOfYear, type Dataset, type Month } from '../domain/types.js';
import { toCsv } from '../io/csvWrite.js';
import { displayPath } from '../io/inputFiles.js';
import { renderWorkbook } from '../io/xlsxWrite.js';
import { validationCsv } from '../report/csvTables.js';
import { readingNotes } from '../report/provenance.js';
import { validationWorkbook } from '../report/validationWorkbook.js';
import { loadAndValidate, qualityYears, renewalProblems } from './period.js';
import { EXIT, Steps, noFiles, type Plan } from './plan.js';
import { schemesOrPlan } from './schemes.js';

export interface ValidateOptions {
  data: string;
  out: string;
  /** The period whose completeness is checked (R4): a year, one month, or (neither) the months the data holds. */
  year?: number | undefined;
  month?: Month | undefined;
  scheme?: string[] | undefined;
}

/** `validate`: every located problem of the data folder, as validation.xlsx and validation.csv. */
export async function validateJob(opts: ValidateOptions): Promise<Plan> {
  const period: Month[] | ((d: Dataset) => Month[]) = opts.year ? monthsOfYear(opts.year) : opts.month ? [opts.month] : monthsPresent;
  const schemes = await schemesOrPlan('validate', opts.scheme);
  if ('plan' in schemes) return schemes.plan;
  const loaded = await loadAndValidate(opts.data, period, schemes.set);
  const { inputs, months, dataset } = loaded;
  const problems = [...loaded.problems, ...renewalProblems(loaded.dataset, months, schemes.set)];
  const label = opts.year
    ? `${opts.year}年`
    : opts.month
      ? months[0]!
      : months.length
        ? `${months[0]} 至 ${months[months.length - 1]}（数据中已有的月份）`
        : '（无水质数据）';
  const last = months[months.length - 1] ?? '2000-01';
  const date = new Date(Date.UTC(Number(last.slice(0, 4)), Number(last.slice(5, 7)) - 1, 1));
  const csvPath = path.join(opts.out, 'validation.csv');
  // -q silences a clean run only: errors are always listed.
  const loud = hasErrors(problems);
  const steps = new Steps();
  steps.out(`检查范围：${label}；输入文件 ${inputs.length} 个`, { loud });
  for (const line of readingNotes(inputs)) steps.out(line, { loud });
  // Without a data folder there is nothing to report on: say so and write nothing.
  const noData = problems.some((p) => p.code === 'E_DATA_DIR');
  steps.problems(
    'out',
    problems,
    { qualityYears: qualityYears(dataset), fullList: noData ? undefined : `${displayPath(csvPath)} / validation.xlsx` },
    { loud },
  );
  if (noData) return noFiles('validate', EXIT.INVALID_INPUT, steps, problems);
  const csv = validationCsv(problems);
  const files = [
    { path: path.join(opts.out, 'validation.xlsx'), bytes: await renderWorkbook(validationWorkbook(problems, inputs, label, date)) },
    { path: csvPath, bytes: toCsv(csv.header, csv.rows) },
  ];
  steps.write().files('', { loud });
  // The report always describes the data as it is now, so it replaces the last one (no --force needed).
  return { command: 'validate', exit: loud ? EXIT.INVALID_INPUT : EXIT.OK, files, replace: true, steps: steps.list, problems, totals: {} };
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
