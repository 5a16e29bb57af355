import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Problem } from '../domain/problem.js';
import type { SchemeSet } from '../io/schemeLoad.js';
import { dedupe, runSettlement, type Settlement } from './period.js';
import { carriedBalances, riverPartyYears, sectionYears, turnarounds, type YearResult } from '../domain/history.js';
import { fmtYuan, sum } from '../domain/money.js';
import { toCsv } from '../io/csvWrite.js';
import { readDataLabel } from '../io/loadDataset.js';
import { readSettings } from '../io/settings.js';
import { renderWorkbook } from '../io/xlsxWrite.js';
import type { CsvTable } from '../report/csvTables.js';
import { historyBalancesCsv, historyPartiesCsv, historySectionsCsv, historyTurnaroundsCsv, historyWorkbook } from '../report/historyWorkbook.js';
import { fmtAmount, tone } from '../report/terminalText.js';
import { EXIT, Steps, UsageError, noFiles, type Plan } from './plan.js';
import { balanced } from './settle.js';

interface HistoryYear {
  year: number;
  dataDir: string;
  settlement: Settlement;
}

type HistoryOutcome = { ok: true; years: HistoryYear[] } | { ok: false; problems: Problem[]; failedYears: number[] };

/**
 * 历年: each year settled on its own (R1–R10), from `<data>/<year>/` when that folder exists
 * (one folder per year), else from `<data>` itself (several years in one folder). `deadlineDay`
 * (MM-DD) is the clearing deadline in the year after each settled year (R10).
 */
async function runHistory(dataDir: string, from: number, to: number, deadlineDay?: string, schemes?: SchemeSet): Promise<HistoryOutcome> {
  const years: HistoryYear[] = [];
  const problems: Problem[] = [];
  const failedYears: number[] = [];
  for (let y = from; y <= to; y++) {
    const dir = (await isDir(path.join(dataDir, String(y)))) ? path.join(dataDir, String(y)) : dataDir;
    const r = await runSettlement(dir, y, deadlineDay ? `${y + 1}-${deadlineDay}` : undefined, undefined, schemes);
    if (!r.ok) {
      failedYears.push(y);
      problems.push(...r.problems);
    } else years.push({ year: y, dataDir: dir, settlement: r.settlement });
  }
  return failedYears.length ? { ok: false, problems: dedupe(problems), failedYears } : { ok: true, years };
}

async function isDir(p: string): Promise<boolean> {
  return stat(p).then(
    (s) => s.isDirectory(),
    () => false,
  );
}

export interface HistoryOptions {
  data: string;
  out: string;
  from: number;
  to: number;
  /** MM-DD in the year after each settled year; default the settings file's 清缴截止日. */
  deadline?: string | undefined;
}

/** `history --from A --to B`: each year settled on its own, then the years side by side (R10 balances carried). */
export async function historyJob(opts: HistoryOptions): Promise<Plan> {
  const { from, to } = opts;
  if (to < from) throw new UsageError(`--to（${to}）不能早于 --from（${from}）`);
  if (to - from > 20) throw new UsageError('--from 与 --to 相隔不能超过 20 年');
  const day = opts.deadline ?? (await readSettings(opts.data)).settings.deadline?.replace(/^\d{4}-/, '');
  if (day !== undefined && !/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/.test(day)) throw new UsageError(`--deadline 应为 MM-DD，例如 03-31（收到「${day}」）`);
  const outcome = await balanced(() => runHistory(opts.data, from, to, day));
  const steps = new Steps();
  if (!outcome.ok) {
    const errors = outcome.problems.filter((p) => p.severity === 'error');
    steps.err([tone('red', `${outcome.failedYears.join('、')} 年度的输入数据有错误，未写出任何文件。`)]).problems('err', errors);
    return noFiles('history', EXIT.INVALID_INPUT, steps, errors);
  }
  const results: YearResult[] = outcome.years.map((y) => ({
    year: y.year,
    lines: y.settlement.accounting.lines,
    transfers: y.settlement.clearing.transfers,
    enforcement: y.settlement.enforcement,
    deadline: y.settlement.deadline,
  }));
  const parties = riverPartyYears(results);
  const view = {
    from,
    to,
    riverNames: new Map(outcome.years.flatMap((y) => y.settlement.dataset.rivers.map((r) => [r.id, r.name] as const))),
    parties,
    sections: sectionYears(results),
    balances: carriedBalances(results),
    turnarounds: turnarounds(parties),
    problems: outcome.years.flatMap((y) => y.settlement.problems),
    inputs: uniqueInputs(outcome.years.flatMap((y) => y.settlement.inputs)),
    dataLabel: await readDataLabel(outcome.years[0]!.dataDir),
  };
  const parameters: [string, string][] = [
    ['命令', 'history'],
    ['--from', String(from)],
    ['--to', String(to)],
    ['--deadline', day ?? '（未给出，不计算未清余额）'],
  ];
  const dir = path.join(opts.out, 'history');
  const span = `${from}-${to}`;
  const csv = (name: string, table: CsvTable) => ({ path: path.join(dir, `${name}-${span}.csv`), bytes: toCsv(table.header, table.rows) });
  const files = [
    { path: path.join(dir, `history-${span}.xlsx`), bytes: await renderWorkbook(historyWorkbook(view, parameters)) },
    csv('history-parties', historyPartiesCsv(view.parties)),
    csv('history-sections', historySectionsCsv(view.sections)),
    csv('history-balances', historyBalancesCsv(view.balances)),
    csv('history-turnarounds', historyTurnaroundsCsv(view.turnarounds)),
  ];
  const forced = sum(view.balances.map((b) => b.forced));
  steps.write();
  steps.out([tone('bold', `${from}—${to} 年历年情况`)]);
  for (const y of outcome.years)
    steps.out(`  ${y.year} 年：数据 ${y.dataDir}，补偿划转 ${y.settlement.clearing.transfers.filter((x) => x.kind === 'compensation').length} 笔`);
  steps.out(`  未清余额结转（R10）：${view.balances.length} 笔${view.balances.length ? `，强制收扣合计 ${fmtAmount(forced)}` : ''}`);
  for (const x of view.turnarounds)
    steps.out(
      `  收付转向：${view.riverNames.get(x.riverId) ?? x.riverId} ${x.party} ${x.fromYear} 年净额 ${fmtAmount(x.fromNet)} → ${x.toYear} 年 ${fmtAmount(x.toNet)}`,
    );
  steps.files();
  const totals = { from, to, carriedBalances: view.balances.length, forcedYuan: fmtYuan(forced) };
  return { command: 'history', exit: EXIT.OK, files, steps: steps.list, problems: view.problems, totals };
}

function uniqueInputs<T extends { path: string; sha256: string }>(xs: readonly T[]): T[] {
  const seen = new Set<string>();
  return xs.filter((x) => (seen.has(`${x.path}|${x.sha256}`) ? false : (seen.add(`${x.path}|${x.sha256}`), true)));
}
