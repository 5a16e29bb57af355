import { describe, expect, it } from 'vitest';
import { AgreementIndex, inForce } from '../src/domain/agreements.js';
import { threeYearsLater } from '../src/domain/calendar.js';
import { agreement, sig } from './helpers.js';

describe('R8 agreements in force', () => {
  it('is in force for a month when its period overlaps any day of it (Reading)', () => {
    const a = agreement('A', '2022-07-01', '2025-06-30');
    expect(inForce(a, '2025-06')).toBe(true);
    expect(inForce(a, '2025-07')).toBe(false);
    expect(inForce(a, '2022-07')).toBe(true);
    expect(inForce(a, '2022-06')).toBe(false);
    const midMonth = agreement('B', '2025-08-20', '2028-08-19');
    expect(inForce(midMonth, '2025-08')).toBe(true);
  });
  it('expired and renewed late: the gap month has no cover; retroactive months are covered', () => {
    const old = agreement('OLD', '2022-07-01', '2025-06-30');
    const renewal = agreement('NEW', '2025-08-01', '2028-07-31');
    const ix = new AgreementIndex([old, renewal], [sig('OLD', '永川区', '2022-06-20'), sig('NEW', '永川区', '2025-09-20')]);
    expect(ix.covering('R', '永川区', '2025-06')?.id).toBe('OLD');
    expect(ix.covering('R', '永川区', '2025-07')).toBeUndefined();
    // Signed in September, in force from August: August is covered retroactively.
    expect(ix.covering('R', '永川区', '2025-08')?.id).toBe('NEW');
  });
  it('a section-month is settled only if every district party signed the same agreement in force', () => {
    const a = agreement('A', '2023-01-01', '2025-12-31');
    const ix = new AgreementIndex([a], [sig('A', '垫江县')]);
    expect(ix.governing('R', ['市级财政', '垫江县'], '2025-03')?.id).toBe('A');
    expect(ix.governing('R', ['垫江县', '长寿区'], '2025-03')).toBeUndefined();
  });
  it('where two agreements overlap a month, the newer one governs', () => {
    const old = agreement('OLD', '2022-07-01', '2025-07-15');
    const renewal = agreement('NEW', '2025-07-16', '2028-07-15');
    const ix = new AgreementIndex([old, renewal], [sig('OLD', '甲'), sig('NEW', '甲'), sig('OLD', '乙'), sig('NEW', '乙')]);
    expect(ix.governing('R', ['甲', '乙'], '2025-07')?.id).toBe('NEW');
  });
  it('three years: 2023-01-01 runs at least to 2025-12-31', () => {
    expect(threeYearsLater('2023-01-01')).toBe('2025-12-31');
    expect(threeYearsLater('2024-03-01')).toBe('2027-02-28');
  });
});
