import path from 'node:path';
import { comparePairs, comparePositions } from '../domain/compare.js';
import { fmtYuan } from '../domain/money.js';
import { toCsv } from '../io/csvWrite.js';
import { readSettled, type SettledLine } from '../io/settledRead.js';
import { renderWorkbook } from '../io/xlsxWrite.js';
import { compareWorkbook } from '../report/compareWorkbook.js';
import { tone } from '../report/terminalText.js';
import { EXIT, Steps, UsageError, noFiles, type Plan } from './plan.js';

export interface CompareOptions {
  /** Two output folders of `settle` on the same data under two schemes. */
  a: string;
  b: string;
  out: string;
  year?: number | undefined;
}

/** `compare A B`: two settlements of the same year side by side, by river, pair and party (schemes.md). */
export async function compareJob(opts: CompareOptions): Promise<Plan> {
  const [ra, rb] = await Promise.all([readSettled(opts.a, opts.year), readSettled(opts.b, opts.year)]);
  const steps = new Steps();
  if (!ra.settled || !rb.settled) {
    const problems = [...ra.problems, ...rb.problems];
    steps.err([tone('red', '找不到要对比的清算结果，未写出任何文件。')]).problems('err', problems);
    return noFiles('compare', EXIT.INVALID_INPUT, steps, problems);
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
  steps.write();
  steps.out(`${A.year}年度方案对比：${pairs.length} 对主体中 ${changedPairs.length} 对的净额不同，结果不同的断面月 ${lines.length} 个`);
  for (const n of notes) steps.out([tone('yellow', `  ${n}`)]);
  steps.files();
  return { command: 'compare', exit: EXIT.OK, files, steps: steps.list, problems: [], totals: { year: A.year, pairsChanged: changedPairs.length } };
}
