import fc from 'fast-check';
import iconv from 'iconv-lite';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadDataset } from '../src/io/loadDataset.js';
import { PlainRefused, plainCsvBytes } from '../src/io/plainCsvBytes.js';
import { PlainFields } from '../src/io/plainFields.js';
import { plainCsvGrid } from '../src/io/readTable.js';

// Issue 13: the loader reads a plain canonical quality CSV's lines straight from its bytes
// (plainCsvBytes.ts, plainFields.ts). Whatever the file, the dataset, every problem (file, row,
// column, rule: R3, R4, W1–W3) and the inputs' SHA-256 are exactly those of reading every line
// as a row (loadDataset's readBytes: false), as the loader did before; the lines and cells read
// from the bytes are those of the decoded text (plainCsvGrid), below.

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/data');
const ser = (x: unknown): string => JSON.stringify(x, (_, v: unknown) => (v instanceof Set ? [...(v as Set<unknown>)] : v));

let root: string;
let n = 0;
beforeAll(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'ecocomp-plainq-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

/** A data folder: the fixture registry with `files` as its quality/ folder. */
function folder(files: Record<string, Buffer>): string {
  const dir = path.join(root, `d${n++}`);
  cpSync(FIXTURES, dir, { recursive: true, filter: (src) => !src.includes(`${path.sep}quality`) });
  mkdirSync(path.join(dir, 'quality'));
  for (const [name, bytes] of Object.entries(files)) writeFileSync(path.join(dir, 'quality', name), bytes);
  return dir;
}

/** loadDataset both ways, for exact comparison; and how many lines the byte reader took. */
async function bothWays(dir: string): Promise<{ bytes: string; rows: string; taken: number }> {
  const read = vi.spyOn(PlainFields.prototype, 'read');
  const bytes = ser(await loadDataset(dir, { year: 2025 }));
  const taken = read.mock.results.filter((r) => r.value === true).length;
  read.mockRestore();
  const rows = ser(await loadDataset(dir, { year: 2025, readBytes: false }));
  return { bytes, rows, taken };
}

const HEADERS = [
  '断面编码,月份,水质类别,数据来源,状态,备注',
  'section_id,month,class,source,status,note',
  '月份,断面编码,数据来源,水质类别,备注,状态',
  '断面编码,月份,水质类别,数据来源,状态,备注,pH,溶解氧(mg/L),氨氮(mg/L)',
  '断面编码,月份,水质类别,数据来源,状态,备注,氨氮(μg/L)',
  '断面编码,月份,水质类别,数据来源,状态,备注,说明',
  '断面编码,月份,水质类别,数据来源',
  '断面编码,断面名称,月份,水质类别,数据来源,状态,备注',
];
// Each pool: [values a row reads fine, values that fail or look odd]; most cells are fine.
const SECTIONS = [
  ['LJH01', 'LJH03', 'LXH02', ' LJH01 '],
  ['', 'ZZZ9', '龙溪河断面', '\u3000LJH03', '\ufeffLJH01'],
];
const MONTHS = [
  ['2025-01', '2025-02', '2025/03', '2025年4月', ' 2025-05 '],
  ['2025-13', ''],
];
const CLASSES = [['Ⅲ', 'III', '3', '三类', 'Ⅱ类 ', 'Ⅰ', '劣Ⅴ', ''], ['X']];
const SOURCES = [
  ['国家通报', '市级通报', '监测中心', '联合监测', ' 国家通报'],
  ['', '其他'],
];
const STATUSES = [['', '', '', '正常', '断流', '未监测'], ['停测']];
const NOTES = [['', '', '检修', '示例', ' 说明 ', '=1+1'], []];
const VALUES = [
  ['', '7.6', '0.72', '0.01L', ' 0.16 ', '6.2', '15', '0.5'],
  ['-1', 'abc'],
];
const SPECIAL = ['', ',,,,,', '注：示例数据', '合计,1', '说明', '制表人：张三', '  ', '重庆市2025年水质月报'];

const cellOf = (key: string): fc.Arbitrary<string> => {
  const k = key.replace(/\(.*\)$/, '');
  const pool =
    {
      断面编码: SECTIONS,
      section_id: SECTIONS,
      月份: MONTHS,
      month: MONTHS,
      水质类别: CLASSES,
      class: CLASSES,
      数据来源: SOURCES,
      source: SOURCES,
      状态: STATUSES,
      status: STATUSES,
      备注: NOTES,
      note: NOTES,
      说明: [
        ['', '', '其他'],
        ['示例', '示例（删除本行）'],
      ],
      断面名称: [['', '龙溪河入江口'], []],
    }[k] ?? VALUES;
  const [fine, odd] = pool;
  return odd!.length
    ? fc.oneof({ weight: 9, arbitrary: fc.constantFrom(...fine!) }, { weight: 1, arbitrary: fc.constantFrom(...odd!) })
    : fc.constantFrom(...fine!);
};

/** A line of a file with `header`: its cells, sometimes one short or one more, or a special line. */
const lineOf = (header: string): fc.Arbitrary<string> => {
  const keys = header.split(',');
  const cells = fc.tuple(...keys.map(cellOf)).map((cs) => cs.join(','));
  return fc.oneof(
    { weight: 12, arbitrary: cells },
    { weight: 1, arbitrary: cells.map((l) => l.slice(0, l.lastIndexOf(','))) },
    { weight: 1, arbitrary: cells.map((l) => `${l},多`) },
    { weight: 2, arbitrary: fc.constantFrom(...SPECIAL) },
  );
};

const fileOf = fc
  .record({
    header: fc.constantFrom(...HEADERS),
    title: fc.boolean(),
    encoding: fc.constantFrom('utf-8', 'utf-8-bom', 'gbk'),
    br: fc.constantFrom('\n', '\r\n'),
    end: fc.boolean(),
    // Rarely: a line break of the other kind, a lone CR, a quote, a byte no encoding has.
    spoil: fc.constantFrom('none', 'none', 'none', 'none', 'none', 'none', 'mixed', 'cr', 'quote', 'byte'),
    at: fc.nat(),
  })
  .chain((f) => fc.record({ f: fc.constant(f), body: fc.array(lineOf(f.header), { minLength: 5, maxLength: 30 }) }))
  .map(({ f, body }) => {
    let lines = [...(f.title ? ['重庆市2025年地表水水质月报（示例数据）'] : []), f.header, ...body];
    const at = body.length ? (f.at % body.length) + (lines.length - body.length) : -1;
    if (at >= 0 && f.spoil === 'quote') lines[at] = `"${lines[at]}"`;
    if (at >= 0 && f.spoil === 'cr') lines[at] = `${lines[at]}\r`;
    let text = lines.join(f.br) + (f.end ? f.br : '');
    if (at >= 0 && f.spoil === 'mixed') {
      lines = [...lines];
      text = lines.slice(0, at).join(f.br) + (f.br === '\n' ? '\r\n' : '\n') + lines.slice(at).join(f.br) + (f.end ? f.br : '');
    }
    let bytes = f.encoding === 'gbk' ? iconv.encode(text, 'gb18030') : Buffer.from(text, 'utf8');
    if (f.encoding === 'utf-8-bom') bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes]);
    if (f.spoil === 'byte' && bytes.length > 4) {
      const i = bytes.length - 2 - (f.at % Math.min(bytes.length - 2, 40));
      bytes = Buffer.concat([bytes.subarray(0, i), Buffer.from([0xff]), bytes.subarray(i)]);
    }
    return bytes;
  });

describe('quality files read from their bytes (issue 13)', () => {
  it('give the dataset, problems and inputs that reading every line as a row gives', async () => {
    let taken = 0;
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(fileOf, { minLength: 1, maxLength: 3 }), async (files) => {
        const dir = folder(Object.fromEntries(files.map((b, i) => [`2025-${i + 1}.csv`, b])));
        const r = await bothWays(dir);
        // (The folder is kept when they differ, to look at.)
        expect(r.bytes === r.rows, `the two readings differ for ${dir}`).toBe(true);
        taken += r.taken;
        runs++;
        rmSync(dir, { recursive: true, force: true });
      }),
      { numRuns: Number(process.env.PLAINQ_RUNS ?? 250) },
    );
    // The comparison means something only if the byte reader took many lines.
    expect(taken).toBeGreaterThan(runs * 2);
  }, 120_000);

  it('takes a canonical national file line by line: every record as the rows give it (R3, R4)', async () => {
    const lines = ['断面编码,月份,水质类别,数据来源,状态,备注'];
    for (let m = 1; m <= 11; m++)
      for (const s of ['LJH01', 'LJH03', 'LXH02']) lines.push(`${s},2025-${String(m).padStart(2, '0')},${m % 3 ? 'Ⅲ' : 'II类'},国家通报,,`);
    lines.push('LJH01,2025-13,Ⅲ,国家通报,,', 'LJH03,2025-12,,国家通报,断流,', 'LXH02,2025-12,Ⅳ,国家通报,未监测,停电');
    const dir = folder({ '2025-国家通报.csv': Buffer.from(`\ufeff${lines.join('\r\n')}\r\n`) });
    const r = await bothWays(dir);
    expect(r.bytes).toBe(r.rows);
    expect(r.taken).toBe(35); // 11 months of three sections and the two status lines; 2025-13 is read as a row
    const loaded = await loadDataset(dir);
    const q = loaded.dataset.quality.filter((x) => x.loc.file.endsWith('2025-国家通报.csv'));
    expect(q).toHaveLength(35);
    expect(q[0]).toMatchObject({ sectionId: 'LJH01', month: '2025-01', cls: 3, source: '国家通报', status: '正常', note: '', loc: { row: 2 } });
    expect(q[33]).toMatchObject({ sectionId: 'LJH03', month: '2025-12', cls: undefined, status: '断流', loc: { row: 36 } });
    expect(q[34]).toMatchObject({ sectionId: 'LXH02', statedCls: 4, cls: undefined, status: '未监测', note: '停电' });
    const codes = loaded.problems.filter((p) => p.file?.endsWith('2025-国家通报.csv')).map((p) => [p.code, p.row, p.column, p.rule]);
    expect(codes).toEqual([
      ['E_VALUE', 35, '月份', undefined],
      ['W_STATUS_NO_NOTE', 36, '备注', 'R4'],
      ['W_STATUS_WITH_CLASS', 37, '水质类别', 'R4'],
    ]);
  });

  it('drops what it took from a GB18030 file whose bytes turn out invalid: the file is reported once, as before', async () => {
    const good = iconv.encode(
      ['断面编码,月份,水质类别,数据来源,状态,备注', 'LJH01,2025-01,三类,监测中心,,', 'LJH03,2025-01,Ⅲ,监测中心,,'].join('\n'),
      'gb18030',
    );
    const bad = Buffer.concat([good, Buffer.from('\nLXH02,2025-01,'), Buffer.from([0x81, 0x2c]), Buffer.from(',,\n')]);
    const dir = folder({ '2025-监测中心.csv': bad });
    const r = await bothWays(dir);
    expect(r.bytes).toBe(r.rows);
    const loaded = await loadDataset(dir);
    expect(loaded.dataset.quality.filter((x) => x.loc.file.endsWith('2025-监测中心.csv'))).toEqual([]);
    expect(loaded.problems.filter((p) => p.code === 'E_ENCODING').map((p) => p.file?.split('/').pop())).toEqual(['2025-监测中心.csv']);
  });
});

describe('plainCsvBytes', () => {
  it('has the lines and cells of the decoded text, or leaves the bytes to the text reader', () => {
    const pieces = fc.constantFrom('a', 'bc', '中文', ' ', ',', ',', '\n', '\n', '\r\n', '\r', '"', '\t', '\ufeff', '7.5', 'Ⅲ类', '', '\u3000');
    let taken = 0;
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 40 }), fc.constantFrom('utf-8', 'utf-8-bom', 'gbk'), (parts, enc) => {
        const text = parts.join('');
        const body = enc === 'gbk' ? iconv.encode(text, 'gb18030') : Buffer.from(text, 'utf8');
        const bytes = enc === 'utf-8-bom' ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), body]) : body;
        const plain = plainCsvBytes(bytes);
        if (plain === undefined) return;
        // The text reader's reading: strict decode (BOM dropped), then plainCsvGrid.
        let decoded: string;
        try {
          decoded = new TextDecoder(plain.encoding === 'gb18030' ? 'gb18030' : 'utf-8', { fatal: true }).decode(bytes);
        } catch {
          expect(() => plain.lines((a, b) => void plain.cells(a, b))).toThrow(PlainRefused);
          return;
        }
        const grid = plainCsvGrid(decoded);
        const cells: string[][] = [];
        const rows: number[] = [];
        try {
          plain.lines((a, b, row) => {
            cells.push(plain.cells(a, b));
            rows.push(row);
          });
        } catch (e) {
          expect(e).toBeInstanceOf(PlainRefused);
          expect(grid).toBeUndefined();
          return;
        }
        taken++;
        expect(grid?.cells).toEqual(cells);
        expect(grid?.rowNumbers).toEqual(rows);
      }),
      { numRuns: 3000 },
    );
    expect(taken).toBeGreaterThan(500);
  });

  it('says which encoding, and leaves quotes, UTF-16 and a second BOM to the text reader', () => {
    expect(plainCsvBytes(Buffer.from('a,b\n'))?.encoding).toBe('utf-8');
    expect(plainCsvBytes(Buffer.from('\ufeffa,b\n'))?.encoding).toBe('utf-8-bom');
    expect(plainCsvBytes(iconv.encode('断面,月份\n', 'gb18030'))?.encoding).toBe('gb18030');
    expect(plainCsvBytes(Buffer.from('a,"b"\n'))).toBeUndefined();
    expect(plainCsvBytes(Buffer.from([0xff, 0xfe, 0x61, 0x00]))).toBeUndefined();
    expect(plainCsvBytes(Buffer.from('\ufeff\ufeffa\n'))).toBeUndefined();
    expect(plainCsvBytes(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from([0xff])]))).toBeUndefined();
  });
});
