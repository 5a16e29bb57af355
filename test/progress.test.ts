import { cp, mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../src/cli/main.js';

let out = '';
let err = '';
beforeEach(() => {
  out = '';
  err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => ((out += String(s)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => ((err += String(s)), true));
});
afterEach(() => vi.restoreAllMocks());

const tmp = (): Promise<string> => mkdtemp(path.join(tmpdir(), 'ecocomp-progress-'));

describe('ecocomp progress --year 2025 on the sample data', () => {
  it('writes the CSV and the workbook, prints the summary', async () => {
    const dir = await tmp();
    const code = await main(['progress', '--year', '2025', '--data', 'fixtures/data', '--out', dir, '--no-color']);
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toContain('重庆市水土保持率目标进度（2025年）（示例数据）');
    expect(out).toContain('区县 39 个：已达标 35，进度正常 0，滞后 3，倒退 1');
    expect(out).toContain('全市水土保持率 72.44%（按土地面积加权），2025年约束性目标 72.2%：已达到');

    const csv = (await readFile(path.join(dir, '2025', 'soil-progress-2025.csv'), 'utf8')).split('\r\n');
    expect(csv[0]).toBe('\ufeff区县,分区,基期值,目标值,当年值,进度,状态');
    expect(csv).toHaveLength(1 + 39 + 3 + 1 + 1);
    expect(csv).toContain('涪陵区,主城都市区,60.7,63.5,63.56,102.1,已达标');
    expect(csv).toContain('渝中区,主城都市区,100,100,100,100,已达标');
    expect(csv).toContain('忠县,渝东北三峡库区城镇群,76.97,79.5,79.7,107.9,已达标'); // sent as areas
    expect(csv).toContain('开州区,渝东北三峡库区城镇群,54.21,57.5,56.51,69.9,滞后');
    expect(csv).toContain('巫山县,渝东北三峡库区城镇群,60.17,62.5,61.8,70,倒退');
    expect(csv).toContain('石柱土家族自治县,渝东南武陵山区城镇群,84.1,87,87.67,123.1,已达标'); // sent as 石柱县
    expect(csv).toContain('万盛经开区,主城都市区,79.7,81.5,81.86,120,已达标'); // sent as 万盛
    expect(csv.slice(40, 44)).toEqual([
      '主城都市区,合计,74.65,77.34,77.62,110.4,已达标',
      '渝东北三峡库区城镇群,合计,63.58,66.52,66.6,102.8,已达标',
      '渝东南武陵山区城镇群,合计,72.07,74.62,74.93,112.1,已达标',
      '全市,合计,69.48,72.23,72.44,107.5,已达标',
    ]);
    expect(csv[44]).toBe('');

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path.join(dir, '2025', 'soil-progress-2025.xlsx'));
    expect(wb.worksheets.map((w) => w.name)).toEqual(['区县进度', '分区与全市', '全市指标', '逐年情况', '数据问题', '来源']);
    expect(String(wb.getWorksheet('区县进度')!.getCell('A1').value)).toBe('重庆市水土保持率目标进度（2025年）（示例数据）');
    expect(wb.created.toISOString()).toBe('2025-12-31T00:00:00.000Z');
    const problems: string[] = [];
    wb.getWorksheet('数据问题')!.eachRow((row) => problems.push(String(row.getCell(3).value)));
    expect(problems).toEqual(expect.arrayContaining(['W_SOIL_CONTRADICTION', 'W_SOIL_NAME_VARIANT', 'W_SOIL_FALL']));
    const indicators: string[] = [];
    wb.getWorksheet('全市指标')!.eachRow((row) => indicators.push(`${String(row.getCell(1).value)}=${String(row.getCell(7).value)}`));
    expect(indicators).toContain('新增水土流失治理面积（累计）=4213.61');
  });

  it('a rerun is a no-op and the bytes are identical', async () => {
    const a = await tmp();
    const b = await tmp();
    await main(['progress', '--year', '2025', '--data', 'fixtures/data', '--out', a, '-q']);
    await main(['progress', '--year', '2025', '--data', 'fixtures/data', '--out', b, '-q']);
    for (const f of ['soil-progress-2025.xlsx', 'soil-progress-2025.csv']) {
      expect(Buffer.compare(await readFile(path.join(a, '2025', f)), await readFile(path.join(b, '2025', f)))).toBe(0);
    }
    out = '';
    expect(await main(['progress', '--year', '2025', '--data', 'fixtures/data', '--out', a, '--no-color'])).toBe(0);
    expect(out).toContain('未变化');
  });

  it('2023: the missing district leaves its region and the city without a value', async () => {
    const dir = await tmp();
    expect(await main(['progress', '--year', '2023', '--data', 'fixtures/data', '--out', dir, '-q'])).toBe(0);
    const csv = (await readFile(path.join(dir, '2023', 'soil-progress-2023.csv'), 'utf8')).split('\r\n');
    expect(csv).toContain('城口县,渝东北三峡库区城镇群,80.3,83,,,缺报');
    expect(csv).toContain('渝东北三峡库区城镇群,合计,63.58,66.52,,,数据不全');
    expect(csv).toContain('全市,合计,69.48,72.23,,,数据不全');
    expect(csv.find((l) => l.startsWith('黔江区'))).toMatch(/,倒退$/);
  });

  it('a year nobody has reported yet exits 3 and writes nothing', async () => {
    const dir = await tmp();
    expect(await main(['progress', '--year', '2026', '--data', 'fixtures/data', '--out', dir])).toBe(3);
    expect(err).toContain('还没有任何区县 2026 年的考核数据');
    expect(await readdir(dir)).toEqual([]);
  });

  it('invalid input exits 1 and writes nothing; a bad --year is a usage error', async () => {
    const data = await tmp();
    await cp('fixtures/data/soil', path.join(data, 'soil'), { recursive: true });
    await writeFile(path.join(data, 'soil', 'extra.csv'), '区县,年度,水土保持率\n涪陵区,2025,六十三\n');
    const dir = await tmp();
    expect(await main(['progress', '--year', '2025', '--data', data, '--out', dir])).toBe(1);
    expect(err).toContain('第2行');
    expect(err).toContain('未写出任何文件');
    expect(existsSync(path.join(dir, '2025'))).toBe(false);
    expect(await main(['progress', '--year', '25', '--data', data, '--out', dir])).toBe(2);
    expect(await main(['progress', '--year', '2020', '--data', data, '--out', dir])).toBe(2);
  });
});
