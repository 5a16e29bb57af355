import type { WaterClass } from '../classes.js';
import { Conc, fixed, roundHalfEven } from './decimal.js';
import { ITEMS, PH_RANGE, limitsFor, type ItemKey, type Waterbody } from './limits.js';

const limitCache = new Map<string, readonly Conc[]>();

function limitValues(item: ItemKey, waterbody: Waterbody): readonly Conc[] | null {
  const key = `${item}:${waterbody}`;
  let v = limitCache.get(key);
  if (!v) {
    const l = limitsFor(item, waterbody);
    if (!l) return null;
    v = l.map((s) => new Conc(s));
    limitCache.set(key, v);
  }
  return v;
}

const PH_MIN = new Conc(PH_RANGE.min);
const PH_MAX = new Conc(PH_RANGE.max);

/**
 * The class of one counted item (W2): the best class whose limit the value meets (≤ the limit,
 * 溶解氧 ≥ the limit), so equal limits give the better class; worse than Ⅴ is 劣Ⅴ. pH 6–9 is
 * Ⅰ, anything else 劣Ⅴ. The value is compared as given: round it first (W3) where that applies.
 * Undefined for reference items.
 */
export function itemClass(item: ItemKey, value: Conc | string, waterbody: Waterbody): WaterClass | undefined {
  const v = typeof value === 'string' ? new Conc(value) : value;
  const def = ITEMS[item];
  if (def.reference) return undefined;
  if (def.kind === 'range') return v.gte(PH_MIN) && v.lte(PH_MAX) ? 1 : 6;
  const limits = limitValues(item, waterbody)!;
  for (let c = 0; c < 5; c++) {
    const meets = def.kind === 'min' ? v.gte(limits[c]!) : v.lte(limits[c]!);
    if (meets) return (c + 1) as WaterClass;
  }
  return 6;
}

/** The section's class (W2, single-factor): the worst class among the items measured. */
export function sectionClass(classes: Iterable<WaterClass>): WaterClass | undefined {
  let worst: WaterClass | undefined;
  for (const c of classes) if (worst === undefined || c > worst) worst = c;
  return worst;
}

/** 水质状况 (W4). */
export function waterStatus(cls: WaterClass): string {
  return cls <= 2 ? '优' : cls === 3 ? '良好' : cls === 4 ? '轻度污染' : cls === 5 ? '中度污染' : '重度污染';
}

/**
 * 超标倍数 (W4) of an item worse than Ⅲ: (C − Ⅲ limit) / Ⅲ limit, two decimals (half to even,
 * GB/T 8170). None for pH and 溶解氧, nor for an item that meets Ⅲ.
 */
export function exceedance(item: ItemKey, value: Conc | string, waterbody: Waterbody): string | undefined {
  const def = ITEMS[item];
  if (def.reference || def.kind !== 'max') return undefined;
  const v = typeof value === 'string' ? new Conc(value) : value;
  const third = limitValues(item, waterbody)![2]!;
  if (!v.gt(third)) return undefined;
  return fixed(roundHalfEven(v.minus(third).dividedBy(third), 2), 2);
}

export interface PollutantCandidate {
  item: ItemKey;
  cls: WaterClass;
  exceed?: string | undefined;
}

/**
 * 主要污染指标 (W4): up to three items worse than Ⅲ. Cyanide and the heavy metals (Hg, Cd, Cr6,
 * Pb, As) that exceed Ⅲ come first; then the worse class; then the larger 超标倍数 (an item without
 * one, pH or 溶解氧, after those with one); then the order of 表1. Written `氨氮(1.30)`.
 */
export function mainPollutants(items: readonly PollutantCandidate[]): PollutantCandidate[] {
  const order = (k: ItemKey): number => Object.keys(ITEMS).indexOf(k);
  return items
    .filter((i) => i.cls > 3 && !ITEMS[i.item].reference)
    .sort((a, b) => {
      const pa = ITEMS[a.item].priority ? 0 : 1;
      const pb = ITEMS[b.item].priority ? 0 : 1;
      if (pa !== pb) return pa - pb;
      if (a.cls !== b.cls) return b.cls - a.cls;
      if (a.exceed !== undefined && b.exceed !== undefined) {
        const c = new Conc(b.exceed).comparedTo(new Conc(a.exceed));
        if (c !== 0) return c;
      } else if (a.exceed !== undefined || b.exceed !== undefined) {
        return a.exceed !== undefined ? -1 : 1;
      }
      return order(a.item) - order(b.item);
    })
    .slice(0, 3);
}

export function formatPollutants(items: readonly PollutantCandidate[]): string {
  return items.map((i) => (i.exceed !== undefined ? `${ITEMS[i.item].name}(${i.exceed})` : ITEMS[i.item].name)).join('、');
}
