import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The layers of the pipeline (README 项目结构), read from the source's imports:
 * load (io) → validate, account, clear (domain) → report, wired by one job per command
 * (pipeline) and a thin command line (cli).
 */
interface Import {
  file: string;
  layer: string;
  typeOnly: boolean;
  spec: string;
  /** The src folder the import lands in (`domain`, `io` …), or the package name. */
  target: string;
  /** The file the import lands in, relative to src/, for a relative import. */
  targetFile?: string;
}

const SRC = path.resolve(import.meta.dirname, '../src');
const sourceFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : [],
  );

const FILES = sourceFiles(SRC).map((abs) => ({ rel: path.relative(SRC, abs).split(path.sep).join('/'), text: readFileSync(abs, 'utf8') }));

const IMPORTS: Import[] = FILES.flatMap(({ rel, text }) =>
  [...text.matchAll(/^(?:import|export)\s+(type\s+)?(?:[^'";]*?\s+from\s+)?'([^']+)'/gms), ...text.matchAll(/\bimport\('([^']+)'\)/g)].map((m): Import => {
    const spec = m.length === 3 ? m[2]! : m[1]!;
    const typeOnly = m.length === 3 && Boolean(m[1]);
    const layer = rel.includes('/') ? rel.split('/')[0]! : '.';
    if (!spec.startsWith('.')) return { file: rel, layer, typeOnly, spec, target: spec.replace(/^(@[^/]+\/[^/]+|[^/]+).*$/, '$1') };
    const targetFile = path.posix.normalize(path.posix.join(path.posix.dirname(rel), spec)).replace(/\.js$/, '.ts');
    return { file: rel, layer, typeOnly, spec, target: targetFile.includes('/') ? targetFile.split('/')[0]! : '.', targetFile };
  }),
);

const show = (xs: readonly Import[]): string[] => xs.map((i) => `${i.file} → ${i.spec}${i.typeOnly ? ' (type)' : ''}`);
const from = (layer: string) => IMPORTS.filter((i) => i.layer === layer);

describe('layers (issue 11)', () => {
  it('reads the imports of every source file', () => {
    expect(FILES.length).toBeGreaterThan(100);
    expect(IMPORTS.filter((i) => i.layer === 'cli' && i.target === 'pipeline').length).toBeGreaterThan(5);
  });

  it('domain: pure rules; imports nothing from io, report, cli or pipeline, and no I/O or terminal package', () => {
    const allowed = new Set(['domain', 'decimal.js']);
    expect(show(from('domain').filter((i) => !allowed.has(i.target)))).toEqual([]);
  });

  it('domain: no clock, no console, no process', () => {
    const bad = FILES.filter((f) => f.rel.startsWith('domain/')).flatMap((f) =>
      [...f.text.matchAll(/\b(Date\.now\(|new Date\(\)|console\.|process\.)/g)].map((m) => `${f.rel}: ${m[1]}`),
    );
    expect(bad).toEqual([]);
  });

  it('report: domain and its own layouts only (not the pipeline’s types, not io’s), no package', () => {
    const allowed = new Set(['domain', 'report', '.']);
    expect(show(from('report').filter((i) => !allowed.has(i.target)))).toEqual([]);
  });

  it('report: computes no money; totals come from the domain', () => {
    const bad = FILES.filter((f) => f.rel.startsWith('report/')).flatMap((f) =>
      [...f.text.matchAll(/(\.plus\(|\.minus\(|\.times\(|\.div\(|\.dividedBy\(|\bsum\(|\.reduce\()/g)].map((m) => `${f.rel}: ${m[1]}`),
    );
    expect(bad).toEqual([]);
  });

  it('io: imports no cli and no pipeline; of the reports, only the neutral sheet model', () => {
    const bad = from('io').filter((i) => i.target === 'cli' || i.target === 'pipeline' || (i.target === 'report' && i.targetFile !== 'report/model.ts'));
    expect(show(bad)).toEqual([]);
  });

  it('pipeline: imports no cli', () => {
    expect(show(from('pipeline').filter((i) => i.target === 'cli'))).toEqual([]);
  });

  it('cli: commander wiring; imports no values from the domain or the reports (types only)', () => {
    const bad = from('cli').filter((i) => (i.target === 'domain' || i.target === 'report') && !i.typeOnly);
    expect(show(bad)).toEqual([]);
  });

  it('exceljs is imported by one module, the xlsx adapter', () => {
    expect([...new Set(IMPORTS.filter((i) => i.target === 'exceljs').map((i) => i.file))]).toEqual(['io/xlsxExceljs.ts']);
  });

  it('tests never import dist/', () => {
    const TEST = import.meta.dirname;
    const bad = readdirSync(TEST)
      .filter((f) => f.endsWith('.ts'))
      .filter((f) => /from\s+'[^']*\/dist\/|import\('[^']*\/dist\//.test(readFileSync(path.join(TEST, f), 'utf8')));
    expect(bad).toEqual([]);
  });
});
