import { fmtYuan, type Money } from '../domain/money.js';
import type { Renewal } from '../domain/renewals.js';
import type { Revision, RevisionEffect } from '../domain/revisions.js';
import type { Dataset } from '../domain/types.js';
import { REVISIONS_HEADER, revisionRow } from './csvTables.js';
import type { CellModel, SheetModel } from './model.js';

/** 月度与年度差异: the revisions, then the net effect per river and party. Lays out only. */
export function revisionsSheet(
  revs: readonly Revision[],
  effects: readonly RevisionEffect[],
  issuedMonths: readonly string[],
  title: string,
  notes: string[],
): SheetModel {
  const widths = [8, 8, 8, 12, 12, 14, 12, 12, 14, 70];
  const formats = ['text', 'text', 'text', 'text', 'text', 'yuan', 'text', 'text', 'yuan', 'text'] as const;
  const rows: CellModel[][] = revs.map((r) => revisionRow(r).map((v) => (v === undefined ? '' : (v as CellModel))));
  const lead =
    issuedMonths.length === 0
      ? '未找到已发月报（ledger-年份-MM.csv），没有可比较的月度结果'
      : `已发月报：${issuedMonths.join('、')}；与年度结果不同的断面月 ${revs.length} 个`;
  const footer: string[][] = [];
  if (effects.length) {
    footer.push([], ['各河流、各主体净影响（年度净额 − 月报净额，正数为多收）', '', '', '', '', '', '', '', '', '']);
    footer.push(['河流编码', '主体', '月报净额（元）', '年度净额（元）', '变化（元）', '', '', '', '', '']);
    for (const e of effects) footer.push([e.riverId, e.party, fmtYuan(e.issuedNet), fmtYuan(e.yearNet), fmtYuan(e.change), '', '', '', '', '']);
  }
  return {
    name: '月度与年度差异',
    title,
    notes: [...notes, lead],
    columns: REVISIONS_HEADER.map((header, i) => ({ header: i === 5 || i === 8 ? `${header}（元）` : header, width: widths[i]!, format: formats[i]! })),
    rows: rows.length ? rows : [['', '', '', '', '', '', '', '', '', issuedMonths.length ? '月报与年度结果一致' : '未发月报']],
    footer: footer.length ? footer : undefined,
  };
}

/** 协议到期: per river and district, the agreement ending, who renewed, and the R8 charge that follows. */
export function renewalsSheet(d: Dataset, rs: readonly Renewal[], monthlyCharge: Money, title: string, notes: string[]): SheetModel {
  const name = (id: string): string => d.rivers.find((r) => r.id === id)?.name ?? id;
  const rows: CellModel[][] = rs.map((r) => [
    r.riverId,
    name(r.riverId),
    r.district,
    r.agreement.id,
    r.agreement.to,
    r.status === '已续签' ? { v: r.status, fill: 'good' } : { v: r.status, fill: r.status === '即将到期' ? 'warn' : 'bad' },
    r.successor?.agreement.id ?? '',
    r.successor?.signedDate ?? '',
    r.chargeFrom ?? '',
    r.chargeFrom ? monthlyCharge : '',
  ]);
  return {
    name: '协议到期',
    title,
    notes: [...notes, '未续签的区县自起收月份起每月向流域补偿基金缴纳（R8），直至签署'],
    columns: [
      { header: '河流编码', width: 8 },
      { header: '河流', width: 10 },
      { header: '区县', width: 14 },
      { header: '协议编号', width: 14 },
      { header: '终止日期', width: 11 },
      { header: '状态', width: 12 },
      { header: '续签协议', width: 14 },
      { header: '续签日期', width: 11 },
      { header: '基金起收月份', width: 11 },
      { header: '每月基金（元）', width: 14, format: 'yuan' },
    ],
    rows: rows.length ? rows : [['', '', '', '', '', '没有 12 个月内到期的协议', '', '', '', '']],
  };
}
