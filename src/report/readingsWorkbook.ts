import { classLabel, type WaterClass } from '../domain/classes.js';
import type { Problem } from '../domain/problem.js';
import { EXPORT_REFERENCE, ITEMS, type ItemKey } from '../domain/gb3838/index.js';
import type { InputFile } from '../domain/inputs.js';
import { classCell, type CellModel, type ColumnModel, type SheetModel, type WorkbookModel } from './model.js';
import { problemsSheet } from './problemsSheet.js';
import { provenanceSheet } from './provenance.js';

/** classify --each: one row per published reading (gb3838.md W5). */
export const EACH_HEADER = ['行号', '断面名称', '监测时间', '水质类别', '水质状况', '定类项目', '主要污染指标', '填报类别', '是否一致'] as const;

/** 水质状况 of a reading without any counted value. */
export const NO_VALUE_STATUS = '无监测值';

export interface ReadingRow {
  row: number;
  site: string;
  /** 监测时间 with the year. */
  date: string;
  cls?: WaterClass | undefined;
  status: string;
  deciding: string[];
  mainPollutants: string;
  /** The system's own class for the reading. */
  stated?: WaterClass | undefined;
  agrees?: boolean | undefined;
  /** Published values as written, by item key (表1 items) and EXPORT_REFERENCE key. */
  values: Record<string, string>;
  state: string;
}

export function eachLine(r: ReadingRow): string[] {
  return [
    String(r.row),
    r.site,
    r.date,
    r.cls ? classLabel(r.cls) : '',
    r.status,
    r.deciding.join('、'),
    r.mainPollutants,
    r.stated ? classLabel(r.stated) : '',
    r.agrees === undefined ? '' : r.agrees ? '是' : '否',
  ];
}

export interface ReadingsReportInput {
  rows: readonly ReadingRow[];
  inputs: readonly InputFile[];
  problems: readonly Problem[];
  /** Item columns the file has, in its order of the export. */
  items: readonly string[];
  year: number;
  yearFrom: string;
  waterbodyText: string;
  siteLimits: readonly [string, string][];
}

const VALUE_ORDER: readonly string[] = ['temp', 'ph', 'do', 'cond', 'turb', 'codmn', 'nh3n', 'tp', 'tn', 'chla', 'algae'];
const REPORTED = new Set<string>(['temp', 'tn', ...EXPORT_REFERENCE.map((x) => x.key)]);

function itemTitle(key: string): string {
  const ref = EXPORT_REFERENCE.find((x) => x.key === key);
  const name = ref ? ref.header : ITEMS[key as ItemKey].name;
  return REPORTED.has(key) ? `${name}（参考）` : name;
}

/** classified-each-<input>.xlsx: the readings table with the published values, problems, provenance. */
export function readingsWorkbook(input: ReadingsReportInput): WorkbookModel {
  const { rows } = input;
  const items = VALUE_ORDER.filter((k) => input.items.includes(k));
  const dates = rows.map((r) => r.date).sort();
  const stated = rows.filter((r) => r.agrees !== undefined);
  const disagree = stated.filter((r) => r.agrees === false).length;
  const empty = rows.filter((r) => r.status === NO_VALUE_STATUS).length;
  const sites = new Set(rows.map((r) => r.site)).size;
  const columns: ColumnModel[] = [
    { header: EACH_HEADER[0], width: 7, format: 'int' },
    { header: EACH_HEADER[1], width: 22 },
    { header: EACH_HEADER[2], width: 17 },
    { header: EACH_HEADER[3], width: 9 },
    { header: EACH_HEADER[4], width: 10 },
    { header: EACH_HEADER[5], width: 26 },
    { header: EACH_HEADER[6], width: 30 },
    { header: EACH_HEADER[7], width: 9 },
    { header: EACH_HEADER[8], width: 9 },
    ...items.map((k) => ({ header: itemTitle(k), width: Math.max(9, itemTitle(k).length * 2) })),
    { header: '站点情况', width: 12 },
  ];
  const table: SheetModel = {
    name: '逐次核定',
    title: '国家地表水自动监测逐次读数水质类别核定（GB 3838-2002 单因子评价法）',
    notes: [
      `监测时间：${dates[0] ?? ''} 至 ${dates[dates.length - 1] ?? ''}（年份 ${input.year}，取自${input.yearFrom}）；站点 ${sites} 个；读数 ${rows.length} 条，其中无监测值 ${empty} 条；与填报类别不一致 ${disagree} 条。水体类型：${input.waterbodyText}。`,
      '每次读数的发布值原样与表1限值比较，不按 W3 修约（pH 9.34 为劣Ⅴ，高锰酸盐指数 6.05 为Ⅳ）；-- 与 * 为无数值；水温、电导率、浊度、总氮、叶绿素α、藻密度只报告、不参与定类。',
    ],
    columns,
    rows: rows.map((r): CellModel[] => {
      const line = eachLine(r);
      return [
        r.row,
        line[1]!,
        line[2]!,
        classCell(r.cls ? classLabel(r.cls) : undefined),
        line[4]!,
        line[5]!,
        line[6]!,
        classCell(r.stated ? classLabel(r.stated) : undefined),
        r.agrees === false ? { v: '否', fill: 'bad', bold: true } : line[8]!,
        ...items.map((k) => r.values[k] ?? ''),
        r.state,
      ];
    }),
  };
  const sheets: SheetModel[] = [table];
  if (input.problems.length) sheets.push(problemsSheet('数据问题', '数据问题', input.problems));
  sheets.push(
    provenanceSheet(input.inputs, [
      ['命令', 'classify --each'],
      ['年份', `${input.year}（取自${input.yearFrom}）`],
      ['水体类型', input.waterbodyText],
      ['评价方法', 'GB 3838-2002 表1 单因子评价，逐次读数按发布值比较（gb3838.md W1、W2、W4、W5）'],
      ...input.siteLimits.map(([site, how]): [string, string] => [`限值 ${site}`, how]),
    ]),
  );
  const last = dates[dates.length - 1];
  return {
    date: last ? new Date(`${last.slice(0, 10)}T00:00:00Z`) : new Date('2000-01-01T00:00:00Z'),
    title: '国家地表水自动监测逐次读数水质类别核定',
    sheets,
  };
}
