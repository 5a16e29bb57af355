import { problem, type Problem } from '../problem.js';
import type { ProblemCode } from '../problemCodes.js';
import type { CityIndicator } from './planData.js';
import { Dec, ZERO, fmt, round, sum } from './num.js';
import { expectedOnLine, progressPct, rateFromAreas, ratesAgree, reportedRateFromAreas, statusOf, weightedMean, type TargetPath } from './rules.js';
import type { AggregateResult, AreaRow, AssessmentRow, DistrictResult, IndicatorResult, RowStatus, TargetRow, ValueOrigin, YearSummary } from './types.js';

/**
 * The progress pipeline for one report year: evaluate each assessment row (S1), settle one value
 * per district and year, judge every district (S2, S3), weight regions and the city (S4), sum the
 * city-wide indicators (S5), and list every data problem found on the way (S6). Pure: no I/O, no
 * clock. Every problem here is a warning; input that cannot be read at all is the loader's error.
 */
export interface SoilInput {
  year: number;
  targets: readonly TargetRow[];
  /** Land-area tables the tool holds (the shipped 附表1). */
  areas: readonly AreaRow[];
  assessments: readonly AssessmentRow[];
  indicators: readonly CityIndicator[];
}

export interface SoilResult {
  year: number;
  districts: DistrictResult[];
  regions: AggregateResult[];
  city: AggregateResult;
  years: YearSummary[];
  indicators: IndicatorResult[];
  /** Problems in the user's files (and in their relation to the tool's tables). */
  problems: Problem[];
  /**
   * Inconsistencies printed in the plan's own tables that the tool ships (e.g. 綦江区 in 附表2
   * against 附表1): notes about the reference data, used as printed (S6), not the user's to fix.
   */
  referenceNotes: Problem[];
}

const CITY = '全市';

/** A land area given in an assessment row may differ from the held one by this share before it is flagged. */
const AREA_TOLERANCE = new Dec('0.01');

interface Evaluated {
  row: AssessmentRow;
  value?: Dec | undefined;
  origin?: ValueOrigin | undefined;
}

interface Cell {
  rows: Evaluated[];
  value?: Dec | undefined;
  origin?: ValueOrigin | undefined;
  /** Rows whose counts (S5) are used: one of identical doubles, none of conflicting ones. */
  countRows: AssessmentRow[];
}

const key = (district: string, year: number): string => `${district}\u0000${year}`;
const at = (r: { file: string; row: number }) => ({ file: r.file, row: r.row });
const p2 = (d: Dec): string => fmt(d, 2);

export function computeSoilProgress(input: SoilInput): SoilResult {
  const Y = input.year;
  const problems: Problem[] = [];
  const warn = (code: ProblemCode, message: string, where: Parameters<typeof problem>[3], rule: string): void => {
    problems.push(problem('warning', code, message, { ...where, rule }));
  };

  const targets = new Map<string, TargetRow>();
  for (const t of input.targets) if (!targets.has(t.district)) targets.set(t.district, t);
  const heldArea = new Map<string, AreaRow>();
  for (const a of input.areas) if (!heldArea.has(a.district)) heldArea.set(a.district, a);
  const areaOf = (t: TargetRow): Dec => t.areaKm2 ?? heldArea.get(t.district)?.landKm2 ?? ZERO;
  for (const t of targets.values()) {
    if (areaOf(t).isZero()) warn('W_SOIL_AREA_UNKNOWN', `${t.district} 没有土地面积，分区和全市加权时权重为 0`, { ...t.source, column: '总面积' }, 'S4');
  }

  const rows = input.assessments.filter((r) => r.year <= Y);

  // S1: one value per row.
  const evaluated = rows.map((r) => evaluateRow(r, warn));

  // One value per district and year; doubled districts (S6).
  const cells = new Map<string, Cell>();
  for (const e of evaluated) {
    const k = key(e.row.district, e.row.year);
    const c = cells.get(k) ?? { rows: [], countRows: [] };
    c.rows.push(e);
    cells.set(k, c);
  }
  for (const c of cells.values()) settleCell(c, warn);

  // Districts without targets.
  const noTarget = new Map<string, AssessmentRow>();
  for (const r of rows) if (!targets.has(r.district) && !noTarget.has(r.district)) noTarget.set(r.district, r);
  for (const r of noTarget.values()) {
    warn('W_SOIL_NO_TARGET', `${r.district} 不在目标表中，未列入区县进度（也不计入分区和全市）`, { ...at(r), column: '区县', value: r.written }, 'S6');
  }

  const afterTarget = [...targets.values()].filter((t) => Y > t.targetYear);
  if (afterTarget.length) {
    const ty = Math.max(...afterTarget.map((t) => t.targetYear));
    warn(
      'W_SOIL_YEAR_AFTER_TARGET',
      `${Y} 年晚于目标年 ${ty}：按该目标年的目标值评价。新一期规划的目标请以目标表（区县、分区、基期年、基期值、目标年、目标值）放入 soil 目录`,
      { file: afterTarget[0]!.source.file },
      'S3',
    );
  }

  // S2, S3 per district.
  const districts: DistrictResult[] = [];
  for (const t of targets.values()) {
    const history = new Map<number, Dec | undefined>();
    for (let y = t.baseYear + 1; y <= Y; y++) history.set(y, cells.get(key(t.district, y))?.value);
    const cell = cells.get(key(t.district, Y));
    let previous: { year: number; value: Dec } | undefined;
    for (let y = Y - 1; y > t.baseYear; y--) {
      const v = history.get(y);
      if (v !== undefined) {
        previous = { year: y, value: v };
        break;
      }
    }
    const expected = expectedOnLine(t, Y);
    const d: DistrictResult = {
      district: t.district,
      region: t.region,
      areaKm2: areaOf(t),
      path: pathOf(t),
      expected,
      history,
      previous,
      status: '缺报',
      note: '',
    };
    if (!cell) {
      d.note = `未报送 ${Y} 年数据`;
      warn('W_SOIL_DISTRICT_MISSING', `${t.district} 缺少 ${Y} 年的水土保持率数据`, { column: '区县', value: t.district }, 'S6');
    } else if (cell.value === undefined) {
      d.status = '待核实';
      d.note = '数据有误或重复，见数据问题';
    } else {
      d.value = cell.value;
      d.origin = cell.origin;
      d.progress = progressPct(t, cell.value);
      d.status = statusOf(t, Y, cell.value, previous?.value);
      if (d.origin === '按面积计算') d.note = '由总面积和水土流失面积计算';
      if (previous && cell.value.lt(previous.value)) {
        const src = cell.rows[0]!.row;
        warn(
          'W_SOIL_FALL',
          `${t.district} ${Y} 年水土保持率 ${p2(cell.value)}% 低于 ${previous.year} 年的 ${p2(previous.value)}%（下降 ${p2(previous.value.minus(cell.value))} 个百分点）`,
          { ...at(src), column: '水土保持率', value: p2(cell.value) },
          'S6',
        );
      }
    }
    districts.push(d);
  }

  checkContradictions(input, targets, heldArea, cells, rows, Y, warn);
  checkNameVariants(input, rows, warn);
  const referenceFiles = new Set([...input.targets.map((t) => t.source), ...input.areas.map((a) => a.source)].filter((s) => s.reference).map((s) => s.file));
  const isReference = (p: Problem): boolean => p.file !== undefined && referenceFiles.has(p.file);

  // S4: regions in the order the targets list them, then the city.
  const regionNames: string[] = [];
  for (const t of targets.values()) if (!regionNames.includes(t.region)) regionNames.push(t.region);
  const regions = regionNames.map((name) =>
    aggregate(
      name,
      districts.filter((d) => d.region === name),
      Y,
    ),
  );
  const city = aggregate(CITY, districts, Y);

  // S5: year by year, then against the indicators.
  const firstYear = Math.min(...input.indicators.map((i) => i.periodStart), ...[...targets.values()].map((t) => t.baseYear + 1));
  const years: YearSummary[] = [];
  for (let y = firstYear; y <= Y; y++) {
    const countRows = [...cells.entries()].filter(([k]) => k.endsWith(`\u0000${y}`)).flatMap(([, c]) => c.countRows);
    const cityRate = aggregateValue(districts, y);
    years.push({
      year: y,
      reportedCount: districts.filter((d) => d.history.get(y) !== undefined).length,
      cityRate,
      treatedKm2: sum(countRows.map((r) => r.treatedKm2 ?? ZERO)),
      keyTreatedKm2: sum(countRows.map((r) => r.keyTreatedKm2 ?? ZERO)),
      ecoClean: sum(countRows.map((r) => r.ecoClean ?? ZERO)),
    });
  }
  const periodStartMin = Math.min(...input.indicators.map((i) => i.periodStart));
  for (const r of rows) {
    if (r.year < periodStartMin) continue;
    const blank = [
      r.treatedKm2 === undefined ? '新增治理面积' : '',
      r.keyTreatedKm2 === undefined ? '重点治理面积' : '',
      r.ecoClean === undefined ? '生态清洁小流域' : '',
    ].filter(Boolean);
    if (blank.length) warn('W_SOIL_COUNT_BLANK', `${r.district} ${r.year} 年未填${blank.join('、')}，全市累计时按 0 计`, { ...at(r), column: blank[0] }, 'S5');
  }
  const indicators = input.indicators.map((ind) => indicatorResult(ind, Y, city, years, districts));

  return {
    year: Y,
    districts,
    regions,
    city,
    years,
    indicators,
    problems: problems.filter((p) => !isReference(p)),
    referenceNotes: problems.filter(isReference),
  };
}

type Warn = (code: ProblemCode, message: string, where: Parameters<typeof problem>[3], rule: string) => void;

function pathOf(t: TargetPath): TargetPath {
  return { baseYear: t.baseYear, base: t.base, targetYear: t.targetYear, target: t.target };
}

/** S1 and the range checks of S6 for one row. */
function evaluateRow(r: AssessmentRow, warn: Warn): Evaluated {
  const where = at(r);
  let areaRate: Dec | undefined;
  const hasLand = r.landKm2 !== undefined;
  const hasErosion = r.erosionKm2 !== undefined;
  if (hasLand && hasErosion) {
    const land = r.landKm2!;
    const erosion = r.erosionKm2!;
    if (land.lte(ZERO)) {
      warn('W_SOIL_AREA_INVALID', `${r.district} ${r.year} 年总面积应大于 0`, { ...where, column: '总面积', value: land.toString() }, 'S1');
    } else if (erosion.lt(ZERO) || erosion.gt(land)) {
      warn(
        'W_SOIL_AREA_INVALID',
        `${r.district} ${r.year} 年水土流失面积应在 0 到总面积 ${land.toString()} km² 之间，算出的水土保持率会超出 0–100`,
        { ...where, column: '水土流失面积', value: erosion.toString() },
        'S6',
      );
    } else {
      areaRate = reportedRateFromAreas(land, erosion);
    }
  } else if ((hasLand || hasErosion) && r.rate === undefined) {
    warn(
      'W_SOIL_VALUE_MISSING',
      `${r.district} ${r.year} 年未填水土保持率，按面积计算需同时填总面积和水土流失面积`,
      { ...where, column: hasLand ? '水土流失面积' : '总面积' },
      'S1',
    );
  }

  let rate: Dec | undefined;
  if (r.rate !== undefined) {
    const alt = areaRate ? `；改用面积算出的 ${p2(areaRate)}%` : '；该区县本年不参与评价';
    if (r.rate.lt(ZERO) || r.rate.gt(new Dec(100))) {
      warn(
        'W_SOIL_RATE_RANGE',
        `${r.district} ${r.year} 年水土保持率 ${r.rate.toString()} 超出 0–100${alt}`,
        { ...where, column: '水土保持率', value: r.rate.toString() },
        'S6',
      );
    } else if (r.rate.gt(ZERO) && r.rate.lte(new Dec(1))) {
      warn(
        'W_SOIL_RATE_RANGE',
        `${r.district} ${r.year} 年水土保持率 ${r.rate.toString()} 疑似以小数填写的百分比（应填如 72.5）${alt}`,
        { ...where, column: '水土保持率', value: r.rate.toString() },
        'S6',
      );
    } else {
      rate = r.rate;
    }
  }
  if (rate !== undefined && areaRate !== undefined && !ratesAgree(rate, r.landKm2!, r.erosionKm2!)) {
    warn(
      'W_SOIL_RATE_AREA_MISMATCH',
      `${r.district} ${r.year} 年填报的水土保持率 ${rate.toString()}% 与按面积计算的 ${fmt(rateFromAreas(r.landKm2!, r.erosionKm2!), 4)}% 相差超过 0.01 个百分点；采用填报值`,
      { ...where, column: '水土保持率', value: rate.toString() },
      'S1',
    );
  }
  if (rate === undefined && areaRate === undefined && r.rate === undefined && !hasLand && !hasErosion) {
    warn('W_SOIL_VALUE_MISSING', `${r.district} ${r.year} 年既未填水土保持率，也未填总面积和水土流失面积`, { ...where, column: '水土保持率' }, 'S1');
  }
  if (rate !== undefined) return { row: r, value: rate, origin: '填报' };
  if (areaRate !== undefined) return { row: r, value: areaRate, origin: '按面积计算' };
  return { row: r };
}

/** One value per district and year. A doubled district (S6) keeps its value only if every row agrees. */
function settleCell(c: Cell, warn: Warn): void {
  const first = c.rows[0]!;
  if (c.rows.length === 1) {
    c.value = first.value;
    c.origin = first.origin;
    c.countRows = [first.row];
    return;
  }
  const sameValue = c.rows.every((e) => e.value !== undefined && first.value !== undefined && e.value.eq(first.value));
  const sameCounts = c.rows.every(
    (e) =>
      sameDec(e.row.treatedKm2, first.row.treatedKm2) && sameDec(e.row.keyTreatedKm2, first.row.keyTreatedKm2) && sameDec(e.row.ecoClean, first.row.ecoClean),
  );
  const places = c.rows.map((e) => `${e.row.file} 第${e.row.row}行（${e.row.written}）`).join('、');
  const { district, year } = first.row;
  if (sameValue && sameCounts) {
    c.value = first.value;
    c.origin = first.origin;
    c.countRows = [first.row];
    warn(
      'W_SOIL_DISTRICT_DOUBLED',
      `${district} ${year} 年出现 ${c.rows.length} 次（${places}），内容相同，只计一次`,
      { ...at(c.rows[1]!.row), column: '区县', value: c.rows[1]!.row.written },
      'S6',
    );
  } else {
    c.value = undefined;
    c.countRows = [];
    warn(
      'W_SOIL_DISTRICT_DOUBLED',
      `${district} ${year} 年出现 ${c.rows.length} 次（${places}），数值不一致，本年不参与评价和全市累计，请核实`,
      { ...at(c.rows[1]!.row), column: '区县', value: c.rows[1]!.row.written },
      'S6',
    );
  }
}

const sameDec = (a: Dec | undefined, b: Dec | undefined): boolean => (a === undefined ? b === undefined : b !== undefined && a.eq(b));

/** S6: values that contradict another table the tool holds for the same district and year. */
function checkContradictions(
  input: SoilInput,
  targets: Map<string, TargetRow>,
  heldArea: Map<string, AreaRow>,
  cells: Map<string, Cell>,
  rows: readonly AssessmentRow[],
  Y: number,
  warn: Warn,
): void {
  const tol = new Dec('0.01');
  for (const t of targets.values()) {
    const a = heldArea.get(t.district);
    if (a && a.year === t.baseYear) {
      const exact = rateFromAreas(a.landKm2, a.erosionKm2);
      if (t.base.minus(exact).abs().gt(tol)) {
        warn(
          'W_SOIL_CONTRADICTION',
          `${t.district} ${t.baseYear} 年基期值 ${t.base.toString()}%（${t.source.file}，写作「${t.written}」）与${a.source.file}（写作「${a.written}」）按面积算出的 ${p2(exact)}% 不一致（总面积 ${a.landKm2.toString()} km²，水土流失 ${a.erosionKm2.toString()} km²）；${t.source.reference ? '规划原表如此印刷，' : ''}报告采用基期值`,
          { ...t.source, column: '基期值', value: t.base.toString() },
          'S6',
        );
      }
    }
    const cell = cells.get(key(t.district, t.baseYear));
    if (cell?.value !== undefined && t.baseYear <= Y && cell.value.minus(t.base).abs().gt(tol)) {
      const r = cell.rows[0]!.row;
      warn(
        'W_SOIL_CONTRADICTION',
        `${t.district} ${t.baseYear} 年填报值 ${p2(cell.value)}% 与目标表的基期值 ${t.base.toString()}%（${t.source.file}）不一致`,
        { ...at(r), column: '水土保持率', value: p2(cell.value) },
        'S6',
      );
    }
  }
  for (const a of input.areas) {
    const cell = cells.get(key(a.district, a.year));
    if (cell?.value === undefined) continue;
    const exact = rateFromAreas(a.landKm2, a.erosionKm2);
    if (cell.value.minus(exact).abs().gt(tol)) {
      const r = cell.rows[0]!.row;
      warn(
        'W_SOIL_CONTRADICTION',
        `${a.district} ${a.year} 年填报值 ${p2(cell.value)}% 与${a.source.file}按面积算出的 ${p2(exact)}% 不一致`,
        { ...at(r), column: '水土保持率', value: p2(cell.value) },
        'S6',
      );
    }
  }
  for (const r of rows) {
    if (r.landKm2 === undefined) continue;
    const t = targets.get(r.district);
    const held = t?.areaKm2 ?? heldArea.get(r.district)?.landKm2;
    if (held === undefined || held.isZero()) continue;
    if (r.landKm2.minus(held).abs().gt(held.times(AREA_TOLERANCE))) {
      const from = t?.areaKm2 !== undefined ? t.source.file : heldArea.get(r.district)!.source.file;
      warn(
        'W_SOIL_AREA_CONTRADICTION',
        `${r.district} ${r.year} 年填报的总面积 ${r.landKm2.toString()} km² 与${from}的 ${held.toString()} km² 相差超过 1%；分区和全市加权仍用后者`,
        { ...at(r), column: '总面积', value: r.landKm2.toString() },
        'S6',
      );
    }
  }
}

/**
 * S6: one district written more than one way. Writings inside the shipped plan tables are a note
 * about the reference data; a user's file that writes a district otherwise than its official
 * name (or two ways) is the user's, located at the user's first such row. The report uses the
 * official name either way.
 */
function checkNameVariants(input: SoilInput, rows: readonly AssessmentRow[], warn: Warn): void {
  type Where = { file: string; row?: number | undefined };
  const collect = (items: readonly { district: string; written: string; where: Where }[]): Map<string, Map<string, Where>> => {
    const seen = new Map<string, Map<string, Where>>();
    for (const { district, written, where } of items) {
      const m = seen.get(district) ?? new Map<string, Where>();
      if (!m.has(written)) m.set(written, where);
      seen.set(district, m);
    }
    return seen;
  };
  const list = (m: Map<string, Where>): string =>
    [...m.entries()].map(([w, s]) => `「${w}」（${s.file}${s.row !== undefined ? ` 第${s.row}行` : ''}）`).join('、');
  const shipped = [...input.targets, ...input.areas].filter((x) => x.source.reference);
  for (const [district, m] of collect(shipped.map((x) => ({ district: x.district, written: x.written, where: x.source })))) {
    if (m.size < 2) continue;
    const [written, where] = [...m.entries()].find(([w]) => w !== district) ?? [...m.entries()][1]!;
    warn(
      'W_SOIL_NAME_VARIANT',
      `${district} 在规划原表中有 ${m.size} 种写法：${list(m)}；报告统一用正式名称「${district}」`,
      { ...where, column: '区县', value: written },
      'S6',
    );
  }
  const users = [
    ...input.targets.filter((t) => !t.source.reference).map((t) => ({ district: t.district, written: t.written, where: t.source as Where })),
    ...rows.map((r) => ({ district: r.district, written: r.written, where: at(r) as Where })),
  ];
  for (const [district, m] of collect(users)) {
    const other = [...m.entries()].find(([w]) => w !== district);
    if (!other) continue;
    warn(
      'W_SOIL_NAME_VARIANT',
      `${district} 在输入中写作 ${list(m)}，正式名称为「${district}」；报告统一用正式名称`,
      { ...other[1], column: '区县', value: other[0] },
      'S6',
    );
  }
}

/** S4 value for a year: area-weighted over the members, undefined unless every member has a value. */
function aggregateValue(members: readonly DistrictResult[], year: number): Dec | undefined {
  if (members.length === 0) return undefined;
  const items: { value: Dec; weight: Dec }[] = [];
  for (const d of members) {
    const v = d.history.get(year);
    if (v === undefined) return undefined;
    items.push({ value: v, weight: d.areaKm2 });
  }
  return weightedMean(items);
}

function aggregate(name: string, members: readonly DistrictResult[], Y: number): AggregateResult {
  const weigh = (f: (d: DistrictResult) => Dec): Dec => weightedMean(members.map((d) => ({ value: f(d), weight: d.areaKm2 }))) ?? ZERO;
  const path: TargetPath = {
    baseYear: Math.min(...members.map((d) => d.path.baseYear)),
    base: weigh((d) => d.path.base),
    targetYear: Math.max(...members.map((d) => d.path.targetYear)),
    target: weigh((d) => d.path.target),
  };
  const missing = members.filter((d) => d.value === undefined).map((d) => d.district);
  const value = aggregateValue(members, Y);
  let previous: { year: number; value: Dec } | undefined;
  for (let y = Y - 1; y > path.baseYear; y--) {
    const v = aggregateValue(members, y);
    if (v !== undefined) {
      previous = { year: y, value: v };
      break;
    }
  }
  const status: RowStatus = value === undefined ? '数据不全' : statusOf(path, Y, value, previous?.value);
  return {
    name,
    districtCount: members.length,
    reportedCount: members.length - missing.length,
    missing,
    areaKm2: sum(members.map((d) => d.areaKm2)),
    path,
    expected: expectedOnLine(path, Y),
    value,
    previous,
    progress: value === undefined ? undefined : progressPct(path, value),
    status,
  };
}

/** S5: one city-wide indicator for the report year. */
function indicatorResult(
  ind: CityIndicator,
  Y: number,
  city: AggregateResult,
  years: readonly YearSummary[],
  districts: readonly DistrictResult[],
): IndicatorResult {
  const printedBase = new Dec(ind.base);
  const printedTarget = new Dec(ind.target);
  // S4: the city's own rate indicators use the base and target computed from the district rows,
  // the same figures as the 分区与全市 sheet; the plan's rounded print is kept beside them.
  const ownRate = ind.kind === 'rate' && ind.attribute !== '参照';
  const base = ownRate && ind.baseYear === city.path.baseYear ? city.path.base : printedBase;
  const target = ownRate && ind.targetYear === city.path.targetYear ? city.path.target : printedTarget;
  const differs = (printed: Dec, used: Dec): boolean => !printed.eq(round(used, 2));
  const published = differs(printedBase, base) || differs(printedTarget, target) ? { base: printedBase, target: printedTarget } : undefined;
  const path: TargetPath = { baseYear: ind.periodStart - 1, base, targetYear: ind.targetYear, target };
  const until = Math.min(Y, ind.targetYear);
  const periodLabel = `${ind.periodStart}—${ind.targetYear}年`;
  const common = {
    name: ind.name,
    attribute: ind.attribute,
    unit: ind.unit,
    baseYear: ind.baseYear,
    base,
    targetYear: ind.targetYear,
    target,
    published,
    periodLabel,
    source: ind.source,
  };
  if (ind.kind === 'rate') {
    const actual = city.value;
    if (ind.attribute === '参照') {
      return {
        ...common,
        actual,
        expected: target,
        status: actual === undefined ? '数据不全' : actual.gte(target) ? '高于全国目标' : '低于全国目标',
        note: '全市水土保持率与全国目标对照',
      };
    }
    if (actual === undefined) return { ...common, expected: expectedOnLine(path, Y), status: '数据不全', note: `缺 ${city.missing.join('、')} 的数据` };
    return {
      ...common,
      actual,
      expected: expectedOnLine(path, Y),
      progress: progressPct(path, actual),
      status: statusOf(path, Y, actual, city.previous?.value),
      note: '全市按土地面积加权（S4）',
    };
  }
  if (Y < ind.periodStart) return { ...common, actual: base, expected: base, status: '未开始', note: `${ind.periodStart} 年开始` };
  const pick = (s: YearSummary): Dec => (ind.kind === 'treated' ? s.treatedKm2 : ind.kind === 'keyTreated' ? s.keyTreatedKm2 : s.ecoClean);
  const inPeriod = years.filter((s) => s.year >= ind.periodStart && s.year <= until);
  const actual = base.plus(sum(inPeriod.map(pick)));
  const gaps = inPeriod
    .map((s) => ({ year: s.year, missing: districts.filter((d) => d.history.get(s.year) === undefined).map((d) => d.district) }))
    .filter((g) => g.missing.length > 0)
    .map((g) => `${g.year}年缺 ${g.missing.join('、')}`);
  const note = `${ind.periodStart}—${until} 年各区县填报之和${Y > ind.targetYear ? `（规划期至 ${ind.targetYear} 年）` : ''}${gaps.length ? `；不含缺报：${gaps.join('；')}` : ''}`;
  return { ...common, actual, expected: expectedOnLine(path, until), progress: progressPct(path, actual), status: statusOf(path, until, actual), note };
}
