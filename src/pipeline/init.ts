import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { toCsv } from '../io/csvWrite.js';
import { DATA_TEMPLATES, README_TEXT, SETTINGS_TEMPLATE, templateRows } from '../io/dataTemplates.js';
import { SETTINGS_FILE } from '../io/settings.js';
import type { OutputFile } from '../io/writeOutputs.js';
import { tone } from '../report/terminalText.js';
import { EXIT, Steps, UsageError, type Plan } from './plan.js';

/**
 * `ecocomp init <目录>`: an empty data folder to fill in (data.md): every table as a template
 * (headers, one example row marked 示例), the quality and soil folders, a settings file and a
 * short 说明.txt. Never overwrites: any of these files already there → exit 2, nothing written.
 */
export async function initJob(dir: string): Promise<Plan> {
  const files = initFiles(dir);
  const existing = files.filter((f) => existsSync(f.path)).map((f) => f.path);
  if (existing.length) {
    throw new UsageError(`${dir} 中已有以下文件，为免覆盖，未写出任何文件：${existing.map((f) => path.relative(dir, f).split(path.sep).join('/')).join('、')}`);
  }
  const steps = new Steps();
  if (existsSync(dir) && (await readdir(dir)).length) steps.out([tone('yellow', `注意：${dir} 不是空目录，只添加模板文件，原有文件不动`)]);
  steps.write();
  steps.out([tone('bold', `已新建数据目录 ${dir}`)]);
  for (const f of files) steps.out(`  ${path.relative(dir, f.path).split(path.sep).join('/')}`);
  steps.out('每张表第 2 行是示例（「说明」列写着「示例」），照着填好后删除示例行；各表写什么见 说明.txt。');
  steps.out(`填好后运行：ecocomp validate --data ${dir}`);
  return { command: 'init', exit: EXIT.OK, files, steps: steps.list, problems: [], totals: {} };
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
