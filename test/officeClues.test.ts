import { describe, expect, it } from 'vitest';
import { SectionNames } from '../src/domain/sectionNames.js';
import { fileNameClue, inferMonth, inferSource, inferYear, monthsInText, sourcesInText, yearsInText } from '../src/domain/fileClues.js';
import { matrixCell, monthHeader, monthOf, yearHeader } from '../src/domain/matrixColumns.js';

// data.md "Layouts as offices send them": the pure readings behind names, month and source
// from the file, and month/year matrices.

const rivers = [
  { id: 'LXH', name: '龙溪河' },
  { id: 'QJ', name: '琼江' },
  { id: 'FJ', name: '涪江' },
];
const sections = [
  { id: 'LXH01', name: '普顺', riverId: 'LXH' },
  { id: 'LXH03', name: '龙溪河口', riverId: 'LXH' },
  { id: 'QJ03', name: '河口', riverId: 'QJ' },
  { id: 'FJ04', name: '河口', riverId: 'FJ' },
  { id: 'QJ01', name: '光辉', riverId: 'QJ' },
];

describe('section by name', () => {
  const names = new SectionNames(sections, rivers);

  it('resolves a name to its code, ignoring spaces, full-width forms and a trailing 断面', () => {
    for (const n of ['普顺', ' 普 顺 ', '普顺断面']) expect(names.resolve(n)).toMatchObject({ ok: true, section: { id: 'LXH01' } });
  });

  it('a name on two rivers is an error listing both; the river (name or code) decides', () => {
    const r = names.resolve('河口');
    expect(r).toMatchObject({ ok: false, kind: 'ambiguous' });
    if (r.ok || r.kind !== 'ambiguous') throw new Error('expected ambiguous');
    expect(r.candidates.map((c) => c.id)).toEqual(['QJ03', 'FJ04']);
    expect(r.message).toBe('断面名称「河口」对应 2 个断面：河口（QJ03，琼江）、河口（FJ04，涪江）；请加「河流」列或改用断面编码');
    expect(names.resolve('河口', '涪江')).toMatchObject({ ok: true, section: { id: 'FJ04' } });
    expect(names.resolve('河口', 'QJ')).toMatchObject({ ok: true, section: { id: 'QJ03' } });
  });

  it('an unknown name suggests the nearest known one', () => {
    const r = names.resolve('普順');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.message).toBe('未知的断面名称「普順」，是否为「普顺（LXH01，龙溪河）」？');
    const message = (n: string): string => {
      const x = names.resolve(n);
      return x.ok ? '' : x.message;
    };
    expect(message('龙溪口')).toBe('未知的断面名称「龙溪口」，是否为「龙溪河口（LXH03，龙溪河）」？');
    expect(message('长江大桥')).toBe('未知的断面名称「长江大桥」（sections.csv 中没有相近的名称）');
  });

  it('a known name on the wrong river, and an unknown river, are errors that say so', () => {
    const r = names.resolve('光辉', '涪江');
    expect(r.ok ? '' : r.message).toBe('河流「涪江」上没有断面「光辉」（该名称的断面：光辉（QJ01，琼江））');
    const u = names.resolve('光辉', '嘉陵江');
    expect(u).toMatchObject({ ok: false, kind: 'unknown-river' });
  });
});

describe('month and source from the title or the file name', () => {
  it('reads the month as titles and file names write it, and leaves dates and ranges out', () => {
    expect(monthsInText('重庆市2025年3月市控断面水质通报')).toEqual(['2025-03']);
    expect(monthsInText('2025年第3月 国控断面水质月报')).toEqual(['2025-03']);
    expect(monthsInText('2025年3月市级通报')).toEqual(['2025-03']);
    expect(monthsInText('2025-03-国家通报')).toEqual(['2025-03']);
    expect(monthsInText('202511 监测中心')).toEqual(['2025-11']);
    expect(monthsInText('2025年12月')).toEqual(['2025-12']);
    expect(monthsInText('制表日期：2025年4月5日')).toEqual([]);
    expect(monthsInText('制表日期：2025-04-05')).toEqual([]);
    expect(monthsInText('2025年1-3月汇总')).toEqual([]);
    expect(monthsInText('2025-03至2025-04')).toEqual([]);
    expect(monthsInText('2025-国家通报')).toEqual([]);
    expect(yearsInText('2025年国控断面逐月水质类别')).toEqual([2025]);
  });

  it('reads the source from the four names and the usual words for them (R3)', () => {
    expect(sourcesInText('2025-03-国家通报')).toEqual(['国家通报']);
    expect(sourcesInText('2025年3月国控断面水质通报')).toEqual(['国家通报']);
    expect(sourcesInText('市控断面水质月报')).toEqual(['市级通报']);
    expect(sourcesInText('上下游联测结果')).toEqual(['联合监测']);
    expect(sourcesInText('重庆市生态环境监测中心 国控断面监测结果')).toEqual(['监测中心']);
    expect(sourcesInText('水质月报')).toEqual([]);
  });

  it('takes the month from the title, else the file name, and says where it came from', () => {
    const title = { where: '第1行（标题）', text: '重庆市2025年第3月市控断面水质通报' };
    expect(inferMonth([title, fileNameClue('quality/市控断面.xlsx')])).toEqual({ ok: true, value: '2025-03', from: '第1行（标题）' });
    expect(inferMonth([fileNameClue('quality/2025年3月市级通报.xlsx')])).toEqual({ ok: true, value: '2025-03', from: '文件名' });
    expect(inferMonth([title, fileNameClue('2025-03-市级通报.csv')])).toEqual({ ok: true, value: '2025-03', from: '第1行（标题）、文件名' });
    expect(inferSource([title, fileNameClue('2025-03.csv')])).toEqual({ ok: true, value: '市级通报', from: '第1行（标题）' });
    expect(inferMonth([fileNameClue('水质.csv')])).toBeUndefined();
  });

  it('a title and a file name that disagree are an error', () => {
    const title = { where: '第1行（标题）', text: '2025年3月国控断面水质通报' };
    expect(inferMonth([title, fileNameClue('2025年4月国家通报.xlsx')])).toEqual({
      ok: false,
      error: '第1行（标题）的月份（2025-03）与文件名的月份（2025-04）不一致',
    });
    expect(inferSource([title, fileNameClue('2025年3月市级通报.xlsx')])).toEqual({
      ok: false,
      error: '第1行（标题）的数据来源（国家通报）与文件名的数据来源（市级通报）不一致',
    });
  });

  it('the year of a 1月…12月 matrix comes from the title or file name, else --year', () => {
    expect(inferYear([{ where: '第1行（标题）', text: '2025年国控断面逐月水质' }], 2024)).toEqual({ ok: true, value: 2025, from: '第1行（标题）' });
    expect(inferYear([fileNameClue('国控逐月.xlsx')], 2024)).toEqual({ ok: true, value: 2024, from: '命令行 --year' });
    expect(inferYear([fileNameClue('国控逐月.xlsx')])).toBeUndefined();
  });
});

describe('month and year matrices', () => {
  it('month columns: 1月…12月 take the year given, 2025-01 carries its own', () => {
    expect(monthHeader('3月')).toEqual({ monthOfYear: 3 });
    expect(monthOf(monthHeader('12月')!, 2025)).toBe('2025-12');
    expect(monthHeader('2025-01')).toEqual({ month: '2025-01' });
    expect(monthHeader('2025年2月')).toEqual({ month: '2025-02' });
    for (const h of ['13月', '断面名称', '202501', '2025', '备注']) expect(monthHeader(h)).toBeUndefined();
  });

  it('year columns of a target matrix', () => {
    expect(yearHeader('2024年')).toBe(2024);
    expect(yearHeader('2025年度')).toBe(2025);
    expect(yearHeader('2026')).toBe(2026);
    expect(yearHeader('2025年目标')).toBe(2025);
    expect(yearHeader('断面名称')).toBeUndefined();
  });

  it('a cell holds a class or a status word (R4); empty is no record', () => {
    expect(matrixCell('')).toEqual({ kind: 'empty' });
    expect(matrixCell('Ⅲ类')).toEqual({ kind: 'class', cls: 3 });
    expect(matrixCell('劣Ⅴ')).toEqual({ kind: 'class', cls: 6 });
    expect(matrixCell('断流')).toEqual({ kind: 'status', status: '断流' });
    expect(matrixCell('未监测')).toEqual({ kind: 'status', status: '未监测' });
    expect(matrixCell('良')).toMatchObject({ kind: 'invalid' });
  });
});
