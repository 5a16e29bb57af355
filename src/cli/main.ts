import { Command, CommanderError, Help, type Option } from 'commander';
import { EXIT, InvariantError, UsageError, runState } from './exitCodes.js';
import { OutputConflictError } from '../io/writeOutputs.js';
import { TOOL_VERSION } from '../version.js';
import { registerValidate } from './validate.js';
import { registerSettle } from './settle.js';
import { registerMonthly } from './monthly.js';
import { registerProgress } from './progress.js';
import { registerClassify } from './classify.js';
import { registerHistory } from './history.js';
import { SettingsError, applySettings } from './settingsHook.js';

const TITLES: Record<string, string> = {
  'Usage:': '用法：',
  'Options:': '选项：',
  'Commands:': '命令：',
  'Arguments:': '参数：',
  'Global Options:': '全局选项：',
};

const zh = (s: string): string => s.replace('[options]', '[选项]').replace('[command]', '[命令]');

class ChineseHelp extends Help {
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
}

/** Translate commander's own usage errors into Chinese. */
function translateCommanderMessage(message: string): string {
  return message
    .replace(/^error: unknown option '(.+?)'(?:\n?\(Did you mean (.+?)\?\))?/s, (_m, o: string, s?: string) => `错误：未知选项 ${o}${s ? `（是否想用 ${s}？）` : ''}`)
    .replace(/^error: unknown command '(.+?)'(?:\n?\(Did you mean (.+?)\?\))?/s, (_m, o: string, s?: string) => `错误：未知命令 ${o}${s ? `（是否想用 ${s}？）` : ''}`)
    .replace(/^error: missing required argument '(.+?)'/, '错误：缺少参数 $1')
    .replace(/^error: option '(.+?)' argument missing/, '错误：选项 $1 缺少取值')
    .replace(/^error: required option '(.+?)' not specified/, '错误：必须给出选项 $1')
    .replace(/^error: too many arguments.*/s, '错误：参数过多')
    .replace(/^error: /, '错误：');
}

export function buildProgram(): Command {
  const program = new Command('ecocomp');
  program
    .description('重庆市流域横向生态保护补偿与水土保持目标进度计算（按月核算、按年清缴）')
    .version(TOOL_VERSION, '-V, --version', '显示版本号')
    .helpOption('-h, --help', '显示帮助')
    .helpCommand('help [命令]', '显示某个命令的帮助')
    .configureHelp({ sortSubcommands: false })
    .showSuggestionAfterError(true)
    .exitOverride();
  program.createHelp = () => Object.assign(new ChineseHelp(), program.configureHelp());
  program.configureOutput({
    writeErr: (s) => process.stderr.write(translateCommanderMessage(s)),
    outputError: (s, write) => write(translateCommanderMessage(s)),
  });
  registerValidate(program);
  registerSettle(program);
  registerMonthly(program);
  registerProgress(program);
  registerClassify(program);
  registerHistory(program);
  applySettings(program);
  for (const cmd of program.commands) {
    cmd.exitOverride();
    cmd.helpOption('-h, --help', '显示帮助');
    cmd.createHelp = () => Object.assign(new ChineseHelp(), cmd.configureHelp());
    cmd.configureOutput({
      writeErr: (s) => process.stderr.write(translateCommanderMessage(s)),
      outputError: (s, write) => write(translateCommanderMessage(s)),
    });
  }
  return program;
}

/** Runs the CLI and returns the exit code; never lets a stack trace reach the user. */
export async function main(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  runState.code = EXIT.OK;
  try {
    await program.parseAsync(argv as string[], { from: 'user' });
    return runState.code;
  } catch (e) {
    return handleError(e);
  }
}

export function handleError(e: unknown): number {
  if (e instanceof CommanderError) {
    if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return EXIT.OK;
    return EXIT.USAGE;
  }
  if (e instanceof SettingsError) return EXIT.INVALID_INPUT;
  if (e instanceof UsageError || e instanceof OutputConflictError) {
    process.stderr.write(`错误：${e.message}\n`);
    return EXIT.USAGE;
  }
  if (e instanceof InvariantError) {
    process.stderr.write(`内部错误（程序缺陷，未写出任何文件）：${e.message}\n请将输入数据和命令报告给维护者。\n`);
    return EXIT.INTERNAL;
  }
  const err = e as NodeJS.ErrnoException;
  if (err && typeof err.code === 'string' && ['EACCES', 'EPERM', 'ENOSPC', 'EROFS', 'EISDIR', 'ENOTDIR', 'ENOENT'].includes(err.code)) {
    process.stderr.write(`错误：文件操作失败（${err.code}）：${err.path ?? ''} ${err.message}\n`);
    return EXIT.INVALID_INPUT;
  }
  process.stderr.write(`内部错误（程序缺陷）：${err?.message ?? String(e)}\n请将输入数据和命令报告给维护者。\n`);
  if (process.env.ECOCOMP_DEBUG) process.stderr.write(`${err?.stack ?? ''}\n`);
  return EXIT.INTERNAL;
}
