import type { TableSpec } from './headers.js';
import { EXAMPLE_COLUMN, EXAMPLE_MARK } from './readTable.js';
import { SOIL_SPEC } from './soilLoad.js';
import * as T from './tableSpecs.js';

/**
 * The empty data folder `ecocomp init` writes (data.md): each table with its canonical headers
 * and one example row marked 示例 in an extra 说明 column (readers skip such rows with a
 * warning), plus a short Chinese 说明.txt. The example rows agree with each other (one river,
 * one compensation section, its agreement signed by both districts), so replacing them row by
 * row gives a folder that checks.
 */
export interface DataTemplate {
  /** Path inside the data folder, `/`-separated. */
  path: string;
  header: string[];
  example: string[];
}

const NOTE_HEADER = EXAMPLE_COLUMN;
const EXAMPLE_NOTE = `${EXAMPLE_MARK}（填入实际数据后删除本行）`;

const headers = (spec: TableSpec, keys?: readonly string[]): string[] =>
  (keys ? keys.map((k) => spec.columns.find((c) => c.key === k)!) : spec.columns).map((c) => c.header);

const SOIL_ASSESSMENT_KEYS = ['district', 'year', 'rate', 'area_km2', 'erosion_km2', 'treated_km2', 'key_treated_km2', 'eco_clean_count', 'note'] as const;

export const DATA_TEMPLATES: readonly DataTemplate[] = [
  { path: 'rivers.csv', header: headers(T.RIVERS), example: ['R01', '示例河', '市内发源', '长江', '1200'] },
  {
    path: 'sections.csv',
    header: headers(T.SECTIONS),
    example: ['S01', '示例河出境断面', 'R01', '35.2', '市控', '是', '璧山区', '江津区', ''],
  },
  { path: 'targets.csv', header: headers(T.TARGETS, ['section_id', 'year', 'target_class']), example: ['S01', '2025', 'Ⅲ'] },
  {
    path: 'agreements.csv',
    header: headers(T.AGREEMENTS),
    example: ['XY-R01-2025', 'R01', '2025-01-01', '2027-12-31', '100', '200', '资金', '', '2025-01-20'],
  },
  { path: 'signatures.csv', header: headers(T.SIGNATURES), example: ['XY-R01-2025', '璧山区', '2025-01-10'] },
  {
    path: 'quality/水质-2025.csv',
    header: headers(T.QUALITY, ['section_id', 'month', 'class', 'source', 'status', 'note']),
    example: ['S01', '2025-01', 'Ⅲ', '监测中心', '正常', ''],
  },
  { path: 'exemptions.csv', header: headers(T.EXEMPTIONS), example: ['S01', '2025-07', '渝环函〔2025〕1号', '特大洪水'] },
  { path: 'payments.csv', header: headers(T.PAYMENTS), example: ['2025', 'R01', '璧山区', '江津区', '1000000.00', '2026-03-15'] },
  { path: 'soil/水土保持考核表.csv', header: headers(SOIL_SPEC, SOIL_ASSESSMENT_KEYS), example: ['璧山区', '2025', '75.20', '', '', '12.5', '3.2', '1', ''] },
];

/** The header and example row of a template with the 说明 column that marks the example. */
export function templateRows(t: DataTemplate): { header: string[]; rows: string[][] } {
  return { header: [...t.header, NOTE_HEADER], rows: [[...t.example, EXAMPLE_NOTE]] };
}

export const SETTINGS_TEMPLATE = `${JSON.stringify({ 说明: '可加入「编制单位」「清缴截止日」「湖库断面」，写法见 说明.txt' }, null, 2)}\n`;

export const README_TEXT = `ecocomp 数据目录说明
====================

每张表可以是 .csv（UTF-8 或 GBK）或 .xlsx，文件名如下；表头写法见各表第一行。
每张表的第 2 行是示例（「说明」列写着「示例」），检查和计算时会跳过并提示，
照着它填好实际数据后请删除示例行。「说明」列本身可以保留或删除。

  rivers.csv        河流：河流编码、名称、来水（市内发源/跨省流入）、去向、流域面积（km²）
  sections.csv      断面：断面编码、名称、所在河流、里程（km）、断面类型（国控/市控/非考核）、
                    是否补偿断面、上游主体、下游主体（区县或「市级财政」）、基准断面（可空）
  targets.csv       断面考核目标：断面编码、年度、目标类别（Ⅰ…Ⅴ）
  agreements.csv    补偿协议：协议编号、河流、生效和终止日期（至少 3 年）、一类标准和两类标准（万元/月）、
                    补偿方式（资金/对口协作/产业转移/人才培训/共建园区）、替代价值（万元/年）、备案日期
  signatures.csv    协议签署：协议编号、区县、签署日期（上下游区县各一行）
  quality/          月度水质：任意多个文件，每断面每月一行；断面编码、月份（YYYY-MM）、水质类别、
                    数据来源（国家通报/市级通报/监测中心/联合监测）、状态（正常/断流/未监测）、备注，
                    可加浓度列（pH、溶解氧、氨氮、总磷……，mg/L）
  exemptions.csv    免责认定（可选）：断面编码、月份、批准文号、原因
  payments.csv      资金拨付（可选）：年度、河流编码、付款方、收款方、金额（元）、拨付日期
  soil/             水土保持考核表：每区县每年一行；区县、年度、水土保持率（%），或总面积和水土流失面积（km²），
                    当年新增治理面积、重点治理面积（km²）、新建生态清洁小流域（条）。
                    规划目标（十四五规划附表2）随工具提供；新一期规划的目标表（区县、分区、基期年、基期值、
                    目标年、目标值）放在本目录即替换它。
  ecocomp.json      设置（可选）：{"编制单位": "重庆市财政局", "清缴截止日": "03-31", "湖库断面": ["S01"]}
                    清缴截止日写 MM-DD 表示清算年度次年的该日；命令行选项优先于这里的设置。
  DATA-LABEL.txt    （可选）第一行写入每个工作簿的说明，如「2025 年度正式数据」

填好后先检查：  ecocomp validate --data 本目录
再年度清算：    ecocomp settle --year 2025 --data 本目录
详细的数据约定和规则见 ecocomp 安装目录下的 docs/数据约定.md、docs/规则.md。
`;
