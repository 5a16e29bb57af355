import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { computeSoilProgress } from '../src/domain/soil/compute.js';
import { dec } from '../src/domain/soil/num.js';
import { CITY_INDICATORS } from '../src/domain/soil/planData.js';
import { shippedAreas, shippedTargets } from '../src/domain/soil/shipped.js';
import type { AssessmentRow, TargetRow } from '../src/domain/soil/types.js';
import { loadSoil } from '../src/io/soilLoad.js';

/** A full year of assessment rows at each district's 2025 target, then edited per test. */
function fullYear(year: number, edit: (rows: AssessmentRow[]) => AssessmentRow[] = (r) => r): AssessmentRow[] {
  const rows = shippedTargets().map((t, i) => ({ district: t.district, written: t.district, year, rate: t.target, file: `y${year}.xlsx`, row: i + 2 }));
  return edit(rows);
}

function run(assessments: AssessmentRow[], year = 2025, targets: TargetRow[] = shippedTargets()) {
  return computeSoilProgress({ year, targets, areas: shippedAreas(), assessments, indicators: CITY_INDICATORS });
}

const codes = (r: ReturnType<typeof run>, district?: string) => r.problems.filter((p) => !district || p.message.includes(district)).map((p) => p.code);

describe('S6 checks (compute)', () => {
  it('notices the plan’s own contradictions and name variants in the shipped tables', () => {
    const r = run(fullYear(2025));
    // Kept apart from the user's problems: notes about the reference data.
    expect(r.problems.filter((p) => p.file?.startsWith('内置：'))).toEqual([]);
    const contra = r.referenceNotes.filter((p) => p.code === 'W_SOIL_CONTRADICTION');
    expect(contra.map((p) => [p.file, p.row, p.value])).toEqual([
      ['内置：十四五规划附表2', 17, '78.66'],
      ['内置：十四五规划附表2', 23, '79.7'],
    ]);
    expect(contra[0]!.message).toContain('77.15');
    expect(contra[1]!.message).toContain('85.56');
    const variants = r.referenceNotes.filter((p) => p.code === 'W_SOIL_NAME_VARIANT').map((p) => p.value);
    expect(variants).toEqual(expect.arrayContaining(['丰都区', '垫江区', '石柱县', '秀山县', '酉阳县', '彭水县']));
    expect(r.districts.every((d) => d.status === '已达标')).toBe(true);
  });

  it('a district missing from the year: a warning, 缺报, and no regional or city value', () => {
    const r = run(fullYear(2025, (rows) => rows.filter((x) => x.district !== '城口县')));
    expect(codes(r, '城口县')).toContain('W_SOIL_DISTRICT_MISSING');
    expect(r.districts.find((d) => d.district === '城口县')!.status).toBe('缺报');
    expect(r.regions[1]!.status).toBe('数据不全');
    expect(r.regions[1]!.missing).toEqual(['城口县']);
    expect(r.city.value).toBeUndefined();
    expect(r.regions[0]!.value).toBeDefined();
  });

  it('a doubled district: counted once when identical, left out when the rows disagree', () => {
    const same = run(fullYear(2025, (rows) => [...rows, { ...rows[0]!, written: '涪陵', row: 99 }]));
    expect(codes(same, '涪陵区')).toContain('W_SOIL_DISTRICT_DOUBLED');
    expect(same.districts[0]!.status).toBe('已达标');
    const differ = run(fullYear(2025, (rows) => [...rows, { ...rows[0]!, rate: dec('61'), row: 99 }]));
    expect(differ.problems.find((p) => p.code === 'W_SOIL_DISTRICT_DOUBLED')!.message).toContain('数值不一致');
    expect(differ.districts[0]!.status).toBe('待核实');
    expect(differ.city.value).toBeUndefined();
  });

  it('a rate outside 0–100 (or written as a fraction) is not used', () => {
    const r = run(fullYear(2025, (rows) => rows.map((x, i) => (i === 2 ? { ...x, rate: dec('107.5') } : i === 3 ? { ...x, rate: dec('0.69') } : x))));
    const range = r.problems.filter((p) => p.code === 'W_SOIL_RATE_RANGE');
    expect(range.map((p) => p.value)).toEqual(['107.5', '0.69']);
    expect(r.districts[2]!.status).toBe('待核实');
    expect(r.districts[3]!.status).toBe('待核实');
  });

  it('S1: areas instead of a rate; both given and disagreeing is a warning and the rate is used', () => {
    const r = run(
      fullYear(2025, (rows) =>
        rows.map((x) =>
          x.district === '忠县'
            ? { ...x, rate: undefined, landKm2: dec('2187'), erosionKm2: dec('448.34') } // (2187 − 448.34) / 2187 = 79.50 %
            : x.district === '涪陵区'
              ? { ...x, rate: dec('63.5'), landKm2: dec('2941'), erosionKm2: dec('1100') } // areas give 62.60 %
              : x,
        ),
      ),
    );
    const zhong = r.districts.find((d) => d.district === '忠县')!;
    expect(zhong.value?.toString()).toBe('79.5');
    expect(zhong.origin).toBe('按面积计算');
    expect(zhong.status).toBe('已达标');
    expect(codes(r, '涪陵区')).toContain('W_SOIL_RATE_AREA_MISMATCH');
    expect(r.districts[0]!.value?.toString()).toBe('63.5');
  });

  it('a value that contradicts another table for the same district and year', () => {
    const r = run([...fullYear(2025), { district: '江北区', written: '江北区', year: 2020, rate: dec('67.00'), file: 'y2020.csv', row: 5 }]);
    const c = r.problems.filter((p) => p.code === 'W_SOIL_CONTRADICTION' && p.message.includes('江北区'));
    expect(c.length).toBe(2); // against 附表2's base 66.04 and 附表1's areas
    const area = run(
      fullYear(2025, (rows) => rows.map((x) => (x.district === '江北区' ? { ...x, rate: undefined, landKm2: dec('250'), erosionKm2: dec('77.5') } : x))),
    );
    expect(codes(area, '江北区')).toContain('W_SOIL_AREA_CONTRADICTION');
  });

  it('a fall against the previous reported year is 倒退 below the target, and always a warning', () => {
    const prev = fullYear(2024, (rows) =>
      rows.map((x) => (x.district === '巫山县' ? { ...x, rate: dec('62.2') } : x.district === '万州区' ? { ...x, rate: dec('62.5') } : x)),
    );
    const r = run([
      ...prev,
      ...fullYear(2025, (rows) =>
        rows.map((x) => (x.district === '巫山县' ? { ...x, rate: dec('61.8') } : x.district === '万州区' ? { ...x, rate: dec('62.1') } : x)),
      ),
    ]);
    expect(r.districts.find((d) => d.district === '巫山县')!.status).toBe('倒退');
    expect(r.districts.find((d) => d.district === '万州区')!.status).toBe('已达标');
    expect(r.problems.filter((p) => p.code === 'W_SOIL_FALL').map((p) => p.value)).toEqual(['62.10', '61.80']);
  });

  it('the previous reported year skips a year the district did not report', () => {
    const r = run(
      [
        ...fullYear(2022, (rows) => rows.map((x) => (x.district === '城口县' ? { ...x, rate: dec('82') } : x))),
        ...fullYear(2023, (rows) => rows.filter((x) => x.district !== '城口县')),
        ...fullYear(2024, (rows) => rows.map((x) => (x.district === '城口县' ? { ...x, rate: dec('81.5') } : x))),
      ],
      2024,
    );
    const d = r.districts.find((x) => x.district === '城口县')!;
    expect(d.previous).toEqual({ year: 2022, value: dec('82') });
    expect(d.status).toBe('倒退');
  });

  it('a district without a target is reported, not counted', () => {
    const targets = shippedTargets().filter((t) => t.district !== '万盛经开区');
    const r = run(fullYear(2025), 2025, targets);
    expect(codes(r, '万盛经开区')).toContain('W_SOIL_NO_TARGET');
    expect(r.districts).toHaveLength(38);
  });

  it('S5: cumulative counts since the period start against the plan', () => {
    const rows = [2021, 2022, 2023, 2024, 2025].flatMap((y) =>
      fullYear(y, (rs) => rs.map((x) => ({ ...x, treatedKm2: dec('21'), keyTreatedKm2: dec('8'), ecoClean: x.district === '涪陵区' ? dec('1') : dec('0') }))),
    );
    const r = run(rows);
    const by = new Map(r.indicators.map((i) => [i.name, i]));
    expect(by.get('新增水土流失治理面积（累计）')!.actual!.toString()).toBe('4095'); // 39 × 21 × 5
    expect(by.get('新增水土流失治理面积（累计）')!.status).toBe('已达标');
    expect(by.get('水土流失重点治理面积（累计）')!.actual!.toString()).toBe('1560');
    expect(by.get('建设美丽乡村生态清洁小流域（累计）')!.actual!.toString()).toBe('5');
    expect(by.get('建设美丽乡村生态清洁小流域（累计）')!.status).toBe('滞后');
    expect(by.get('生态清洁小流域（2023—2027年累计）')!.actual!.toString()).toBe('3');
    expect(by.get('全国水土保持率目标（2025年）')!.status).toBe('低于全国目标');
    expect(by.get('水土保持率')!.status).toBe('已达标');
  });
});

async function folder(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'ecocomp-soil-'));
  await mkdir(path.join(dir, 'soil'));
  for (const [name, text] of Object.entries(files)) await writeFile(path.join(dir, 'soil', name), `\ufeff${text}`);
  return path.join(dir, 'soil');
}

describe('soil loader', () => {
  it('reads assessment rows, resolves short names, warns about unknown ones with a suggestion', async () => {
    const dir = await folder({ 'a.csv': '区县,年度,水土保持率（%）,备注\n石柱县,2025,87.1,示例数据\n涪凌区,2025,63.6,\n忠县,2026,80,\n' });
    const d = await loadSoil(dir, 'soil', 2025);
    expect(d.problems.map((p) => [p.code, p.row, p.value])).toEqual([['W_SOIL_DISTRICT_UNKNOWN', 3, '涪凌区']]);
    expect(d.problems[0]!.message).toContain('涪陵区');
    expect(d.assessments.map((a) => [a.district, a.written, a.rate?.toString()])).toEqual([['石柱土家族自治县', '石柱县', '87.1']]);
    expect(d.isSample).toBe(true);
  });

  it('a cell that is not a number is a located error; all of them are collected', async () => {
    const dir = await folder({ 'a.csv': '区县,年度,水土保持率\n涪陵区,2025,六十\n江北区,二〇二五,69\n' });
    const d = await loadSoil(dir, 'soil', 2025);
    expect(d.problems.map((p) => [p.severity, p.code, p.file, p.row, p.column, p.value])).toEqual([
      ['error', 'E_VALUE', 'soil/a.csv', 2, '水土保持率', '六十'],
      ['error', 'E_VALUE', 'soil/a.csv', 3, '年度', '二〇二五'],
    ]);
  });

  it('an empty required cell names its column as written (S6: every bad cell located)', async () => {
    const dir = await folder({
      'a.csv': '区县名称,年度,水土保持率\n,2025,60\n',
      'targets.csv': '区县,分区,基期年,基期值,目标年,目标值\n涪陵区,,2020,60.7,2025,63.5\n',
    });
    const d = await loadSoil(dir, 'soil', 2025);
    expect(d.problems.filter((p) => p.code === 'E_VALUE').map((p) => [p.file, p.row, p.column, p.value, p.message])).toEqual([
      ['soil/a.csv', 2, '区县名称', '', '区县名称不能为空'],
      ['soil/targets.csv', 2, '分区', '', '分区不能为空'],
    ]);
  });

  it('a table with neither a rate nor both area columns is an error', async () => {
    const dir = await folder({ 'a.csv': '区县,年度,总面积\n涪陵区,2025,2941\n' });
    const d = await loadSoil(dir, 'soil', 2025);
    expect(d.problems.map((p) => [p.severity, p.code, p.column])).toEqual([['error', 'E_COLUMN_MISSING', '水土保持率']]);
  });

  it('a targets file replaces the plan: any base and target years (2026–2030 is a data change)', async () => {
    const dir = await folder({
      'targets.csv': '区县,分区,基期年,基期值,目标年,目标值\n涪陵区,主城都市区,2025,63.6,2030,66\n开县,渝东北三峡库区城镇群,2025,56.5,2030,60\n',
      '2027.csv': '区县,年度,水土保持率\n涪陵区,2027,64.7\n开州区,2027,57.8\n',
    });
    const d = await loadSoil(dir, 'soil', 2027);
    expect(d.problems).toEqual([]);
    expect(d.targets?.rows.map((t) => [t.district, t.baseYear, t.targetYear])).toEqual([
      ['涪陵区', 2025, 2030],
      ['开州区', 2025, 2030],
    ]);
    const r = computeSoilProgress({ year: 2027, targets: d.targets!.rows, areas: shippedAreas(), assessments: d.assessments, indicators: CITY_INDICATORS });
    // Line for 涪陵区 at 2027: 63.6 + 2.4 × 2/5 = 64.56 → 64.7 is on track; 开州区 line 57.9 → 57.8 behind.
    expect(r.districts.map((x) => [x.district, x.expected.toString(), x.status])).toEqual([
      ['涪陵区', '64.56', '进度正常'],
      ['开州区', '57.9', '滞后'],
    ]);
    expect(r.city.areaKm2.toString()).toBe('6905');
  });

  it('no folder, or no files, is an error', async () => {
    const d = await loadSoil('/nonexistent/soil', 'x/soil', 2025);
    expect(d.problems[0]!.code).toBe('E_SOIL_DIR_MISSING');
    const empty = await folder({});
    expect((await loadSoil(empty, 'soil', 2025)).problems[0]!.code).toBe('E_SOIL_NO_FILES');
  });
});
