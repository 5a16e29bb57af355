import { readdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { toCsv } from '../io/csvWrite.js';
import { DATA_TEMPLATES, README_TEXT, SETTINGS_TEMPLATE, templateRows } from '../io/dataTemplates.js';
import { SETTINGS_FILE } from '../io/settings.js';
import { writeOutputs, type OutputFile } from '../io/writeOutputs.js';
import { EXIT, UsageError, runState, type ExitCode } from './exitCodes.js';
import { makeTerminal } from './terminal.js';

/**
 * `ecocomp init <目录>`: an empty data folder to fill in (data.md): every table as a template
 * (headers, one example row marked 示例), the quality and soil folders, a settings file and a
 * short 说明.txt. Never overwrites: any of these files already there → exit 2, nothing written.
 */
interface InitOptions {
  quiet: boolean;
  color: boolean;
}

export function registerInit(program: Command): void {
  program
    .command('init')
    .description('新建一个空的数据目录：每张表一个模板（表头和一行示例）、quality 和 soil 子目录、设置文件和 说明.txt')
    .argument('<目录>', '要新建的数据目录（可以已存在，但其中不能已有同名文件）')
    .option('-q, --quiet', '成功时不输出任何内容', false)
    .option('--no-color', '不使用颜色（也可设置环境变量 NO_COLOR）')
    .action(async (dir: string, opts: InitOptions) => {
      runState.code = await runInit(dir, opts);
    });
}

function initFiles(dir: string): OutputFile[] {
  const files: OutputFile[] = DATA_TEMPLATES.map((t) => {
    const { header, rows } = templateRows(t);
    return { path: path.join(dir, ...t.path.split('/')), bytes: toCsv(header, rows) };
  });
  files.push({ path: path.join(dir, SETTINGS_FILE), bytes: Buffer.from(SETTINGS_TEMPLATE, 'utf8') });
  files.push({ path: path.join(dir, '说明.txt'), bytes: Buffer.from(`\uFEFF${README_TEXT.replace(/\n/g, '\r\n')}`, 'utf8') });
  return files;
}

async function runInit(dir: string, opts: InitOptions): Promise<ExitCode> {
  const t = makeTerminal(opts);
  const files = initFiles(dir);
  const existing = files.filter((f) => existsSync(f.path)).map((f) => f.path);
  if (existing.length) {
    throw new UsageError(`${dir} 中已有以下文件，为免覆盖，未写出任何文件：${existing.map((f) => path.relative(dir, f).split(path.sep).join('/')).join('、')}`);
  }
  if (existsSync(dir) && (await readdir(dir)).length) t.out(t.c.yellow(`注意：${dir} 不是空目录，只添加模板文件，原有文件不动`));
  await writeOutputs(files, { force: false });
  t.out(t.c.bold(`已新建数据目录 ${dir}`));
  for (const f of files) t.out(`  ${path.relative(dir, f.path).split(path.sep).join('/')}`);
  t.out('每张表第 2 行是示例（「说明」列写着「示例」），照着填好后删除示例行；各表写什么见 说明.txt。');
  t.out(`填好后运行：ecocomp validate --data ${dir}`);
  return EXIT.OK;
}
