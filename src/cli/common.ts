import type { Command } from 'commander';

/** Options every command takes (issue: --data DIR, --out DIR), from one table. */
export interface CommonOptions {
  data: string;
  out: string;
  force: boolean;
  quiet: boolean;
  color: boolean;
  json?: boolean;
  all?: boolean;
}

export function addCommonOptions(cmd: Command): Command {
  return cmd
    .option('--data <目录>', '输入数据目录', './data')
    .option('--out <目录>', '输出目录', './out')
    .option('--force', '输出文件已存在且内容不同时覆盖（否则退出码 5、不改动任何文件）', false)
    .option('-q, --quiet', '成功时不输出任何内容', false)
    .option('--json', '在标准输出只写一个 JSON 对象：退出码、写出/未变的文件、合计、各代码的问题数（供调度程序）', false)
    .option('--all', '在终端列出全部问题（默认最多 50 行，完整清单在输出文件中）', false)
    .option('--no-color', '不使用颜色（也可设置环境变量 NO_COLOR）');
}

export { parseDateOption, parseMonthOption, parseYear } from '../pipeline/options.js';
