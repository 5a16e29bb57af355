import { readFileSync } from 'node:fs';
import { listDirOrEmpty } from './readTable.js';
import path from 'node:path';
import { Money } from '../domain/money.js';
import { problem, type Problem } from '../domain/problem.js';
import type { IssuedLine } from '../domain/revisions.js';
import type { Month } from '../domain/types.js';
import { DecodeError, decodeBytes } from './decode.js';
import { describeInput, displayPath } from './inputFiles.js';
import type { InputFile } from '../domain/inputs.js';
import { XlsxFormatError, readXlsxSheet } from './xlsxRead.js';

/**
 * The monthly statements already issued for a year (`ledger-Y-MM.csv`, as `monthly` writes
 * them), read only, never changed. The statement workbook beside a CSV, when present, gives the
 * data source of the record used then (its 月度明细 sheet). Every file read goes on the 来源 sheet.
 */
export interface IssuedStatements {
  months: Set<Month>;
  lines: IssuedLine[];
  inputs: InputFile[];
  problems: Problem[];
}

const HEADER = ['河流编码', '断面编码', '月份', '上游主体', '下游主体', '实测类别', '基准类别', '类别差', '付款方', '收款方', '金额', '规则', '原因'];
const AMOUNT = /^\d+(\.\d{1,2})?$/;

export async function loadIssued(dir: string, year: number): Promise<IssuedStatements> {
  const out: IssuedStatements = { months: new Set(), lines: [], inputs: [], problems: [] };
  const names = listDirOrEmpty(dir);
  const pattern = new RegExp(`^ledger-${year}-(0[1-9]|1[0-2])\\.csv$`);
  for (const name of names.filter((n) => pattern.test(n)).sort()) {
    const month = `${year}-${pattern.exec(name)![1]}`;
    const file = path.join(dir, name);
    const shown = displayPath(file);
    const lines = await readIssuedCsv(file, shown, month, out.problems);
    if (!lines) continue;
    out.months.add(month);
    out.inputs.push(await describeInput(file, shown, `已发月报 ${month}`));
    const workbook = path.join(dir, `statement-${month}.xlsx`);
    const sources = await readSources(workbook);
    if (sources) {
      out.inputs.push(await describeInput(workbook, displayPath(workbook), `已发月报 ${month}（工作簿）`));
      for (const l of lines) l.source = sources.get(l.sectionId) || undefined;
    }
    out.lines.push(...lines);
  }
  return out;
}

async function readIssuedCsv(file: string, shown: string, month: Month, problems: Problem[]): Promise<IssuedLine[] | undefined> {
  // csv-parse is loaded only when there is an issued statement to read (most settle runs have none).
  const { parse } = await import('csv-parse/sync');
  let rows: string[][];
  try {
    const { text } = decodeBytes(readFileSync(file));
    rows = parse(text, { relax_column_count: true, skip_empty_lines: true }) as string[][];
  } catch (e) {
    const why = e instanceof DecodeError ? e.message : '不是可读的 CSV 文件';
    problems.push(problem('error', 'E_ISSUED_UNREADABLE', `已发月报无法读取：${why}`, { file: shown, row: 1 }));
    return undefined;
  }
  const header = (rows[0] ?? []).map((h) => h.trim());
  const at = new Map(header.map((h, i) => [h, i]));
  const missing = HEADER.filter((h) => !at.has(h));
  if (missing.length) {
    problems.push(problem('error', 'E_ISSUED_HEADER', `已发月报不是 monthly 写出的明细（缺少列：${missing.join('、')}）`, { file: shown, row: 1 }));
    return undefined;
  }
  const cell = (r: string[], h: string): string => unguard((r[at.get(h)!] ?? '').trim());
  const lines: IssuedLine[] = [];
  rows.slice(1).forEach((r, i) => {
    const row = i + 2;
    const amount = cell(r, '金额');
    const m = cell(r, '月份');
    if (!AMOUNT.test(amount)) {
      problems.push(
        problem('error', 'E_ISSUED_VALUE', '已发月报的金额不是以元为单位的两位小数', { file: shown, row, column: '金额', value: amount, rule: 'R9' }),
      );
      return;
    }
    if (m !== month) {
      problems.push(problem('error', 'E_ISSUED_VALUE', `已发月报 ${month} 中出现其他月份的行`, { file: shown, row, column: '月份', value: m }));
      return;
    }
    lines.push({
      riverId: cell(r, '河流编码'),
      sectionId: cell(r, '断面编码'),
      month: m,
      measured: cell(r, '实测类别'),
      benchmark: cell(r, '基准类别'),
      payer: cell(r, '付款方'),
      payee: cell(r, '收款方'),
      amount: new Money(amount),
      rule: cell(r, '规则'),
      reason: cell(r, '原因'),
      loc: { file: shown, row },
    });
  });
  return lines;
}

/**
 * 断面编码 → 数据来源 from a statement workbook: its 核算依据 sheet, or the 月度明细 sheet of
 * statements written before the provenance columns moved there; undefined when absent or unreadable.
 */
async function readSources(file: string): Promise<Map<string, string> | undefined> {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    return undefined;
  }
  try {
    const grids = ['核算依据', '月度明细'].map((name) => readXlsxSheet(bytes, [name]));
    const isHeader = (r: string[]) => r.includes('断面编码') && r.some((c) => c.startsWith('数据来源'));
    const grid = grids.find((g) => g.cells.some(isHeader));
    if (!grid) return undefined;
    const headerAt = grid.cells.findIndex(isHeader);
    const h = grid.cells[headerAt]!;
    const idCol = h.indexOf('断面编码');
    const srcCol = h.findIndex((c) => c.startsWith('数据来源'));
    const out = new Map<string, string>();
    for (const r of grid.cells.slice(headerAt + 1)) if (r[idCol]) out.set(r[idCol]!, r[srcCol] ?? '');
    return out;
  } catch (e) {
    if (e instanceof XlsxFormatError) return undefined;
    throw e;
  }
}

/** Text the CSV writer guarded against formula execution (a leading ') reads back as written. */
const unguard = (t: string): string => (/^'[=+\-@\t\r＝＋－＠]/u.test(t) ? t.slice(1) : t);
