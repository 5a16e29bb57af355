import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { WaterClass } from '../src/domain/classes.js';
import {
  CONCENTRATION_COLUMNS,
  QualityAggregator,
  SampleAccumulator,
  averageSamples,
  evaluateConcentrations,
  exceedance,
  itemClass,
  meanHalfEven,
  Conc,
  waterStatus,
  type ItemKey,
} from '../src/domain/gb3838/index.js';
import { matchHeaders } from '../src/io/headers.js';

/**
 * GB 3838-2002 表1 typed out again from gb3838.md W1 (not imported from the module under test),
 * with the W3 decimals.
 */
const W1: [ItemKey, string[], number][] = [
  ['codmn', ['2', '4', '6', '10', '15'], 1],
  ['cod', ['15', '15', '20', '30', '40'], 1],
  ['bod5', ['3', '3', '4', '6', '10'], 1],
  ['nh3n', ['0.15', '0.5', '1.0', '1.5', '2.0'], 2],
  ['tp', ['0.02', '0.1', '0.2', '0.3', '0.4'], 3],
  ['cu', ['0.01', '1.0', '1.0', '1.0', '1.0'], 3],
  ['zn', ['0.05', '1.0', '1.0', '2.0', '2.0'], 3],
  ['f', ['1.0', '1.0', '1.0', '1.5', '1.5'], 3],
  ['se', ['0.01', '0.01', '0.01', '0.02', '0.02'], 4],
  ['as', ['0.05', '0.05', '0.05', '0.1', '0.1'], 4],
  ['hg', ['0.00005', '0.00005', '0.0001', '0.001', '0.001'], 5],
  ['cd', ['0.001', '0.005', '0.005', '0.005', '0.01'], 5],
  ['cr6', ['0.01', '0.05', '0.05', '0.05', '0.1'], 3],
  ['pb', ['0.01', '0.01', '0.05', '0.05', '0.1'], 3],
  ['cn', ['0.005', '0.05', '0.2', '0.2', '0.2'], 3],
  ['phenol', ['0.002', '0.002', '0.005', '0.01', '0.1'], 4],
  ['oil', ['0.05', '0.05', '0.05', '0.5', '1.0'], 2],
  ['las', ['0.2', '0.2', '0.2', '0.3', '0.3'], 2],
  ['sulfide', ['0.05', '0.1', '0.2', '0.5', '1.0'], 3],
];
const DO_LIMITS = ['7.5', '6', '5', '3', '2'];
const LAKE_TP = ['0.01', '0.025', '0.05', '0.1', '0.2'];

/** Expected class of a value under "≤ limit": the best class whose limit it meets, else 劣Ⅴ. */
function expectedMax(limits: string[], value: string): WaterClass {
  const v = Number(value); // the test table's values are few-digit decimals, exact enough to compare here
  for (let c = 0; c < 5; c++) if (v <= Number(limits[c])) return (c + 1) as WaterClass;
  return 6;
}

/** `value` plus one unit in the `decimals`-th place, as text (no float arithmetic). */
function plusStep(value: string, decimals: number): string {
  return new Conc(value).plus(new Conc(10).pow(-decimals)).toFixed(decimals);
}

const one = (item: ItemKey, value: string, waterbody: 'river' | 'lake' = 'river') => evaluateConcentrations({ [item]: value }, waterbody);

describe('W1/W2 every item at and just beyond every limit', () => {
  for (const [item, limits, decimals] of W1) {
    limits.forEach((limit, i) => {
      const atClass = expectedMax(limits, limit);
      it(`${item} = ${limit} (Ⅰ…Ⅴ limit ${i + 1}) → class ${atClass}`, () => {
        expect(itemClass(item, limit, 'river')).toBe(atClass);
        expect(one(item, limit).cls).toBe(atClass);
      });
      const beyond = plusStep(limit, decimals);
      const beyondClass = expectedMax(limits, beyond);
      it(`${item} = ${beyond} (just beyond limit ${i + 1}) → class ${beyondClass}`, () => {
        expect(beyondClass).toBeGreaterThan(i + 1);
        expect(itemClass(item, beyond, 'river')).toBe(beyondClass);
        expect(one(item, beyond).cls).toBe(beyondClass);
        // Beyond by far less than the rounding step is still beyond for the raw comparison.
        expect(itemClass(item, new Conc(limit).plus('0.0000001'), 'river')).toBe(beyondClass);
      });
    });
  }

  DO_LIMITS.forEach((limit, i) => {
    it(`溶解氧 = ${limit} → ${i + 1}; just below → ${i + 2}`, () => {
      expect(itemClass('do', limit, 'river')).toBe(i + 1);
      expect(one('do', limit).cls).toBe(i + 1);
      const below = new Conc(limit).minus('0.1').toFixed(1);
      expect(itemClass('do', below, 'river')).toBe(i + 2);
      expect(one('do', below).cls).toBe(i + 2);
    });
  });

  it('equal limits give the better class', () => {
    expect(one('cod', '15').cls).toBe(1);
    expect(one('cod', '15.0').cls).toBe(1);
    expect(one('cod', '15.1').cls).toBe(3);
    expect(one('cu', '1.0').cls).toBe(2);
    expect(one('se', '0.01').cls).toBe(1);
    expect(one('cn', '0.2').cls).toBe(3);
    expect(one('bod5', '3').cls).toBe(1);
  });
});

describe('pH', () => {
  it('6 and 9 are within 6–9; 5.9 and 9.1 are 劣Ⅴ before rounding', () => {
    expect(itemClass('ph', '6', 'river')).toBe(1);
    expect(itemClass('ph', '9', 'river')).toBe(1);
    expect(itemClass('ph', '5.9', 'river')).toBe(6);
    expect(itemClass('ph', '9.1', 'river')).toBe(6);
  });

  it('is rounded half to even to 0 decimals before comparing (W3)', () => {
    const v = (t: string) => one('ph', t).items[0]!;
    expect(v('5.9')).toMatchObject({ value: '6', cls: 1 });
    expect(v('9.1')).toMatchObject({ value: '9', cls: 1 });
    expect(v('5.4')).toMatchObject({ value: '5', cls: 6 });
    expect(v('5.5')).toMatchObject({ value: '6', cls: 1 });
    expect(v('8.5')).toMatchObject({ value: '8', cls: 1 });
    expect(v('9.5')).toMatchObject({ value: '10', cls: 6 });
    expect(v('6.5')).toMatchObject({ value: '6', cls: 1 });
  });

  it('averages through the hydrogen-ion concentration', () => {
    // mean [H+] = (1e-5 + 1e-9) / 2 → pH 5.30 → 5 → 劣Ⅴ; the arithmetic mean 7 would be Ⅰ.
    const r = averageSamples([{ ph: '5.0' }, { ph: '9.0' }], 'river');
    expect(r.items[0]).toMatchObject({ value: '5', cls: 6, samples: 2 });
    // (1e-6 + 1e-8)/2 → 6.297 → 6
    expect(averageSamples([{ ph: '6' }, { ph: '8' }], 'river').items[0]!.value).toBe('6');
    // 6.2 … 8.4 → 6.89 → 7 (arithmetic mean 7.57 would round to 8)
    expect(
      averageSamples(
        ['6.2', '7.0', '7.6', '8.0', '8.2', '8.4'].map((ph) => ({ ph })),
        'river',
      ).items[0]!.value,
    ).toBe('7');
    // identical values average to themselves exactly, including the half case
    expect(averageSamples([{ ph: '7.5' }, { ph: '7.50' }, { ph: '7.5' }], 'river').items[0]!.value).toBe('8');
  });

  it('is impossible outside 0–14 and has no detection limit', () => {
    expect(one('ph', '14.2').issues[0]).toMatchObject({ code: 'E_PH_RANGE', severity: 'error', item: 'ph' });
    expect(one('ph', '14.2').cls).toBeUndefined();
    expect(one('ph', '<6').issues[0]!.code).toBe('E_CONC_ND_NOT_ALLOWED');
    expect(one('ph', '0').cls).toBe(6);
    expect(one('ph', '14').cls).toBe(6);
  });
});

describe('lake and reservoir total phosphorus', () => {
  LAKE_TP.forEach((limit, i) => {
    it(`湖库总磷 ${limit} → ${i + 1}, ${plusStep(limit, 3)} → worse`, () => {
      expect(one('tp', limit, 'lake').cls).toBe(i + 1);
      expect(one('tp', plusStep(limit, 3), 'lake').cls).toBe(i + 2);
    });
  });
  it('the same value differs between river and lake', () => {
    expect(one('tp', '0.05', 'river').cls).toBe(2);
    expect(one('tp', '0.05', 'lake').cls).toBe(3);
    expect(one('tp', '0.21', 'river').cls).toBe(4);
    expect(one('tp', '0.21', 'lake').cls).toBe(6);
    expect(one('tp', '0.21', 'lake').items[0]!.exceed).toBe('3.20');
  });
});

describe('below the detection limit (W3)', () => {
  it('counts as half the limit, both spellings', () => {
    expect(one('nh3n', '<0.05').items[0]).toMatchObject({ value: '0.02', cls: 1, nonDetects: 1 }); // 0.025 → 0.02 (half to even)
    expect(one('nh3n', '0.05L').items[0]).toMatchObject({ value: '0.02', cls: 1 });
    expect(one('nh3n', '0.07l').items[0]).toMatchObject({ value: '0.04' }); // 0.035 → 0.04
    expect(one('tp', '＜0.01').items[0]).toMatchObject({ value: '0.005', cls: 1 });
    expect(one('nh3n', '<0.05').issues).toEqual([]);
  });

  it('a detection limit above the Ⅲ limit is a warning, and the half limit still classes', () => {
    const r = one('hg', '<0.0004');
    expect(r.issues).toHaveLength(1);
    expect(r.issues[0]).toMatchObject({ severity: 'warning', code: 'W_DL_ABOVE_III', rule: 'W3', item: 'hg' });
    expect(r.items[0]).toMatchObject({ value: '0.00020', cls: 4 });
    expect(r.cls).toBe(4);
    expect(one('hg', '<0.0001').issues).toHaveLength(0); // DL equal to the Ⅲ limit: no warning
    expect(one('hg', '<0.0002').issues[0]!.code).toBe('W_DL_ABOVE_III');
  });

  it('mixes with measured values in a mean', () => {
    // (0.025 + 0.20 + 0.30) / 3 = 0.175 → 0.18 (half to even: 7 is odd → up)
    const r = averageSamples([{ nh3n: '0.05L' }, { nh3n: '0.20' }, { nh3n: '0.30' }], 'river');
    expect(r.items[0]).toMatchObject({ value: '0.18', samples: 3, nonDetects: 1, cls: 2 });
  });
});

describe('exact decimals and half-to-even rounding (W3)', () => {
  it('a mean of 0.2 and 0.4 total phosphorus is exactly 0.3 → Ⅳ in a river', () => {
    expect((0.2 + 0.4) / 2 > 0.3).toBe(true); // binary floating point would say Ⅴ
    const r = averageSamples([{ tp: '0.2' }, { tp: '0.4' }], 'river');
    expect(r.items[0]).toMatchObject({ value: '0.300', cls: 4, exceed: '0.50' });
    expect(r.cls).toBe(4);
  });

  it('0.1 + 0.2 (three samples) stays exact', () => {
    const r = averageSamples([{ tp: '0.1' }, { tp: '0.2' }, { tp: '0.3' }], 'river');
    expect(r.items[0]).toMatchObject({ value: '0.200', cls: 3 });
  });

  it('NH3-N 1.005 → 1.00 → Ⅲ; 1.015 → 1.02 → Ⅳ', () => {
    expect(one('nh3n', '1.005').items[0]).toMatchObject({ value: '1.00', cls: 3 });
    expect(one('nh3n', '1.015').items[0]).toMatchObject({ value: '1.02', cls: 4 });
    expect(one('nh3n', '1.0051').items[0]).toMatchObject({ value: '1.01', cls: 4 });
    // a mean that lands on the half: (1.00 + 1.01) / 2 = 1.005 → 1.00
    expect(averageSamples([{ nh3n: '1.00' }, { nh3n: '1.01' }], 'river').items[0]).toMatchObject({ value: '1.00', cls: 3 });
    expect(averageSamples([{ nh3n: '1.01' }, { nh3n: '1.02' }], 'river').items[0]).toMatchObject({ value: '1.02', cls: 4 });
  });

  it('DO 4.95 → 5.0 (half to even rounds up 9) → Ⅲ; 4.94 → 4.9 → Ⅳ', () => {
    expect(one('do', '4.95').items[0]).toMatchObject({ value: '5.0', cls: 3 });
    expect(one('do', '4.94').items[0]).toMatchObject({ value: '4.9', cls: 4 });
    expect(one('do', '4.85').items[0]).toMatchObject({ value: '4.8', cls: 4 });
  });

  it('W3: an accumulator that absorbs another gives what one accumulator gives for all the samples (property)', () => {
    const value = fc.oneof(
      fc.tuple(fc.integer({ min: 0, max: 99999 }), fc.integer({ min: 0, max: 6 })).map(([m, d]) => {
        const t = String(m).padStart(d + 1, '0');
        return d ? `${t.slice(0, -d)}.${t.slice(-d)}` : t;
      }),
      fc.constantFrom('0.02L', '<0.05', '1.5e-1', ' 7.5 ', '9.999999', ''),
    );
    const ph = fc.tuple(fc.integer({ min: 0, max: 1400 }), fc.integer({ min: 0, max: 3 })).map(([m, d]) => (m / 100).toFixed(d));
    const sample = fc.record({ ph, codmn: value, nh3n: value, tp: value });
    fc.assert(
      fc.property(fc.array(sample, { minLength: 1, maxLength: 30 }), fc.nat(), (samples, at) => {
        const cut = at % (samples.length + 1);
        const whole = new SampleAccumulator('river');
        const first = new SampleAccumulator('river');
        const second = new SampleAccumulator('river');
        samples.forEach((smp, i) => {
          for (const [k, v] of Object.entries(smp)) {
            whole.add(k as ItemKey, v.trim());
            (i < cut ? first : second).add(k as ItemKey, v.trim());
          }
        });
        first.absorb(second.snapshot());
        expect(first.result()).toEqual(whole.result());
      }),
      { numRuns: 300 },
    );
  });

  it('meanHalfEven is exact for non-terminating means', () => {
    expect(meanHalfEven(new Conc('3.015'), 3, 2).toFixed(2)).toBe('1.00'); // 1.005 → 1.00
    expect(meanHalfEven(new Conc('3.01'), 3, 2).toFixed(2)).toBe('1.00'); // 1.00333…
    expect(meanHalfEven(new Conc('2.005'), 3, 3).toFixed(3)).toBe('0.668'); // 0.668333…
    expect(meanHalfEven(new Conc('0.05'), 2, 2).toFixed(2)).toBe('0.02');
    expect(meanHalfEven(new Conc('0.07'), 2, 2).toFixed(2)).toBe('0.04');
  });

  it.each([
    ['codmn', 1],
    ['tp', 3],
  ] as const)('W3: the fast integer path and decimal.js agree on any samples (property, %s to %i decimals)', (item, D) => {
    const value = fc.tuple(fc.integer({ min: 0, max: 99999 }), fc.integer({ min: 0, max: 5 })).map(([m, d]) => {
      const s = String(m).padStart(d + 1, '0');
      return d ? `${s.slice(0, -d)}.${s.slice(-d)}` : s;
    });
    fc.assert(
      fc.property(fc.array(value, { minLength: 1, maxLength: 40 }), (values) => {
        const acc = new SampleAccumulator('river');
        for (const v of values) acc.add(item, v);
        // the same values written so that only decimal.js can read them
        const slow = new SampleAccumulator('river');
        for (const v of values) slow.add(item, ` ${v}e0 `);
        // independent: BigInt sum at 5 decimals, mean rounded half to even to D decimals
        const units = values.reduce((t, v) => {
          const [i, f = ''] = v.split('.');
          return t + BigInt(i! + f.padEnd(5, '0'));
        }, 0n);
        const n = BigInt(values.length);
        const per = n * 10n ** BigInt(5 - D);
        const q = units / per;
        const r = units - q * per;
        const twice = 2n * r;
        const up = twice > per || (twice === per && q % 2n === 1n);
        const scaled = (q + (up ? 1n : 0n)).toString().padStart(D + 1, '0');
        const expected = `${scaled.slice(0, -D)}.${scaled.slice(-D)}`;
        expect(acc.result().items[0]!.value).toBe(expected);
        expect(slow.result().items[0]!.value).toBe(expected);
      }),
      { numRuns: 300 },
    );
  });
});

describe('W4: 水质状况, 超标倍数, 主要污染指标', () => {
  it('水质状况', () => {
    expect([1, 2, 3, 4, 5, 6].map((c) => waterStatus(c as WaterClass))).toEqual(['优', '优', '良好', '轻度污染', '中度污染', '重度污染']);
    expect(one('nh3n', '2.65')).toMatchObject({ cls: 6, status: '重度污染' });
  });

  it('超标倍数 to two decimals (half to even), none for pH, DO, or within Ⅲ', () => {
    expect(one('nh3n', '2.30').items[0]!.exceed).toBe('1.30');
    expect(one('codmn', '7.9').items[0]!.exceed).toBe('0.32');
    expect(one('bod5', '4.9').items[0]!.exceed).toBe('0.22'); // 0.225 → 0.22
    expect(one('bod5', '4.3').items[0]!.exceed).toBe('0.08'); // 0.075 → 0.08
    expect(one('nh3n', '1.0').items[0]!.exceed).toBeUndefined();
    expect(one('do', '2.5').items[0]!.exceed).toBeUndefined();
    expect(one('ph', '4').items[0]!.exceed).toBeUndefined();
    expect(exceedance('hg', '0.00012', 'river')).toBe('0.20');
    expect(one('nh3n', '2.30').mainPollutants).toBe('氨氮(1.30)');
  });

  it('worst class first, then the larger 超标倍数, at most three', () => {
    const r = evaluateConcentrations({ do: '3.8', codmn: '7.9', cod: '32', bod5: '6.4', nh3n: '2.65', tp: '0.36' }, 'river');
    expect(r.cls).toBe(6);
    expect(r.deciding).toEqual(['nh3n']);
    expect(r.mainPollutants).toBe('氨氮(1.65)、总磷(0.80)、化学需氧量(0.60)');
  });

  it('cyanide and heavy metals exceeding Ⅲ come first', () => {
    const r = evaluateConcentrations({ nh3n: '2.65', tp: '0.36', pb: '0.06', cn: '0.25', cod: '45' }, 'river');
    // Pb 0.06 Ⅳ (0.20), CN 0.25 劣Ⅴ (0.25) lead; then NH3-N 劣Ⅴ (1.65)
    expect(r.mainPollutants).toBe('氰化物(0.25)、铅(0.20)、氨氮(1.65)');
    const hg = evaluateConcentrations({ nh3n: '1.82', tp: '0.31', hg: '0.00012', oil: '0.08' }, 'river');
    expect(hg.mainPollutants).toBe('汞(0.20)、氨氮(0.82)、总磷(0.55)');
    expect(hg.deciding).toEqual(['nh3n', 'tp']);
  });

  it('ties: equal 超标倍数 in table order; DO without a ratio after items with one', () => {
    const r = evaluateConcentrations({ do: '5.4', codmn: '6.3', cod: '23', bod5: '4.2', nh3n: '1.015', tp: '0.23' }, 'river');
    expect(r.mainPollutants).toBe('化学需氧量(0.15)、总磷(0.15)、高锰酸盐指数(0.05)');
    const d = evaluateConcentrations({ do: '3.5', nh3n: '1.2' }, 'river');
    expect(d.mainPollutants).toBe('氨氮(0.20)、溶解氧');
  });

  it('no main pollutants at Ⅲ or better', () => {
    expect(evaluateConcentrations({ nh3n: '0.9', tp: '0.18' }, 'river')).toMatchObject({ cls: 3, status: '良好', mainPollutants: '' });
  });
});

describe('evaluateConcentrations: one row', () => {
  it('classes by the worst item and names the deciding items', () => {
    const r = evaluateConcentrations({ ph: '7.8', do: '8.1', codmn: '2.6', cod: '15', nh3n: '0.32', tp: '0.08' }, 'river');
    expect(r).toMatchObject({ cls: 2, status: '优', deciding: ['codmn', 'nh3n', 'tp'], mainPollutants: '' });
    expect(r.items.map((i) => i.item)).toEqual(['ph', 'do', 'codmn', 'cod', 'nh3n', 'tp']);
  });

  it('reference items are reported, never counted', () => {
    const r = evaluateConcentrations({ nh3n: '0.1', tn: '5.0', temp: '25.3', fcoli: '90000' }, 'river');
    expect(r.cls).toBe(1);
    expect(r.items.find((i) => i.item === 'tn')).toMatchObject({ value: '5.00', cls: undefined, reference: true });
    expect(r.items.find((i) => i.item === 'fcoli')).toMatchObject({ value: '90000', reference: true });
    expect(evaluateConcentrations({ tn: '5.0' }, 'river').cls).toBeUndefined();
  });

  it('blank, "/" and "—" are not measured; a row with no item has no class and no issue', () => {
    expect(evaluateConcentrations({ nh3n: '', tp: '/', cod: '—' }, 'river')).toMatchObject({ cls: undefined, items: [], issues: [], status: '' });
  });

  it('impossible values are errors and leave the row without a class', () => {
    const cases: [ItemKey, string, string][] = [
      ['nh3n', '-0.1', 'E_CONC_NEGATIVE'],
      ['do', '25', 'E_DO_IMPOSSIBLE'],
      ['ph', '-1', 'E_CONC_NEGATIVE'],
      ['ph', '15', 'E_PH_RANGE'],
      ['tp', 'abc', 'E_CONC_NOT_NUMBER'],
      ['tp', '未检出', 'E_CONC_ND_NO_LIMIT'],
      ['tp', '<0', 'E_CONC_ND_ZERO'],
      ['temp', '80', 'E_TEMP_RANGE'],
    ];
    for (const [item, value, code] of cases) {
      const r = evaluateConcentrations({ [item]: value, cod: '10' }, 'river');
      expect(r.issues, `${item} ${value}`).toEqual([expect.objectContaining({ item, code, severity: 'error', value })]);
      expect(r.cls).toBeUndefined();
      expect(r.issues[0]!.message).toMatch(/[\u4e00-\u9fff]/);
    }
    expect(evaluateConcentrations({ do: '19.9' }, 'river').cls).toBe(1);
    expect(evaluateConcentrations({ do: '20' }, 'river').issues).toEqual([]);
  });

  it('accepts Excel scientific notation and full-width digits', () => {
    expect(one('hg', '5E-05').items[0]).toMatchObject({ value: '0.00005', cls: 1 });
    expect(one('nh3n', '０.５').items[0]).toMatchObject({ value: '0.50', cls: 2 });
  });

  it('averageSamples says which sample an issue came from', () => {
    const r = averageSamples([{ nh3n: '0.5' }, { nh3n: 'x' }], 'river');
    expect(r.issues).toEqual([expect.objectContaining({ sample: 1, code: 'E_CONC_NOT_NUMBER' })]);
  });
});

describe('CONCENTRATION_COLUMNS', () => {
  it('match headers with units, aliases and full-width brackets', () => {
    const headers = [
      'pH值',
      '溶解氧（mg/L）',
      '高锰酸盐指数 (mg/L)',
      'COD',
      'BOD5',
      '氨氮(mg/L)',
      '总磷（以P计）',
      'Cu',
      '锌',
      'F',
      'Se',
      'As',
      'Hg',
      'Cd',
      'Cr6+',
      'Pb',
      '氰化物',
      '挥发酚',
      '石油类',
      'LAS',
      '硫化物',
      '水温(℃)',
      'TN',
      '粪大肠菌群(个/L)',
    ];
    const m = matchHeaders(headers, CONCENTRATION_COLUMNS);
    expect(m.duplicate).toEqual([]);
    expect([...m.index.keys()]).toEqual([
      'ph',
      'do',
      'codmn',
      'cod',
      'bod5',
      'nh3n',
      'tp',
      'cu',
      'zn',
      'f',
      'se',
      'as',
      'hg',
      'cd',
      'cr6',
      'pb',
      'cn',
      'phenol',
      'oil',
      'las',
      'sulfide',
      'temp',
      'tn',
      'fcoli',
    ]);
  });
});

describe('QualityAggregator: 月份 and 采样日期 (W3 groups samples by month)', () => {
  const row = (n: number, cells: Record<string, string>) => ({
    row: n,
    get: (k: string) => cells[k] ?? '',
    has: (k: string) => k in cells || ['section_id', 'month', 'sample_date', 'nh3n'].includes(k),
  });
  it('a mid-month date is not a 月份, but is a 采样日期; each column is read its own way', () => {
    const agg = new QualityAggregator('river');
    expect(agg.beginFile('q.csv', (k) => ['section_id', 'month', 'sample_date', 'nh3n'].includes(k))).toBe(true);
    agg.addRow(row(2, { section_id: 'A', month: '2025-03-15', nh3n: '0.50' }));
    agg.addRow(row(3, { section_id: 'A', sample_date: '2025-03-15', nh3n: '0.70' }));
    agg.addRow(row(4, { section_id: 'A', month: '2025-03', nh3n: '0.90' }));
    const r = agg.finish();
    expect(r.problems.filter((p) => p.severity === 'error')).toEqual([
      expect.objectContaining({
        code: 'E_MONTH_INVALID',
        row: 2,
        column: '月份',
        value: '2025-03-15',
        message: '月份「2025-03-15」无法识别：月份应为 YYYY-MM，例如 2025-03',
      }),
    ]);
    expect(r.rows).toHaveLength(1);
    expect(r.rows[0]).toMatchObject({ section: 'A', month: '2025-03', samples: 2 });
    expect(r.rows[0]!.evaluation!.items.find((i) => i.item === 'nh3n')!.value).toBe('0.80');
  });
});
