import type { WaterClass } from './classes.js';
import type { Money } from './money.js';
import type { ItemKey } from './gb3838/limits.js';
import type { Loc } from './problem.js';

/** Typed rows of the data contract (data.md). Every row keeps where it came from. */

import type { IsoDate, Month } from './calendar.js';

/** Months, dates and years live in the one calendar module; re-exported for the readers that import them from here. */
export type { IsoDate, Month } from './calendar.js';
export { monthEnd, monthStart, monthsOfYear, readMonth, yearOf } from './calendar.js';

type Origin = '市内发源' | '跨省流入';
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

interface Rejected {
  rivers: Set<string>;
  sections: Set<string>;
  agreements: Set<string>;
  /** `section month` of quality rows that failed. */
  quality: Set<string>;
}
