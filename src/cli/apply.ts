import type { Line, Plan, Step } from '../pipeline/plan.js';
import { writeOutputs, type WriteResult } from '../io/writeOutputs.js';
import { displayPath } from '../io/inputFiles.js';
import { InvariantError, type ExitCode } from '../pipeline/plan.js';
import { runState } from './exitCodes.js';
import { makeTerminal, renderLine, type Terminal } from './terminal.js';

/** The terminal options every command takes (common.ts). */
export interface ApplyOptions {
  force?: boolean;
  quiet?: boolean;
  json?: boolean;
  color?: boolean;
  all?: boolean;
}

/** Lines a problem list shows on the terminal before it points at the full list. */
const TERMINAL_PROBLEM_LINES = 50;

/**
 * The one place a plan meets the world: its steps are shown in order, its files are written as
 * one set at its `write` step (io/writeOutputs.ts: whole or not at all), the run is recorded for
 * `--json`, and its exit code returned. A write that fails throws (main() reports it), so no
 * later step claims what did not happen.
 */
export async function applyPlan(plan: Plan, opts: ApplyOptions): Promise<ExitCode> {
  if (plan.files.length && !plan.steps.some((s) => s.kind === 'write')) throw new InvariantError(`${plan.command} 的输出文件没有写出步骤`);
  const t = await makeTerminal(opts);
  const loud = await makeTerminal({ ...opts, quiet: false });
  record(plan);
  let w: WriteResult = { written: [], unchanged: [] };
  for (const step of plan.steps) {
    if (step.kind === 'write') {
      w = await writeOutputs(plan.files, { force: Boolean(plan.replace || opts.force) });
      runState.report.written = w.written.map(displayPath);
      runState.report.unchanged = w.unchanged.map(displayPath);
      continue;
    }
    const term = 'loud' in step && step.loud ? loud : t;
    if ('quietable' in step && step.quietable && term.quiet) continue;
    show(term, step, w);
  }
  return plan.exit;
}

function record(plan: Plan): void {
  runState.report.command = plan.command;
  runState.report.problems = plan.problems.map((p) => ({ severity: p.severity, code: p.code }));
  runState.report.totals = plan.totals;
}

function show(t: Terminal, step: Exclude<Step, { kind: 'write' }>, w: WriteResult): void {
  switch (step.kind) {
    case 'say':
      return say(t, step.to, step.line);
    case 'files':
      if (step.joined) {
        if (w.written.length) t.out(`${step.indent}已写出：${w.written.map(displayPath).join('、')}`);
        if (w.unchanged.length) t.out(`${step.indent}内容未变，未重写：${w.unchanged.map(displayPath).join('、')}`);
        return;
      }
      for (const f of w.written) t.out(`${step.indent}已写出 ${displayPath(f)}`);
      for (const f of w.unchanged) t.out(`${step.indent}未变化（与上次运行相同） ${displayPath(f)}`);
      return;
    case 'problems': {
      const { list } = step;
      say(t, step.to, list.header);
      const limit = t.all ? Infinity : (step.limit ?? TERMINAL_PROBLEM_LINES);
      const shown = list.lines.slice(0, limit);
      for (const l of shown) say(t, step.to, ['  ', ...(typeof l === 'string' ? [l] : l)]);
      if (shown.length < list.lines.length) {
        const where = step.fullList ? `完整清单见 ${step.fullList}，或加 --all 在终端列出全部` : '加 --all 在终端列出全部';
        say(t, step.to, `  ……另有 ${list.lines.length - shown.length} 行未列出（共 ${list.count} 条问题）；${where}`);
      }
      return;
    }
  }
}

function say(t: Terminal, to: 'out' | 'err', line: Line): void {
  (to === 'err' ? t.err : t.out)(renderLine(t, line));
}
