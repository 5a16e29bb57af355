import type { FundCharge, LedgerLine } from '../domain/accounting.js';
import { classLabel } from '../domain/classes.js';
import type { Position, Transfer } from '../domain/clearing.js';
import { FUND, MUNICIPAL } from '../domain/districts.js';
import { Money, fmtYuan, sum, yuanToWan } from '../domain/money.js';
import type { Enforcement } from '../domain/penalties.js';
import { isAssessment, type Dataset, type Month } from '../domain/types.js';
import { classCell, type CellModel, type SheetModel } from './model.js';
import { compensationSections } from '../domain/accounting.js';

/** Sheet layouts shared by the settlement workbook and the monthly statement. */
const total = (v: CellModel): CellModel => (v !== null && typeof v === 'object' && !(v instanceof Money) ? { ...v, bold: true, fill: 'total' } : { v, bold: true, fill: 'total' });

const riverName = (d: Dataset, id: string): string => d.rivers.find((r) => r.id === id)?.name ?? id;

export function summarySheet(positions: readonly Position[], paid: Money, received: Money, title: string, notes: string[]): SheetModel {
  const kind = (p: string) => (p === MUNICIPAL ? '市级财政（首尾端）' : p === FUND ? '流域补偿基金' : '区县');
  const rows: CellModel[][] = positions.map((p) => [p.party, kind(p.party), p.receivable, p.payable, p.net, p.net]);
  rows.push([total('合计'), total(''), total(received), total(paid), total(received.minus(paid)), total(received.minus(paid))]);
  const balanced = paid.equals(received);
  return {
    name: '汇总',
    title,
    notes: [...notes, `平衡校验（R9）：应付合计 ${fmtYuan(paid)} 元，应收合计 ${fmtYuan(received)} 元，${balanced ? '相等 ✓' : '不相等 ✗'}`],
    columns: [
      { header: '主体', width: 26 },
      { header: '类别', width: 18 },
      { header: '应收（元）', width: 18, format: 'yuan' },
      { header: '应付（元）', width: 18, format: 'yuan' },
      { header: '净额（元）', width: 18, format: 'yuan' },
      { header: '净额（万元）', width: 16, format: 'wan' },
    ],
    rows,
  };
}

export function transfersSheet(d: Dataset, transfers: readonly Transfer[], title: string, notes: string[], signature: boolean): SheetModel {
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
  const amount = sum(transfers.map((t) => t.amount));
  rows.push([total(''), total('合计'), total(''), total(''), total(''), total(amount), total(amount), total(''), total('')]);
  return {
    name: '清算划转',
    title,
    notes,
    columns: [
      { header: '序号', width: 6, format: 'int' },
      { header: '河流编码', width: 10 },
      { header: '河流', width: 10 },
      { header: '付款方', width: 22 },
      { header: '收款方', width: 22 },
      { header: '金额（元）', width: 17, format: 'yuan' },
      { header: '金额（万元）', width: 14, format: 'wan' },
      { header: '方式', width: 14 },
      { header: '说明', width: 50 },
    ],
    rows,
    footer: signature
      ? [
          [],
          ['', '制表：', '', '', '审核：', '', '批准：', '', ''],
          ['', '日期：', '', '', '日期：', '', '日期：', '', ''],
          ['', '（盖章）', '', '', '', '', '', '', ''],
        ]
      : undefined,
  };
}

export function ledgerSheet(lines: readonly LedgerLine[], title: string, notes: string[]): SheetModel {
  const direction = (l: LedgerLine) => (!l.settled ? '不结算' : l.payer ? (l.payer === l.downstream ? '下游→上游' : '上游→下游') : '—');
  const rows: CellModel[][] = lines.map((l) => [
    l.riverId,
    l.sectionId,
    l.sectionName,
    l.month,
    l.upstream,
    l.downstream,
    l.measured !== undefined ? classCell(classLabel(l.measured)) : (l.status ?? ''),
    l.benchmark !== undefined ? classCell(classLabel(l.benchmark)) : '',
    l.benchmarkFrom,
    l.diff ?? '',
    direction(l),
    l.payer ?? '',
    l.payee ?? '',
    l.amount,
    l.rule,
    l.reason,
    l.source ?? '',
    l.exemption ?? '',
    l.sourceLoc ?? '',
    l.version,
  ]);
  return {
    name: '月度明细',
    title,
    notes,
    columns: [
      { header: '河流编码', width: 8 },
      { header: '断面编码', width: 8 },
      { header: '断面名称', width: 12 },
      { header: '月份', width: 8 },
      { header: '上游主体', width: 12 },
      { header: '下游主体', width: 12 },
      { header: '实测类别', width: 6 },
      { header: '基准类别', width: 6 },
      { header: '基准来源（R2）', width: 24 },
      { header: '类别差', width: 6, format: 'int' },
      { header: '方向', width: 8 },
      { header: '付款方', width: 12 },
      { header: '收款方', width: 12 },
      { header: '金额（元）', width: 14, format: 'yuan' },
      { header: '规则', width: 7 },
      { header: '原因', width: 40 },
      { header: '数据来源（R3）', width: 9 },
      { header: '免责文号（R5）', width: 14 },
      { header: '依据记录（文件:行）', width: 26 },
      { header: '方案版本', width: 16 },
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
      rows.push([river.name, s.id, s.name, Number(s.km), `${s.upstream}→${s.downstream}`, isAssessment(s.kind) ? s.kind : '非考核', b !== undefined ? classCell(classLabel(b)) : '', ...cells]);
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

export function fundSheet(fund: readonly FundCharge[], title: string, notes: string[]): SheetModel {
  const rows: CellModel[][] = fund.map((f) => [f.riverId, f.district, f.month, f.amount, f.reason]);
  rows.push([total('合计'), total(''), total(`${fund.length} 个月`), total(sum(fund.map((f) => f.amount))), total('')]);
  return {
    name: '补偿基金',
    title,
    notes,
    columns: [
      { header: '河流编码', width: 10 },
      { header: '区县', width: 22 },
      { header: '月份', width: 10 },
      { header: '金额（元）', width: 16, format: 'yuan' },
      { header: '原因（R8）', width: 70 },
    ],
    rows,
  };
}

export function enforcementSheet(rows: readonly Enforcement[] | undefined, title: string, notes: string[], ratePercent = '10%'): SheetModel {
  const body: CellModel[][] = (rows ?? []).map((e) => [e.riverId, e.payer, e.payee, e.due, e.paid, e.unpaid.isZero() ? e.unpaid : { v: e.unpaid, fill: 'bad' }, e.penalty, e.forced]);
  if (rows) {
    const s = (f: (e: Enforcement) => Money) => total(sum(rows.map(f)));
    body.push([total('合计'), total(''), total(''), s((e) => e.due), s((e) => e.paid), s((e) => e.unpaid), s((e) => e.penalty), s((e) => e.forced)]);
  }
  return {
    name: '强制收扣',
    title,
    notes: rows ? notes : [...notes, '未提供资金拨付记录或清缴截止日期（--deadline），本表未计算。'],
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
  };
}
