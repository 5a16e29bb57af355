import type { WaterClass } from './classes.js';
import type { Money } from './money.js';
import type { ItemKey } from './gb3838/limits.js';
import type { Loc } from './problem.js';

/** Typed rows of the data contract (data.md). Every row keeps where it came from. */

/** 'YYYY-MM' */
export type Month = string;
/** 'YYYY-MM-DD' */
export type IsoDate = string;

export type Origin = '市内发源' | '跨省流入';
export interface River {
  id: string;
  name: string;
  origin: Origin;
  end: string;
  basinKm2: string;
  loc: Loc;
}

export type SectionKind = '国控' | '市控' | '非考核';
export const isAssessment = (k: SectionKind): boolean => k !== '非考核';

export interface Section {
  id: string;
  name: string;
  riverId: string;
  /** Decimal text, compared exactly. */
  km: string;
  kind: SectionKind;
  compensation: boolean;
  upstream?: string | undefined;
  downstream?: string | undefined;
  benchmarkSection?: string | undefined;
  loc: Loc;
}

export interface Target {
  sectionId: string;
  year: number;
  cls: WaterClass;
  loc: Loc;
}

export const NON_MONETARY_MODES = ['对口协作', '产业转移', '人才培训', '共建园区'] as const;
export type Mode = '资金' | (typeof NON_MONETARY_MODES)[number];

export interface Agreement {
  id: string;
  riverId: string;
  from: IsoDate;
  to: IsoDate;
  /** 元/月 (input is 万元/月). */
  amountOne: Money;
  amountTwo: Money;
  mode: Mode;
  /** 元/年 (input is 万元/年); for non-monetary agreements. */
  substituteValue?: Money | undefined;
  filedDate?: IsoDate | undefined;
  loc: Loc;
}

export interface Signature {
  agreementId: string;
  district: string;
  signedDate: IsoDate;
  loc: Loc;
}

export const SOURCES = ['国家通报', '市级通报', '监测中心', '联合监测'] as const;
export type Source = (typeof SOURCES)[number];
export type Status = '正常' | '断流' | '未监测';

export interface QualityRecord {
  sectionId: string;
  month: Month;
  /** The class that counts: stated, or computed from concentrations when none is stated (R3). */
  cls?: WaterClass | undefined;
  statedCls?: WaterClass | undefined;
  computedCls?: WaterClass | undefined;
  /** Concentrations as written (GB 3838 item key → text), where the row gives them (W1–W3). */
  concentrations?: Partial<Record<ItemKey, string>> | undefined;
  source: Source;
  status: Status;
  note: string;
  loc: Loc;
}

export interface Exemption {
  sectionId: string;
  month: Month;
  approvalRef: string;
  reason: string;
  loc: Loc;
}

export interface Payment {
  year: number;
  riverId: string;
  payer: string;
  payee: string;
  amount: Money;
  paidDate: IsoDate;
  loc: Loc;
}

/** Monthly mean flow of a section (schemes.md water quantity term), m³/s as decimal text. */
export interface FlowRecord {
  sectionId: string;
  month: Month;
  flow: string;
  loc: Loc;
}

export interface Dataset {
  rivers: River[];
  sections: Section[];
  targets: Target[];
  agreements: Agreement[];
  signatures: Signature[];
  quality: QualityRecord[];
  exemptions: Exemption[];
  payments: Payment[];
  /** flows.csv, where a scheme has a water quantity term (optional table). */
  flows?: FlowRecord[] | undefined;
  /**
   * Keys of rows the loader rejected (already reported), so later checks do not repeat the
   * same fault as a broken reference or a missing month.
   */
  rejected?: Rejected | undefined;
}

export interface Rejected {
  rivers: Set<string>;
  sections: Set<string>;
  agreements: Set<string>;
  /** `section month` of quality rows that failed. */
  quality: Set<string>;
}

/**
 * 月份 as people write it (data.md: YYYY-MM): 2025-03, 2025-3, 2025/03, 2025.03, 2025年3月,
 * 202503, or the date an Excel month cell reads as (2025-03-01, the 1st only). One reading for
 * every command, so a file that passes one passes all. The error says what is wrong.
 */
export function readMonth(text: string): { month: Month } | { error: string } {
  const t = text.normalize('NFKC').trim();
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?$/.exec(t) ?? /^(\d{4})(\d{2})$/.exec(t) ?? /^(\d{4})[-/.](\d{1,2})[-/.]0?1$/.exec(t);
  if (!m) return { error: '月份应为 YYYY-MM，例如 2025-03' };
  const y = Number(m[1]);
  const mo = Number(m[2]);
  if (mo < 1 || mo > 12) return { error: '月份应在 01–12 之间' };
  if (y < 1980 || y > 2100) return { error: '年份应在 1980–2100 之间' };
  return { month: `${m[1]}-${String(mo).padStart(2, '0')}` };
}

export function monthsOfYear(year: number): Month[] {
  return Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`);
}

export function monthStart(m: Month): IsoDate {
  return `${m}-01`;
}

export function monthEnd(m: Month): IsoDate {
  const [y, mo] = m.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  return `${m}-${String(last).padStart(2, '0')}`;
}

export const yearOf = (m: Month): number => Number(m.slice(0, 4));
