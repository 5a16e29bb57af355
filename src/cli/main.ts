import { Command, CommanderError, type OutputConfiguration } from 'commander';
import { EXIT, EXIT_TABLE, InvariantError, UsageError, emptyReport, runState } from './exitCodes.js';
import { OutputConflictError, OutputLockedError, OutputWriteError, writeFailure } from '../io/writeOutputs.js';
import { displayPath } from '../io/inputFiles.js';
import { ChineseHelp, examplesText, exitCodeHelp, translateCommanderMessage } from './help.js';
import { TOOL_VERSION } from '../version.js';
import { SettingsError, applySettings } from './settingsHook.js';

type Register = (program: Command) => void;

/**
 * The commands, in the order help lists them, each imported only when it is registered: a run
 * of one command (`ecocomp settle …`) loads that command's modules and no other's. Help, an
 * unknown command and anything else that needs the whole list register all of them.
 */
const COMMANDS: readonly (readonly [string, () => Promise<Register>])[] = [
  ['validate', async () => (await import('./validate.js')).registerValidate],
  ['settle', async () => (await import('./settle.js')).registerSettle],
  ['monthly', async () => (await import('./monthly.js')).registerMonthly],
  ['progress', async () => (await import('./progress.js')).registerProgress],
  ['classify', async () => (await import('./classify.js')).registerClassify],
  ['scheme', async () => (await import('./scheme.js')).registerScheme],
  ['compare', async () => (await import('./compare.js')).registerCompare],
  ['history', async () => (await import('./history.js')).registerHistory],
  ['init', async () => (await import('./init.js')).registerInit],
];

/** The program with every command, or with only the command `argv` names first (when it names one). */
export async function buildProgram(argv?: readonly string[]): Promise<Command> {
  const named = COMMANDS.find(([name]) => name === argv?.[0]);
  const registers = await Promise.all((named ? [named] : COMMANDS).map(([, load]) => load()));
  const program = new Command('ecocomp');
  program
    .description('重庆市流域横向生态保护补偿与水土保持目标进度计算（按月核算、按年清缴）')
    .version(TOOL_VERSION, '-v, --version', '显示版本号')
    .helpOption('-h, --help', '显示帮助')
    .helpCommand('help [命令]', '显示某个命令的帮助')
    .configureHelp({ sortSubcommands: false })
    .showSuggestionAfterError(true)
    .exitOverride();
  program.createHelp = () => Object.assign(new ChineseHelp(), program.configureHelp());
  program.configureOutput(chineseOutput());
  for (const register of registers) register(program);
  program.addHelpText(
    'after',
    () => `${exitCodeHelp(helpWidth())}\n\n示例：\n  ecocomp settle --year 2025 --deadline 2026-03-31 --data fixtures/data\n  ecocomp help settle`,
  );
  applySettings(program);
  for (const cmd of program.commands) {
    cmd.exitOverride();
    cmd.helpOption('-h, --help', '显示帮助');
    cmd.createHelp = () => Object.assign(new ChineseHelp(), cmd.configureHelp());
    cmd.configureOutput(chineseOutput());
    const examples = examplesText(cmd.name());
    if (examples && !hasOwnExamples(cmd)) cmd.addHelpText('after', examples);
    // Extra words are refused here, naming them (commander's own message does not).
    cmd.allowExcessArguments(true);
    cmd.hook('preAction', (_c, action) => {
      const declared = action.registeredArguments;
      if (declared.some((a) => a.variadic)) return;
      const extra = action.args.slice(declared.length);
      if (extra.length) throw new UsageError(`多余的参数「${extra.join(' ')}」：${action.name()} 命令不接受它（选项以 -- 开头，例如 --year 2025）`);
    });
  }
  return program;
}

const helpWidth = (): number => process.stdout.columns || 80;

function hasOwnExamples(cmd: Command): boolean {
  const texts = (cmd as unknown as { _events?: Record<string, unknown> })._events ?? {};
  return 'afterHelp' in texts;
}

function chineseOutput(): OutputConfiguration {
  return {
    writeErr: (s) => process.stderr.write(translateCommanderMessage(s)),
    outputError: (s, write) => {
      const text = translateCommanderMessage(s);
      runState.report.error = text.trim().replace(/^错误：/, '');
      write(text.endsWith('\n') ? text : `${text}\n`);
    },
  };
}

/** Runs the CLI and returns the exit code; never lets a stack trace reach the user. */
export async function main(argv: readonly string[]): Promise<number> {
  const program = await buildProgram(argv);
  runState.code = EXIT.OK;
  runState.report = emptyReport();
  const json = wantsJson(argv);
  let code: number;
  try {
    refuseUnknownHelpTopic(program, argv);
    await program.parseAsync(argv as string[], { from: 'user' });
    code = runState.code;
  } catch (e) {
    code = handleError(e);
  }
  if (json) process.stdout.write(`${JSON.stringify(jsonOutcome(code, argv))}\n`);
  return code;
}

const wantsJson = (argv: readonly string[]): boolean => {
  const end = argv.indexOf('--');
  return (end === -1 ? argv : argv.slice(0, end)).includes('--json');
};

/** `ecocomp help foo` is an error (commander would print the general help and exit 0). */
function refuseUnknownHelpTopic(program: Command, argv: readonly string[]): void {
  if (argv[0] !== 'help' || argv[1] === undefined || argv[1].startsWith('-')) return;
  const name = argv[1];
  if (program.commands.some((c) => c.name() === name || c.aliases().includes(name))) return;
  throw new UsageError(`未知命令 ${name}：没有这个命令的帮助（可用命令：${program.commands.map((c) => c.name()).join('、')}）`);
}

/** The one JSON object `--json` writes to stdout. */
export function jsonOutcome(code: number, argv: readonly string[]): Record<string, unknown> {
  const r = runState.report;
  const byCode: Record<string, number> = {};
  for (const p of r.problems) byCode[p.code] = (byCode[p.code] ?? 0) + 1;
  const errors = r.problems.filter((p) => p.severity === 'error').length;
  return {
    command: r.command ?? argv.find((a) => !a.startsWith('-')) ?? null,
    exitCode: code,
    outcome: EXIT_TABLE.find(([c]) => c === code)?.[1] ?? '',
    files: { written: r.written, unchanged: r.unchanged },
    totals: r.totals,
    problems: { errors, warnings: r.problems.length - errors, byCode: Object.fromEntries(Object.entries(byCode).sort(([a], [b]) => (a < b ? -1 : 1))) },
    ...(r.error ? { error: r.error } : {}),
  };
}

export function handleError(e: unknown): number {
  const say = (text: string, code: number): number => {
    runState.report.error = text;
    process.stderr.write(`错误：${text}\n`);
    return code;
  };
  if (e instanceof CommanderError) {
    if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return EXIT.OK;
    return EXIT.USAGE;
  }
  if (e instanceof SettingsError) return EXIT.INVALID_INPUT;
  if (e instanceof UsageError) return say(e.message, EXIT.USAGE);
  if (e instanceof OutputConflictError) return say(e.message, EXIT.CONFLICT);
  if (e instanceof OutputWriteError || e instanceof OutputLockedError) return say(e.message, EXIT.INVALID_INPUT);
  if (e instanceof InvariantError) {
    runState.report.error = e.message;
    process.stderr.write(`内部错误（程序缺陷，未写出任何文件）：${e.message}\n请将输入数据和命令报告给维护者。\n`);
    return EXIT.INTERNAL;
  }
  const err = e as NodeJS.ErrnoException;
  if (err && typeof err.code === 'string' && /^E[A-Z]+$/.test(err.code) && err.syscall) {
    const file = err.path ? displayPath(err.path) : '（未知文件）';
    return say(`文件操作失败：${writeFailure(file, err.code).replace(/^无法写出|^无法写入/, '无法访问')}`, EXIT.INVALID_INPUT);
  }
  runState.report.error = err?.message ?? String(e);
  process.stderr.write(`内部错误（程序缺陷）：${err?.message ?? String(e)}\n请将输入数据和命令报告给维护者。\n`);
  if (process.env.ECOCOMP_DEBUG) process.stderr.write(`${err?.stack ?? ''}\n`);
  return EXIT.INTERNAL;
}
