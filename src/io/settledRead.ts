import { readFileSync } from 'node:fs';
import { listDirOrEmpty } from './readTable.js';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import type { SettledFlow, SettledPosition } from '../domain/compare.js';
import { Money } from '../domain/money.js';
import { problem, type Problem } from '../domain/problem.js';
import { describeInput, displayPath } from './inputFiles.js';
import type { InputFile } from '../domain/inputs.js';

/** One ledger row of a settlement, as `compare` needs it. */
export interface SettledLine {
  key: string;
  measured: string;
  payer: string;
  payee: string;
  amount: Money;
  rule: string;
  version: string;
}

export interface SettledFolder {
  dir: string;
  year: number;
  flows: SettledFlow[];
  positions: SettledPosition[];
  lines: SettledLine[];
  inputs: InputFile[];
}

/** settle writes out/<year>/…: an output folder holding one year folder, without --year, is read as that year. */
function onlyYearFolder(folder: string): string[] {
  const years = listDirOrEmpty(folder).filter((n) => /^\d{4}$/.test(n));
  return years.length === 1 ? [path.join(folder, years[0]!)] : [];
}

/**
 * Reads back what `settle` wrote (transfers-Y.csv, positions-Y.csv, ledger-Y.csv) from an output
 * folder or its year folder, for `compare`. The year comes from `year` or the one transfers file.
 */
export async function readSettled(folder: string, year?: number): Promise<{ settled?: SettledFolder; problems: Problem[] }> {
  const candidates = year === undefined ? [folder, ...onlyYearFolder(folder)] : [path.join(folder, String(year)), folder];
  for (const dir of candidates) {
    const names = listDirOrEmpty(dir);
    const years = names.map((n) => /^transfers-(\d{4})\.csv$/.exec(n)?.[1]).filter((y): y is string => y !== undefined);
    const y = year ?? (years.length === 1 ? Number(years[0]) : undefined);
    if (y === undefined || !names.includes(`transfers-${y}.csv`)) continue;
    const inputs: InputFile[] = [];
    const rows = async (name: string): Promise<Record<string, string>[]> => {
      const abs = path.join(dir, name);
      const bytes = readFileSync(abs);
      inputs.push(await describeInput(abs, displayPath(abs), '清算结果'));
      return parse(bytes.toString('utf8').replace(/^\uFEFF/, ''), { columns: true, skip_empty_lines: true }) as Record<string, string>[];
    };
    const money = (t: string | undefined) => new Money((t ?? '0').replace(/^'/, '') || '0');
    const flows = (await rows(`transfers-${y}.csv`)).map((r) => ({
      riverId: r['河流编码']!,
      payer: r['付款方']!,
      payee: r['收款方']!,
      amount: money(r['金额']),
    }));
    const positions = names.includes(`positions-${y}.csv`) ? (await rows(`positions-${y}.csv`)).map((r) => ({ party: r['主体']!, net: money(r['净额']) })) : [];
    const lines = names.includes(`ledger-${y}.csv`)
      ? (await rows(`ledger-${y}.csv`)).map((r) => ({
          key: `${r['断面编码']} ${r['月份']} ${r['规则'] === '水量' ? '水量' : ''}`,
          measured: r['实测类别'] ?? '',
          payer: r['付款方'] ?? '',
          payee: r['收款方'] ?? '',
          amount: money(r['金额']),
          rule: r['规则'] ?? '',
          version: r['版本'] ?? '',
        }))
      : [];
    return { settled: { dir: displayPath(dir), year: y, flows, positions, lines, inputs }, problems: [] };
  }
  const what = year === undefined ? 'transfers-年份.csv（目录中应恰有一个年度；或用 --year 指定）' : `transfers-${year}.csv`;
  return { problems: [problem('error', 'E_COMPARE_MISSING', `目录中没有 settle 写出的 ${what}`, { file: displayPath(folder) })] };
}
