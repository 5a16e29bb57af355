import { resolveDistrict } from '../districts.js';
import { dec } from './num.js';
import { PLAN_AREAS, PLAN_AREAS_YEAR, PLAN_BASE_YEAR, PLAN_TARGET_YEAR, PLAN_TARGETS } from './planData.js';
import type { AreaRow, TargetRow } from './types.js';

/** How the shipped tables are named in problems and on the provenance sheet. */
export const SHIPPED_TARGETS_FILE = '内置：十四五规划附表2';
export const SHIPPED_AREAS_FILE = '内置：十四五规划附表1';

function official(written: string): string {
  const r = resolveDistrict(written);
  if (!r.ok) throw new Error(`内置规划表中的区县无法识别：${written}`);
  return r.name;
}

/** 附表2 as target rows (row = the reference CSV's row, header = 1). */
export function shippedTargets(): TargetRow[] {
  return PLAN_TARGETS.map((t) => ({
    district: official(t.district),
    written: t.district,
    region: t.region,
    baseYear: PLAN_BASE_YEAR,
    base: dec(t.base2020),
    targetYear: PLAN_TARGET_YEAR,
    target: dec(t.target2025),
    source: { file: SHIPPED_TARGETS_FILE, row: t.no + 1, reference: true },
  }));
}

/** 附表1 land and erosion areas, 2020. */
export function shippedAreas(): AreaRow[] {
  return PLAN_AREAS.map((a) => ({
    district: official(a.district),
    written: a.district,
    year: PLAN_AREAS_YEAR,
    landKm2: dec(a.totalKm2),
    erosionKm2: dec(a.erosionKm2),
    source: { file: SHIPPED_AREAS_FILE, row: a.no + 1, reference: true },
  }));
}
