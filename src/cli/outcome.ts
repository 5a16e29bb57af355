import type { Problem } from '../domain/problem.js';
import { displayPath } from '../io/inputFiles.js';
import type { WriteResult } from '../io/writeOutputs.js';
import { runState } from './exitCodes.js';
import type { Terminal } from './terminal.js';

/** What a command did, for `--json` (main() prints it) and the lines the terminal shows. */
export function recordRun(command: string, problems: readonly Problem[], totals: Record<string, string | number> = {}): void {
  runState.report.command = command;
  runState.report.problems = problems.map((p) => ({ severity: p.severity, code: p.code }));
  runState.report.totals = totals;
}

export function recordFiles(w: WriteResult): void {
  runState.report.written = w.written.map(displayPath);
  runState.report.unchanged = w.unchanged.map(displayPath);
}

/** `已写出 …` / `未变化 …`, one line per file. */
export function printFiles(t: Terminal, w: WriteResult, indent = '  '): void {
  for (const f of w.written) t.out(`${indent}已写出 ${displayPath(f)}`);
  for (const f of w.unchanged) t.out(`${indent}未变化（与上次运行相同） ${displayPath(f)}`);
}
