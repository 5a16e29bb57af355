import path from 'node:path';
import type { Command } from 'commander';
import { carriedBalances, riverPartyYears, sectionYears, turnarounds, type YearResult } from '../domain/history.js';
import { fmtYuan, sum } from '../domain/money.js';
import { toCsv } from '../io/csvWrite.js';
import { readDataLabel } from '../io/loadDataset.js';
import { readSettings } from '../io/settings.js';
import { writeOutputs } from '../io/writeOutputs.js';
import { renderWorkbook } from '../io/xlsxWrite.js';
import { runHistory } from '../pipeline/history.js';
import { historyBalancesCsv, historyPartiesCsv, historySectionsCsv, historyTurnaroundsCsv, historyWorkbook } from '../report/historyWorkbook.js';
import type { CsvTable } from '../report/csvTables.js';
import { addCommonOptions, parseYear, type CommonOptions } from './common.js';
import { EXIT, UsageError, runState } from './exitCodes.js';
import { wrap } from './settle.js';
import { fmtAmount, makeTerminal, printProblems } from './terminal.js';
import { printFiles, recordFiles, recordRun } from './outcome.js';

interface Options extends CommonOptions {
  from?: string;
  to?: string;
  deadline?: string;
}

export function registerHistory(program: Command): void {
  addCommonOptions(
    program
      .command('history')
      .description('历年情况：逐年清算后并列各河流各主体的应收、应付、净额，断面年度类别，未清余额结转（R10）和收付转向；写出 out/history/')
      .requiredOption('--from <年份>', '起始年度，例如 2023')
      .requiredOption('--to <年份>', '截止年度，例如 2025')
      .option('--deadline <MM-DD>', '每年清缴截止日（次年的月-日，如 03-31）；不给时用设置文件的「清缴截止日」'),
  ).action(async (opts: Options) => {
    runState.code = await runHistoryCommand(opts);
  });
}

async function runHistoryCommand(opts: Options): Promise<number> {
  const t = makeTerminal(opts);
  const from = parseYear(opts.from, '--from');
  const to = parseYear(opts.to, '--to');
  if (to < from) throw new UsageError(`--to（${to}）不能早于 --from（${from}）`);
  if (to - from > 20) throw new UsageError('--from 与 --to 相隔不能超过 20 年');
  const day = opts.deadline ?? (await readSettings(opts.data)).settings.deadline?.replace(/^\d{4}-/, '');
  if (day !== undefined && !/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/.test(day)) throw new UsageError(`--deadline 应为 MM-DD，例如 03-31（收到「${day}」）`);
  const outcome = await wrap(() => runHistory(opts.data, from, to, day));
  if (!outcome.ok) {
    t.err(t.c.red(`${outcome.failedYears.join('、')} 年度的输入数据有错误，未写出任何文件。`));
    recordRun(
      'history',
      outcome.problems.filter((p) => p.severity === 'error'),
    );
    printProblems(
      t,
      outcome.problems.filter((p) => p.severity === 'error'),
      { toStderr: true },
    );
    return EXIT.INVALID_INPUT;
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
  const w = await writeOutputs(files, { force: opts.force });
  recordRun('history', view.problems, { from, to, carriedBalances: view.balances.length, forcedYuan: fmtYuan(sum(view.balances.map((b) => b.forced))) });
  recordFiles(w);
  t.out(t.c.bold(`${from}—${to} 年历年情况`));
  for (const y of outcome.years)
    t.out(`  ${y.year} 年：数据 ${y.dataDir}，补偿划转 ${y.settlement.clearing.transfers.filter((x) => x.kind === 'compensation').length} 笔`);
  t.out(
    `  未清余额结转（R10）：${view.balances.length} 笔${view.balances.length ? `，强制收扣合计 ${fmtAmount(sum(view.balances.map((b) => b.forced)))}` : ''}`,
  );
  for (const x of view.turnarounds)
    t.out(
      `  收付转向：${view.riverNames.get(x.riverId) ?? x.riverId} ${x.party} ${x.fromYear} 年净额 ${fmtAmount(x.fromNet)} → ${x.toYear} 年 ${fmtAmount(x.toNet)}`,
    );
  printFiles(t, w);
  return EXIT.OK;
}

function uniqueInputs<T extends { path: string; sha256: string }>(xs: readonly T[]): T[] {
  const seen = new Set<string>();
  return xs.filter((x) => (seen.has(`${x.path}|${x.sha256}`) ? false : (seen.add(`${x.path}|${x.sha256}`), true)));
}
