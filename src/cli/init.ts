import type { Command } from 'commander';
import { initJob } from '../pipeline/init.js';
import { applyPlan } from './apply.js';
import { runState } from './exitCodes.js';

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
      runState.code = await applyPlan(await initJob(dir), { ...opts, force: false });
    });
}
