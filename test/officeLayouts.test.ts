import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { stringify } from 'csv-stringify/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classLabel } from '../src/domain/classes.js';
import type { QualityRecord } from '../src/domain/types.js';
import { loadDataset, type LoadResult } from '../src/io/loadDataset.js';
import { runSettlement } from '../src/pipeline/period.js';

/**
 * Quality results and targets in the shapes offices send them (data.md "Layouts as offices send
 * them"; R3, R4): each case takes the sample data, replaces one file by the same content in
 * another layout, and checks that the records come out the same, each located where it really is.
 */
const temps: string[] = [];
afterAll(() => {
  for (const t of temps) rmSync(t, { recursive: true, force: true });
});

function copyData(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'ecocomp-office-'));
  temps.push(dir);
  cpSync('fixtures/data', dir, { recursive: true, filter: (src) => !src.includes(`${path.sep}soil`) });
  return dir;
}

const csv = (rows: (string | number)[][]) => stringify(rows, { record_delimiter: '\r\n' });
const key = (r: QualityRecord) => [r.sectionId, r.month, r.source, r.status, r.cls === undefined ? '' : classLabel(r.cls)].join(' ');
const errors = (l: LoadResult) => l.problems.filter((p) => p.severity === 'error');

let original: LoadResult;
const bySource = (source: string) => original.dataset.quality.filter((r) => r.source === source);
const nameOf = (id: string) => original.dataset.sections.find((s) => s.id === id)!.name;
const riverOf = (id: string) => {
  const s = original.dataset.sections.find((x) => x.id === id)!;
  return original.dataset.rivers.find((r) => r.id === s.riverId)!.name;
};
const classText = (r: QualityRecord) => (r.statedCls === undefined ? '' : `${classLabel(r.statedCls)}类`);

beforeAll(async () => {
  original = await loadDataset('fixtures/data');
  expect(errors(original)).toEqual([]);
});

describe('sections by name (断面名称, 河流)', () => {
  it('a file that names sections gives the same records as the one with codes', async () => {
    const dir = copyData();
    const joint = bySource('联合监测');
    rmSync(path.join(dir, 'quality', '2025-联合监测.csv'));
    writeFileSync(
      path.join(dir, 'quality', '联合监测结果.csv'),
      csv([
        ['断面名称', '河流名称', '月份', '水质类别', '数据来源'],
        ...joint.map((r) => [nameOf(r.sectionId), riverOf(r.sectionId), r.month, classText(r), r.source]),
      ]),
    );
    const l = await loadDataset(dir);
    expect(errors(l)).toEqual([]);
    expect(l.dataset.quality.filter((r) => r.source === '联合监测').map(key)).toEqual(joint.map(key));
    const input = l.inputs.find((f) => f.path.endsWith('联合监测结果.csv'))!;
    expect(input.notes).toEqual([['断面', '按「断面名称」与「河流名称」对应 sections.csv 的断面编码']]);
  });

  it('a name that fits two sections is an error listing both; the river column decides', async () => {
    const dir = copyData();
    const sectionsFile = path.join(dir, 'sections.csv');
    const text = iconv.decode(readFileSync(sectionsFile), 'gbk');
    writeFileSync(sectionsFile, iconv.encode(`${text}QJ09,普顺,QJ,80,非考核,否,,,,\r\n`, 'gbk'));
    writeFileSync(
      path.join(dir, 'quality', '2025-03-联合监测补报.csv'),
      csv([
        ['断面名称', '水质类别'],
        ['普顺', 'Ⅲ类'],
      ]),
    );
    const l = await loadDataset(dir);
    expect(errors(l).map((p) => [p.code, p.file?.endsWith('2025-03-联合监测补报.csv'), p.row, p.column, p.value, p.message])).toEqual([
      [
        'E_SECTION_AMBIGUOUS',
        true,
        2,
        '断面名称',
        '普顺',
        '断面名称「普顺」对应 2 个断面：普顺（LXH01，龙溪河）、普顺（QJ09，琼江）；请加「河流」列或改用断面编码',
      ],
    ]);

    writeFileSync(
      path.join(dir, 'quality', '2025-03-联合监测补报.csv'),
      csv([
        ['断面名称', '河流', '水质类别'],
        ['普顺', '龙溪河', 'Ⅲ类'],
      ]),
    );
    const fixed = await loadDataset(dir);
    expect(errors(fixed)).toEqual([]);
    expect(fixed.dataset.quality.filter((r) => r.sectionId === 'LXH01' && r.month === '2025-03' && r.source === '联合监测').map((r) => r.loc.row)).toEqual([2]);
  });

  it('an unknown name is an error naming file and row and suggesting the nearest name; nothing is written', async () => {
    const dir = copyData();
    writeFileSync(
      path.join(dir, 'quality', '2025-03-联合监测补报.csv'),
      csv([
        ['断面名称', '水质类别', '备注'],
        ['茨坝', 'Ⅲ类', ''],
        ['普训', 'Ⅲ类', ''],
      ]),
    );
    const l = await loadDataset(dir);
    expect(errors(l).map((p) => [p.code, p.row, p.column, p.message])).toEqual([
      ['E_SECTION_NAME', 3, '断面名称', '未知的断面名称「普训」，是否为「普顺（LXH01，龙溪河）」？'],
    ]);
    const out = await runSettlement(dir, 2025);
    expect(out.ok).toBe(false);
  });
});

describe('month and source from the file name', () => {
  it('one file a month without 月份 or 数据来源 columns reads as the canonical file, and says where each came from', async () => {
    const dir = copyData();
    const city = bySource('市级通报');
    rmSync(path.join(dir, 'quality', '2025-市级通报.csv'));
    const months = [...new Set(city.map((r) => r.month))];
    for (const m of months) {
      const name = m === '2025-03' ? '2025年3月市级通报.csv' : `${m}-市级通报.csv`;
      const recs = city.filter((r) => r.month === m);
      writeFileSync(path.join(dir, 'quality', name), csv([['断面编码', '水质类别', '备注'], ...recs.map((r) => [r.sectionId, classText(r), r.note])]));
    }
    const l = await loadDataset(dir);
    expect(errors(l)).toEqual([]);
    const sort = (xs: string[]) => [...xs].sort();
    expect(sort(l.dataset.quality.filter((r) => r.source === '市级通报').map(key))).toEqual(sort(city.map(key)));
    expect(l.inputs.find((f) => f.path.endsWith('2025年3月市级通报.csv'))!.notes).toEqual([
      ['数据来源', '市级通报 取自文件名'],
      ['月份', '2025-03 取自文件名'],
    ]);
  });

  it('no month anywhere, or two months in the file name, is an error naming the file', async () => {
    const dir = copyData();
    writeFileSync(
      path.join(dir, 'quality', '市级通报补报.csv'),
      csv([
        ['断面编码', '水质类别'],
        ['LJH02', 'Ⅲ类'],
      ]),
    );
    writeFileSync(
      path.join(dir, 'quality', '2025-03与2025-04市级通报.csv'),
      csv([
        ['断面编码', '水质类别'],
        ['LJH02', 'Ⅲ类'],
      ]),
    );
    const l = await loadDataset(dir);
    expect(errors(l).map((p) => [p.code, path.basename(p.file ?? ''), p.row, p.column, p.message])).toEqual([
      [
        'E_FILE_CLUE_CONFLICT',
        '2025-03与2025-04市级通报.csv',
        1,
        '月份',
        '文件名「2025-03与2025-04市级通报」中有多个月份：2025-03、2025-04；请在文件中加「月份」列，或改正标题或文件名',
      ],
      ['E_COLUMN_MISSING', '市级通报补报.csv', 1, '月份', '月度水质缺少「月份」列，标题行和文件名中也没有月份（如 2025年3月；也可一列一个月：1月…12月）'],
    ]);
  });

  it('a source the file name does not give is an error listing the accepted words', async () => {
    const dir = copyData();
    writeFileSync(
      path.join(dir, 'quality', '2025-03-补报.csv'),
      csv([
        ['断面编码', '水质类别'],
        ['LJH02', 'Ⅲ类'],
      ]),
    );
    const l = await loadDataset(dir);
    expect(errors(l).map((p) => [p.code, p.column, p.message])).toEqual([
      [
        'E_COLUMN_MISSING',
        '数据来源',
        '月度水质缺少「数据来源」列，标题行和文件名中也没有数据来源（国家通报 / 市级通报 / 监测中心 / 联合监测，或 国控、市控 等）',
      ],
    ]);
  });
});

describe('month and source from the title lines', () => {
  it('the title gives the month (2025年第3月) and the source (市控 → 市级通报) when the file name does not', async () => {
    const dir = copyData();
    rmSync(path.join(dir, 'quality', '2025-市级通报.csv'));
    writeFileSync(
      path.join(dir, 'quality', '断面水质通报.csv'),
      csv([
        ['重庆市2025年第3月市控断面水质通报', '', ''],
        ['断面名称', '水质类别', '备注'],
        ['茨坝', 'Ⅲ类', '补报'],
        ['注：示例', '', ''],
      ]),
    );
    const l = await loadDataset(dir);
    expect(errors(l).filter((p) => p.file?.endsWith('断面水质通报.csv'))).toEqual([]);
    const added = l.dataset.quality.filter((r) => r.loc.file.endsWith('断面水质通报.csv'));
    expect(added.map((r) => [r.sectionId, r.month, r.source, r.loc.row])).toEqual([['LJH02', '2025-03', '市级通报', 3]]);
    expect(l.inputs.find((f) => f.path.endsWith('断面水质通报.csv'))!.notes).toEqual([
      ['数据来源', '市级通报 取自第1行（标题）'],
      ['月份', '2025-03 取自第1行（标题）'],
      ['断面', '按「断面名称」对应 sections.csv 的断面编码'],
    ]);
  });

  it('a title and a file name that disagree on the month are an error; nothing is read from that file', async () => {
    const dir = copyData();
    writeFileSync(
      path.join(dir, 'quality', '2025年4月市级通报.csv'),
      csv([
        ['2025年3月市控断面水质通报', ''],
        ['断面编码', '水质类别'],
        ['LJH02', 'Ⅲ类'],
      ]),
    );
    const l = await loadDataset(dir);
    expect(errors(l).map((p) => [p.code, path.basename(p.file ?? ''), p.row, p.column, p.message])).toEqual([
      [
        'E_FILE_CLUE_CONFLICT',
        '2025年4月市级通报.csv',
        1,
        '月份',
        '第1行（标题）的月份（2025-03）与文件名的月份（2025-04）不一致；请在文件中加「月份」列，或改正标题或文件名',
      ],
    ]);
    expect(l.dataset.quality.filter((r) => r.loc.file.endsWith('2025年4月市级通报.csv'))).toEqual([]);
  });
});

describe('month matrix', () => {
  const nationalMatrix = (dir: string, file: string, header: (i: number) => string, cell = (r: QualityRecord) => classText(r)) => {
    const national = bySource('国家通报');
    const ids = [...new Set(national.map((r) => r.sectionId))];
    rmSync(path.join(dir, 'quality', '2025-国家通报.xlsx'));
    writeFileSync(
      path.join(dir, 'quality', file),
      csv([
        ['断面名称', '河流', ...Array.from({ length: 12 }, (_, i) => header(i))],
        ...ids.map((id) => [
          nameOf(id),
          riverOf(id),
          ...Array.from({ length: 12 }, (_, i) => {
            const r = national.find((x) => x.sectionId === id && x.month === `2025-${String(i + 1).padStart(2, '0')}`);
            return r ? cell(r) : '';
          }),
        ]),
      ]),
    );
    return national;
  };

  it('1月…12月 with the year and the source (国控 → 国家通报) in the file name: the same records, each at its cell', async () => {
    const dir = copyData();
    const national = nationalMatrix(dir, '2025年国控断面逐月水质.csv', (i) => `${i + 1}月`);
    const l = await loadDataset(dir);
    expect(errors(l)).toEqual([]);
    const got = l.dataset.quality.filter((r) => r.source === '国家通报');
    const sort = (xs: string[]) => [...xs].sort();
    expect(sort(got.map(key))).toEqual(sort(national.map(key)));
    const march = got.find((r) => r.sectionId === 'LXH01' && r.month === '2025-03')!;
    // 普顺 is the first section of the matrix: Excel row 2, under the header.
    expect(march.loc).toMatchObject({ row: 2, column: '3月' });
    expect(march.loc.file.endsWith('2025年国控断面逐月水质.csv')).toBe(true);
    expect(l.inputs.find((f) => f.path.endsWith('2025年国控断面逐月水质.csv'))!.notes).toEqual([
      ['数据来源', '国家通报 取自文件名'],
      ['年份', '2025 取自文件名'],
      ['断面', '按「断面名称」与「河流」对应 sections.csv 的断面编码'],
      ['逐月矩阵', `12 个月份列（1月…12月），每个单元格一条记录，共 ${national.length} 条；空单元格为无记录`],
    ]);
  });

  it('settles to the same ledger, and the 依据记录 of a matrix record names its cell (R3)', async () => {
    const dir = copyData();
    nationalMatrix(dir, '2025年国控断面逐月水质.csv', (i) => `${i + 1}月`);
    const [a, b] = await Promise.all([runSettlement('fixtures/data', 2025, '2026-03-31'), runSettlement(dir, 2025, '2026-03-31')]);
    if (!a.ok || !b.ok) throw new Error('both settle');
    const strip = (s: typeof a.settlement) => s.accounting.lines.map(({ sourceLoc: _, ...rest }) => JSON.stringify(rest));
    expect(strip(b.settlement)).toEqual(strip(a.settlement));
    const line = b.settlement.accounting.lines.find((x) => x.sectionId === 'LXH01' && x.month === '2025-03')!;
    expect(line.sourceLoc).toMatch(/2025年国控断面逐月水质\.csv:2:3月$/);
    // R3: the 市级通报 record that disagrees names the matrix cell it lost to.
    const conflict = b.settlement.problems.find((p) => p.code === 'W_RECORD_CONFLICT')!;
    expect(conflict.message).toMatch(/采用国家通报（Ⅳ类，.*2025年国控断面逐月水质\.csv 第2行「3月」列）/);
  });

  it('2025-01…2025-12 columns carry their year; 1月…12月 without one take --year, else an error', async () => {
    const dir = copyData();
    const national = nationalMatrix(dir, '国控逐月.csv', (i) => `2025-${String(i + 1).padStart(2, '0')}`);
    expect((await loadDataset(dir)).dataset.quality.filter((r) => r.source === '国家通报')).toHaveLength(national.length);

    const noYear = copyData();
    nationalMatrix(noYear, '国控逐月.csv', (i) => `${i + 1}月`);
    expect(errors(await loadDataset(noYear)).map((p) => [p.code, p.column, p.message])).toEqual([
      ['E_COLUMN_MISSING', '年份', '月度水质缺少「年份」列，标题行和文件名中也没有年份（如标题写 2025年，或给出 --year）'],
    ]);
    const withYear = await loadDataset(noYear, { year: 2025 });
    expect(errors(withYear)).toEqual([]);
    expect(withYear.inputs.find((f) => f.path.endsWith('国控逐月.csv'))!.notes![1]).toEqual(['年份', '2025 取自命令行 --year']);
  });

  it('a status word is a record (R4); an empty cell is none; anything else is an error at its cell', async () => {
    const dir = copyData();
    nationalMatrix(
      dir,
      '2025年国控逐月.csv',
      (i) => `${i + 1}月`,
      (r) => (r.sectionId === 'QJ01' && r.month === '2025-06' ? '断流' : r.sectionId === 'FJ01' && r.month === '2025-02' ? '良' : classText(r)),
    );
    const l = await loadDataset(dir);
    const fj01 = 2 + [...new Set(bySource('国家通报').map((r) => r.sectionId))].indexOf('FJ01');
    expect(errors(l).map((p) => [p.code, p.row, p.column, p.value])).toEqual([['E_CLASS', fj01, '2月', '良']]);
    expect(errors(l)[0]!.message).toBe('「良」应为水质类别（Ⅰ…Ⅴ、劣Ⅴ，可带“类”）或 断流 / 未监测；不是记录的月份留空');
    const dry = l.dataset.quality.find((r) => r.sectionId === 'QJ01' && r.month === '2025-06')!;
    expect([dry.status, dry.cls, dry.loc.column]).toEqual(['断流', undefined, '6月']);
    // A status without a note is the usual R4 warning, at the cell.
    expect(l.problems.find((p) => p.code === 'W_STATUS_NO_NOTE' && p.row === dry.loc.row)).toMatchObject({ column: '6月' });
  });
});

describe('targets with one column per year', () => {
  it('names and 2024年…2026年 columns give the same targets, each at its cell', async () => {
    const dir = copyData();
    const ids = [...new Set(original.dataset.targets.map((t) => t.sectionId))];
    const years = [2024, 2025, 2026];
    const cls = (id: string, y: number) => original.dataset.targets.find((t) => t.sectionId === id && t.year === y)!.cls;
    writeFileSync(
      path.join(dir, 'targets.csv'),
      csv([
        ['断面名称', '河流', ...years.map((y) => `${y}年`)],
        ...ids.map((id) => [nameOf(id), riverOf(id), ...years.map((y) => `${classLabel(cls(id, y))}类`)]),
      ]),
    );
    const l = await loadDataset(dir);
    expect(errors(l)).toEqual([]);
    const k = (t: { sectionId: string; year: number; cls: number }) => `${t.sectionId} ${t.year} ${t.cls}`;
    expect(l.dataset.targets.map(k).sort()).toEqual(original.dataset.targets.map(k).sort());
    expect(l.dataset.targets.find((t) => t.sectionId === ids[0] && t.year === 2025)!.loc).toMatchObject({ row: 2, column: '2025年' });
  });

  it('a year cell that is not a class is an error naming the cell', async () => {
    const dir = copyData();
    writeFileSync(
      path.join(dir, 'targets.csv'),
      csv([
        ['断面编码', '2025年'],
        ['LJH02', '良好'],
      ]),
    );
    const l = await loadDataset(dir);
    expect(
      errors(l)
        .filter((p) => p.code === 'E_CLASS')
        .map((p) => [p.row, p.column, p.value]),
    ).toEqual([[2, '2025年', '良好']]);
  });
});
