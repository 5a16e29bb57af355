import { classLabel } from '../domain/classes.js';
import type { Problem } from '../domain/problem.js';
import { CLASSIFIED_HEADER, ITEMS, ALL_ITEMS, classifiedLine, type ClassifiedRow, type ItemKey, type Waterbody } from '../domain/gb3838/index.js';
import type { InputFile } from '../domain/inputs.js';
import { classCell, type CellModel, type ColumnModel, type SheetModel, type WorkbookModel } from './model.js';
import { problemsSheet } from './problemsSheet.js';
import { provenanceSheet } from './provenance.js';

export interface ClassifiedReportInput {
  rows: readonly ClassifiedRow[];
  waterbody: Waterbody;
  inputs: readonly InputFile[];
  /** Warnings to list (errors stop the run before a report is built). */
  problems: readonly Problem[];
  /** Which section columns the tables carry (default: 断面编码 only). */
  layout?: SectionLayout | undefined;
  /** Limits each site got, where that was decided per site (national exports): site → 河流 / 湖库 and why. */
  siteLimits?: readonly [string, string][] | undefined;
  /** 水体类型 as said when sites differ (e.g. `河流 5 个断面、湖库 2 个断面`); default the run's --waterbody. */
  waterbodyText?: string | undefined;
  /** Inputs left out (no concentration column), each with why. */
  skipped?: readonly { path: string; reason: string }[] | undefined;
  /** classifiedLine of each row, when the caller has them already (the CSV's lines). */
  lines?: readonly (readonly string[])[] | undefined;
}

/** The first and last month of the rows (undefined when there are none). */
export function monthSpan(rows: readonly ClassifiedRow[]): [string | undefined, string | undefined] {
  let first: string | undefined;
  let last: string | undefined;
  for (const { month } of rows) {
    if (first === undefined || month < first) first = month;
    if (last === undefined || month > last) last = month;
  }
  return [first, last];
}

/**
 * The section columns of classified-<input>.csv: 断面编码; 断面编码 and 断面名称 when the input has
 * names; 断面名称 alone for a national export, whose sites have no code.
 */
export type SectionLayout = 'code' | 'code+name' | 'name';

/** classified-<input>.csv's header: CLASSIFIED_HEADER with the layout's section columns. */
export function classifiedHeader(layout: SectionLayout): string[] {
  const h: string[] = [...CLASSIFIED_HEADER];
  if (layout === 'code+name') h.splice(1, 0, '断面名称');
  if (layout === 'name') h[0] = '断面名称';
  return h;
}

/** One line of classified-<input>.csv, in classifiedHeader order. */
export function classifiedCells(r: ClassifiedRow, layout: SectionLayout, line: readonly string[] = classifiedLine(r)): readonly string[] {
  return layout === 'code+name' ? [line[0]!, r.name, ...line.slice(1)] : line;
}

const sectionColumns = (layout: SectionLayout): ColumnModel[] =>
  layout === 'name'
    ? [{ header: '断面名称', width: 24 }]
    : layout === 'code+name'
      ? [
          { header: '断面编码', width: 16 },
          { header: '断面名称', width: 20 },
        ]
      : [{ header: '断面编码', width: 16 }];

const sectionCells = (r: ClassifiedRow, layout: SectionLayout): CellModel[] => (layout === 'code+name' ? [r.section, r.name] : [r.section]);

/**
 * Above this many section-months the workbook leaves out the 月均浓度 sheet: exceljs needs about
 * 12 KB of memory per styled row, and the table itself is what people print.
 */
export const MEANS_SHEET_MAX_ROWS = 10000;

export const WATERBODY_LABELS: Record<Waterbody, string> = { river: '河流', lake: '湖泊、水库' };

/** classified.xlsx: the classified.csv table for people, the monthly means, problems, provenance. */
export function classifiedWorkbook(input: ClassifiedReportInput): WorkbookModel {
  const { rows } = input;
  const [first, last] = monthSpan(rows);
  const withMeans = rows.length <= MEANS_SHEET_MAX_ROWS;
  const sheets: SheetModel[] = [classSheet(input, first, last, withMeans)];
  if (withMeans) sheets.push(meansSheet(rows, input.layout ?? 'code'));
  if (input.problems.length) sheets.push(problemsSheet('数据问题', '数据问题', input.problems));
  sheets.push(
    provenanceSheet(input.inputs, [
      ['命令', 'classify'],
      ['水体类型', input.waterbodyText ?? WATERBODY_LABELS[input.waterbody]],
      ['评价方法', 'GB 3838-2002 表1 单因子评价（gb3838.md W1–W4）'],
      ...(input.skipped ?? []).map((f): [string, string] => [`未核定 ${f.path}`, f.reason]),
      ...(input.siteLimits ?? []).map(([site, how]): [string, string] => [`限值 ${site}`, how]),
    ]),
  );
  return {
    // A fixed date from the data (first day of the last month), never the clock.
    date: last ? new Date(`${last}-01T00:00:00Z`) : new Date('2000-01-01T00:00:00Z'),
    title: '地表水水质类别核定',
    sheets,
  };
}

function classSheet(input: ClassifiedReportInput, first: string | undefined, last: string | undefined, withMeans: boolean): SheetModel {
  const { rows } = input;
  const layout = input.layout ?? 'code';
  const sections = new Set(rows.map((r) => r.section)).size;
  const stated = rows.filter((r) => r.agrees !== undefined);
  const disagree = stated.filter((r) => r.agrees === false).length;
  const period = first === undefined ? '无数据' : first === last ? first : `${first} 至 ${last}`;
  return {
    name: '水质类别',
    title: '地表水水质类别核定（GB 3838-2002 单因子评价法）',
    notes: [
      `月份：${period}；断面 ${sections} 个；断面·月 ${rows.length} 条；填报类别 ${stated.length} 条，其中与浓度核定不一致 ${disagree} 条。水体类型：${input.waterbodyText ?? WATERBODY_LABELS[input.waterbody]}。`,
      '月内多次采样取算术平均（pH 按氢离子浓度平均），低于检出限按半检出限计，均值按 GB/T 8170 修约后与表1限值比较；水温、总氮、粪大肠菌群只报告、不参与定类。',
      ...(withMeans ? [] : [`断面·月超过 ${MEANS_SHEET_MAX_ROWS} 条，本工作簿不含月均浓度表；请按断面或月份分批运行以查看月均浓度。`]),
    ],
    columns: [
      ...sectionColumns(layout),
      { header: CLASSIFIED_HEADER[1], width: 10 },
      { header: CLASSIFIED_HEADER[2], width: 10 },
      { header: CLASSIFIED_HEADER[3], width: 11 },
      { header: CLASSIFIED_HEADER[4], width: 44 },
      { header: CLASSIFIED_HEADER[5], width: 42 },
      { header: CLASSIFIED_HEADER[6], width: 10 },
      { header: CLASSIFIED_HEADER[7], width: 9 },
    ],
    rows: rows.map((r, i): CellModel[] => {
      const line = input.lines?.[i] ?? classifiedLine(r);
      return [
        ...sectionCells(r, layout),
        line[1]!,
        classCell(r.cls ? classLabel(r.cls) : undefined),
        line[3]!,
        line[4]!,
        line[5]!,
        r.stated.length === 1 ? classCell(line[6]) : line[6]!,
        r.agrees === false ? { v: '否', fill: 'bad', bold: true } : line[7]!,
      ];
    }),
  };
}

function meansSheet(rows: readonly ClassifiedRow[], layout: SectionLayout): SheetModel {
  const present = new Set<ItemKey>();
  for (const r of rows) for (const i of r.evaluation?.items ?? []) present.add(i.item);
  const items = ALL_ITEMS.filter((k) => present.has(k));
  return {
    name: '月均浓度',
    title: '各断面月均浓度（修约后）与单项类别',
    notes: [
      '单位 mg/L（pH 无量纲，水温 ℃，粪大肠菌群 个/L）；单元格颜色为该项目的类别；水温、总氮、粪大肠菌群为参考项目，不定类。当月样品全部低于检出限的项目照原样写作检出限加 L（如 0.001L），按半检出限定类。',
    ],
    columns: [
      ...sectionColumns(layout),
      { header: '月份', width: 10 },
      { header: '样品数', width: 8, format: 'int' },
      ...items.map((k) => ({ header: ITEMS[k].reference ? `${ITEMS[k].name}（参考）` : ITEMS[k].name, width: Math.max(9, ITEMS[k].name.length * 2 + 2) })),
    ],
    rows: rows.map((r) => {
      const byItem = new Map((r.evaluation?.items ?? []).map((i) => [i.item, i]));
      return [
        ...sectionCells(r, layout),
        r.month,
        r.samples,
        ...items.map((k): CellModel => {
          const i = byItem.get(k);
          if (!i) return '';
          const shown = i.belowLimit ?? i.value;
          const cell = classCell(i.cls ? classLabel(i.cls) : undefined);
          return typeof cell === 'object' && cell !== null && 'fill' in cell ? { v: shown, fill: cell.fill } : shown;
        }),
      ];
    }),
  };
}
