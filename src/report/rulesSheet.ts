import { isStyled, type CellModel, type SheetModel } from './model.js';

/**
 * 规则说明: one Chinese line for every rule id the workbook cites (in titles, notes, headers,
 * cells), so a district can read why it pays. The lines summarise rules.md and gb3838.md.
 */
const RULES: readonly (readonly [string, string])[] = [
  [
    'R1',
    '每个补偿断面每月比较实测类别与补偿基准：水质优于基准且达到Ⅲ类及以上的，下游补偿上游；劣于基准的，上游补偿下游；相差1个类别每月100万元，2个及以上每月200万元（协议可约定更高标准）。',
  ],
  [
    'R2',
    '补偿基准：考核断面（国控、市控）用本断面当年的考核目标类别；非考核断面用同一河流上沿河距离最近的考核断面的目标（协议指定了基准断面的，以指定为准）。',
  ],
  ['R3', '采用的监测结果：考核断面只用国家或市级通报结果，非考核断面用市监测中心结果或联合监测结果；有浓度数据的按 GB 3838-2002 单因子评价法定类。'],
  ['R4', '没有可用监测结果的断面月不按“不补偿”处理，年终清算前须补齐；确因断流、未监测的，注明原因后该月按 0 结算。'],
  ['R5', '经财政、生态环境部门认定并有批准文号的自然灾害等免责月份，水质劣于基准时免除付款方当月的补偿责任。'],
  ['R6', '每笔金额归属一条河流、一个断面、一个月份；同一区县涉及几条河流的，分河流分别核算。'],
  ['R7', '跨省入境河流首端断面的上游、每条河流尾端（出境或汇入干流）断面的下游为市级财政，与区县一样按 R1–R5 结算。'],
  [
    'R8',
    '签署了该河流有效补偿协议的区县才按断面结算；未签协议的区县每条河流每月向流域补偿基金缴纳 100 万元；以对口协作等非资金方式补偿的同样核算，不划拨现金。',
  ],
  ['R9', '按月核算、按年清缴：每条河流每对主体全年金额轧差为一笔划转，由净付款方付给净收款方；全部应付合计必须等于应收合计（到分）。'],
  ['R10', '清缴截止日仍未付清的余额，通过市与区县两级财政结算强制收扣，另加收 10% 罚息，一并付给收款方。'],
  ['W1', '水质项目与 GB 3838-2002 表1各类限值（pH、溶解氧、高锰酸盐指数、氨氮、总磷等）。'],
  ['W2', '单因子评价：每个项目取其达到的最好类别，断面类别取各项目中最差的类别。'],
  ['W3', '同一断面同月多次监测取算术平均（pH 按氢离子浓度平均），低于检出限的按检出限的一半计，修约后再与限值比较。'],
  ['W4', '水质状况与颜色（《地表水环境质量评价办法（试行）》）：Ⅰ–Ⅱ类优（蓝）、Ⅲ类良好（绿）、Ⅳ类轻度污染（黄）、Ⅴ类中度污染（橙）、劣Ⅴ类重度污染（红）。'],
];

const RULE_ID = /(?<![A-Za-z0-9])(R10|R[1-9]|W[1-4])(?![0-9])/g;
/** A range such as R1–R5 cites every rule in it. */
const RULE_RANGE = /(?<![A-Za-z0-9])R([1-9]|10)[–-]R?([1-9]|10)(?![0-9])/g;

/** Every rule id cited anywhere in these sheets, in the order of the rules. */
export function citedRules(sheets: readonly SheetModel[]): string[] {
  const found = new Set<string>();
  const scanned = new Set<string>();
  const scan = (text: string) => {
    // Most texts (names, codes, months) cite nothing: only a text with an R or a W is searched, once.
    if ((!text.includes('R') && !text.includes('W')) || scanned.has(text)) return;
    scanned.add(text);
    for (const m of text.matchAll(RULE_ID)) found.add(m[1]!);
    for (const m of text.matchAll(RULE_RANGE)) for (let i = Number(m[1]); i <= Number(m[2]); i++) found.add(`R${i}`);
  };
  const cellText = (c: CellModel) => {
    const v = isStyled(c) ? c.v : c;
    if (typeof v === 'string') scan(v);
  };
  for (const s of sheets) {
    for (const t of [s.title ?? '', ...(s.notes ?? []), ...s.columns.map((c) => c.header)]) scan(t);
    for (const row of [...s.rows, ...(s.totals ?? [])]) row.forEach(cellText);
    for (const line of s.footer ?? []) line.forEach(scan);
  }
  return RULES.map(([id]) => id).filter((id) => found.has(id));
}

export function rulesSheet(sheets: readonly SheetModel[], notes: string[]): SheetModel {
  const cited = new Set(citedRules(sheets));
  return {
    name: '规则说明',
    title: '本工作簿引用的规则',
    notes: [...notes, '依据《重庆市深化市内流域横向生态保护补偿机制实施方案》（渝财环〔2023〕33号）；水质类别依据 GB 3838-2002。'],
    columns: [
      { header: '规则', width: 7 },
      { header: '说明', width: 110, wrap: true },
    ],
    rows: RULES.filter(([id]) => cited.has(id)).map(([id, text]) => [id, text]),
    noFilter: true,
  };
}
