import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { dec, fmt, parseDecimal } from '../src/domain/soil/num.js';
import {
  expectedOnLine,
  progressPct,
  rateFromAreas,
  ratesAgree,
  reportedRateFromAreas,
  statusOf,
  weightedMean,
  type TargetPath,
} from '../src/domain/soil/rules.js';
import { computeSoilProgress } from '../src/domain/soil/compute.js';
import { CITY_INDICATORS, PLAN_AREAS, PLAN_TARGETS } from '../src/domain/soil/planData.js';
import { shippedAreas, shippedTargets } from '../src/domain/soil/shipped.js';

const path = (base: string, target: string, baseYear = 2020, targetYear = 2025): TargetPath => ({ baseYear, base: dec(base), targetYear, target: dec(target) });

describe('S1 rate from areas', () => {
  it('is (land − erosion) / land × 100, erosion counting every grade from 轻度 up', () => {
    // 涪陵区, 附表1: 总面积 2941, 水土流失合计 1155.85 → 60.70 as printed.
    expect(fmt(rateFromAreas(dec('2941'), dec('1155.85')), 4)).toBe('60.6987');
    expect(reportedRateFromAreas(dec('2941'), dec('1155.85')).toString()).toBe('60.7');
    expect(reportedRateFromAreas(dec('23'), dec('0')).toString()).toBe('100');
  });

  it('reproduces 附表1 微度占比 for every district from its areas', () => {
    for (const a of PLAN_AREAS) {
      const r = reportedRateFromAreas(dec(a.totalKm2), dec(a.erosionKm2));
      const slight = dec(a.slightKm2).dividedBy(dec(a.totalKm2)).times(100);
      expect(r.minus(slight).abs().lte(dec('0.01')), a.district).toBe(true);
    }
  });

  it('checks a given rate against the areas to 0.01 percentage points', () => {
    expect(ratesAgree(dec('60.70'), dec('2941'), dec('1155.85'))).toBe(true); // off by 0.0012
    expect(ratesAgree(dec('60.69'), dec('2941'), dec('1155.85'))).toBe(true); // off by 0.0088
    expect(ratesAgree(dec('60.71'), dec('2941'), dec('1155.85'))).toBe(false); // off by 0.0112
  });

  it('reads numbers as clerks write them, and nothing else', () => {
    expect(parseDecimal('７２.５')?.toString()).toBe('72.5');
    expect(parseDecimal('72.5%')?.toString()).toBe('72.5');
    expect(parseDecimal('1,234.5')?.toString()).toBe('1234.5');
    expect(parseDecimal('七十')).toBeUndefined();
    expect(parseDecimal('1,23')).toBeUndefined();
  });
});

describe('S2 progress', () => {
  it('is the share of the way from base to target', () => {
    expect(fmt(progressPct(path('60.7', '63.5'), dec('62.1')), 1)).toBe('50.0');
    expect(progressPct(path('60.7', '63.5'), dec('60.7')).toString()).toBe('0');
    expect(progressPct(path('60.7', '63.5'), dec('63.5')).toString()).toBe('100');
  });
  it('goes past 100 past the target and below 0 below the base', () => {
    expect(fmt(progressPct(path('60.7', '63.5'), dec('64.9')), 1)).toBe('150.0');
    expect(fmt(progressPct(path('60.7', '63.5'), dec('59.3')), 1)).toBe('-50.0');
  });
  it('where target = base: 100% when actual ≥ target, else 0', () => {
    expect(progressPct(path('100', '100'), dec('100')).toString()).toBe('100');
    expect(progressPct(path('100', '100'), dec('99.5')).toString()).toBe('0');
  });
});

describe('S3 status on the straight line', () => {
  // 涪陵区: 60.7 (2020) → 63.5 (2025); the line gains 0.56 a year.
  const p = path('60.7', '63.5');
  it('draws the line from (base year, base) to (target year, target)', () => {
    expect(expectedOnLine(p, 2020).toString()).toBe('60.7');
    expect(expectedOnLine(p, 2023).toString()).toBe('62.38');
    expect(expectedOnLine(p, 2025).toString()).toBe('63.5');
    expect(expectedOnLine(p, 2027).toString()).toBe('63.5');
  });
  it('已达标 at or above the target, even after a fall', () => {
    expect(statusOf(p, 2023, dec('63.5'))).toBe('已达标');
    expect(statusOf(p, 2025, dec('63.6'), dec('64'))).toBe('已达标');
  });
  it('进度正常 on or above the line', () => {
    expect(statusOf(p, 2023, dec('62.38'))).toBe('进度正常');
    expect(statusOf(p, 2023, dec('62.5'), dec('62.0'))).toBe('进度正常');
  });
  it('滞后 below the line', () => {
    expect(statusOf(p, 2023, dec('62.37'))).toBe('滞后');
    expect(statusOf(p, 2025, dec('63.49'), dec('63'))).toBe('滞后');
  });
  it('倒退 below the base or below the previous reported year', () => {
    expect(statusOf(p, 2021, dec('60.69'))).toBe('倒退');
    expect(statusOf(p, 2023, dec('62.4'), dec('62.41'))).toBe('倒退');
  });
  it('a district at 100 with target 100 is met, anything lower goes backwards', () => {
    const full = path('100', '100');
    expect(statusOf(full, 2022, dec('100'))).toBe('已达标');
    expect(statusOf(full, 2022, dec('99.9'))).toBe('倒退');
  });
  it('every value gets exactly one status, consistent with the line', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 5000, max: 9000 }),
        fc.integer({ min: 0, max: 800 }),
        fc.integer({ min: 2021, max: 2025 }),
        fc.integer({ min: 4000, max: 10000 }),
        (b, gain, year, a) => {
          const q: TargetPath = { baseYear: 2020, base: dec(String(b / 100)), targetYear: 2025, target: dec(String((b + gain) / 100)) };
          const actual = dec(String(a / 100));
          const s = statusOf(q, year, actual);
          if (actual.gte(q.target)) return s === '已达标';
          if (actual.lt(q.base)) return s === '倒退';
          return s === (actual.gte(expectedOnLine(q, year)) ? '进度正常' : '滞后');
        },
      ),
    );
  });
});

describe('S4 area weighting', () => {
  it('is Σ(rate × area) / Σ area, not the plain mean', () => {
    const m = weightedMean([
      { value: dec('100'), weight: dec('23') }, // 渝中区
      { value: dec('54.21'), weight: dec('3964') }, // 开州区
    ]);
    expect(fmt(m!, 4)).toBe('54.4742');
    expect(weightedMean([])).toBeUndefined();
  });

  it('reproduces the plan’s published city figures from the shipped district rows (69.48 → 72.23)', () => {
    const r = computeSoilProgress({ year: 2025, targets: shippedTargets(), areas: shippedAreas(), assessments: [], indicators: CITY_INDICATORS });
    expect(fmt(r.city.path.base, 2)).toBe('69.48');
    expect(fmt(r.city.path.target, 2)).toBe('72.23');
    expect(r.city.areaKm2.toString()).toBe('82370');
    // 专栏1 prints the same city figures rounded to one decimal: 69.5 → 72.2.
    const binding = CITY_INDICATORS.find((i) => i.attribute === '约束性')!;
    expect(fmt(r.city.path.base, 1)).toBe(binding.base);
    expect(fmt(r.city.path.target, 1)).toBe(binding.target);
    // The plan publishes no regional averages; these are computed the same way and must sum back to the city.
    expect(r.regions.map((a) => [a.name, a.districtCount, fmt(a.path.base, 2), fmt(a.path.target, 2)])).toEqual([
      ['主城都市区', 22, '74.65', '77.34'],
      ['渝东北三峡库区城镇群', 11, '63.58', '66.52'],
      ['渝东南武陵山区城镇群', 6, '72.07', '74.62'],
    ]);
    const back = weightedMean(r.regions.map((a) => ({ value: a.path.target, weight: a.areaKm2 })))!;
    expect(back.eq(r.city.path.target)).toBe(true);
  });

  it('ships 附表2 and 附表1 exactly as printed, 39 rows each', () => {
    expect(PLAN_TARGETS).toHaveLength(39);
    expect(PLAN_AREAS).toHaveLength(39);
    expect(PLAN_TARGETS.find((t) => t.no === 16)).toMatchObject({ district: '綦江区', base2020: '78.66', target2025: '81.50' });
    expect(PLAN_TARGETS.find((t) => t.no === 27)?.district).toBe('丰都区');
    expect(PLAN_TARGETS.find((t) => t.no === 28)?.district).toBe('垫江区');
    expect(PLAN_AREAS.find((a) => a.no === 36)?.district).toBe('石柱县');
  });
});
