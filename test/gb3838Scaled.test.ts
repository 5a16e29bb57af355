import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ALL_ITEMS,
  Conc,
  ITEMS,
  ScaledSums,
  averageSamples,
  decidingNames,
  exceedance,
  itemClass,
  meanHalfEven,
  referenceEvaluation,
  type ItemKey,
  type Waterbody,
} from '../src/domain/gb3838/index.js';
import { fixed } from '../src/domain/gb3838/decimal.js';
import { halfEvenQuotient, scaledClass, scaledExceedance, scaledMean, scaledText } from '../src/domain/gb3838/scaled.js';

/**
 * The speed paths of GB 3838 against the exact reference (reference.ts): the integer figures
 * (scaled.ts) against decimal.ts and classing.ts, and the two accumulators — SampleAccumulator
 * (the general reader's) and ScaledSums (the byte-level reader's) — against referenceEvaluation
 * for any samples: the same W3 means, W2 classes and W4 figures, to the character.
 */
const waterbody = fc.constantFrom<Waterbody>('river', 'lake');
const pow10 = (d: number): Conc => new Conc(10).pow(d);

describe('scaled.ts: integer figures, as the decimal reference gives them', () => {
  it('W3: the mean of a scaled sum, half to even', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 4e12 }),
        fc.integer({ min: 0, max: 8 }),
        fc.integer({ min: 1, max: 5000 }),
        fc.integer({ min: 0, max: 5 }),
        (sum, d, n, decimals) => {
          const q = scaledMean(sum, d, n, decimals);
          const ref = meanHalfEven(new Conc(sum).dividedBy(pow10(d)), n, decimals);
          if (q !== undefined) expect(new Conc(q).dividedBy(pow10(decimals)).eq(ref)).toBe(true);
        },
      ),
      { numRuns: 3000, seed: 11 },
    );
  });

  it('half-even quotients at the ties', () => {
    expect([halfEvenQuotient(5, 2), halfEvenQuotient(7, 2), halfEvenQuotient(15, 10), halfEvenQuotient(25, 10), halfEvenQuotient(26, 10)]).toEqual([
      2, 4, 2, 2, 3,
    ]);
  });

  it('W2, W4: class, 超标倍数 and the text of a value q × 10^−decimals', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ALL_ITEMS), fc.integer({ min: 0, max: 3_000_000 }), waterbody, (item, q, wb) => {
        const decimals = ITEMS[item].decimals;
        const v = new Conc(q).dividedBy(pow10(decimals));
        expect(scaledText(q, decimals)).toBe(fixed(v, decimals));
        expect(scaledClass(item, q, decimals, wb)).toBe(itemClass(item, v, wb));
        const cls = itemClass(item, v, wb);
        if (cls !== undefined && cls > 3) expect(scaledExceedance(item, q, decimals, wb)).toBe(exceedance(item, v, wb));
      }),
      { numRuns: 3000, seed: 12 },
    );
  });
});

const ITEM_SET: ItemKey[] = ['ph', 'do', 'codmn', 'nh3n', 'tp', 'hg', 'cd', 'temp', 'tn'];

/** A plain decimal text m × 10^−d. */
const plain = (m: number, d: number): string => (d ? (m / 10 ** d).toFixed(d) : String(m));

const valueFor = (item: ItemKey): fc.Arbitrary<string> => {
  if (item === 'ph')
    return fc.oneof(
      { weight: 6, arbitrary: fc.integer({ min: 600, max: 900 }).map((m) => plain(m, 2)) },
      { weight: 2, arbitrary: fc.constantFrom('7.50', '6.5', '8.5', '7', '7.49', '7.51', '14', '0.00') },
      { weight: 1, arbitrary: fc.integer({ min: 6000, max: 9000 }).map((m) => plain(m, 3)) },
      { weight: 1, arbitrary: fc.integer({ min: 0, max: 1400 }).map((m) => plain(m, 2)) },
    );
  if (item === 'do')
    return fc.tuple(fc.integer({ min: 0, max: 200 }), fc.integer({ min: 0, max: 1 })).map(([m, d]) => plain(m * (d ? 1 : 0) + (d ? 0 : Math.min(m, 20)), d));
  if (item === 'temp') return fc.integer({ min: 0, max: 500 }).map((m) => plain(m, 1));
  return fc.oneof(
    { weight: 6, arbitrary: fc.tuple(fc.integer({ min: 0, max: 99999 }), fc.integer({ min: 0, max: 6 })).map(([m, d]) => plain(m, d)) },
    { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 1, max: 500 }), fc.integer({ min: 2, max: 5 })).map(([m, d]) => `${plain(m, d)}L`) },
    { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 1, max: 500 }), fc.integer({ min: 2, max: 5 })).map(([m, d]) => `<${plain(m, d)}`) },
  );
};

const sampleArb = fc.record(
  Object.fromEntries(ITEM_SET.map((k) => [k, fc.option(valueFor(k), { nil: undefined, freq: 4 })])) as Record<ItemKey, fc.Arbitrary<string | undefined>>,
);

/** The text of a value as the byte-level reader parses it: m, d and whether it is a detection limit. */
function parsed(text: string): [number, number, number] {
  const nd = text.startsWith('<') || text.endsWith('L') ? 1 : 0;
  const body = text.replace(/^</, '').replace(/L$/, '');
  const [int = '', frac = ''] = body.split('.');
  return [Number(int + frac), frac.length, nd];
}

describe('the accumulators against the reference (W3 means, W2, W4)', () => {
  it('SampleAccumulator (general reader): the reference, for any samples', () => {
    fc.assert(
      fc.property(fc.array(sampleArb, { minLength: 1, maxLength: 40 }), waterbody, (samples, wb) => {
        const { issues: _issues, ...got } = averageSamples(samples, wb);
        const { issues: _none, ...want } = referenceEvaluation(samples, wb);
        expect(got).toEqual(want);
      }),
      { numRuns: 400, seed: 21 },
    );
  });

  it('ScaledSums (byte-level reader): result and verdict give the reference for the rows it takes', () => {
    fc.assert(
      fc.property(
        fc.subarray(ITEM_SET, { minLength: 1 }),
        fc.array(fc.array(sampleArb, { minLength: 1, maxLength: 40 }), { minLength: 1, maxLength: 4 }),
        waterbody,
        (items, groups, wb) => {
          const columns = ALL_ITEMS.filter((k) => items.includes(k));
          const sums = new ScaledSums(columns, wb);
          const ms = new Float64Array(columns.length);
          const ds = new Int32Array(columns.length);
          const nds = new Uint8Array(columns.length);
          const taken = groups.map(() => [] as Partial<Record<ItemKey, string>>[]);
          // rows of the groups interleaved, as a station file has them
          const ids = groups.map(() => sums.newGroup());
          const longest = Math.max(...groups.map((g) => g.length));
          for (let r = 0; r < longest; r++)
            groups.forEach((rows, gi) => {
              const row = rows[r];
              if (!row) return;
              columns.forEach((k, c) => {
                const text = row[k];
                if (text === undefined) ms[c] = -1;
                else [ms[c], ds[c], nds[c]] = parsed(text);
              });
              if (sums.addRow(ids[gi]!, ms, ds, nds)) taken[gi]!.push(Object.fromEntries(columns.map((k) => [k, row[k]])));
            });
          ids.forEach((g, gi) => {
            const want = referenceEvaluation(taken[gi]!, wb);
            expect(sums.hasValues(g)).toBe(want.items.length > 0);
            if (!want.items.length) return;
            expect(sums.result(g)).toEqual(want);
            const v = sums.verdict(g);
            if (v)
              expect(v).toEqual({
                cls: want.cls,
                status: want.status,
                deciding: decidingNames(want),
                mainPollutants: want.mainPollutants,
                samples: Math.max(...want.items.map((i) => i.samples)),
              });
          });
        },
      ),
      { numRuns: 300, seed: 22 },
    );
  });

  it('ScaledSums: pH counts past a byte (wide window) and past 16 bits (PhCounts) give the reference', () => {
    const columns = ALL_ITEMS.filter((k) => k === 'ph' || k === 'nh3n');
    const sums = new ScaledSums(columns, 'river');
    const ms = new Float64Array(columns.length);
    const ds = new Int32Array(columns.length);
    const nds = new Uint8Array(columns.length);
    for (const [copies, values] of [
      [300, ['7.52', '7.60', '7.52', '6.95']],
      [254, ['8.10', '8.11']],
      // 7.70 outgrows a byte first; 7.20's counts after that must not be lost (the mean would read 8, not 7)
      [300, ['7.70', '7.20', '7.70']],
      [23000, ['7.52', '7.53', '7.52', '7.52', '7.90']],
    ] as const) {
      const g = sums.newGroup();
      const rows: Partial<Record<ItemKey, string>>[] = [];
      for (let r = 0; r < copies; r++)
        for (const ph of values) {
          const row = { ph, nh3n: '0.15' };
          columns.forEach((k, c) => ([ms[c], ds[c], nds[c]] = parsed(row[k])));
          expect(sums.addRow(g, ms, ds, nds)).toBe(true);
          rows.push(row);
        }
      // The decimal reference is slow on 115,000 rows (pH through 10^−pH each): evaluated once per case.
      const reference = referenceEvaluation(rows, 'river');
      expect(sums.result(g)).toEqual(reference);
      expect(sums.verdict(g)?.cls).toBe(reference.cls);
    }
  });
});
