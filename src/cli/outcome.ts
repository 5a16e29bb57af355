import type { Problem } from '../domain/problem.js';
import { displayPath } from '../io/inputFiles.js';
import type { WriteResult } from '../io/writeOutputs.js';
import { runState } from './exitCodes.js';

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
