import { loadSchemeSet } from '../io/schemeLoad.js';
import { describeScheme } from '../report/schemeText.js';
import { EXIT, Steps, noFiles, tone, type Plan } from './plan.js';

/** `scheme`: the schemes of a run in words, version by version (and month by month for a year), for checking. */
export async function schemeJob(opts: { scheme?: string[] | undefined; year?: number | undefined }): Promise<Plan> {
  const r = await loadSchemeSet(opts.scheme ?? []);
  const steps = new Steps();
  if (!r.set) {
    steps.err([tone('red', '补偿方案文件有错误：')]).problems('err', r.problems);
    return noFiles('scheme', EXIT.INVALID_INPUT, steps, r.problems);
  }
  [r.set.city, ...r.set.others].forEach((s, i) => {
    if (i) steps.out('');
    for (const line of describeScheme(s, opts.year)) steps.out(line);
  });
  return noFiles('scheme', EXIT.OK, steps);
}
