import type { WaterClass } from '../classes.js';
import { Conc, TEN, ZERO, fixed, meanHalfEven, roundHalfEven } from './decimal.js';
import { exceedance, formatPollutants, itemClass, mainPollutants, sectionClass, waterStatus } from './classing.js';
import { ALL_ITEMS, DO_MAX, ITEMS, isCounted, type ItemKey, type Waterbody } from './limits.js';
import { parseConcentration, type ConcentrationIssue, type ParsedValue } from './values.js';
import { scaledMean } from './scaled.js';

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
  /**
   * When every sample was below the detection limit: that limit as written back, `0.001L` (the
   * mean of the limits if they differed). Shown instead of the half-limit mean wherever values
   * are echoed.
   */
  belowLimit?: string | undefined;
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
export const FLUSH_AT = 4e15; // keeps every running integer sum below 2^53, where doubles are exact
const DO_MAX_NUM = Number(DO_MAX);

class ItemState {
  n = 0;
  nonDetects = 0;
  /** sum × 10^−d: the plain-decimal values so far, as an integer (exact: kept ≤ FLUSH_AT < 2^53). */
  sum = 0;
  d = 0;
  /** What no longer fits in `sum`, and values only decimal.js can read. */
  slow: Conc = ZERO;
  /** pH only: how many samples had each value (W3 averages pH through [H+]). */
  ph: PhCounts | undefined;
}

/**
 * pH values and how many samples had each. Values with at most two decimals — nearly all —
 * are counted in a histogram by hundredths (a month of one section's pH spans a few hundred
 * at most), which is small and fast; others are kept by key in a map: plain decimals as a
 * number (scaled integer × 16 + decimals), anything else by its decimal text, so no key keeps
 * a piece of the input text alive.
 */
export class PhCounts {
  private lo = 0;
  private hist: Uint32Array | undefined;
  private other: Map<number | string, number> | undefined;

  /** Count `count` samples of the value with `m` hundredths. */
  addHundredths(m: number, count: number): void {
    let hist = this.hist;
    if (!hist) {
      this.lo = Math.max(0, m - 24);
      hist = this.hist = new Uint32Array(64);
    }
    let i = m - this.lo;
    if (i < 0 || i >= hist.length) {
      hist = this.grow(m);
      i = m - this.lo;
    }
    hist[i]! += count;
  }

  /** Count `count` samples of a value given by key (see above). */
  add(key: number | string, count: number): void {
    if (typeof key === 'number') {
      const d = key % 16;
      if (d <= 2) return this.addHundredths(((key - d) / 16) * POW10[2 - d]!, count);
    }
    const other = (this.other ??= new Map());
    other.set(key, (other.get(key) ?? 0) + count);
  }

  /** Every value's key and count: the histogram's values (as two-decimal keys), then the others. */
  *entries(): Generator<[number | string, number]> {
    const hist = this.hist;
    if (hist) for (let i = 0; i < hist.length; i++) if (hist[i]) yield [(this.lo + i) * 16 + 2, hist[i]!];
    if (this.other) yield* this.other;
  }

  private grow(m: number): Uint32Array {
    const old = this.hist!;
    const pad = old.length >> 1;
    const lo = Math.max(0, Math.min(this.lo, m) - pad);
    const hi = Math.max(this.lo + old.length, m + 1) + pad;
    const hist = new Uint32Array(hi - lo);
    hist.set(old, this.lo - lo);
    this.lo = lo;
    this.hist = hist;
    return hist;
  }
}

/** A SampleAccumulator's sums as plain data, by item slot (null: item not seen). */
export type AccumulatorSnapshot = ({
  n: number;
  nonDetects: number;
  sum: number;
  d: number;
  slow: string;
  ph: [number | string, number][] | undefined;
} | null)[];

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
/** Each item's place in ALL_ITEMS: an accumulator keeps its item states in an array by it. */
const SLOT = new Map<ItemKey, number>(ALL_ITEMS.map((k, i) => [k, i]));
export const itemSlot = (item: ItemKey): number => SLOT.get(item)!;

export class SampleAccumulator {
  private readonly states: (ItemState | undefined)[] = [];
  private used = 0;

  constructor(readonly waterbody: Waterbody) {}

  /**
   * Add one value. Returns the problems with it, if any; a value with an error is not counted.
   * An empty cell (or `/`, `—`) is "not measured" and is skipped.
   */
  add(item: ItemKey, text: string, slot = itemSlot(item)): readonly ConcentrationIssue[] | undefined {
    if (text === '') return undefined;
    if (this.fastAdd(item, slot, text)) return undefined;
    const p = cachedParse(item, text, this.waterbody);
    if (p.kind === 'blank') return undefined;
    if (p.kind === 'invalid') return p.issues;
    const s = this.state(item, slot);
    s.n++;
    if (p.nonDetect) s.nonDetects++;
    if (s.ph) s.ph.add(p.value.toString(), 1);
    else s.slow = s.slow.plus(p.value);
    return p.issues;
  }

  /** The running sums as plain data (see absorb). */
  snapshot(): AccumulatorSnapshot {
    return Array.from(this.states, (s) =>
      s ? { n: s.n, nonDetects: s.nonDetects, sum: s.sum, d: s.d, slow: s.slow.toString(), ph: s.ph ? [...s.ph.entries()] : undefined } : null,
    );
  }

  /**
   * Add the samples another accumulator counted (its snapshot): the result is the one a single
   * accumulator would give for all the samples, in any order (sums are exact; pH counts add).
   */
  absorb(snapshot: AccumulatorSnapshot): void {
    snapshot.forEach((o, slot) => {
      if (!o) return;
      const s = this.state(ALL_ITEMS[slot]!, slot);
      s.n += o.n;
      s.nonDetects += o.nonDetects;
      if (o.sum) addScaled(s, o.sum, o.d);
      if (o.slow !== '0') s.slow = s.slow.plus(o.slow);
      if (o.ph) for (const [k, c] of o.ph) s.ph!.add(k, c);
    });
  }

  /** How many samples of `item` were counted. */
  count(item: ItemKey): number {
    return this.states[itemSlot(item)]?.n ?? 0;
  }

  get empty(): boolean {
    return this.used === 0;
  }

  private state(item: ItemKey, slot: number): ItemState {
    let s = this.states[slot];
    if (!s) {
      s = new ItemState();
      if (item === 'ph') s.ph = new PhCounts();
      this.states[slot] = s;
      this.used++;
    }
    return s;
  }

  /** Plain unsigned decimals of up to 15 digits, inside the item's possible range. */
  private fastAdd(item: ItemKey, slot: number, text: string): boolean {
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
    if (!plainInRange(item, m, d)) return false;
    this.addPlain(item, slot, m, d);
    return true;
  }

  /**
   * Add the plain decimal m × 10^−d (at most 15 digits, and plainInRange) — what `add` does with
   * its text, for a reader that parsed the digits itself (io/plainCsvClassify.ts).
   */
  addPlain(item: ItemKey, slot: number, m: number, d: number): void {
    const s = this.state(item, slot);
    s.n++;
    if (s.ph) {
      if (d <= 2) s.ph.addHundredths(m * POW10[2 - d]!, 1);
      else s.ph.add(m * 16 + d, 1);
    } else addScaled(s, m, d);
  }

  /** Means rounded per W3, item classes, section class and the W4 figures. */
  result(): Evaluation {
    const items: ItemResult[] = [];
    for (const item of ALL_ITEMS) {
      const s = this.states[itemSlot(item)];
      if (!s || s.n === 0) continue;
      const def = ITEMS[item];
      const mean = item === 'ph' ? phMean(s.ph!, s.n) : (integerMean(s, def.decimals) ?? meanHalfEven(total(s), s.n, def.decimals));
      const cls = itemClass(item, mean, this.waterbody);
      items.push({
        item,
        name: def.name,
        value: fixed(mean, def.decimals),
        cls,
        exceed: cls !== undefined && cls > 3 ? exceedance(item, mean, this.waterbody) : undefined,
        samples: s.n,
        nonDetects: s.nonDetects,
        belowLimit: s.nonDetects === s.n ? belowLimitText(total(s), s.n) : undefined,
        reference: def.reference,
      });
    }
    return evaluationOf(items, []);
  }
}

const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i); // exact up to 10^22

/** The most digits a plain value may have to be summed as a scaled integer. */
export const PLAIN_MAX_DIGITS = MAX_DIGITS;

/**
 * Whether the plain decimal m × 10^−d (m of at most 15 digits) is summed as it stands: inside
 * the item's possible range (pH ≤ 14 with at most 6 decimals, 溶解氧 ≤ 20, 水温 ≤ 50). Anything
 * else goes through parseConcentration, which says what is wrong with it (W1).
 */
function plainInRange(item: ItemKey, m: number, d: number): boolean {
  const scale = POW10[d]!; // exact for d ≤ 15
  if (item === 'ph') return m <= 14 * scale && d <= 6;
  if (item === 'do') return m <= DO_MAX_NUM * scale;
  if (item === 'temp') return m <= 50 * scale;
  return true;
}
/**
 * The mean rounded half to even to `decimals` places (W3), in integers, when every value was a
 * plain decimal and the scaled sums stay where doubles are exact: the same result as
 * meanHalfEven over the decimal total, without a decimal per step. Undefined otherwise.
 */
function integerMean(s: ItemState, decimals: number): Conc | undefined {
  if (!s.slow.isZero() || s.n === 0) return undefined;
  const q = scaledMean(s.sum, s.d, s.n, decimals);
  return q === undefined ? undefined : new Conc(q).dividedBy(POW10[decimals]!);
}

/** 0.001L: the detection limit written back when every sample was below it (the mean of the limits, 8 decimals at most). */
export function belowLimitText(total: Conc, n: number): string {
  return `${total.times(2).dividedBy(n).toDecimalPlaces(8).toFixed()}L`;
}

function total(s: ItemState): Conc {
  return s.sum ? s.slow.plus(new Conc(s.sum).dividedBy(TEN.pow(s.d))) : s.slow;
}

/** Add m × 10^−d (m a non-negative integer ≤ FLUSH_AT) to the state's sums, exactly. */
function addScaled(s: ItemState, m: number, d: number): void {
  if (d > s.d) {
    // Bring the running sum to d decimals (exact while it stays ≤ FLUSH_AT), or move it to `slow`.
    if (s.sum > FLUSH_AT / POW10[d - s.d]!) flush(s);
    else s.sum *= POW10[d - s.d]!;
    s.d = d;
  } else if (d < s.d) {
    if (m > FLUSH_AT / POW10[s.d - d]!) {
      s.slow = s.slow.plus(new Conc(m).dividedBy(TEN.pow(d)));
      return;
    }
    m *= POW10[s.d - d]!;
  }
  const sum = s.sum + m;
  if (sum > FLUSH_AT) {
    flush(s);
    s.sum = m;
  } else s.sum = sum;
}

function flush(s: ItemState): void {
  if (s.sum) s.slow = s.slow.plus(new Conc(s.sum).dividedBy(TEN.pow(s.d)));
  s.sum = 0;
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

export function phMean(samples: PhCounts, n: number): Conc {
  const quick = phMeanOfPlainKeys(samples.entries(), n);
  if (quick) return quick;
  const counts = new Map<string, number>();
  for (const [k, c] of samples.entries()) counts.set(phText(k), (counts.get(phText(k)) ?? 0) + c);
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

/**
 * phMean when every value was a plain decimal (numeric keys), without building a decimal per
 * distinct value: the same doubles and the same fast path as below, so the same results. Two
 * plain decimals of at most 15 digits are equal exactly when their doubles are. Returns
 * undefined when the exact computation is needed.
 */
function phMeanOfPlainKeys(keyed: Iterable<[number | string, number]>, n: number): Conc | undefined {
  let first: number | undefined;
  let firstKey = 0;
  let same = true;
  let hf = 0;
  for (const [k, c] of keyed) {
    if (typeof k === 'string') return undefined;
    const d = k % 16;
    const v = (k - d) / 16 / 10 ** d;
    if (first === undefined) {
      first = v;
      firstKey = k;
    } else if (v !== first) same = false;
    hf += Math.pow(10, -v) * c;
  }
  if (first === undefined) return undefined;
  if (same) return roundHalfEven(new Conc(phText(firstKey)), ITEMS.ph.decimals);
  const phf = -Math.log10(hf / n);
  const scale = 10 ** ITEMS.ph.decimals;
  const frac = phf * scale - Math.floor(phf * scale);
  if (Number.isFinite(phf) && Math.abs(frac - 0.5) > 1e-9) return new Conc(Math.round(phf * scale)).dividedBy(scale);
  return undefined;
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
