import { belowLimitText, evaluationOf, type Evaluation, type ItemResult } from './average.js';
import { exceedance, itemClass } from './classing.js';
import { type Conc, TEN, ZERO, fixed, meanHalfEven, roundHalfEven } from './decimal.js';
import { ALL_ITEMS, ITEMS, type ItemKey, type Waterbody } from './limits.js';
import { parseConcentration } from './values.js';

/**
 * The exact reference of a section-month's figures (W3, then W2 and W4), written to be read, not
 * to be fast: every value a decimal, each mean the decimal total over n rounded half to even, pH
 * −log10 of the mean [H+] at 60 digits. The speed paths beside it — the accumulator's scaled sums
 * and pH histogram (average.ts), the byte-level reader's typed arrays (scaledSums.ts) and the
 * integer figures (scaled.ts) — are property-tested against it (test/gb3838Scaled.test.ts).
 * Values with an error are left out (the readers report them).
 */
export function referenceEvaluation(samples: readonly Partial<Record<ItemKey, string>>[], waterbody: Waterbody): Evaluation {
  const items: ItemResult[] = [];
  for (const item of ALL_ITEMS) {
    const values: Conc[] = [];
    let nonDetects = 0;
    for (const sample of samples) {
      const text = sample[item]?.trim();
      if (!text) continue;
      const p = parseConcentration(item, text, waterbody);
      if (p.kind !== 'value') continue;
      values.push(p.value);
      if (p.nonDetect) nonDetects++;
    }
    if (!values.length) continue;
    const def = ITEMS[item];
    const total = values.reduce((sum, v) => sum.plus(v), ZERO);
    const mean = item === 'ph' ? referencePh(values) : meanHalfEven(total, values.length, def.decimals);
    const cls = itemClass(item, mean, waterbody);
    items.push({
      item,
      name: def.name,
      value: fixed(mean, def.decimals),
      cls,
      exceed: cls !== undefined && cls > 3 ? exceedance(item, mean, waterbody) : undefined,
      samples: values.length,
      nonDetects,
      belowLimit: nonDetects === values.length ? belowLimitText(total, values.length) : undefined,
      reference: def.reference,
    });
  }
  return evaluationOf(items, []);
}

/** pH of several samples (W3): identical values are their own mean; else −log10 of the mean [H+], cut to 30 decimals, then rounded. */
function referencePh(values: readonly Conc[]): Conc {
  const first = values[0]!;
  if (values.every((v) => v.eq(first))) return roundHalfEven(first, ITEMS.ph.decimals);
  const h = values.reduce((sum, v) => sum.plus(TEN.pow(v.negated())), ZERO).dividedBy(values.length);
  return roundHalfEven(roundHalfEven(h.log(10).negated(), 30), ITEMS.ph.decimals);
}
