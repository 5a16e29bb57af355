import type { FundCharge, LedgerLine } from '../domain/accounting.js';
import { capitalYuan } from '../domain/capitalAmount.js';
import { classLabel } from '../domain/classes.js';
import type { Clearing, Position, TransferTotals } from '../domain/clearing.js';
import { FUND, MUNICIPAL } from '../domain/districts.js';
import { Money, fmtYuan, yuanToWan } from '../domain/money.js';
import type { Enforcement, EnforcementTotals } from '../domain/penalties.js';
import { isAssessment, type Dataset, type Month } from '../domain/types.js';
import { LABEL_MARK } from './documentLabels.js';
import { classCell, type CellModel, type ColumnModel, type SheetModel, type StyledCell } from './model.js';
import { compensationSections } from '../domain/accounting.js';

/** Sheet layouts shared by the settlement workbook and the monthly statement. */
const total = (v: CellModel, extra: Partial<StyledCell> = {}): CellModel =>
  v !== null && typeof v === 'object' && !(v instanceof Money) ? { ...v, bold: true, fill: 'total', ...extra } : { v, bold: true, fill: 'total', ...extra };
const blanks = (n: number): CellModel[] => Array.from({ length: n }, () => total(''));

const riverName = (d: Dataset, id: string): string => d.rivers.find((r) => r.id === id)?.name ?? id;

/** The units a sheet's money columns are in, e.g. 单位：元、万元 (none when it shows no money). */
function unitsNote(columns: readonly ColumnModel[]): string | undefined {
  const units = [columns.some((c) => c.format === 'yuan') ? '元' : '', columns.some((c) => c.format === 'wan') ? '万元' : ''].filter(Boolean);
  return units.length ? `单位：${units.join('、')}` : undefined;
}

/** The first note line gets the units of this sheet's columns. */
export function withUnits(s: SheetModel): SheetModel {
  const units = unitsNote(s.columns);
  if (!units) return s;
  const [first, ...rest] = s.notes ?? [];
  if (!first) return { ...s, notes: [units, ...rest] };
  const at = first.indexOf(LABEL_MARK);
  return { ...s, notes: [at < 0 ? `${first}　${units}` : `${first.slice(0, at)}　${units}${first.slice(at)}`, ...rest] };
}

/** A signed total written out: 合计人民币（大写）：肆仟伍佰伍拾万元整, the label over `labelSpan` columns. */
const capitalRow = (lead: number, label: string, labelSpan: number, amount: Money, width: number): CellModel[] => [
  ...blanks(lead),
  total(label, { span: labelSpan }),
  ...blanks(labelSpan - 1),
  total(capitalYuan(amount), { span: width - lead - labelSpan }),
  ...blanks(width - lead - labelSpan - 1),
];

/** 汇总 (R9). Without transfer totals (a pooled fund's positions) the 资金/非资金 subtotals are left out. */
export function summarySheet(
  clearing: Pick<Clearing, 'positions' | 'totalPaid' | 'totalReceived'> & { totals?: TransferTotals },
  sums: { receivable: Money; payable: Money; net: Money },
  title: string,
  notes: string[],
): SheetModel {
  const kind = (p: string) => (p === MUNICIPAL ? '市级财政（首尾端）' : p === FUND ? '流域补偿基金' : '区县');
  const rows: CellModel[][] = clearing.positions.map((p: Position) => [p.party, kind(p.party), p.receivable, p.payable, p.net, p.net]);
  const t = clearing.totals;
  const balanced = clearing.totalPaid.equals(clearing.totalReceived);
  return {
    name: '汇总',
    title,
    notes: [
      ...notes,
      `平衡校验（R9）：应付合计 ${fmtYuan(clearing.totalPaid)} 元，应收合计 ${fmtYuan(clearing.totalReceived)} 元，${balanced ? '相等 ✓' : '不相等 ✗'}`,
    ],
    columns: [
      { header: '主体', width: 26 },
      { header: '类别', width: 18 },
      { header: '应收（元）', width: 18, format: 'yuan' },
      { header: '应付（元）', width: 18, format: 'yuan' },
      { header: '净额（元）', width: 18, format: 'yuan' },
      { header: '净额（万元）', width: 16, format: 'wan' },
    ],
    rows,
    totals: [
      [total('合计'), total(''), total(sums.receivable), total(sums.payable), total(sums.net), total(sums.net)],
      ...(t
        ? [
            [total('其中：资金'), total(''), total(t.cash), total(t.cash), total(''), total('')],
            [total('其中：非资金'), total('不划拨现金（R8）'), total(t.nonMonetary), total(t.nonMonetary), total(''), total('')],
          ]
        : []),
      capitalRow(0, '应付合计人民币（大写）', 2, clearing.totalPaid, 6),
    ],
  };
}

/** The lines a transfers sheet closes with: 资金 and 非资金 subtotals, the total, and (when signed) the total in capitals. */
function transferTotalRows(t: TransferTotals, counts: { cash: number; nonMonetary: number }, signed: boolean): CellModel[][] {
  const row = (label: string, amount: Money, mode: string, note: string): CellModel[] => [
    total(''),
    total(label, { span: 4 }),
    ...blanks(3),
    total(amount),
    total(amount),
    total(mode),
    total(note),
  ];
  const rows = [
    row('合计', t.total, '', `${counts.cash + counts.nonMonetary} 笔`),
    row('其中：资金', t.cash, '资金', `${counts.cash} 笔`),
    row('其中：非资金', t.nonMonetary, '非资金', `${counts.nonMonetary} 笔，不划拨现金（R8）`),
  ];
  if (signed) rows.push(capitalRow(1, '合计人民币（大写）', 4, t.total, 9));
  return rows;
}

/** 清算划转 (and 本年累计): one line per river and pair; `signature` adds the 制表/审核/批准 block and the total in capitals. */
export function transfersSheet(d: Dataset, clearing: Clearing, title: string, notes: string[], signature: false | { date?: string | undefined }): SheetModel {
  const transfers = clearing.transfers;
  const rows: CellModel[][] = transfers.map((t, i) => [
    i + 1,
    t.riverId,
    riverName(d, t.riverId),
    t.payer,
    t.payee,
    t.amount,
    t.amount,
    t.mode === '资金' ? '资金' : { v: `非资金：${t.mode}`, fill: 'info' },
    t.kind === 'fund'
      ? `R8 未签协议 ${t.months} 个月，${t.perMonth ? `每月 ${yuanToWan(t.perMonth).toString()} 万元` : '各月标准不同（见补偿基金表）'}`
      : t.grossPayeeToPayer.isZero()
        ? `R9 ${t.months} 个月补偿合计`
        : `R9 轧差：应付 ${fmtYuan(t.grossPayerToPayee)}，应收 ${fmtYuan(t.grossPayeeToPayer)}（${t.months} 个月）`,
  ]);
  const cash = transfers.filter((t) => t.mode === '资金').length;
  return {
    name: '清算划转',
    title,
    notes,
    columns: [
      { header: '序号', width: 6, format: 'int' },
      { header: '河流编码', width: 8 },
      { header: '河流', width: 8 },
      { header: '付款方', width: 20 },
      { header: '收款方', width: 20 },
      { header: '金额（元）', width: 16, format: 'yuan' },
      { header: '金额（万元）', width: 14, format: 'wan' },
      { header: '方式', width: 16 },
      { header: '说明', width: 52 },
    ],
    rows,
    totals: transferTotalRows(clearing.totals, { cash, nonMonetary: transfers.length - cash }, signature !== false),
    footer: signature
      ? [
          ['', '制表：', '', '', '审核：', '', '批准：', '', '（盖章）'],
          ['', '日期：', signature.date ?? '', '', '日期：', '', '日期：', '', ''],
        ]
      : undefined,
  };
}

/**
 * 月度明细: the columns that decide the money, to print on A4 landscape at full size (the
 * provenance of each line is on 核算依据). 原因 wraps.
 */
export function ledgerSheet(lines: readonly LedgerLine[], title: string, notes: string[]): SheetModel {
  const rows: CellModel[][] = lines.map((l) => [
    l.sectionId,
    l.sectionName,
    l.month,
    l.measured !== undefined ? classCell(classLabel(l.measured)) : (l.status ?? ''),
    l.benchmark !== undefined ? classCell(classLabel(l.benchmark)) : '',
    l.diff ?? '',
    l.payer ?? '',
    l.payee ?? '',
    l.amount,
    l.rule,
    l.reason,
  ]);
  return {
    name: '月度明细',
    title,
    notes: [...notes, '每行的上下游主体、基准来源、数据来源、免责文号和依据记录见「核算依据」表（同一顺序）。'],
    columns: [
      { header: '断面编码', width: 8 },
      { header: '断面名称', width: 14, wrap: true },
      { header: '月份', width: 8 },
      { header: '实测类别', width: 6 },
      { header: '基准类别', width: 6 },
      { header: '类别差', width: 6, format: 'int' },
      { header: '付款方', width: 14, wrap: true },
      { header: '收款方', width: 14, wrap: true },
      { header: '金额（元）', width: 14, format: 'yuan' },
      { header: '规则', width: 6 },
      { header: '原因', width: 45, wrap: true },
    ],
    rows,
  };
}

/** 核算依据: where each line of 月度明细 came from (R2 benchmark, R3 record, R5 exemption), same order. */
export function basisSheet(lines: readonly LedgerLine[], title: string, notes: string[]): SheetModel {
  const rows: CellModel[][] = lines.map((l) => [
    l.riverId,
    l.sectionId,
    l.sectionName,
    l.month,
    l.upstream,
    l.downstream,
    l.benchmarkFrom,
    l.source ?? '',
    l.exemption ?? '',
    l.sourceLoc ?? '',
    l.version,
  ]);
  return {
    name: '核算依据',
    title,
    notes,
    columns: [
      { header: '河流编码', width: 8 },
      { header: '断面编码', width: 8 },
      { header: '断面名称', width: 14, wrap: true },
      { header: '月份', width: 8 },
      { header: '上游主体', width: 18, wrap: true },
      { header: '下游主体', width: 18, wrap: true },
      { header: '基准来源（R2）', width: 26, wrap: true },
      { header: '数据来源（R3）', width: 10 },
      { header: '免责文号（R5）', width: 12, wrap: true },
      { header: '依据记录（文件:行）', width: 30, wrap: true },
      { header: '方案版本', width: 14, wrap: true },
    ],
    rows,
  };
}

/** 河流: sections down each river by month, each cell coloured by the class that counted. */
export function riversSheet(d: Dataset, months: readonly Month[], lines: readonly LedgerLine[], title: string, notes: string[]): SheetModel {
  // The class that counted is on each ledger line (R3 chose it during accounting).
  const classLines = lines.filter((l) => !l.term);
  const lineAt = new Map(classLines.map((l) => [`${l.sectionId} ${l.month}`, l]));
  const benchmark = new Map(classLines.map((l) => [l.sectionId, l.benchmark]));
  const rows: CellModel[][] = [];
  for (const river of [...d.rivers].sort((a, b) => (a.id < b.id ? -1 : 1))) {
    for (const s of compensationSections(d, river.id)) {
      const b = benchmark.get(s.id);
      const cells: CellModel[] = months.map((m) => {
        const l = lineAt.get(`${s.id} ${m}`);
        if (!l) return { v: '缺', fill: 'bad' };
        if (l.status !== '正常') return { v: l.status ?? '', fill: 'info' };
        return classCell(l.measured !== undefined ? classLabel(l.measured) : '');
      });
      rows.push([
        river.name,
        s.id,
        s.name,
        Number(s.km),
        `${s.upstream}→${s.downstream}`,
        isAssessment(s.kind) ? s.kind : '非考核',
        b !== undefined ? classCell(classLabel(b)) : '',
        ...cells,
      ]);
    }
  }
  return {
    name: '河流',
    title,
    notes,
    columns: [
      { header: '河流', width: 10 },
      { header: '断面编码', width: 10 },
      { header: '断面名称', width: 14 },
      { header: '里程（km）', width: 9, format: 'dec1' },
      { header: '上游→下游', width: 30 },
      { header: '类型', width: 7 },
      { header: '基准', width: 6 },
      ...months.map((m) => ({ header: `${Number(m.slice(5))}月`, width: 6 })),
    ],
    rows,
  };
}

export function fundSheet(fund: readonly FundCharge[], fundTotal: Money, title: string, notes: string[]): SheetModel {
  const rows: CellModel[][] = fund.map((f) => [f.riverId, f.district, f.month, f.amount, f.reason]);
  return {
    name: '补偿基金',
    title,
    notes,
    columns: [
      { header: '河流编码', width: 10 },
      { header: '区县', width: 22 },
      { header: '月份', width: 10 },
      { header: '金额（元）', width: 16, format: 'yuan' },
      { header: '原因（R8）', width: 70, wrap: true },
    ],
    rows,
    totals: [[total('合计'), total(''), total(`${fund.length} 个月`), total(fundTotal), total('')]],
  };
}

/**
 * 强制收扣 (R10): every cash transfer with what was paid by the deadline. Non-monetary transfers
 * are not enforced, so the 非资金 subtotal is zero and the note says how much stayed out.
 */
export function enforcementSheet(
  rows: readonly Enforcement[] | undefined,
  sums: EnforcementTotals | undefined,
  nonMonetary: Money,
  deadline: string | undefined,
  title: string,
  notes: string[],
  ratePercent = '10%',
): SheetModel {
  const body: CellModel[][] = (rows ?? []).map((e) => [
    e.riverId,
    e.payer,
    e.payee,
    e.due,
    e.paid,
    e.unpaid.isZero() ? e.unpaid : { v: e.unpaid, fill: 'bad' },
    e.penalty,
    e.forced,
  ]);
  const zero = new Money('0');
  const line = (label: string, x: EnforcementTotals): CellModel[] => [
    total(label, { span: 3 }),
    total(''),
    total(''),
    total(x.due),
    total(x.paid),
    total(x.unpaid),
    total(x.penalty),
    total(x.forced),
  ];
  return {
    name: '强制收扣',
    title,
    notes: rows
      ? [...notes, `${deadline ? `清缴截止日：${deadline}　` : ''}非资金划转 ${fmtYuan(nonMonetary)} 元不强制收扣（R10），不在本表。`]
      : [...notes, '未提供资金拨付记录或清缴截止日期（--deadline），本表未计算。'],
    columns: [
      { header: '河流编码', width: 10 },
      { header: '付款方', width: 22 },
      { header: '收款方', width: 22 },
      { header: '应付（元）', width: 16, format: 'yuan' },
      { header: '已付（元）', width: 16, format: 'yuan' },
      { header: '未付（元）', width: 16, format: 'yuan' },
      { header: `罚息 ${ratePercent}（元）`, width: 16, format: 'yuan' },
      { header: '强制收扣（元）', width: 16, format: 'yuan' },
    ],
    rows: body,
    totals: sums
      ? [
          line('合计', sums),
          line('其中：资金', sums),
          line('其中：非资金（不强制收扣）', { due: zero, paid: zero, unpaid: zero, penalty: zero, forced: zero }),
          capitalRow(0, '强制收扣合计人民币（大写）', 3, sums.forced, 8),
        ]
      : undefined,
  };
}
