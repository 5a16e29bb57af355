import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QualityAggregator } from '../src/domain/gb3838/index.js';
import { detectFileEncoding } from '../src/io/readTable.js';
import { aggregateCsv } from '../src/io/classifyCsv.js';
import { aggregatePlainCsv } from '../src/io/plainCsvClassify.js';

/**
 * classify's byte-level reader (src/io/plainCsvClassify.ts) against the general reader
 * (csv-parse, one string per cell, SampleAccumulator.add): for any file, reading it with the
 * byte-level reader — or, where it refuses the file, with the general reader as classify does —
 * gives exactly the general reader's result: every section-month's W3 means (decimal, half to
 * even, pH through [H+]) and classes (W1, W2), every error with its row, every warning with its
 * count and first row, the rows read.
 */
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'ecocomp-plain-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

type Agg = InstanceType<typeof QualityAggregator>;

async function general(agg: Agg, file: string, display: string): Promise<void> {
  await aggregateCsv(agg, file, display, () => {}, { encoding: await detectFileEncoding(file) });
}

/** As classify reads a CSV file: the byte-level reader, else the general one. True when the byte-level one took it. */
async function fast(agg: Agg, file: string, display: string): Promise<boolean> {
  const took = (await aggregatePlainCsv(agg, file, display, await detectFileEncoding(file), () => {})) !== false;
  if (!took) await general(agg, file, display);
  return took;
}

const OPTIONAL = ['断面名称', '水质类别', '月份', '状态', '备注', '总磷(mg/L)', '水温(℃)', 'COD'];
const SECTIONS = ['合江', 'N001', 'N002', 'N003', ' N001', 'N001 ', '断面甲', '断面乙', '', ' ', '\u3000N002'];
const DATES = [
  '2025-01-05 04:00',
  '2025-1-5',
  '2025/02/28 12:00',
  '2025.03.01',
  '2025-02-29 00:00',
  '2024-02-29',
  '2025-13-01',
  '2025年3月1日',
  '',
  '2025-03-01T08:00',
  '1979-01-01',
  '2025-03-011',
  '2025-04-31',
  ' 2025-03-02 ',
  '2025-03-0x',
  // after a date read as plain, the same bytes and more (the reader reuses the last date's month)
  '2025-1-51',
  '2025-1-5T1',
  '2025-03-01x',
  '2025-03-01 ',
];
const SPECIAL = [
  '0.025L',
  '<0.01',
  '/',
  '-1',
  'abc',
  '1e-3',
  '',
  ' 7.5 ',
  '.5',
  '5.',
  '.',
  '1234567890123456',
  '123456789012345',
  '99',
  '14',
  '14.0000001',
  '20',
  '20.5',
  '50.01',
  '2.0L',
  '0',
  '00.10',
  '7.525',
  '6.5000',
];
const value = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.tuple(fc.integer({ min: 0, max: 99999 }), fc.integer({ min: 0, max: 4 })).map(([m, d]) => (d ? (m / 10 ** d).toFixed(d) : String(m))),
  },
  { weight: 3, arbitrary: fc.tuple(fc.integer({ min: 600, max: 900 }), fc.integer({ min: 0, max: 3 })).map(([m, d]) => (m / 100).toFixed(d)) },
  { weight: 2, arbitrary: fc.constantFrom(...SPECIAL) },
);
const cellFor = (header: string): fc.Arbitrary<string> => {
  if (header === '断面编码') return fc.constantFrom(...SECTIONS);
  if (header === '采样时间') return fc.constantFrom(...DATES);
  if (header === '水质类别') return fc.constantFrom('', '', '', 'Ⅲ', 'II', 'x');
  if (header === '月份') return fc.constantFrom('', '', '', '2025-03', '2025-3', 'bad');
  if (header === '状态') return fc.constantFrom('', '', '', '正常', '断流', '未监测', '?');
  if (header === '断面名称') return fc.constantFrom('', '', '甲断面', '乙', ' ', '\u3000', 'x');
  if (header === '备注') return fc.constantFrom('', '好', 'x y');
  return value;
};

const fileArb = fc
  .record({
    extra: fc.subarray(OPTIONAL),
    order: fc.array(fc.nat(), { minLength: 12, maxLength: 12 }),
    dated: fc.boolean(),
    crlf: fc.boolean(),
    bom: fc.boolean(),
    gbk: fc.boolean(),
    blanksBefore: fc.integer({ min: 0, max: 2 }),
    quote: fc.integer({ min: 0, max: 20 }),
  })
  .chain((f) => {
    const headers = ['断面编码', ...(f.dated ? ['采样时间'] : ['月份']), 'pH', '溶解氧(mg/L)', '氨氮', ...f.extra.filter((h) => h !== '月份' || f.dated)];
    // a deterministic shuffle by `order`
    const shuffled = headers
      .map((h, i) => [f.order[i % 12]! * 31 + i, h] as const)
      .sort((a, b) => a[0] - b[0])
      .map(([, h]) => h);
    const row = fc.tuple(...shuffled.map(cellFor));
    const line = fc.oneof(
      { weight: 12, arbitrary: row.map((cells) => cells.join(',')) },
      { weight: 1, arbitrary: fc.constantFrom('', '  ', 'N001', ',,,', 'N001,2025-03-01', '合计,,,1', '注：单位 mg/L', '续行', ',小计,2') },
    );
    return fc.record({ f: fc.constant(f), headers: fc.constant(shuffled), lines: fc.array(line, { minLength: 0, maxLength: 60 }) });
  });

function bytesOf({
  f,
  headers,
  lines,
}: {
  f: { crlf: boolean; bom: boolean; gbk: boolean; blanksBefore: number; quote: number };
  headers: string[];
  lines: string[];
}): Buffer {
  const all = [...Array<string>(f.blanksBefore).fill(''), ...(f.quote === 3 ? ['2025年自动站数据'] : []), headers.join(','), ...lines];
  if (f.quote === 1 && all.length > 2) all[all.length - 1] = `"${all[all.length - 1]}"`;
  const text = all.join(f.crlf ? '\r\n' : '\n') + (f.quote === 2 ? '' : f.crlf ? '\r\n' : '\n');
  if (f.gbk) return iconv.encode(text, 'gbk');
  return Buffer.concat([f.bom ? Buffer.from([0xef, 0xbb, 0xbf]) : Buffer.alloc(0), Buffer.from(text, 'utf8')]);
}

describe("byte-level classify reader: the general reader's result, exactly (W1–W3)", () => {
  it('any file: the same section-months, means, classes, errors, warnings and rows read', async () => {
    let took = 0;
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(fileArb, fileArb, fc.constantFrom('river' as const, 'lake' as const), async (a, b, waterbody) => {
        runs++;
        const fa = path.join(dir, 'a.csv');
        const fb = path.join(dir, 'b.csv');
        await writeFile(fa, bytesOf(a));
        await writeFile(fb, bytesOf(b));
        const one = new QualityAggregator(waterbody);
        await general(one, fa, 'a.csv');
        await general(one, fb, 'b.csv');
        const two = new QualityAggregator(waterbody);
        if (await fast(two, fa, 'a.csv')) took++;
        await fast(two, fb, 'b.csv');
        expect(two.finish()).toEqual(one.finish());
      }),
      { numRuns: 300, seed: 13 },
    );
    // The generated files are mostly ones the byte-level reader takes.
    expect(took).toBeGreaterThan(runs / 4);
  });

  it('takes a plain station file and refuses one with a quote, a lone CR or mixed line ends', async () => {
    const header = '断面编码,采样时间,pH,溶解氧,氨氮';
    const good = [header, 'N1,2025-03-01 00:00,7.52,6.1,0.025L', 'N1,2025-03-01 04:00,7.48,6.3,0.31', 'N2,2025-03-01 00:00,8.01,,0.5'];
    const cases: [string, string, boolean | undefined][] = [
      ['good.csv', good.join('\r\n') + '\r\n', true],
      ['lf.csv', good.join('\n'), true],
      ['quote.csv', good.join('\n').replace('N2', '"N2"'), false],
      ['cr.csv', good.join('\r'), false],
      ['mixed.csv', `${good.slice(0, 2).join('\r\n')}\n${good.slice(2).join('\r\n')}`, false],
      ['monthly.csv', '断面编码,月份,pH\nN1,2025-03,7.5\n', false],
      ['units.csv', '断面编码,采样时间,pH,氨氮(μg/L)\nN1,2025-03-01,7.5,250\n', undefined], // converted or not, as the general reader
      ['titled.csv', `2025年3月自动站\n${good.join('\n')}\n合计,,,,\n注：单位 mg/L\n`, true],
    ];
    for (const [name, text, takes] of cases) {
      const file = path.join(dir, name);
      await writeFile(file, text);
      const agg = new QualityAggregator('river');
      const took = (await aggregatePlainCsv(agg, file, name, await detectFileEncoding(file), () => {})) !== false;
      if (takes !== undefined) expect([name, took]).toEqual([name, takes]);
      if (!took) expect(agg.size).toBe(0); // nothing reaches the aggregator from a refused file
      const ref = new QualityAggregator('river');
      await general(ref, file, name);
      if (!took) await general(agg, file, name);
      expect(agg.finish()).toEqual(ref.finish());
    }
  });

  it('reads each date, not only the first of a run of rows with the same date bytes', async () => {
    // After a plain date, one with the same bytes up to its day and then more may read otherwise.
    const pairs = [
      ['2025-03-01 00:00', '2025-03-01x'],
      ['2025-03-01', '2025-03-011'],
      ['2025-1-5', '2025-1-51'],
      ['2025/1/5 08:00', '2025/1/52'],
      ['2025-03-01', '2025-03-01T08:00'],
      ['2025-02-28', '2025-02-28 '],
    ];
    // The first rows go the general way while the header is looked for among them.
    const before = Array.from({ length: 20 }, (_, i) => `M${i},2025-02-0${1 + (i % 9)} 00:00,7.${i % 10},0.1`);
    const lines = ['断面编码,采样时间,pH,氨氮', ...before, ...pairs.flatMap(([a, b], i) => [`N${i},${a},7.5,0.1`, `N${i},${b},7.6,0.2`, `N${i},${a},7.7,0.3`])];
    const file = path.join(dir, 'dates.csv');
    await writeFile(file, `${lines.join('\n')}\n`);
    const agg = new QualityAggregator('river');
    expect(await fast(agg, file, 'dates.csv')).toBe(true);
    const ref = new QualityAggregator('river');
    await general(ref, file, 'dates.csv');
    expect(agg.finish()).toEqual(ref.finish());
  });

  it("hashes the file as it reads it: the 来源 sheet's SHA-256 of every byte, a BOM included", async () => {
    const text = '断面编码,采样时间,pH,氨氮\nN1,2025-03-01 00:00,7.52,0.025L\nN1,2025-03-01 04:00,7.48,0.31';
    for (const [name, bytes] of [
      ['plain.csv', Buffer.from(text)],
      ['bom.csv', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${text}\n`)])],
    ] as const) {
      const file = path.join(dir, name);
      await writeFile(file, bytes);
      const read = await aggregatePlainCsv(new QualityAggregator('river'), file, name, await detectFileEncoding(file), () => {});
      expect(read ? read.sha256 : undefined).toBe(createHash('sha256').update(bytes).digest('hex'));
    }
  });

  it('a station example: W3 means of plain values and a non-detect, pH through [H+] rounded to 0 decimals', async () => {
    const file = path.join(dir, 'ex.csv');
    await writeFile(file, '断面编码,采样时间,pH,溶解氧,氨氮\nN1,2025-03-01 00:00,7.52,6.1,0.025L\nN1,2025-03-01 04:00,7.48,6.3,0.31\n');
    const agg = new QualityAggregator('river');
    expect(await aggregatePlainCsv(agg, file, 'ex.csv', 'utf-8', () => {})).not.toBe(false);
    const r = agg.finish();
    expect(r.rowsRead).toBe(2);
    const items = r.rows[0]!.evaluation!.items.map((i) => [i.item, i.value, i.samples, i.nonDetects]);
    // W3: DO (6.1 + 6.3) / 2 = 6.2; NH3-N (0.0125 + 0.31) / 2 = 0.16125 → 0.16 (half to even at 2 decimals)
    expect(items).toEqual([
      ['ph', '7', 2, 0],
      ['do', '6.2', 2, 0],
      ['nh3n', '0.16', 2, 1],
    ]);
  });
});
