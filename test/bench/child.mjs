// Fallback runner for the bench, used only when `node bin/ecocomp.js` cannot start (the bench
// says so in its table). Runs one command through the same compiled module the CLI dispatches
// to (dist/pipeline/settle.js settleJob through dist/cli/apply.js, dist/cli/classify.js runClassify), without commander.
//   node test/bench/child.mjs import            — load the modules and exit (startup baseline)
//   node test/bench/child.mjs settle YEAR DATA OUT
//   node test/bench/child.mjs classify OUT THREADS FILE…   (THREADS '' = the default)
const [mode, ...args] = process.argv.slice(2);
const { settleJob } = await import('../../dist/pipeline/settle.js');
const { applyPlan } = await import('../../dist/cli/apply.js');
const { runClassify } = await import('../../dist/cli/classify.js');
const common = { force: true, quiet: true, color: false };
if (mode === 'settle') {
  const [year, data, out] = args;
  process.exitCode = await applyPlan(await settleJob({ year: Number(year), data, out }), common);
} else if (mode === 'classify') {
  const [out, threads, ...files] = args;
  process.exitCode = await runClassify(files, { ...common, out, data: './data', waterbody: 'river', ...(threads ? { threads } : {}) });
} else if (mode !== 'import') {
  process.stderr.write(`unknown mode ${mode}\n`);
  process.exitCode = 2;
}
