import type { WaterClass } from '../classes.js';
import { Conc, TEN, ZERO, fixed, meanHalfEven, roundHalfEven } from './decimal.js';
import { exceedance, formatPollutants, itemClass, mainPollutants, sectionClass, waterStatus } from './classing.js';
import { ALL_ITEMS, DO_MAX, ITEMS, isCounted, type ItemKey, type Waterbody } from './limits.js';
import { parseConcentration, type ConcentrationIssue, type ParsedValue } from './values.js';

/** One item's monthly mean, rounded per W3, and its class. */
export interface ItemResult {
  item: ItemKey;
  name: string;
  /** The mean rounded half to even to the item's decimals (W3), as fixed-point text. */
  value: string;
  /** Undefined for the reference items (水温, 总氮, 粪大肠菌群): reported, never counted. */
  cls?: WaterClass | undefined;
  /** 超标倍数 (W4), two decimals, for an item worse than Ⅲ (never pH or 溶解氧). */
  exceed?: string | undefined;
  samples: number;
  /** How many of the samples were below the detection limit (counted as half of it). */
  nonDetects: number;
  reference: boolean;
}

export interface Evaluation {
  /** The section's class (W2); undefined when no item was measured or a value is invalid. */
  cls?: WaterClass | undefined;
  /** Items whose class equals the section's class, in the order of 表1. */
  deciding: ItemKey[];
  /** Every item measured, in the order of 表1, reference items last. */
  items: ItemResult[];
  /** 水质状况 (W4); '' without a class. */
  status: string;
  /** 主要污染指标 (W4), e.g. `氨氮(1.30)、总磷(0.50)`; '' unless worse than Ⅲ. */
  mainPollutants: string;
  issues: ConcentrationIssue[];
}

const MAX_DIGITS = 15;
const FLUSH_AT = 4e15; // keeps every running integer sum below 2^53, where doubles are exact
const DO_MAX_NUM = Number(DO_MAX);

class ItemState {
  n = 0;
  nonDetects = 0;
  /** ints[d]: sum of the values written with d decimals, as integers (exact below 2^53). */
  ints: number[] = [];
  slow: Conc = ZERO;
  /**
   * pH only: how many samples had each value (W3 averages pH through [H+]). Plain decimals are
   * keyed by a number (scaled integer × 16 + decimals), others by their decimal text, so no key
   * keeps a piece of the input text alive.
   */
  ph: Map<number | string, number> | undefined;
}

/** Values seen again and again (`<0.01`, scientific notation) are parsed once. */
const parseCache = new Map<string, ParsedValue>();
function cachedParse(item: ItemKey, text: string, waterbody: Waterbody): ParsedValue {
  const key = `${waterbody}\u0000${item}\u0000${text}`;
  let p = parseCache.get(key);
  if (p === undefined) {
    p = parseConcentration(item, text, waterbody);
    if (parseCache.size >= 4096) parseCache.clear();
    parseCache.set(key, p);
  }
  return p;
}

/**
 * Running sums for several samples of one section in one month (W3). Holds no rows: per item a
 * count and exact sums, so memory does not grow with the number of samples. Plain decimals
 * (`7.52`, `0.035`) are summed as scaled integers, which is exact; anything else goes through
 * decimal.js. pH keeps a count per distinct value (at most a few thousand between 0 and 14).
 */
export class SampleAccumulator {
  private readonly states = new Map<ItemKey, ItemState>();

  constructor(readonly waterbody: Waterbody) {}

  /**
   * Add one value. Returns the problems with it, if any; a value with an error is not counted.
   * An empty cell (or `/`, `—`) is "not measured" and is skipped.
   */
  add(item: ItemKey, text: string): readonly ConcentrationIssue[] | undefined {
    if (text === '') return undefined;
    if (this.fastAdd(item, text)) return undefined;
    const p = cachedParse(item, text, this.waterbody);
    if (p.kind === 'blank') return undefined;
    if (p.kind === 'invalid') return p.issues;
    const s = this.state(item);
    s.n++;
    if (p.nonDetect) s.nonDetects++;
    if (s.ph) s.ph.set(p.value.toString(), (s.ph.get(p.value.toString()) ?? 0) + 1);
    else s.slow = s.slow.plus(p.value);
    return p.issues;
  }

  /** How many samples of `item` were counted. */
  count(item: ItemKey): number {
    return this.states.get(item)?.n ?? 0;
  }

  get empty(): boolean {
    return this.states.size === 0;
  }

  private state(item: ItemKey): ItemState {
    let s = this.states.get(item);
    if (!s) {
      s = new ItemState();
      if (item === 'ph') s.ph = new Map();
      this.states.set(item, s);
    }
    return s;
  }

  /** Plain unsigned decimals of up to 15 digits, inside the item's possible range. */
  private fastAdd(item: ItemKey, text: string): boolean {
    let m = 0;
    let digits = 0;
    let dec = -1;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c >= 48 && c <= 57) {
        m = m * 10 + (c - 48);
        if (++digits > MAX_DIGITS) return false;
        if (dec >= 0) dec++;
      } else if (c === 46 && dec < 0) {
        dec = 0;
      } else {
        return false;
      }
    }
    if (digits === 0) return false;
    const d = dec < 0 ? 0 : dec;
    const scale = 10 ** d; // exact for d ≤ 15
    if (item === 'ph') {
      if (m > 14 * scale || d > 6) return false;
      const s = this.state(item);
      s.n++;
      const key = m * 16 + d;
      s.ph!.set(key, (s.ph!.get(key) ?? 0) + 1);
      return true;
    }
    if ((item === 'do' && m > DO_MAX_NUM * scale) || (item === 'temp' && m > 50 * scale)) return false;
    const s = this.state(item);
    s.n++;
    const sum = (s.ints[d] ?? 0) + m;
    if (sum > FLUSH_AT) {
      s.slow = s.slow.plus(new Conc(sum).dividedBy(TEN.pow(d)));
      s.ints[d] = 0;
    } else {
      s.ints[d] = sum;
    }
    return true;
  }

  /** Means rounded per W3, item classes, section class and the W4 figures. */
  result(): Evaluation {
    const items: ItemResult[] = [];
    for (const item of ALL_ITEMS) {
      const s = this.states.get(item);
      if (!s || s.n === 0) continue;
      const def = ITEMS[item];
      const mean = item === 'ph' ? phMean(s.ph!, s.n) : meanHalfEven(total(s), s.n, def.decimals);
      const cls = itemClass(item, mean, this.waterbody);
      items.push({
        item,
        name: def.name,
        value: fixed(mean, def.decimals),
        cls,
        exceed: cls !== undefined && cls > 3 ? exceedance(item, mean, this.waterbody) : undefined,
        samples: s.n,
        nonDetects: s.nonDetects,
        reference: def.reference,
      });
    }
    return evaluationOf(items, []);
  }
}

function total(s: ItemState): Conc {
  let t = s.slow;
  s.ints.forEach((v, d) => {
    if (v) t = t.plus(new Conc(v).dividedBy(TEN.pow(d)));
  });
  return t;
}

/**
 * pH mean (W3): −log10 of the mean hydrogen-ion concentration, rounded half to even to 0 decimals.
 * Identical values average to themselves exactly; otherwise the logarithm is computed to 60
 * digits and first cut to 30 decimals, so that calculation noise in the last digits can never
 * move a result across a rounding boundary.
 */
/** The decimal text of a pH key (see ItemState.ph). */
function phText(key: number | string): string {
  if (typeof key === 'string') return key;
  const d = key % 16;
  const units = String((key - d) / 16).padStart(d + 1, '0');
  return d ? `${units.slice(0, -d)}.${units.slice(-d)}` : units;
}

function phMean(keyed: Map<number | string, number>, n: number): Conc {
  const counts = new Map<string, number>();
  for (const [k, c] of keyed) counts.set(phText(k), (counts.get(phText(k)) ?? 0) + c);
  if (counts.size === 1) return roundHalfEven(new Conc(counts.keys().next().value!), ITEMS.ph.decimals);
  const values = [...counts.entries()].map(([k, c]) => [new Conc(k), c] as const);
  const first = values[0]![0];
  if (values.every(([v]) => v.eq(first))) return roundHalfEven(first, ITEMS.ph.decimals);
  // Fast path: in doubles the mean's −log10 is good to ~1e-13; only a result that close to a
  // rounding boundary (x.5 for 0 decimals) needs the exact computation below.
  let hf = 0;
  for (const [k, c] of counts) hf += Math.pow(10, -Number(k)) * c;
  const phf = -Math.log10(hf / n);
  const scale = 10 ** ITEMS.ph.decimals;
  const frac = phf * scale - Math.floor(phf * scale);
  if (Number.isFinite(phf) && Math.abs(frac - 0.5) > 1e-9) return new Conc(Math.round(phf * scale)).dividedBy(scale);
  let h = ZERO;
  for (const [v, c] of values) h = h.plus(hydrogenIon(v).times(c));
  const ph = h.dividedBy(n).log(10).negated();
  return roundHalfEven(roundHalfEven(ph, 30), ITEMS.ph.decimals);
}

/** [H+] = 10^−pH, cached: a month of pH readings holds few distinct values and pow is costly. */
const hCache = new Map<string, Conc>();
function hydrogenIon(ph: Conc): Conc {
  const key = ph.toString();
  let h = hCache.get(key);
  if (h === undefined) {
    h = TEN.pow(ph.negated());
    if (hCache.size >= 20000) hCache.clear();
    hCache.set(key, h);
  }
  return h;
}

export function evaluationOf(items: ItemResult[], issues: ConcentrationIssue[]): Evaluation {
  const hasError = issues.some((i) => i.severity === 'error');
  const counted = items.filter((i) => isCounted(i.item) && i.cls !== undefined);
  const cls = hasError ? undefined : sectionClass(counted.map((i) => i.cls!));
  if (cls === undefined) return { cls: undefined, deciding: [], items, status: '', mainPollutants: '', issues };
  const main = mainPollutants(counted.map((i) => ({ item: i.item, cls: i.cls!, exceed: i.exceed })));
  return {
    cls,
    deciding: counted.filter((i) => i.cls === cls).map((i) => i.item),
    items,
    status: waterStatus(cls),
    mainPollutants: formatPollutants(main),
    issues,
  };
}

/**
 * Evaluate ONE quality row: a single sample, or a monthly mean already computed elsewhere. No
 * averaging, but the W3 reading still applies: `<DL` / `DLL` count as half the detection limit and
 * each value is rounded half to even to its item's decimals before it is compared. Any error in a
 * value leaves the row without a class (the issues say why). A row with no item at all has no
 * class and no issue: whether that is an error depends on whether a class is stated (W2).
 */
export function evaluateConcentrations(values: Partial<Record<ItemKey, string>>, waterbody: Waterbody): Evaluation {
  return averageSamples([values], waterbody);
}

/**
 * Average several samples of one section in one month (W3) and class the result. Each issue says
 * which sample (0-based) it came from.
 */
export function averageSamples(
  samples: readonly Partial<Record<ItemKey, string>>[],
  waterbody: Waterbody,
): Evaluation & { issues: (ConcentrationIssue & { sample: number })[] } {
  const acc = new SampleAccumulator(waterbody);
  const issues: (ConcentrationIssue & { sample: number })[] = [];
  samples.forEach((values, sample) => {
    for (const item of ALL_ITEMS) {
      const text = values[item];
      if (text === undefined) continue;
      const found = acc.add(item, text.trim());
      if (found) for (const i of found) issues.push({ ...i, sample });
    }
  });
  const r = acc.result();
  return { ...evaluationOf(r.items, issues), issues };
}
