import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

/**
 * classify reads a large CSV file in parallel parts (src/io/parallelClassify.ts). The parts
 * must give exactly what one thread reading the whole file gives: every section-month, every
 * error with its file row, every warning with its count and first row. Worker threads run
 * compiled JavaScript, so these tests use dist/ (`npm test` builds first).
 */
const DIST = path.resolve(import.meta.dirname, '../dist');
type Parallel = typeof import('../src/io/parallelClassify.js');
type Gb3838 = typeof import('../src/domain/gb3838/index.js');
type Classify = typeof import('../src/cli/classify.js');
type Encoding = import('../src/io/decode.js').Encoding;
const load = async <T>(p: string): Promise<T> => (await import(path.join(DIST, p))) as T;

let par: Parallel;
let gb: Gb3838;
let cli: Classify;
let dir: string;

const HEADER = '断面编码,采样时间,水温(℃),pH,溶解氧(mg/L),高锰酸盐指数(mg/L),氨氮(mg/L),总磷(mg/L)';

/** Four-hourly samples, 7 sections, Jan–Mar 2025, with bad values and warnings spread through the file. */
function stationCsv(): string {
  const lines = ['', '  ', HEADER]; // blank lines before the header are allowed
  let k = 0;
  for (let month = 1; month <= 3; month++) {
    for (let day = 1; day <= 9; day++) {
      for (let h = 0; h < 24; h += 4) {
        for (let s = 1; s <= 7; s++) {
          k++;
          const ph = (7 + ((k * 37) % 150) / 100).toFixed(2);
          const doo = (5 + ((k * 13) % 300) / 100).toFixed(2);
          const codmn = (2 + ((k * 7) % 400) / 100).toFixed(1);
          let nh3n = (0.2 + ((k * 11) % 120) / 100).toFixed(3);
          const tp = (0.05 + ((k * 3) % 20) / 100).toFixed(3);
          if (k % 97 === 0) nh3n = '2.0L'; // detection limit above Ⅲ: a warning, counted
          if (k % 389 === 0) nh3n = '1.5L'; // another such warning
          if (k % 211 === 0) nh3n = 'abc'; // an error
          const date = `2025-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')} ${String(h).padStart(2, '0')}:00`;
          lines.push(`N${String(s).padStart(3, '0')},${date},${(10 + (k % 15)).toFixed(1)},${ph},${doo},${codmn},${nh3n},${tp}`);
        }
      }
    }
  }
  return `\ufeff${lines.join('\r\n')}\r\n`;
}

async function sequential(file: string, encoding: Encoding = 'utf-8-bom'): Promise<InstanceType<Gb3838['QualityAggregator']>> {
  const agg = new gb.QualityAggregator('river');
  const r = await par.aggregatePart(agg, { file, display: 'station.csv', waterbody: 'river', encoding, ranges: [{ start: 0, end: Infinity }] }, () => {});
  expect(r.ok).toBe(true);
  return agg;
}

beforeAll(async () => {
  par = await load<Parallel>('io/parallelClassify.js');
  gb = await load<Gb3838>('domain/gb3838/index.js');
  cli = await load<Classify>('cli/classify.js');
  dir = await mkdtemp(path.join(os.tmpdir(), 'ecocomp-par-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('parallel classify: planning the parts', () => {
  it('cuts at line ends after the header; the parts cover the file once', async () => {
    const file = path.join(dir, 'plan.csv');
    const text = stationCsv();
    await writeFile(file, text);
    const size = Buffer.byteLength(text);
    const plan = (await par.planSplit(file, size, 3))!;
    const bytes = Buffer.from(text);
    expect(plan.headerNewlines).toBe(3);
    expect(bytes.subarray(0, plan.headerEnd).toString()).toBe(`\ufeff\r\n  \r\n${HEADER}\r\n`);
    expect(plan.parts).toHaveLength(3);
    expect(plan.parts[0]).toEqual([{ start: 0, end: plan.parts[1]![1]!.start }]);
    for (let k = 1; k < 3; k++) {
      const [header, body] = plan.parts[k]!;
      expect(header).toEqual({ start: 0, end: plan.headerEnd });
      expect(bytes[body!.start - 1]).toBe(10);
      expect(body!.end).toBe(k === 2 ? size : plan.parts[k + 1]![1]!.start);
    }
  });

  it('a file without line breaks, or with only a header line, is not cut', async () => {
    const file = path.join(dir, 'oneline.csv');
    await writeFile(file, HEADER);
    expect(await par.planSplit(file, HEADER.length, 2)).toBeUndefined();
    await writeFile(file, `${HEADER}\n`);
    expect(await par.planSplit(file, HEADER.length + 1, 2)).toBeUndefined();
  });

  it('small files, one thread (--threads 1 or one core) are read on one thread', () => {
    expect(par.partsFor(1000, 4)).toBe(1);
    expect(par.partsFor(par.PARALLEL_MIN_BYTES - 1, 4)).toBe(1);
    expect(par.partsFor(par.PARALLEL_MIN_BYTES, 1)).toBe(1);
    expect(par.partsFor(par.PARALLEL_MIN_BYTES, 3)).toBe(3);
    expect(par.partsFor(10, 2, 1)).toBe(2);
    expect(par.defaultThreads()).toBe(Math.max(1, Math.min(2, os.availableParallelism())));
    expect(cli.parseThreads(' 2 ')).toBe(2);
    for (const bad of ['0', '1.5', 'all', '17']) expect(() => cli.parseThreads(bad)).toThrow(/--threads 应为 1 到 16 之间的整数/);
  });
});

describe('parallel classify: the same result as one thread (W3 means and non-detect warnings, W1 value errors)', () => {
  it.each([2, 3, 4])('%i parts: every section-month, error row, warning count and first row', async (parts) => {
    const file = path.join(dir, 'station.csv');
    await writeFile(file, stationCsv());
    const size = (await readFile(file)).length;
    const one = (await sequential(file)).finish();
    const split = await par.classifyInParts(file, 'station.csv', 'river', 'utf-8-bom', size, parts, () => {});
    expect(split).toBeDefined();
    const many = split!.finish();
    expect(many).toEqual(one);
    // the test data holds what it is meant to: errors in several parts, warnings counted across parts
    expect(one.rows).toHaveLength(21);
    // 1,134 rows (3 months × 9 days × 6 × 7 sections) from line 4: 'abc' at rows k = 211·i
    expect(one.rowsRead).toBe(1134);
    expect(one.errorCount).toBe(5);
    expect(one.problems.filter((p) => p.severity === 'error').map((p) => p.row)).toEqual([1, 2, 3, 4, 5].map((i) => 211 * i + 3));
    const warnings = one.problems.filter((p) => p.code === 'W_DL_ABOVE_III');
    expect(warnings).toHaveLength(2);
    expect(warnings[0]!.row).toBe(97 + 3);
    expect(warnings[0]!.message).toMatch(/同样情况共 \d+ 行/);
  });

  it('a GBK file gives the same result in parts', async () => {
    const file = path.join(dir, 'station-gbk.csv');
    await writeFile(file, iconv.encode(stationCsv().slice(1), 'gbk'));
    const size = (await readFile(file)).length;
    const one = (await sequential(file, 'gb18030')).finish();
    const many = (await par.classifyInParts(file, 'station.csv', 'river', 'gb18030', size, 2, () => {}))!.finish();
    expect(many).toEqual(one);
  });

  it('a quoted cell anywhere, or a header it cannot use, sends the file back to one thread', async () => {
    const quoted = path.join(dir, 'quoted.csv');
    const text = stationCsv().replace('N003,2025-02-05 08:00', '"N003",2025-02-05 08:00');
    await writeFile(quoted, text);
    expect(await par.classifyInParts(quoted, 'quoted.csv', 'river', 'utf-8-bom', Buffer.byteLength(text), 2, () => {})).toBeUndefined();
    const noSection = path.join(dir, 'nosection.csv');
    const bad = stationCsv().replace('断面编码,', '站点,');
    await writeFile(noSection, bad);
    expect(await par.classifyInParts(noSection, 'nosection.csv', 'river', 'utf-8-bom', Buffer.byteLength(bad), 2, () => {})).toBeUndefined();
  });
});

describe('parallel classify: the command', () => {
  const run = async (file: string, out: string, splitAtBytes: number): Promise<{ code: number; stderr: string; stdout: string }> => {
    const err: string[] = [];
    const log: string[] = [];
    const e = vi.spyOn(process.stderr, 'write').mockImplementation((s) => (err.push(String(s)), true));
    const o = vi.spyOn(process.stdout, 'write').mockImplementation((s) => (log.push(String(s)), true));
    try {
      const code = await cli.runClassify([file], { waterbody: 'river', data: dir, out, quiet: false, color: false, force: false, splitAtBytes, threads: '2' });
      return { code, stderr: err.join(''), stdout: log.join('').replaceAll(out, 'OUT') };
    } finally {
      e.mockRestore();
      o.mockRestore();
    }
  };

  it('writes byte-identical files, and says the same, split or not', async () => {
    const file = path.join(dir, 'good.csv');
    await writeFile(file, stationCsv().replace(/,abc,/g, ',0.500,'));
    const a = await run(file, path.join(dir, 'out-one'), Infinity);
    const b = await run(file, path.join(dir, 'out-parts'), 1);
    expect(a.code).toBe(0);
    expect(b).toEqual(a);
    for (const name of ['classified-good.csv', 'classified-good.xlsx']) {
      expect(await readFile(path.join(dir, 'out-parts', name))).toEqual(await readFile(path.join(dir, 'out-one', name)));
    }
  });

  it('lists the same errors with the same rows, split or not, and writes nothing', async () => {
    const file = path.join(dir, 'bad.csv');
    await writeFile(file, stationCsv());
    const a = await run(file, path.join(dir, 'bad-one'), Infinity);
    const b = await run(file, path.join(dir, 'bad-parts'), 1);
    expect(a.code).toBe(1);
    expect(b).toEqual(a);
    expect(a.stderr).toContain(`第${211 * 5 + 3}行`);
    expect(a.stderr).toContain('同样情况共 11 行');
  });
});
