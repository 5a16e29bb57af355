import type { Command } from 'commander';
import { loadSchemeSet, type SchemeSet } from '../io/schemeLoad.js';
import type { Terminal } from './terminal.js';
import { printProblems } from './terminal.js';

/** `--scheme FILE`, repeatable (schemes.md): the city's scheme instead of the default, and schemes settled beside it. */
export function addSchemeOption(cmd: Command): Command {
  return cmd.option(
    '--scheme <文件>',
    '补偿方案文件（JSON，可重复给出）：市内方案替换随工具提供的 2023 年方案；跨省断面方案、资金池方案另行清算',
    (v: string, prev: string[] | undefined) => [...(prev ?? []), v],
  );
}

/** The run's schemes, or undefined after printing every located problem (nothing is written). */
export async function schemesOrReport(t: Terminal, files: readonly string[] | undefined): Promise<SchemeSet | undefined> {
  const r = await loadSchemeSet(files ?? []);
  if (r.set) return r.set;
  t.err(t.c.red('补偿方案文件有错误，未进行计算，未写出任何文件。'));
  printProblems(t, r.problems, { toStderr: true });
  return undefined;
}
