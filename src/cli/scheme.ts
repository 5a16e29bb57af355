import type { Command } from 'commander';
import { loadSchemeSet } from '../io/schemeLoad.js';
import { describeScheme } from '../report/schemeText.js';
import { parseYear } from './common.js';
import { EXIT, runState } from './exitCodes.js';
import { addSchemeOption } from './schemeOption.js';
import { makeTerminal, printProblems } from './terminal.js';

interface Options {
  year?: string;
  scheme?: string[];
  color: boolean;
}

export function registerScheme(program: Command): void {
  addSchemeOption(
    program
      .command('scheme')
      .description('以中文列出补偿方案（默认为随工具提供的 2023 年方案）各版本的标准，给出 --year 时逐月列出适用的版本，供核对')
      .option('--year <年份>', '逐月列出该年适用的版本，例如 2026')
      .option('--no-color', '不使用颜色（也可设置环境变量 NO_COLOR）'),
  ).action(async (opts: Options) => {
    runState.code = await runScheme(opts);
  });
}

async function runScheme(opts: Options): Promise<number> {
  const t = makeTerminal(opts);
  const year = opts.year === undefined ? undefined : parseYear(opts.year);
  const r = await loadSchemeSet(opts.scheme ?? []);
  if (!r.set) {
    t.err(t.c.red('补偿方案文件有错误：'));
    printProblems(t, r.problems, { toStderr: true });
    return EXIT.INVALID_INPUT;
  }
  const schemes = [r.set.city, ...r.set.others];
  schemes.forEach((s, i) => {
    if (i) t.out('');
    for (const line of describeScheme(s, year)) t.out(line);
  });
  return EXIT.OK;
}
