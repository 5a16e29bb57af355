import type { Dec } from './num.js';
import type { Status, TargetPath } from './rules.js';

/** Where a value came from: a file as shown to the user (or a shipped table) and its Excel row. */
interface Source {
  file: string;
  row?: number | undefined;
  /** A table the tool ships (the plan as printed), not one of the user's files. */
  reference?: boolean | undefined;
}

/** One district's target (data.md soil targets, or the shipped 附表2). */
export interface TargetRow extends TargetPath {
  /** Official name. */
  district: string;
  /** As written in the table. */
  written: string;
  region: string;
  /** 总面积 from the targets file, when it gives one (S4 weight). */
  areaKm2?: Dec | undefined;
  source: Source;
}

/** A land-area table the tool holds (the shipped 附表1). */
export interface AreaRow {
  district: string;
  written: string;
  year: number;
  landKm2: Dec;
  erosionKm2: Dec;
  source: Source;
}

/** One row of a district assessment spreadsheet, its district already resolved. */
export interface AssessmentRow {
  district: string;
  written: string;
  year: number;
  rate?: Dec | undefined;
  landKm2?: Dec | undefined;
  erosionKm2?: Dec | undefined;
  treatedKm2?: Dec | undefined;
  keyTreatedKm2?: Dec | undefined;
  ecoClean?: Dec | undefined;
  file: string;
  row: number;
}

/** A district or aggregate without a usable value for the year. */
export type RowStatus = Status | '缺报' | '待核实' | '数据不全';

export type ValueOrigin = '填报' | '按面积计算';

export interface DistrictResult {
  district: string;
  region: string;
  areaKm2: Dec;
  path: TargetPath;
  expected: Dec;
  value?: Dec | undefined;
  origin?: ValueOrigin | undefined;
  previous?: { year: number; value: Dec } | undefined;
  progress?: Dec | undefined;
  status: RowStatus;
  /** Usable value by year, base year + 1 … report year (undefined: none usable). */
  history: Map<number, Dec | undefined>;
  note: string;
}

export interface AggregateResult {
  name: string;
  districtCount: number;
  reportedCount: number;
  missing: string[];
  areaKm2: Dec;
  path: TargetPath;
  expected: Dec;
  value?: Dec | undefined;
  previous?: { year: number; value: Dec } | undefined;
  progress?: Dec | undefined;
  status: RowStatus;
}

export interface YearSummary {
  year: number;
  reportedCount: number;
  cityRate?: Dec | undefined;
  treatedKm2: Dec;
  keyTreatedKm2: Dec;
  ecoClean: Dec;
}

export interface IndicatorResult {
  name: string;
  attribute: string;
  unit: string;
  baseYear: number;
  base: Dec;
  targetYear: number;
  target: Dec;
  /** The plan's printed base and target where they differ from the ones computed from its district rows (S4). */
  published?: { base: Dec; target: Dec } | undefined;
  periodLabel: string;
  /** The city's value for the year (rate) or cumulative total since the period start. */
  actual?: Dec | undefined;
  expected: Dec;
  progress?: Dec | undefined;
  status: string;
  source: string;
  note: string;
}
