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
    // S4: one set of city figures, the plan's rounded print beside them.
    expect(out).toContain('全市水土保持率 72.44%（按土地面积加权）；基期 69.48% → 2025年目标 72.23%（规划公布 69.5% → 72.2%）；进度 107.5%，已达标\n');
    expect(out).toContain('另：随工具提供的规划表自身有 8 处印刷不一致（照原样使用，不是报送数据的问题），见工作簿「规划表说明」\n');
    expect(out).toContain('检查结果：0 个错误，6 个警告\n');

    const csv = (await readFile(path.join(dir, '2025', 'soil-progress-2025.csv'), 'utf8')).split('\r\n');
    expect(csv[0]).toBe('\ufeff区县,分区,基期值,目标值,当年值,进度,状态');
    expect(csv).toHaveLength(1 + 39 + 3 + 1 + 1);
    expect(csv).toContain('涪陵区,主城都市区,60.70,63.50,63.56,102.1,已达标');
    expect(csv).toContain('渝中区,主城都市区,100.00,100.00,100.00,100.0,已达标');
    expect(csv).toContain('忠县,渝东北三峡库区城镇群,76.97,79.50,79.70,107.9,已达标'); // sent as areas
    expect(csv).toContain('开州区,渝东北三峡库区城镇群,54.21,57.50,56.51,69.9,滞后');
    expect(csv).toContain('巫山县,渝东北三峡库区城镇群,60.17,62.50,61.80,70.0,倒退');
    expect(csv).toContain('石柱土家族自治县,渝东南武陵山区城镇群,84.10,87.00,87.67,123.1,已达标'); // sent as 石柱县
    expect(csv).toContain('万盛经开区,主城都市区,79.70,81.50,81.86,120.0,已达标'); // sent as 万盛
    expect(csv.slice(40, 44)).toEqual([
      '主城都市区,合计,74.65,77.34,77.62,110.4,已达标',
      '渝东北三峡库区城镇群,合计,63.58,66.52,66.60,102.8,已达标',
      '渝东南武陵山区城镇群,合计,72.07,74.62,74.93,112.1,已达标',
      '全市,合计,69.48,72.23,72.44,107.5,已达标',
    ]);
    expect(csv[44]).toBe('');

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path.join(dir, '2025', 'soil-progress-2025.xlsx'));
    expect(wb.worksheets.map((w) => w.name)).toEqual(['区县进度', '分区与全市', '全市指标', '逐年情况', '数据问题', '规划表说明', '来源']);
    expect(String(wb.getWorksheet('区县进度')!.getCell('A1').value)).toBe('重庆市水土保持率目标进度（2025年）（示例数据）');
    expect(wb.created.toISOString()).toBe('2025-12-31T00:00:00.000Z');
    const problems: string[] = [];
    wb.getWorksheet('数据问题')!.eachRow((row) => problems.push(String(row.getCell(2).value)));
    expect(problems).toEqual(expect.arrayContaining(['W_SOIL_NAME_VARIANT', 'W_SOIL_FALL']));
    expect(problems).not.toContain('W_SOIL_CONTRADICTION'); // 綦江区, 万盛经开区: the plan's own print
    const notes: string[] = [];
    wb.getWorksheet('规划表说明')!.eachRow((row) =>
      notes.push(`${String(row.getCell(4).value)}|${String(row.getCell(5).value)}|${String(row.getCell(7).value)}`),
    );
    expect(notes).toEqual(expect.arrayContaining(['内置：十四五规划附表2|17|78.66', '内置：十四五规划附表2|23|79.7']));
    expect(notes.filter((n) => n.startsWith('内置：'))).toHaveLength(8);
    const indicators: string[] = [];
    wb.getWorksheet('全市指标')!.eachRow((row) => indicators.push([1, 5, 6, 7, 8, 10].map((c) => String(row.getCell(c).value ?? '')).join('|')));
    expect(indicators).toContain('新增水土流失治理面积（累计）|0|4000||4213.61|105.3');
    // S4: the same base, target and progress as 分区与全市, the plan's print beside them.
    expect(indicators).toContain('水土保持率|69.48|72.23|69.5 → 72.2|72.44|107.5');
    const city: string[] = [];
    wb.getWorksheet('分区与全市')!.eachRow((row) => city.push([1, 5, 6, 9, 11, 13].map((c) => String(row.getCell(c).value)).join('|')));
    expect(city).toContain('全市|69.48|72.23|72.44|107.5|规划公布 69.5% → 72.2%');
    const ws = wb.getWorksheet('区县进度')!;
    let progressFmt = '';
    ws.eachRow((row) => {
      if (row.getCell(2).value === '涪陵区') progressFmt = String(row.getCell(12).numFmt);
    });
    expect(progressFmt).toBe('0.0"%"'); // 进度 shown with 1 decimal, as the README states
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
    // Exit 3 tells a scheduler the city rate could not be computed yet; the report is written.
    expect(await main(['progress', '--year', '2023', '--data', 'fixtures/data', '--out', dir, '-q'])).toBe(3);
    expect(err).toBe('数据尚不完整：缺 城口县 的 2023 年数据，全市水土保持率未计算（报告已写出，补齐后重新运行）\n');
    const csv = (await readFile(path.join(dir, '2023', 'soil-progress-2023.csv'), 'utf8')).split('\r\n');
    expect(csv).toContain('城口县,渝东北三峡库区城镇群,80.30,83.00,,,缺报');
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
