import type { Problem } from '../domain/problem.js';
import type { OutputFile } from '../io/writeOutputs.js';
import { problemList, type ProblemList } from '../report/problemList.js';
import type { Line } from '../report/terminalText.js';

export type { Line } from '../report/terminalText.js';
export { tone } from '../report/terminalText.js';

/**
 * What a job decided, before anything is written or printed: the files of its output set, the
 * lines it would show, the problems, the exit code and the totals for `--json`. Every command's
 * job returns one; `cli/apply.ts` alone writes the files (as one set), prints and sets the code.
 */
export interface Plan {
  command: string;
  exit: ExitCode;
  /** The output set, written whole or not at all, at the plan's `write` step. */
  files: OutputFile[];
  /** The set replaces what is there without --force (validate's report always describes the data as it is now). */
  replace?: boolean;
  /** In order; a `write` step comes before anything that may only be said once the files are on disk. */
  steps: Step[];
  /** For `--json`: the problems counted by code, and the run's totals (amounts in 元 as decimal strings). */
  problems: readonly Problem[];
  totals: Record<string, string | number>;
}

export type Step =
  /** A line for stdout (silent under -q and --json), or stderr (always shown unless `quietable` and -q). */
  | { kind: 'say'; to: 'out' | 'err'; line: Line; quietable?: boolean; loud?: boolean }
  /** A problem list as the terminal shows it (cli/terminal.ts: grouped, at most `limit` lines). */
  | { kind: 'problems'; to: 'out' | 'err'; list: ProblemList; fullList?: string | undefined; limit?: number | undefined; quietable?: boolean; loud?: boolean }
  /** Write `files` now: nothing after this step is shown when the set cannot be written. */
  | { kind: 'write' }
  /** One line per file of the set: written, or unchanged since the last run (`joined`: one line for each of the two, classify's form). */
  | { kind: 'files'; indent: string; loud?: boolean; joined?: boolean };

export interface ProblemListOptions {
  /** Where the full list is, e.g. `out/validation.csv 与 validation.xlsx`. */
  fullList?: string | undefined;
  /** Years the quality data holds: a year of the period with none is one line. */
  qualityYears?: readonly number[] | undefined;
  /** Lines to show at most (default 50; --all shows every line). */
  limit?: number | undefined;
}

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

/** Thrown for a wrong invocation (a bad option value): exit 2. */
export class UsageError extends Error {}

/** Thrown when a computed invariant fails: a bug, never a data problem (exit 4). */
export class InvariantError extends Error {}

/** Builds a plan's steps in the order they are shown. */
export class Steps {
  readonly list: Step[] = [];
  out(line: Line = '', opts: { loud?: boolean } = {}): this {
    this.list.push({ kind: 'say', to: 'out', line, ...opts });
    return this;
  }
  err(line: Line = '', opts: { quietable?: boolean } = {}): this {
    this.list.push({ kind: 'say', to: 'err', line, ...opts });
    return this;
  }
  problems(to: 'out' | 'err', problems: readonly Problem[], list: ProblemListOptions = {}, opts: { quietable?: boolean; loud?: boolean } = {}): this {
    this.list.push({ kind: 'problems', to, list: problemList(problems, list.qualityYears), fullList: list.fullList, limit: list.limit, ...opts });
    return this;
  }
  write(): this {
    this.list.push({ kind: 'write' });
    return this;
  }
  files(indent = '  ', opts: { loud?: boolean; joined?: boolean } = {}): this {
    this.list.push({ kind: 'files', indent, ...opts });
    return this;
  }
}

/** A plan that writes nothing: input errors (exit 1), a retry later (exit 3) and the like. */
export function noFiles(command: string, exit: ExitCode, steps: Steps, problems: readonly Problem[] = [], totals: Record<string, string | number> = {}): Plan {
  return { command, exit, files: [], steps: steps.list, problems, totals };
}
