import { Help, type Command, type Option } from 'commander';
import { EXIT_TABLE } from './exitCodes.js';
import { displayWidth, wrapText } from './terminal.js';

/**
 * Help that reads well in a Chinese terminal: titles in Chinese, columns aligned by display width
 * (a CJK character takes two columns), descriptions wrapped at the terminal width (commander uses
 * 80 when stdout is not a terminal), breaking between CJK characters where there are no spaces.
 */
const TITLES: Record<string, string> = {
  'Usage:': '用法：',
  'Options:': '选项：',
  'Commands:': '命令：',
  'Arguments:': '参数：',
  'Global Options:': '全局选项：',
};

const zh = (s: string): string => s.replace('[options]', '[选项]').replace('[command]', '[命令]');

export class ChineseHelp extends Help {
  override styleTitle(str: string): string {
    return TITLES[str] ?? str;
  }
  override commandUsage(cmd: Command): string {
    return zh(super.commandUsage(cmd));
  }
  override subcommandTerm(cmd: Command): string {
    return zh(super.subcommandTerm(cmd));
  }
  override optionDescription(option: Option): string {
    const d = option.defaultValue;
    const shown = d === undefined || d === false || option.negate ? '' : `（默认：${String(d)}）`;
    return `${option.description}${shown}`;
  }
  override displayWidth(str: string): number {
    return displayWidth(str);
  }
  override boxWrap(str: string, width: number): string {
    return width < this.minWidthToWrap ? str : wrapText(str, width);
  }
}

/** Examples shown under each command's help (a command that sets its own keeps them). */
const EXAMPLES: Record<string, string[]> = {
  validate: ['ecocomp validate --year 2025 --data fixtures/data', 'ecocomp validate --month 2025-03 --data 数据/ --out 检查/'],
  settle: ['ecocomp settle --year 2025 --deadline 2026-03-31 --data fixtures/data', 'ecocomp settle --year 2025 --data 数据/ --out 结果/ --force'],
  monthly: ['ecocomp monthly --month 2025-03 --data fixtures/data', 'ecocomp monthly --month 2025年3月 --data 数据/ -q'],
  progress: ['ecocomp progress --year 2025 --data fixtures/data', 'ecocomp progress --year 2025 --soil 水保数据/ --out 结果/'],
  history: ['ecocomp history --from 2023 --to 2025 --deadline 03-31 --data fixtures/history'],
  init: ['ecocomp init 2025数据', 'ecocomp init 2025数据 && ecocomp validate --data 2025数据'],
  scheme: ['ecocomp scheme --year 2025', 'ecocomp scheme --year 2025 --scheme fixtures/schemes/cq-2025-09调整-示例.json'],
  compare: ['ecocomp compare out out-调整 --year 2025 --out out-对比'],
  classify: ['ecocomp classify fixtures/classify/sample-monthly-2025Q1.csv', 'ecocomp classify 自动站/2025-03.csv --waterbody lake --out out/2025-03'],
};

export function examplesText(name: string): string {
  const ex = EXAMPLES[name];
  return ex ? `\n示例：\n${ex.map((e) => `  ${e}`).join('\n')}` : '';
}

/** The exit-code table under `ecocomp --help`, wrapped to the help width. */
export function exitCodeHelp(width: number): string {
  const indent = 6;
  const lines = EXIT_TABLE.flatMap(([code, meaning]) =>
    wrapText(meaning, Math.max(20, width - indent))
      .split('\n')
      .map((l, i) => `${i === 0 ? `  ${code}   ` : ' '.repeat(indent)}${l}`),
  );
  return `\n退出码：\n${lines.join('\n')}`;
}

/** Translate commander's own usage errors into Chinese; each names what it is about. */
export function translateCommanderMessage(message: string): string {
  return message
    .replace(
      /^error: unknown option '(.+?)'(?:\n?\(Did you mean (.+?)\?\))?/s,
      (_m, o: string, s?: string) => `错误：未知选项 ${o}${s ? `（是否想用 ${s}？）` : ''}`,
    )
    .replace(
      /^error: unknown command '(.+?)'(?:\n?\(Did you mean (.+?)\?\))?/s,
      (_m, o: string, s?: string) => `错误：未知命令 ${o}${s ? `（是否想用 ${s}？）` : ''}`,
    )
    .replace(/^error: missing required argument '(.+?)'/, '错误：缺少参数 $1')
    .replace(/^error: option '(.+?)' argument missing/, '错误：选项 $1 缺少取值')
    .replace(/^error: required option '(.+?)' not specified/, '错误：必须给出选项 $1')
    .replace(/^error: too many arguments for '(.+?)'\. Expected (\d+) arguments? but got (\d+)\./, '错误：$1 命令不接受多余的参数（应为 $2 个，收到 $3 个）')
    .replace(/^error: /, '错误：');
}
