// `npm run build`, after tsc: the command's modules as one ES module bundle (dist/bundle/), which
// bin/ecocomp.js loads. A run otherwise resolves, reads and links some 110 files before it does
// anything (issue 13: ~25 ms of a ~330 ms sample settle). Each command, and chalk, stays a
// chunk of its own, loaded when used (cli/main.ts's lazy imports). Libraries loaded only for
// some runs stay outside: exceljs (its pieces are loaded by path), csv-parse, csv-stringify,
// zod. The bundle is built from dist/, the code the tests and the bench run.
import { rmSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

const root = path.resolve(import.meta.dirname, '..');
const outdir = path.join(root, 'dist', 'bundle');
rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: [path.join(root, 'dist', 'cli', 'main.js')],
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['exceljs', 'csv-parse', 'csv-stringify', 'zod'],
  // commander is CommonJS: its require() calls need one inside the ES module bundle.
  banner: { js: "import { createRequire as __ecocompRequire } from 'node:module'; const require = __ecocompRequire(import.meta.url);" },
  legalComments: 'none',
  logLevel: 'warning',
});
