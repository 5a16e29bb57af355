import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { loadAndValidate } from '../src/pipeline/period.js';
import { monthsOfYear } from '../src/domain/types.js';
import { defaultSchemes } from './helpers.js';

const months = monthsOfYear(2025);
const errorsOf = async (dir: string) => (await loadAndValidate(dir, months, defaultSchemes)).problems.filter((p) => p.severity === 'error');

describe('validate on the sample data', () => {
  it('is clean: exit 0, with the expected warnings only', async () => {
    const { problems } = await loadAndValidate('fixtures/data', months, defaultSchemes);
    expect(problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(problems.map((p) => p.code).sort()).toEqual(['W_FILED_LATE', 'W_RECORD_CONFLICT']);
    const out = mkdtempSync(path.join(tmpdir(), 'ecocomp-val-'));
    expect(await main(['validate', '--year', '2025', '--data', 'fixtures/data', '--out', out, '--quiet'])).toBe(0);
    const csv = readFileSync(path.join(out, 'validation.csv'), 'utf8');
    expect(csv.startsWith('\uFEFF级别,代码,文件,行,列,值,规则,说明\r\n')).toBe(true);
    expect(existsSync(path.join(out, 'validation.xlsx'))).toBe(true);
  });
});

describe('validate on fixtures/invalid: each deliberate mistake is named with file, row, column and rule', () => {
  const cases: [string, Record<string, unknown>][] = [
    ['bad-class', { code: 'E_CLASS', file: 'fixtures/invalid/bad-class/quality/2025-联合监测.csv', row: 2, column: 'class', value: 'Ⅵ类', rule: 'R3' }],
    ['unknown-district', { code: 'E_DISTRICT', file: 'fixtures/invalid/unknown-district/sections.csv', row: 3, column: '上游主体', value: '永州区' }],
    ['missing-column', { code: 'E_COLUMN_MISSING', file: 'fixtures/invalid/missing-column/targets.csv', row: 1, column: '目标类别' }],
    ['duplicate-section', { code: 'E_DUPLICATE', file: 'fixtures/invalid/duplicate-section/sections.csv', row: 56, column: '断面编码', value: 'LXH02' }],
    ['unknown-river', { code: 'E_REF_RIVER', file: 'fixtures/invalid/unknown-river/sections.csv', row: 23, column: '河流编码', value: 'QJX' }],
    [
      'agreement-floor',
      { code: 'E_AMOUNT_FLOOR', file: 'fixtures/invalid/agreement-floor/agreements.xlsx', row: 13, column: '一类标准', value: '80', rule: 'R8' },
    ],
    [
      'agreement-short',
      { code: 'E_AGREEMENT_SHORT', file: 'fixtures/invalid/agreement-short/agreements.xlsx', row: 14, column: '终止日期', value: '2024-12-31', rule: 'R8' },
    ],
    ['benchmark-tie', { code: 'E_BENCHMARK_TIE', file: 'fixtures/invalid/benchmark-tie/sections.csv', row: 12, value: 'MDX03', rule: 'R2' }],
    ['target-missing', { code: 'E_TARGET_MISSING', file: 'fixtures/invalid/target-missing/sections.csv', row: 30, value: 'QIJ02', rule: 'R2' }],
    // A missing month points at the quality folder, where the result belongs, and names the section.
    [
      'month-missing',
      { code: 'E_MONTH_MISSING', file: 'fixtures/invalid/month-missing/quality/', row: undefined, column: '断面编码', value: 'YLH02', rule: 'R4' },
    ],
    ['tail-missing', { code: 'E_TAIL_MISSING', file: 'fixtures/invalid/tail-missing/rivers.csv', row: 19, value: 'MXH', rule: 'R7' }],
    ['unknown-agreement', { code: 'E_REF_AGREEMENT', file: 'fixtures/invalid/unknown-agreement/signatures.csv', row: 35, value: 'PXH-2032-01', rule: 'R8' }],
    ['bad-encoding', { code: 'E_ENCODING', file: 'fixtures/invalid/bad-encoding/targets.csv', row: 2 }],
    [
      'class-disagrees',
      {
        code: 'E_CLASS_DISAGREES',
        file: 'fixtures/invalid/class-disagrees/quality/2025-监测中心.csv',
        row: 4,
        column: '水质类别',
        value: 'Ⅰ类',
        rule: 'R3 W2',
      },
    ],
    [
      'impossible-value',
      { code: 'E_PH_RANGE', file: 'fixtures/invalid/impossible-value/quality/2025-监测中心.csv', row: 6, column: 'pH', value: '15.2', rule: 'W1' },
    ],
  ];
  it.each(cases)('%s', async (name, expected) => {
    const errors = await errorsOf(`fixtures/invalid/${name}`);
    // A missing target also leaves the section that takes QIJ02 as its benchmark without one.
    expect(errors).toHaveLength(name === 'target-missing' ? 2 : 1);
    expect(errors[0]).toMatchObject(expected);
    expect(errors[0]!.message).toMatch(/[\u4e00-\u9fff]/);
  });
  it('the CLI exits 1 and still writes its report', async () => {
    const out = mkdtempSync(path.join(tmpdir(), 'ecocomp-val-'));
    expect(await main(['validate', '--year', '2025', '--data', 'fixtures/invalid/benchmark-tie', '--out', out, '--quiet'])).toBe(1);
    expect(readFileSync(path.join(out, 'validation.csv'), 'utf8')).toContain('E_BENCHMARK_TIE');
  });
  it('a missing target is reported for each section that needs it', async () => {
    const errors = await errorsOf('fixtures/invalid/target-missing');
    expect(errors[1]).toMatchObject({ code: 'E_TARGET_MISSING', row: 31, value: 'QIJ03' });
    expect(errors[1]!.message).toContain('QIJ02');
  });
  it('the class-disagrees message names the deciding items', async () => {
    const [e] = await errorsOf('fixtures/invalid/class-disagrees');
    expect(e!.message).toContain('Ⅲ类');
    expect(e!.message).toContain('高锰酸盐指数');
  });
});
