/**
 * Exit codes (data.md "Errors"). 2 is a wrong invocation only; 4 is ours: an internal check
 * failed, e.g. Σ paid ≠ Σ received (R9); 5: an output exists and differs, and no --force.
 */
export const EXIT = {
  OK: 0,
  INVALID_INPUT: 1,
  USAGE: 2,
  INCOMPLETE: 3,
  INTERNAL: 4,
  CONFLICT: 5,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** The exit-code table, as `ecocomp --help` and the README show it. */
export const EXIT_TABLE: readonly [ExitCode, string][] = [
  [EXIT.OK, '完成'],
  [EXIT.INVALID_INPUT, '输入数据有错误，或输出文件无法写出（被 Excel/WPS 占用、另一次运行正在写同一目录等）；未改动结果文件（validate 仍写出检查报告）'],
  [EXIT.USAGE, '用法错误（未知命令或选项、取值不对）'],
  [EXIT.INCOMPLETE, '数据尚未齐全，可稍后重试（monthly 当月缺结果；progress 当年无任何区县数据，或全市水土保持率未算出）'],
  [EXIT.INTERNAL, '内部错误（如收支不平衡），属程序缺陷，未写出文件'],
  [EXIT.CONFLICT, '输出文件已存在且内容不同，未加 --force，未改动任何文件'],
];

/** Thrown by commands for a wrong invocation (a bad option value). */
export class UsageError extends Error {}

/** Thrown when a computed invariant fails: a bug, never a data problem. */
export class InvariantError extends Error {}

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
