import { loadSchemeSet, type SchemeSet } from '../io/schemeLoad.js';
import { EXIT, Steps, noFiles, tone, type Plan } from './plan.js';

/** The run's schemes (schemes.md), or the plan that lists every located problem of their files (exit 1, nothing written). */
export async function schemesOrPlan(command: string, files: readonly string[] | undefined): Promise<{ set: SchemeSet } | { plan: Plan }> {
  const r = await loadSchemeSet(files ?? []);
  if (r.set) return { set: r.set };
  const steps = new Steps().err([tone('red', '补偿方案文件有错误，未进行计算，未写出任何文件。')]).problems('err', r.problems);
  return { plan: noFiles(command, EXIT.INVALID_INPUT, steps, r.problems) };
}
