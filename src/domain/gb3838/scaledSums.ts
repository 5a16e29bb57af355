import {
  FLUSH_AT,
  PhCounts,
  type SampleAccumulator,
  belowLimitText,
  evaluationOf,
  itemSlot,
  phMean,
  type AccumulatorSnapshot,
  type Evaluation,
  type ItemResult,
} from './average.js';
import { Conc, TEN, ZERO, fixed, meanHalfEven } from './decimal.js';
import { exceedance, formatPollutants, itemClass, mainPollutants, waterStatus, type PollutantCandidate } from './classing.js';
import type { WaterClass } from '../classes.js';
import { DO_MAX, ITEMS, limitsFor, type ItemKey, type Waterbody } from './limits.js';
import { halfEvenQuotient, scaledClass, scaledExceedance, scaledMean, scaledText } from './scaled.js';

const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i); // exact up to 10^22
/**
 * pH histogram window per section-month, in hundredths (1.28 pH around the first value): a month
 * of one section's pH rarely leaves it. Counts up to 254 per value in a byte each (a month of
 * hourly values never needs more, and the reader's working set stays small); a group with more
 * moves its window to 16-bit counts of its own, up to 65,535 per value; beyond either, the
 * group's counts move to a PhCounts of its own.
 */
const WINDOW = 128;
const HALF_WINDOW = 64;
/** A byte count at this value means more: the group's counts are in its wide window. */
const NARROW_FULL = 0xff;
const MAX_COUNT = 0xffff;
/** pH has no window yet / its counts moved to a PhCounts (values outside the window, or with more than two decimals). */
const NO_PH = -1;
const SPILLED = -2;

/** [H+] = 10^−(h/100) for h hundredths of pH, each computed once: the double Math.pow gives. */
const H_OF_HUNDREDTHS = new Float64Array(1401).fill(-1);
function hydrogenOfHundredths(h: number): number {
  let x = H_OF_HUNDREDTHS[h]!;
  if (x < 0) x = H_OF_HUNDREDTHS[h] = Math.pow(10, -(h / 100));
  return x;
}

/**
 * The speed path of W3 for a byte-level reader: the samples of many section-months, held in typed
 * arrays indexed by (group, item) instead of one accumulator object per section-month. A group is
 * a section-month numbered by the reader; item k is the file's k-th item column. Plain values are
 * summed as scaled integers, one scale per column (a column's sums are rescaled when a value has
 * more decimals), exact while every sum stays ≤ FLUSH_AT; pH is counted by hundredths in a
 * 64-bin window per group. result(g) gives what a SampleAccumulator given the same samples gives
 * (test/gb3838Scaled.test.ts), through the integer figures of scaled.ts.
 */
export class ScaledSums {
  /** The file's item columns, in ALL_ITEMS order. */
  readonly items: readonly ItemKey[];
  /** Per column: plain values above maxUnits × 10^d or with more than maxDecimals decimals are not plain (plainInRange). */
  readonly maxUnits: Float64Array;
  readonly maxDecimals: Int32Array;
  private readonly k: number;
  private readonly phCol: number;
  /** Per column: whether a value below the detection limit (`0.01L`, `<0.01`) can be summed here (see nonDetectFits). */
  private readonly thirdUnits: Float64Array;
  private readonly thirdDecimals: Int32Array;
  private readonly ndAllowed: Uint8Array;
  private readonly scale: Int32Array;
  private size = 0;
  private cap = 0;
  private n = new Uint32Array(0);
  private nd = new Uint32Array(0);
  private sum = new Float64Array(0);
  private rowCount = new Uint32Array(0);
  private phLo = new Int32Array(0);
  private phHist = new Uint8Array(0);
  /** Per group whose counts outgrew a byte, its window in 16 bits (its byte window then reads NARROW_FULL throughout). */
  private readonly phWide: (Uint16Array | undefined)[] = [];
  private readonly phSpill = new Map<number, PhCounts>();
  private readonly decidingCache = new Map<number, string[]>();

  constructor(
    items: readonly ItemKey[],
    readonly waterbody: Waterbody,
  ) {
    this.items = items;
    this.k = items.length;
    this.phCol = items.indexOf('ph');
    this.scale = new Int32Array(this.k);
    this.maxUnits = Float64Array.from(items, (k) => (k === 'ph' ? 14 : k === 'do' ? Number(DO_MAX) : k === 'temp' ? 50 : Infinity));
    this.maxDecimals = Int32Array.from(items, (k) => (k === 'ph' ? 6 : 99));
    this.ndAllowed = Uint8Array.from(items, (k) => (k === 'ph' || k === 'temp' ? 0 : 1));
    const third = items.map((k) => limitsFor(k, waterbody)?.[2]);
    this.thirdDecimals = Int32Array.from(third, (t) => (t === undefined ? -1 : (t.split('.')[1] ?? '').length));
    this.thirdUnits = Float64Array.from(third, (t) => (t === undefined ? Infinity : Number(t.replace('.', ''))));
    this.grow(1024);
  }

  /** A new group (section-month); its number. */
  newGroup(): number {
    if (this.size === this.cap) this.grow(this.cap * 2);
    return this.size++;
  }

  /** Groups made so far. */
  get groups(): number {
    return this.size;
  }

  /** Rows counted for group g. */
  rows(g: number): number {
    return this.rowCount[g]!;
  }

  /**
   * Add one row's values to group g, all or none: column c's value is ms[c] × 10^−ds[c] (ms[c] < 0:
   * empty), or half of it where nds[c] says it is a detection limit. False, with nothing added,
   * when a value cannot be summed here as it stands: a sum would leave the exact range, or a
   * detection limit needs a message (see nonDetectFits). The general reader then takes the row.
   */
  addRow(g: number, ms: Float64Array, ds: Int32Array, nds: Uint8Array): boolean {
    const K = this.k;
    const base = g * K;
    const ph = this.phCol;
    for (let c = 0; c < K; c++) {
      let m = ms[c]!;
      if (m < 0 || c === ph) continue;
      let d = ds[c]!;
      if (nds[c]) {
        if (!this.nonDetectFits(c, m, d)) return this.undo(g, c, ms, ds, nds);
        m *= 5;
        d++;
      }
      let s = this.scale[c]!;
      if (d > s) {
        if (!this.rescale(c, d)) return this.undo(g, c, ms, ds, nds);
        s = d;
      }
      const v = m * POW10[s - d]!;
      const t = this.sum[base + c]! + v;
      if (v > FLUSH_AT || t > FLUSH_AT) return this.undo(g, c, ms, ds, nds);
      this.sum[base + c] = t;
      this.n[base + c]!++;
      if (nds[c]) this.nd[base + c]!++;
    }
    // pH last: it is always counted, so nothing before it needs taking back.
    if (ph >= 0 && ms[ph]! >= 0) {
      this.n[base + ph]!++;
      this.addPh(g, ms[ph]!, ds[ph]!);
    }
    this.rowCount[g]!++;
    return true;
  }

  /** Take back the values addRow added to group g before column `upTo`; false. */
  private undo(g: number, upTo: number, ms: Float64Array, ds: Int32Array, nds: Uint8Array): boolean {
    const base = g * this.k;
    for (let c = 0; c < upTo; c++) {
      const m = ms[c]!;
      if (m < 0 || c === this.phCol) continue;
      const v = nds[c] ? 5 * m * POW10[this.scale[c]! - ds[c]! - 1]! : m * POW10[this.scale[c]! - ds[c]!]!;
      this.sum[base + c]! -= v;
      this.n[base + c]!--;
      if (nds[c]) this.nd[base + c]!--;
    }
    return false;
  }

  /**
   * Whether a detection limit m × 10^−d (written `0.01L` or `<0.01`) is summed as half of itself
   * without any message: not pH or 水温, not zero, and not above the item's Ⅲ limit (a warning, W3).
   */
  private nonDetectFits(k: number, m: number, d: number): boolean {
    if (!this.ndAllowed[k] || m === 0) return false;
    const td = this.thirdDecimals[k]!;
    if (td < 0) return true;
    // m × 10^−d ≤ t × 10^−td  ⇔  m × 10^td ≤ t × 10^d, in integers where doubles are exact
    const left = m * POW10[td]!;
    const right = this.thirdUnits[k]! * POW10[d]!;
    return left <= FLUSH_AT && right <= FLUSH_AT && left <= right;
  }

  /** Whether group g has any value counted. */
  hasValues(g: number): boolean {
    for (let k = 0; k < this.k; k++) if (this.n[g * this.k + k]) return true;
    return false;
  }

  /** Hand group g's samples to an accumulator (which may hold others of the same section-month). */
  absorbInto(g: number, acc: SampleAccumulator): void {
    const snapshot: AccumulatorSnapshot = [];
    for (let k = 0; k < this.k; k++) {
      const at = g * this.k + k;
      const n = this.n[at]!;
      if (!n) continue;
      const ph = k === this.phCol ? [...this.phCounts(g).entries()] : undefined;
      snapshot[itemSlot(this.items[k]!)] = { n, nonDetects: this.nd[at]!, sum: this.sum[at]!, d: this.scale[k]!, slow: '0', ph };
    }
    acc.absorb(snapshot);
  }

  /** Group g's means rounded per W3, item classes, section class and W4 figures, as SampleAccumulator.result() gives them. */
  result(g: number): Evaluation {
    const items: ItemResult[] = [];
    for (let k = 0; k < this.k; k++) {
      const at = g * this.k + k;
      const n = this.n[at]!;
      if (!n) continue;
      const item = this.items[k]!;
      const def = ITEMS[item];
      const nd = this.nd[at]!;
      const d = this.scale[k]!;
      const q = k === this.phCol ? this.phUnits(g, n) : scaledMean(this.sum[at]!, d, n, def.decimals);
      const cls = q === undefined ? null : scaledClass(item, q, def.decimals, this.waterbody);
      const exceed = cls === null || cls === undefined || cls <= 3 ? undefined : scaledExceedance(item, q!, def.decimals, this.waterbody);
      const belowLimit = nd === n ? belowLimitText(this.total(at, d), n) : undefined;
      if (cls === null || exceed === null) {
        // The decimal reference, for integers beyond the exact range (never for station data).
        const mean = k === this.phCol ? phMean(this.phCounts(g), n) : meanHalfEven(this.total(at, d), n, def.decimals);
        const c = itemClass(item, mean, this.waterbody);
        const e = c !== undefined && c > 3 ? exceedance(item, mean, this.waterbody) : undefined;
        items.push({
          item,
          name: def.name,
          value: fixed(mean, def.decimals),
          cls: c,
          exceed: e,
          samples: n,
          nonDetects: nd,
          belowLimit,
          reference: def.reference,
        });
        continue;
      }
      items.push({ item, name: def.name, value: scaledText(q!, def.decimals), cls, exceed, samples: n, nonDetects: nd, belowLimit, reference: def.reference });
    }
    return evaluationOf(items, []);
  }

  /**
   * What classify's table shows of group g — class, 水质状况, 定类项目, 主要污染指标 and the sample
   * count — as result(g) and decidingNames give it, without the per-item results (for a run too
   * large to show the means). Undefined where an integer leaves the exact range: then result(g).
   */
  verdict(g: number): Verdict | undefined {
    let worst = 0;
    let mask = 0;
    let samples = 0;
    let measured = 0;
    let over: PollutantCandidate[] | undefined;
    for (let k = 0; k < this.k; k++) {
      const at = g * this.k + k;
      const n = this.n[at]!;
      if (!n) continue;
      if (n > samples) samples = n;
      const item = this.items[k]!;
      const def = ITEMS[item];
      if (def.reference) continue;
      measured++;
      const q = k === this.phCol ? this.phUnits(g, n) : scaledMean(this.sum[at]!, this.scale[k]!, n, def.decimals);
      if (q === undefined) return undefined;
      const cls = scaledClass(item, q, def.decimals, this.waterbody);
      if (cls === null || cls === undefined) return undefined;
      if (cls > worst) {
        worst = cls;
        mask = 0;
      }
      if (cls === worst) mask |= 1 << k;
      if (cls > 3) {
        const exceed = scaledExceedance(item, q, def.decimals, this.waterbody);
        if (exceed === null) return undefined;
        (over ??= []).push({ item, cls, exceed });
      }
    }
    if (worst === 0) return { cls: undefined, status: '', deciding: [], mainPollutants: '', samples };
    const cls = worst as WaterClass;
    return {
      cls,
      status: waterStatus(cls),
      deciding: this.decidingOf(mask, measured),
      mainPollutants: over ? formatPollutants(mainPollutants(over)) : '',
      samples,
    };
  }

  /** 定类项目 of the columns in `mask` among `measured` counted items (decidingNames), one array per kind. */
  private decidingOf(mask: number, measured: number): string[] {
    const key = mask * 64 + measured;
    let names = this.decidingCache.get(key);
    if (!names) {
      const deciding = this.items.filter((_, k) => mask & (1 << k));
      names = deciding.length === measured && measured > 3 ? [`全部 ${measured} 项`] : deciding.map((k) => ITEMS[k].name);
      this.decidingCache.set(key, names);
    }
    return names;
  }

  private total(at: number, d: number): Conc {
    const s = this.sum[at]!;
    return s ? new Conc(s).dividedBy(TEN.pow(d)) : ZERO;
  }

  private addPh(g: number, m: number, d: number): void {
    let lo = this.phLo[g]!;
    if (lo === SPILLED || d > 2) return this.spill(g).add(m * 16 + d, 1);
    const h = m * POW10[2 - d]!;
    if (lo === NO_PH) this.phLo[g] = lo = Math.max(0, h - HALF_WINDOW);
    const i = h - lo;
    if (i >= 0 && i < WINDOW) {
      const at = g * WINDOW + i;
      const c = this.phHist[at]!;
      if (c < NARROW_FULL - 1) {
        this.phHist[at] = c + 1;
        return;
      }
      const wide = this.widen(g);
      if (wide[i]! < MAX_COUNT) {
        wide[i]!++;
        return;
      }
    }
    this.spill(g).addHundredths(h, 1);
  }

  /** Group g's wide window, made from its byte counts when they first reach NARROW_FULL − 1. */
  private widen(g: number): Uint16Array {
    let wide = this.phWide[g];
    if (!wide) {
      wide = Uint16Array.from(this.phHist.subarray(g * WINDOW, (g + 1) * WINDOW));
      this.phWide[g] = wide;
      this.phHist.fill(NARROW_FULL, g * WINDOW, (g + 1) * WINDOW);
    }
    return wide;
  }

  /** Group g's window counts and where they start in that array. */
  private window(g: number): [Uint8Array | Uint16Array, number] {
    const wide = this.phWide[g];
    return wide ? [wide, 0] : [this.phHist, g * WINDOW];
  }

  /** Move group g's pH counts to a PhCounts of its own (which grows as needed). */
  private spill(g: number): PhCounts {
    let p = this.phSpill.get(g);
    if (!p) {
      p = new PhCounts();
      const lo = this.phLo[g]!;
      const [counts, base] = this.window(g);
      if (lo >= 0) for (let i = 0; i < WINDOW; i++) if (counts[base + i]) p.addHundredths(lo + i, counts[base + i]!);
      this.phLo[g] = SPILLED;
      this.phWide[g] = undefined;
      this.phSpill.set(g, p);
    }
    return p;
  }

  private phCounts(g: number): PhCounts {
    if (this.phLo[g] === SPILLED) return this.phSpill.get(g)!;
    const p = new PhCounts();
    const lo = this.phLo[g]!;
    const [counts, base] = this.window(g);
    if (lo >= 0) for (let i = 0; i < WINDOW; i++) if (counts[base + i]) p.addHundredths(lo + i, counts[base + i]!);
    return p;
  }

  /**
   * Group g's pH mean (W3, through [H+]) as whole units, the way phMean finds it over the same
   * histogram: identical values average to themselves; otherwise the mean [H+] in doubles, unless
   * it falls so close to x.5 that only the exact computation may decide (then phMean's exact path).
   */
  private phUnits(g: number, n: number): number | undefined {
    const lo = this.phLo[g]!;
    if (lo === SPILLED) return wholeUnits(phMean(this.phSpill.get(g)!, n));
    let first = -1;
    let same = true;
    let hf = 0;
    const [counts, base] = this.window(g);
    for (let i = 0; i < WINDOW; i++) {
      const c = counts[base + i]!;
      if (!c) continue;
      const h = lo + i;
      if (first < 0) first = h;
      else same = false;
      hf += hydrogenOfHundredths(h) * c;
    }
    if (same) return halfEvenQuotient(first, 100);
    const phf = -Math.log10(hf / n);
    const frac = phf - Math.floor(phf);
    if (Number.isFinite(phf) && Math.abs(frac - 0.5) > 1e-9) return Math.round(phf);
    return wholeUnits(phMean(this.phCounts(g), n));
  }

  private rescale(k: number, d: number): boolean {
    const f = POW10[d - this.scale[k]!]!;
    for (let g = 0; g < this.size; g++) if (this.sum[g * this.k + k]! * f > FLUSH_AT) return false;
    for (let g = 0; g < this.size; g++) this.sum[g * this.k + k]! *= f;
    this.scale[k] = d;
    return true;
  }

  private grow(cap: number): void {
    const k = this.k;
    const n = new Uint32Array(cap * k);
    n.set(this.n);
    this.n = n;
    const nd = new Uint32Array(cap * k);
    nd.set(this.nd);
    this.nd = nd;
    const sum = new Float64Array(cap * k);
    sum.set(this.sum);
    this.sum = sum;
    const rows = new Uint32Array(cap);
    rows.set(this.rowCount);
    this.rowCount = rows;
    const lo = new Int32Array(cap).fill(NO_PH);
    lo.set(this.phLo);
    this.phLo = lo;
    if (this.phCol >= 0) {
      const hist = new Uint8Array(cap * WINDOW);
      hist.set(this.phHist);
      this.phHist = hist;
    }
    this.cap = cap;
  }
}

/** What classify's table shows of a section-month (see ScaledSums.verdict). */
export interface Verdict {
  cls: WaterClass | undefined;
  status: string;
  /** 定类项目 as decidingNames writes them; shared between section-months: never changed. */
  deciding: string[];
  mainPollutants: string;
  samples: number;
}

/** A pH mean (0 decimals) as its whole number. */
function wholeUnits(x: Conc): number {
  return x.toNumber();
}
