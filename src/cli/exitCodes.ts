import { EXIT, type ExitCode } from '../pipeline/plan.js';

export { EXIT, InvariantError, UsageError, type ExitCode } from '../pipeline/plan.js';

/** The exit-code table, as `ecocomp --help` and the README show it. */
export const EXIT_TABLE: readonly [ExitCode, string][] = [
  [EXIT.OK, '完成'],
  [EXIT.INVALID_INPUT, '输入数据有错误，或输出文件无法写出（被 Excel/WPS 占用、另一次运行正在写同一目录等）；未改动结果文件（validate 仍写出检查报告）'],
  [EXIT.USAGE, '用法错误（未知命令或选项、取值不对）'],
  [EXIT.INCOMPLETE, '数据尚未齐全，可稍后重试（monthly 当月缺结果；progress 当年无任何区县数据，或全市水土保持率未算出）'],
  [EXIT.INTERNAL, '内部错误（如收支不平衡），属程序缺陷，未写出文件'],
  [EXIT.CONFLICT, '输出文件已存在且内容不同，未加 --force，未改动任何文件'],
];

/** What a run did, for `--json` (files as shown to the user, totals in 元 as decimal strings). */
export interface RunReport {
  command?: string;
  written: string[];
  unchanged: string[];
  totals: Record<string, string | number>;
  problems: readonly { severity: string; code: string }[];
  error?: string;
}

export const emptyReport = (): RunReport => ({ written: [], unchanged: [], totals: {}, problems: [] });

/** The exit code and report of the command that ran, set by its action (read by main()). */
export const runState: { code: number; report: RunReport } = { code: EXIT.OK, report: emptyReport() };
