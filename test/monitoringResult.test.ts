import { describe, expect, it } from 'vitest';
import { chooseRecord } from '../src/domain/monitoringResult.js';
import { rec, section } from './helpers.js';

describe('R3 which monitoring result counts', () => {
  const national = section('G', '10', '国控', '甲', '乙');
  const local = section('N', '20', '非考核', '甲', '乙');

  it('assessment sections count only notified results; 国家通报 before 市级通报', () => {
    const r = chooseRecord(national, [rec('G', '2025-01', 3, '市级通报'), rec('G', '2025-01', 3, '国家通报')]);
    expect(r.chosen?.source).toBe('国家通报');
    expect(r.problems).toEqual([]);
  });
  it('a record from a source the section may not use is a warning and never counts', () => {
    const r = chooseRecord(national, [rec('G', '2025-01', 2, '监测中心')]);
    expect(r.chosen).toBeUndefined();
    expect(r.problems[0]).toMatchObject({ code: 'W_SOURCE_NOT_ALLOWED', severity: 'warning', rule: 'R3' });
    const l = chooseRecord(local, [rec('N', '2025-01', 2, '国家通报'), rec('N', '2025-01', 3, '联合监测')]);
    expect(l.chosen?.source).toBe('联合监测');
    expect(l.problems.map((p) => p.code)).toEqual(['W_SOURCE_NOT_ALLOWED']);
  });
  it('non-assessment sections: 监测中心 before 联合监测; a disagreeing record is a warning, not dropped silently', () => {
    const r = chooseRecord(local, [rec('N', '2025-01', 4, '联合监测'), rec('N', '2025-01', 3, '监测中心')]);
    expect(r.chosen?.source).toBe('监测中心');
    expect(r.chosen?.cls).toBe(3);
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]).toMatchObject({ code: 'W_RECORD_CONFLICT', severity: 'warning', value: 'Ⅳ类' });
  });
  it('a status record (断流) can be chosen and conflicts are reported', () => {
    const r = chooseRecord(local, [rec('N', '2025-08', undefined, '监测中心', { status: '断流', note: '干旱' }), rec('N', '2025-08', 3, '联合监测')]);
    expect(r.chosen?.status).toBe('断流');
    expect(r.problems[0]?.code).toBe('W_RECORD_CONFLICT');
  });
  it('no record at all: nothing chosen (R4 gap is reported by the caller)', () => {
    expect(chooseRecord(local, []).chosen).toBeUndefined();
  });
});
