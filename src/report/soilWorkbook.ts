import { sortProblems, type Problem } from '../domain/problem.js';
import type { SoilResult } from '../domain/soil/compute.js';
import { type Dec, cellNumber, fmt } from '../domain/soil/num.js';
import { change, runningTotals } from '../domain/soil/series.js';
import type { AggregateResult, DistrictResult, RowStatus } from '../domain/soil/types.js';
import type { InputFile } from '../domain/inputs.js';
import { FixedNumber, type CsvCell } from './model.js';
import type { CellModel, Fill, SheetModel, WorkbookModel } from './model.js';
import { problemsSheet } from './problemsSheet.js';
import { provenanceSheet } from './provenance.js';

/**
 * The soil-conservation progress report (outputs.md, `progress`): a pure layout of what
 * domain/soil computed. Display rounding (half-up): rates, areas and changes to 2 decimals,
 * progress to 1 decimal (num.ts); statuses were decided on exact values.
 */
export interface SoilReportContext {
  /** Where the targets came from, e.g. 内置：十四五规划附表2 or the targets file. */
  targetsLabel: string;
  areasLabel: string;
  isSample: boolean;
  inputs: readonly InputFile[];
  parameters: readonly [string, string][];
}

const STATUS_FILL: Record<string, Fill> = {
  已达标: 'good',
  进度正常: 'info',
  滞后: 'warn',
  倒退: 'bad',
  缺报: 'total',
  待核实: 'total',
  数据不全: 'total',
  高于全国目标: 'good',
  低于全国目标: 'warn',
};

const STATUS_LEGEND =
  '状态：已达标 = 当年值 ≥ 目标值；进度正常 = 低于目标值但不低于基期到目标年直线上的当年应达值；滞后 = 低于应达值；倒退 = 低于基期值或低于上一报送年度。';

export function soilReportTitle(year: number, isSample: boolean): string {
  return `重庆市水土保持率目标进度（${year}年）${isSample ? '（示例数据）' : ''}`;
}

const r2 = (d: Dec | undefined): number | null => (d === undefined ? null : cellNumber(d, 2));
const r1 = (d: Dec | undefined): number | null => (d === undefined ? null : cellNumber(d, 1));
/** CSV figures with the README's decimals: rates 2, progress 1 (half-up). */
const fixed = (d: Dec | undefined, places: number): FixedNumber | null => (d === undefined ? null : new FixedNumber(fmt(d, places)));
const statusCell = (s: string): CellModel => (STATUS_FILL[s] ? { v: s, fill: STATUS_FILL[s] } : s);

export function soilWorkbook(result: SoilResult, ctx: SoilReportContext): WorkbookModel {
  const Y = result.year;
  const sampleNote = ctx.isSample ? ['本报告由示例数据生成，数值为虚构，不是正式考核结果。'] : [];
  return {
    date: new Date(Date.UTC(Y, 11, 31)),
    title: soilReportTitle(Y, ctx.isSample),
    sheets: [
      districtSheet(result, ctx, sampleNote),
      aggregateSheet(result, ctx, sampleNote),
      indicatorSheet(result, sampleNote),
      historySheet(result, sampleNote),
      problemsSheet('数据问题', `数据问题（${Y}年）`, result.problems, [
        ...sampleNote,
        '以下问题均未自动更正；请核实后修改源表再重新运行。行号按 Excel 计（表头为第 1 行）。',
      ]),
      referenceSheet(result.referenceNotes, sampleNote),
      provenanceSheet(ctx.inputs, ctx.parameters),
    ],
  };
}

function years(result: SoilResult): string {
  const d = result.districts[0];
  return d ? `基期 ${d.path.baseYear} 年，目标年 ${d.path.targetYear} 年` : '';
}

function previousNote(prev: { year: number } | undefined, Y: number): string {
  return prev && prev.year !== Y - 1 ? `上年值取 ${prev.year} 年（其后未报送）` : '';
}

function districtSheet(result: SoilResult, ctx: SoilReportContext, sampleNote: string[]): SheetModel {
  const Y = result.year;
  const rows: CellModel[][] = result.districts.map((d, i) => districtRow(d, i + 1, Y));
  return {
    name: '区县进度',
    title: soilReportTitle(Y, ctx.isSample),
    notes: [
      ...sampleNote,
      `目标：${ctx.targetsLabel}，${years(result)}。土地面积：${ctx.areasLabel}。水土保持率单位为 %，变化单位为百分点。`,
      `进度 =（当年值 − 基期值）÷（目标值 − 基期值）× 100%；目标值等于基期值时，当年值不低于目标值即为 100%。`,
      STATUS_LEGEND,
    ],
    columns: [
      { header: '序号', width: 6, format: 'int' },
      { header: '区县', width: 20 },
      { header: '分区', width: 22 },
      { header: '土地面积（km²）', width: 12, format: 'dec2' },
      { header: '基期值', width: 9, format: 'dec2' },
      { header: '目标值', width: 9, format: 'dec2' },
      { header: `${Y}年应达值`, width: 10, format: 'dec2' },
      { header: '上年值', width: 9, format: 'dec2' },
      { header: `${Y}年值`, width: 9, format: 'dec2' },
      { header: '较上年', width: 9, format: 'dec2' },
      { header: '较基期', width: 9, format: 'dec2' },
      { header: '进度（%）', width: 12, format: 'pct1' },
      { header: '状态', width: 9 },
      { header: '备注', width: 30 },
    ],
    rows,
    dataBarColumn: 11,
  };
}

function districtRow(d: DistrictResult, no: number, Y: number): CellModel[] {
  const notes = [d.note, previousNote(d.previous, Y)].filter(Boolean).join('；');
  return [
    no,
    d.district,
    d.region,
    r2(d.areaKm2),
    r2(d.path.base),
    r2(d.path.target),
    r2(d.expected),
    r2(d.previous?.value),
    r2(d.value),
    r2(change(d.value, d.previous?.value)),
    r2(change(d.value, d.path.base)),
    r1(d.progress),
    statusCell(d.status),
    notes,
  ];
}

/** The plan's printed city base → target where it differs from the weighted one (e.g. 69.5% → 72.2%). */
function publishedCity(result: SoilResult): string | undefined {
  const p = result.indicators.find((i) => i.attribute === '约束性' && i.unit === '%')?.published;
  return p ? `${p.base.toString()}% → ${p.target.toString()}%` : undefined;
}

function aggregateSheet(result: SoilResult, ctx: SoilReportContext, sampleNote: string[]): SheetModel {
  const Y = result.year;
  const published = publishedCity(result);
  const row = (a: AggregateResult, total: boolean): CellModel[] => {
    const cells: CellModel[] = [
      a.name,
      a.districtCount,
      a.reportedCount,
      r2(a.areaKm2),
      r2(a.path.base),
      r2(a.path.target),
      r2(a.expected),
      r2(a.previous?.value),
      r2(a.value),
      r2(change(a.value, a.previous?.value)),
      r1(a.progress),
      statusCell(a.status),
      [a.missing.length ? `缺 ${a.missing.join('、')}，未计算当年值` : '', previousNote(a.previous, Y), total && published ? `规划公布 ${published}` : '']
        .filter(Boolean)
        .join('；'),
    ];
    return total ? cells.map((c, i) => (i === 11 ? c : { v: c as string | number | null, fill: 'total', bold: true })) : cells;
  };
  return {
    name: '分区与全市',
    title: `三大分区和全市水土保持率（${Y}年）${ctx.isSample ? '（示例数据）' : ''}`,
    notes: [
      ...sampleNote,
      `按土地面积加权：Σ（区县水土保持率 × 土地面积）÷ Σ土地面积。基期值和目标值由区县目标同样加权得出（全市 ${fmt(result.city.path.base, 2)}% → ${fmt(result.city.path.target, 2)}%${published ? `，规划正文取整印作 ${published}` : ''}），各表的全市数值、进度均以此为准。`,
      `分区内有区县缺报或数据待核实时，不计算该分区（及全市）的当年值。`,
      STATUS_LEGEND,
    ],
    columns: [
      { header: '分区', width: 24 },
      { header: '区县数', width: 8, format: 'int' },
      { header: '已报送', width: 8, format: 'int' },
      { header: '土地面积（km²）', width: 12, format: 'dec2' },
      { header: '基期值', width: 9, format: 'dec2' },
      { header: '目标值', width: 9, format: 'dec2' },
      { header: `${Y}年应达值`, width: 10, format: 'dec2' },
      { header: '上年值', width: 9, format: 'dec2' },
      { header: `${Y}年值`, width: 9, format: 'dec2' },
      { header: '较上年', width: 9, format: 'dec2' },
      { header: '进度（%）', width: 12, format: 'pct1' },
      { header: '状态', width: 9 },
      { header: '备注', width: 34 },
    ],
    rows: [...result.regions.map((a) => row(a, false)), row(result.city, true)],
    dataBarColumn: 10,
  };
}

function indicatorSheet(result: SoilResult, sampleNote: string[]): SheetModel {
  const Y = result.year;
  return {
    name: '全市指标',
    title: `全市水土保持指标完成情况（截至${Y}年）`,
    notes: [
      ...sampleNote,
      '累计指标为规划期首年至当年（不超过目标年）各区县填报之和；应达值按规划期起点到目标年的直线计算。全国目标仅作对照。',
      '全市水土保持率的基期值和目标值与「分区与全市」表相同，由规划附表2 的区县数值按土地面积加权得出；规划正文印刷的取整值列在「规划公布值」（基期 → 目标）。',
    ],
    columns: [
      { header: '指标', width: 30 },
      { header: '属性', width: 8 },
      { header: '单位', width: 6 },
      { header: '规划期', width: 14 },
      { header: '基期值', width: 9, format: 'dec2' },
      { header: '目标值', width: 9, format: 'dec2' },
      { header: '规划公布值', width: 14 },
      { header: `${Y}年值/累计`, width: 12, format: 'dec2' },
      { header: '应达值', width: 9, format: 'dec2' },
      { header: '进度（%）', width: 12, format: 'pct1' },
      { header: '状态', width: 12 },
      { header: '说明', width: 40 },
      { header: '依据', width: 40 },
    ],
    rows: result.indicators.map((i) => [
      i.name,
      i.attribute,
      i.unit,
      i.periodLabel,
      r2(i.base),
      r2(i.target),
      i.published ? `${i.published.base.toString()} → ${i.published.target.toString()}` : '',
      r2(i.actual),
      r2(i.expected),
      r1(i.progress),
      statusCell(i.status),
      i.note,
      i.source,
    ]),
    dataBarColumn: 9,
  };
}

function historySheet(result: SoilResult, sampleNote: string[]): SheetModel {
  const Y = result.year;
  const baseYear = Math.min(...result.districts.map((d) => d.path.baseYear));
  const yrs: number[] = [];
  for (let y = baseYear + 1; y <= Y; y++) yrs.push(y);
  const rows: CellModel[][] = result.districts.map((d) => {
    let prev: Dec | undefined = d.path.base;
    const cells: CellModel[] = yrs.map((y) => {
      const v = d.history.get(y);
      if (v === undefined) return { v: '缺', fill: 'total' };
      const fell = prev !== undefined && v.lt(prev);
      prev = v;
      return fell ? { v: r2(v), fill: 'bad' } : r2(v);
    });
    return [d.district, r2(d.path.base), ...cells, r2(d.path.target)];
  });
  const cityByYear = new Map(result.years.map((s) => [s.year, s.cityRate]));
  rows.push([
    { v: '全市（加权）', fill: 'total', bold: true },
    { v: r2(result.city.path.base), fill: 'total', bold: true },
    ...yrs.map((y): CellModel => ({ v: r2(cityByYear.get(y)) ?? '不全', fill: 'total', bold: true })),
    { v: r2(result.city.path.target), fill: 'total', bold: true },
  ]);
  const footer: string[][] = [[''], ['年度', '报送区县数', '新增治理面积（km²）', '累计', '重点治理面积（km²）', '累计', '生态清洁小流域（条）', '累计']];
  for (const s of runningTotals(result.years)) {
    footer.push([
      `${s.year}`,
      `${s.reportedCount}`,
      s.treatedKm2.toFixed(2),
      s.treatedToDate.toFixed(2),
      s.keyTreatedKm2.toFixed(2),
      s.keyTreatedToDate.toFixed(2),
      s.ecoClean.toFixed(0),
      s.ecoCleanToDate.toFixed(0),
    ]);
  }
  return {
    name: '逐年情况',
    title: `各区县水土保持率逐年情况（${baseYear}—${Y}年）`,
    notes: [...sampleNote, '红色：低于上一报送年度（首年与基期值比较）；“缺”：未报送或数据待核实。表下为全市逐年填报合计。'],
    columns: [
      { header: '区县', width: 20 },
      { header: `基期值（${baseYear}）`, width: 11, format: 'dec2' },
      ...yrs.map((y) => ({ header: `${y}年`, width: 9, format: 'dec2' as const })),
      { header: '目标值', width: 9, format: 'dec2' },
    ],
    rows,
    footer,
  };
}

/** S6: the plan's own printed inconsistencies, kept apart from the problems in the user's files. */
function referenceSheet(notes: readonly Problem[], sampleNote: string[]): SheetModel {
  const rows: CellModel[][] = sortProblems(notes).map((p, i) => [
    i + 1,
    p.code,
    p.rule ?? '',
    p.file ?? '',
    p.row ?? null,
    p.column ?? '',
    p.value ?? '',
    p.message,
  ]);
  if (rows.length === 0) rows.push(['', '', '', '', null, '', '', '随工具提供的规划表无不一致之处']);
  return {
    name: '规划表说明',
    title: '关于随工具提供的规划表的说明',
    notes: [
      ...sampleNote,
      '以下是《重庆市水土保持“十四五”规划》原表自身印刷的不一致（如同一区县在附表1、附表2 中写法不同、数值对不上）。工具按原样使用，不作更正；这些不是报送数据的问题，报送单位无需处理。行号为随工具提供的表中的行（表头为第 1 行）。',
    ],
    columns: [
      { header: '序号', width: 6, format: 'int' },
      { header: '代码', width: 26 },
      { header: '规则', width: 6 },
      { header: '表', width: 24 },
      { header: '行', width: 6, format: 'int' },
      { header: '列', width: 10 },
      { header: '值', width: 14 },
      { header: '说明', width: 80 },
    ],
    rows,
  };
}

/** outputs.md: `区县,分区,基期值,目标值,当年值,进度,状态`; districts, then regions (分区 = 合计), then 全市. */
export const SOIL_CSV_HEADER = ['区县', '分区', '基期值', '目标值', '当年值', '进度', '状态'] as const;

export function soilCsvRows(result: SoilResult): CsvCell[][] {
  const row = (name: string, region: string, base: Dec, target: Dec, value: Dec | undefined, progress: Dec | undefined, status: RowStatus): CsvCell[] => [
    name,
    region,
    fixed(base, 2),
    fixed(target, 2),
    fixed(value, 2),
    fixed(progress, 1),
    status,
  ];
  return [
    ...result.districts.map((d) => row(d.district, d.region, d.path.base, d.path.target, d.value, d.progress, d.status)),
    ...result.regions.map((a) => row(a.name, '合计', a.path.base, a.path.target, a.value, a.progress, a.status)),
    row(result.city.name, '合计', result.city.path.base, result.city.path.target, result.city.value, result.city.progress, result.city.status),
  ];
}
