import { inYearRange } from '../domain/calendar.js';
import { parseClass, type WaterClass } from '../domain/classes.js';
import { ALL_ITEMS, ITEMS, type ItemKey } from '../domain/gb3838/limits.js';
import { Money } from '../domain/money.js';
import type { SectionKind } from '../domain/types.js';

/**
 * What a scheme file may hold (schemes.md), written once as a small description from which both
 * readers of the file are made: the quick reader here, which takes a correct file as it is and
 * gives up at the first thing it does not expect, and the zod schema of schemeCheck.ts (built
 * from the same description, with the same value readers), which a file the quick reader gave
 * up on goes through for its located problems. So a correct file is read without loading zod,
 * and what the two accept and return is the same by construction (test/schemes.test.ts holds
 * them to it).
 */

/** A value reader's refusal, with the Chinese reason. */
export class Refused {
  constructor(readonly message: string) {}
}

type Read<T> = (v: unknown) => T | Refused;

export type Desc<T = unknown> =
  | { readonly k: 'value'; readonly read: Read<T> }
  | { readonly k: 'string' }
  | { readonly k: 'optional'; readonly of: Desc }
  | { readonly k: 'array'; readonly of: Desc; readonly min?: { readonly n: number; readonly message?: string } }
  | { readonly k: 'record'; readonly of: Desc }
  | { readonly k: 'orNull'; readonly of: Desc }
  | { readonly k: 'object'; readonly shape: Readonly<Record<string, Desc>> };

/** The type a description reads to (carried by the phantom `T` of each maker below). */
type Typed<T> = Desc & { readonly __t?: T };
type Out<D> = D extends { readonly __t?: infer T } ? T : never;
type IsOptional<D> = D extends { readonly k: 'optional' } ? true : false;
type ObjectOut<S> = { [K in keyof S as IsOptional<S[K]> extends true ? never : K]: Out<S[K]> } & {
  [K in keyof S as IsOptional<S[K]> extends true ? K : never]?: Out<S[K]>;
};

const value = <T>(read: Read<T>): Typed<T> => ({ k: 'value', read });
const string: Typed<string> = { k: 'string' };
const optional = <D extends Typed<unknown>>(of: D): Typed<Out<D> | undefined> & { readonly k: 'optional' } => ({ k: 'optional', of });
const array = <D extends Typed<unknown>>(of: D, min?: { n: number; message?: string }): Typed<Out<D>[]> => (min ? { k: 'array', of, min } : { k: 'array', of });
const record = <D extends Typed<unknown>>(of: D): Typed<Record<string, Out<D>>> => ({ k: 'record', of });
const orNull = <D extends Typed<unknown>>(of: D): Typed<Out<D> | null> => ({ k: 'orNull', of });
const object = <S extends Record<string, Typed<unknown>>>(shape: S): Typed<ObjectOut<S>> & { readonly k: 'object'; readonly shape: S } => ({
  k: 'object',
  shape,
});

// ---- Value readers: each returns a value or the reason it is refused -----------------------------

/** A decimal number or decimal text ≥ 0 (no exponent), kept as text so nothing passes through a double twice. */
const decimalText = (what: string, opts: { positive?: boolean } = {}) =>
  value((v): string | Refused => {
    const t = typeof v === 'number' && Number.isFinite(v) ? String(v) : typeof v === 'string' ? v.trim() : undefined;
    if (t === undefined || !/^\d+(\.\d+)?$/.test(t)) return new Refused(`${what}应为不小于 0 的十进制数（如 100 或 "100.5"）`);
    if (opts.positive && new Money(t).isZero()) return new Refused(`${what}应大于 0`);
    return t;
  });

const month = value((v): string | Refused => {
  const m = typeof v === 'string' ? /^(\d{4})-(\d{2})$/.exec(v.trim()) : null;
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 12 || !inYearRange(Number(m[1]))) return new Refused('月份应写作 "YYYY-MM"（如 "2023-01"）');
  return m[0];
});

const waterClass = value((v): WaterClass | Refused => {
  const c = typeof v === 'string' ? parseClass(v) : undefined;
  return c ?? new Refused('应为水质类别 "Ⅰ" "Ⅱ" "Ⅲ" "Ⅳ" "Ⅴ" 或 "劣Ⅴ"');
});

const rate = value((v): string | Refused => {
  if (typeof v !== 'string' || !/^\d+(\.\d+)?$/.test(v.trim())) return new Refused('比率应写作十进制文本（如 "0.10"），不用浮点数');
  const t = v.trim();
  if (new Money(t).greaterThan(1)) return new Refused('比率应在 0 与 1 之间（10% 写作 "0.10"）');
  return t;
});

const bool = value((v): boolean | Refused => (typeof v === 'boolean' ? v : new Refused('应为 true 或 false')));
const text = (what: string) => value((v): string | Refused => (typeof v === 'string' && v.trim() !== '' ? v.trim() : new Refused(`${what}应为非空文本`)));

const item = value((v): ItemKey | Refused => {
  const t = typeof v === 'string' ? v.normalize('NFKC').trim().toLowerCase() : '';
  const found = ALL_ITEMS.find((k) => [k, ITEMS[k].name, ITEMS[k].header, ...ITEMS[k].aliases].some((n) => n.normalize('NFKC').toLowerCase() === t));
  return found ?? new Refused(`不是 GB 3838-2002 表1 的项目（如 "高锰酸盐指数" "氨氮" "总磷"）`);
});

const weights = record(decimalText('权重', { positive: true }));

const sectionKind = value((v): SectionKind | Refused =>
  v === '国控' || v === '市控' || v === '非考核' ? v : new Refused('断面类型应为 "国控" "市控" 或 "非考核"'),
);

// ---- The file -----------------------------------------------------------------------------------

export const VERSION = object({
  from: month,
  name: optional(text('版本名称')),
  note: optional(string),
  floors: optional(object({ oneClass: decimalText('一类标准', { positive: true }), twoOrMore: decimalText('两类及以上标准', { positive: true }) })),
  amountPerMonth: optional(decimalText('每月补偿金额', { positive: true })),
  betterNeedsAtLeast: optional(orNull(waterClass)),
  equalPays: optional(bool),
  unsignedFundPerMonth: optional(decimalText('未签协议每月基金')),
  penaltyRate: optional(rate),
  benchmark: optional(waterClass),
  quantity: optional(
    object({
      amountPerMonth: decimalText('水量因素每月金额', { positive: true }),
      minFlows: record(decimalText('最小生态流量', { positive: true })),
    }),
  ),
  pool: optional(decimalText('资金池总额', { positive: true })),
  contributions: optional(weights),
  allocation: optional(weights),
  items: optional(array(item, { n: 1 })),
});

const PARTY = object({ name: text('主体名称'), members: optional(array(text('成员名称'))) });

export const FILE = object({
  id: text('方案编号'),
  name: text('方案名称'),
  kind: value((v): 'pairwise-class' | 'pooled-fund' | Refused =>
    v === 'pairwise-class' || v === 'pooled-fund'
      ? v
      : new Refused('方案类型应为 "pairwise-class"（按断面水质类别两两补偿）或 "pooled-fund"（共同出资的资金池）'),
  ),
  unit: value((v): '万元' | '元' | Refused => (v === '万元' || v === '元' ? v : new Refused('金额单位应写明 "万元" 或 "元"'))),
  note: optional(string),
  until: optional(month),
  parties: optional(array(PARTY)),
  rivers: optional(array(object({ id: text('河流编码'), name: text('河流名称') }))),
  riverName: optional(text('河流名称')),
  sections: optional(
    array(
      object({
        id: text('断面编码'),
        name: text('断面名称'),
        river: optional(text('河流编码')),
        kind: optional(sectionKind),
        upstream: optional(text('上游主体')),
        downstream: optional(text('下游主体')),
        party: optional(text('考核主体')),
        target: optional(waterClass),
        failShareTo: optional(weights),
      }),
    ),
  ),
  versions: array(VERSION, { n: 1, message: '至少要有一个版本' }),
});

export type FileData = Out<typeof FILE>;
export type VersionData = Out<typeof VERSION>;

// ---- The quick reader ---------------------------------------------------------------------------

const GIVE_UP = Symbol('give up');
type Quick = unknown | typeof GIVE_UP;

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function quick(d: Desc, v: unknown): Quick {
  switch (d.k) {
    case 'value': {
      const r = d.read(v);
      return r instanceof Refused ? GIVE_UP : r;
    }
    case 'string':
      return typeof v === 'string' ? v : GIVE_UP;
    case 'optional':
      return v === undefined ? undefined : quick(d.of, v);
    case 'orNull': {
      const r = quick(d.of, v);
      return r !== GIVE_UP ? r : v === null ? null : GIVE_UP;
    }
    case 'array': {
      if (!Array.isArray(v) || (d.min && v.length < d.min.n)) return GIVE_UP;
      const out: unknown[] = [];
      for (const x of v) {
        const r = quick(d.of, x);
        if (r === GIVE_UP) return GIVE_UP;
        out.push(r);
      }
      return out;
    }
    case 'record': {
      if (!isPlainObject(v)) return GIVE_UP;
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(v)) {
        if (key === '__proto__') return GIVE_UP;
        const r = quick(d.of, v[key]);
        if (r === GIVE_UP) return GIVE_UP;
        out[key] = r;
      }
      return out;
    }
    case 'object': {
      if (!isPlainObject(v)) return GIVE_UP;
      for (const key of Object.keys(v)) if (!Object.hasOwn(d.shape, key)) return GIVE_UP;
      const out: Record<string, unknown> = {};
      for (const [key, of] of Object.entries(d.shape)) {
        const x = Object.hasOwn(v, key) ? v[key] : undefined;
        if (x === undefined && of.k === 'optional') continue;
        const r = quick(of, x);
        if (r === GIVE_UP) return GIVE_UP;
        out[key] = r;
      }
      return out;
    }
  }
}

/** The file read as it is when everything in it is as expected; undefined at the first thing that is not (its check says what). */
export function readSchemeFileQuickly(json: unknown): FileData | undefined {
  const r = quick(FILE, json);
  return r === GIVE_UP ? undefined : (r as FileData);
}
