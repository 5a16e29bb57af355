import { describe, expect, it } from 'vitest';
import { checkDuplicateKeys, checkRecordStatus, checkSectionParties, checkStatedClass } from '../src/domain/recordChecks.js';
import { evaluateConcentrations } from '../src/domain/gb3838/index.js';
import { dataset, rec, section, target } from './helpers.js';

const col = (key: string) => ({ upstream_party: '上游主体', downstream_party: '下游主体' })[key] ?? key;

describe('rule decisions on each record as it is read', () => {
  it('R6: a compensation section needs two different parties; a plain section needs none', () => {
    expect(checkSectionParties(section('S1', '10', '市控', '江津区', '江津区'), col)).toEqual([
      { severity: 'error', code: 'E_PARTY_SAME', message: '上游主体与下游主体相同', file: 'test.csv', row: 2, column: '下游主体', value: '江津区', rule: 'R6' },
    ]);
    expect(checkSectionParties(section('S1', '10', '市控', '', '璧山区'), col).map((p) => [p.code, p.column])).toEqual([['E_PARTY_MISSING', '上游主体']]);
    expect(checkSectionParties(section('S1', '10', '市控'), col)).toEqual([]);
  });
  it('R3/R4: a 正常 record needs a class or concentrations; any other status drops its class and wants a note', () => {
    const where = { hasConcentrations: false, classColumn: '水质类别', classText: 'Ⅲ类', noteColumn: '备注' };
    expect(checkRecordStatus(rec('S1', '2025-03', undefined, '市级通报'), where).problems.map((p) => [p.code, p.rule])).toEqual([['E_CLASS_MISSING', 'R3']]);
    expect(checkRecordStatus(rec('S1', '2025-03', undefined, '市级通报'), { ...where, hasConcentrations: true }).problems).toEqual([]);
    const stopped = checkRecordStatus(rec('S1', '2025-03', 3, '市级通报', { status: '断流' }), where);
    expect(stopped.cls).toBeUndefined();
    expect(stopped.problems.map((p) => [p.code, p.column, p.value, p.message])).toEqual([
      ['W_STATUS_WITH_CLASS', '水质类别', 'Ⅲ类', '状态为断流却填写了水质类别，按断流处理'],
      ['W_STATUS_NO_NOTE', '备注', '', '状态为断流时应在备注中说明原因'],
    ]);
    expect(checkRecordStatus(rec('S1', '2025-03', 3, '市级通报'), where)).toEqual({ problems: [], cls: 3 });
  });
  it('duplicate keys: an error at the second occurrence naming the first', () => {
    const d = dataset({ targets: [target('S1', 3), { ...target('S1', 2), loc: { file: 'targets.csv', row: 7 } }] });
    expect(checkDuplicateKeys(d)).toEqual([
      {
        severity: 'error',
        code: 'E_DUPLICATE',
        message: '同一断面同一年度的考核目标重复（首次出现在 test.csv 第2行）',
        file: 'targets.csv',
        row: 7,
        column: '断面编码',
        value: 'S1 2025',
        rule: 'R2',
      },
    ]);
  });
  it('R3 W2: a stated class that disagrees with the concentrations names the deciding items as written', () => {
    const where = { loc: { file: 'quality/2025-03.csv', row: 7 }, column: '水质类别', value: 'Ⅱ' };
    const ev = evaluateConcentrations({ nh3n: '1.2', tp: '0.01L' }, 'river');
    expect(ev.cls).toBe(4);
    expect(checkStatedClass(2, ev, where)).toEqual({
      severity: 'error',
      code: 'E_CLASS_DISAGREES',
      message: '填报类别Ⅱ类与浓度不符：按 GB 3838-2002 单因子评价为Ⅳ类（定类项目：氨氮 1.20）',
      file: 'quality/2025-03.csv',
      row: 7,
      column: '水质类别',
      value: 'Ⅱ',
      rule: 'R3 W2',
    });
    expect(checkStatedClass(4, ev, where)).toBeUndefined();
    expect(checkStatedClass(undefined, ev, where)).toBeUndefined();
  });
});
