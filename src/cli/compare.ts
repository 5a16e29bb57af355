import path from 'node:path';
import type { Command } from 'commander';
import { comparePairs, comparePositions } from '../domain/compare.js';
import { fmtYuan } from '../domain/money.js';
import { toCsv } from '../io/csvWrite.js';
import { readSettled, type SettledLine } from '../io/settledRead.js';
import { writeOutputs } from '../io/writeOutputs.js';
import { renderWorkbook } from '../io/xlsxWrite.js';
import { compareWorkbook } from '../report/compareWorkbook.js';
import { parseYear } from './common.js';
import { EXIT, UsageError, runState } from './exitCodes.js';
import { makeTerminal, printProblems } from './terminal.js';

interface Options {
  year?: string;
  out: string;
  force: boolean;
  quiet: boolean;
  color: boolean;
}

export function registerCompare(program: Command): void {
  program
    .command('compare <A> <B>')
    .description('方案对比：把同一数据在两种方案下的清算结果（settle 的输出目录）按河流、按双方和按主体并列，写出 compare-年份.xlsx / compare-年份.csv')
    .option('--year <年份>', '清算年度（目录中只有一个年度时可省略）')
    .option('--out <目录>', '输出目录', './out')
    .option('--force', '输出文件已存在且内容不同时覆盖', false)
    .option('-q, --quiet', '成功时不输出任何内容', false)
    .option('--no-color', '不使用颜色（也可设置环境变量 NO_COLOR）')
    .action(async (a: string, b: string, opts: Options) => {
      runState.code = await runCompare(a, b, opts);
    });
}

async function runCompare(a: string, b: string, opts: Options): Promise<number> {
  const t = makeTerminal(opts);
  const year = opts.year === undefined ? undefined : parseYear(opts.year);
  const [ra, rb] = await Promise.all([readSettled(a, year), readSettled(b, year)]);
  if (!ra.settled || !rb.settled) {
    t.err(t.c.red('找不到要对比的清算结果，未写出任何文件。'));
    printProblems(t, [...ra.problems, ...rb.problems], { toStderr: true });
    return EXIT.INVALID_INPUT;
  }
  const A = ra.settled;
  const B = rb.settled;
  if (A.year !== B.year) throw new UsageError(`两个目录的清算年度不同（${A.year} 与 ${B.year}），用 --year 指定`);
  const pairs = comparePairs(A.flows, B.flows);
  const parties = comparePositions(A.positions, B.positions);
  const text = (l: SettledLine | undefined) =>
    l ? `${l.measured} ${l.payer ? `${l.payer}→${l.payee} ${fmtYuan(l.amount)}` : '不补偿'}（${l.rule}，${l.version}）` : '（无此行）';
  const bOf = new Map(B.lines.map((l) => [l.key, l]));
  const aOf = new Map(A.lines.map((l) => [l.key, l]));
  const keys = [...new Set([...aOf.keys(), ...bOf.keys()])].sort();
  const diff = (x?: SettledLine, y?: SettledLine) => !x || !y || x.payer !== y.payer || x.payee !== y.payee || !x.amount.equals(y.amount);
  const lines = keys.filter((k) => diff(aOf.get(k), bOf.get(k))).map((k): [string, string, string] => [k.trim(), text(aOf.get(k)), text(bOf.get(k))]);
  const classDiffers = keys.filter((k) => aOf.get(k) && bOf.get(k) && aOf.get(k)!.measured !== bOf.get(k)!.measured).length;
  const notes = classDiffers ? [`注意：${classDiffers} 个断面月两次的实测类别不同，两次清算用的可能不是同一份数据`] : [];
  const changedPairs = pairs.filter((p) => !p.change.isZero());
  const view = { year: A.year, a: A.dir, b: B.dir, pairs, parties, lines, notes, inputs: [...A.inputs, ...B.inputs] };
  const parameters: [string, string][] = [
    ['命令', 'compare'],
    ['A', A.dir],
    ['B', B.dir],
  ];
  const files = [
    { path: path.join(opts.out, `compare-${A.year}.xlsx`), bytes: await renderWorkbook(compareWorkbook(view, parameters)) },
    {
      path: path.join(opts.out, `compare-${A.year}.csv`),
      bytes: toCsv(
        ['河流编码', '主体甲', '主体乙', 'A甲至乙净额', 'B甲至乙净额', '变化'],
        pairs.map((p) => [p.riverId, p.first, p.second, p.a, p.b, p.change]),
      ),
    },
  ];
  const w = await writeOutputs(files, { force: opts.force });
  t.out(`${A.year}年度方案对比：${pairs.length} 对主体中 ${changedPairs.length} 对的净额不同，结果不同的断面月 ${lines.length} 个`);
  for (const n of notes) t.out(t.c.yellow(`  ${n}`));
  for (const f of w.written) t.out(`  已写出 ${f}`);
  for (const f of w.unchanged) t.out(`  未变化 ${f}`);
  return EXIT.OK;
}
