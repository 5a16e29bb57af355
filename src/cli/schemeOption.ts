import type { Command } from 'commander';

/** `--scheme FILE`, repeatable (schemes.md): the city's scheme instead of the default, and schemes settled beside it. */
export function addSchemeOption(cmd: Command): Command {
  return cmd.option(
    '--scheme <文件>',
    '补偿方案文件（JSON，可重复给出）：市内方案替换随工具提供的 2023 年方案；跨省断面方案、资金池方案另行清算',
    (v: string, prev: string[] | undefined) => [...(prev ?? []), v],
  );
}
