import { positionTotals } from '../domain/clearing.js';
import { classLabel } from '../domain/classes.js';
import { ITEMS } from '../domain/gb3838/limits.js';
import type { Money } from '../domain/money.js';
import { complianceText, poolTotals } from '../domain/pooledFund.js';
import type { OtherSettlement, Settlement } from '../domain/settlement.js';
import { classCell, type CellModel, type SheetModel, type WorkbookModel } from './model.js';
import { provenanceSheet } from './provenance.js';
import { summarySheet } from './settlementSheets.js';

type Pooled = Extract<OtherSettlement, { kind: 'pooled' }>;

/**
 * pooled-<id>-Y.xlsx: a pooled fund's year — each party's contribution, allocation, what a failing
 * section moved, the net against the pool — and each section's annual mean and compliance.
 */
export function pooledWorkbook(s: Settlement, x: Pooled, parameters: [string, string][], dataLabel: string): WorkbookModel {
  const r = x.result;
  const y = s.year;
  const notes = [`${x.scheme.name}　${y}年度　方案版本 ${r.version.label}　单位：元　${dataLabel}`];
  const total = (v: string | Money): CellModel => ({ v, bold: true, fill: 'total' });
  const partyRows: CellModel[][] = r.parties.map((p) => [p.party, p.contribution, p.allocation, p.lost, p.gained, p.receives, p.net, p.net]);
  const t = poolTotals(r);
  partyRows.push([total('合计'), ...[t.contribution, t.allocation, t.lost, t.gained, t.receives, t.net, t.net].map(total)]);
  const pool: SheetModel = {
    name: '资金池',
    title: `${y}年度${r.poolName}出资与分配`,
    notes: [
      ...notes,
      `出资比例 ${r.version.contributions.map((w) => `${w.party} ${w.weight}`).join(' : ')}；分配比例 ${r.version.allocation.map((w) => `${w.party} ${w.weight}`).join(' : ')}`,
    ],
    columns: [
      { header: '主体', width: 14 },
      { header: '出资（元）', width: 18, format: 'yuan' },
      { header: '按比例分配（元）', width: 18, format: 'yuan' },
      { header: '不达标扣减（元）', width: 18, format: 'yuan' },
      { header: '获得他方份额（元）', width: 18, format: 'yuan' },
      { header: '实得（元）', width: 18, format: 'yuan' },
      { header: '净额（元）', width: 18, format: 'yuan' },
      { header: '净额（万元）', width: 14, format: 'wan' },
    ],
    rows: partyRows,
  };
  const items = r.version.items;
  const compliance: SheetModel = {
    name: '断面达标',
    title: `${y}年度各方考核断面年均水质（GB 3838-2002 单因子评价，W1–W3）`,
    notes: [...notes, `评价项目：${items.map((k) => ITEMS[k].name).join('、')}`],
    columns: [
      { header: '断面编码', width: 10 },
      { header: '断面名称', width: 12 },
      { header: '考核主体', width: 10 },
      { header: '目标类别', width: 8 },
      { header: '计入月数', width: 8, format: 'int' },
      ...items.map((k) => ({ header: `${ITEMS[k].name}年均值`, width: 12 })),
      { header: '年均类别', width: 8 },
      { header: '结论', width: 22 },
      { header: '不达标份额去向', width: 24 },
    ],
    rows: r.compliance.map((c) => [
      c.section.id,
      c.section.name,
      c.section.party,
      classCell(classLabel(c.section.target)),
      c.months,
      ...items.map((k) => c.items.find((i) => i.item === k)?.value ?? ''),
      c.cls !== undefined ? classCell(classLabel(c.cls)) : '',
      { v: complianceText(c), fill: c.compliant ? 'good' : 'bad' },
      c.compliant ? '' : c.section.failShareTo.map((w) => `${w.party} ${w.weight}`).join(' : '),
    ]),
  };
  const transfers: SheetModel = {
    name: '清算划转',
    title: `${y}年度${r.poolName}清算划转（各方对资金池轧差）`,
    notes,
    columns: [
      { header: '序号', width: 6, format: 'int' },
      { header: '付款方', width: 26 },
      { header: '收款方', width: 26 },
      { header: '金额（元）', width: 18, format: 'yuan' },
      { header: '金额（万元）', width: 14, format: 'wan' },
    ],
    rows: [
      ...r.transfers.map((t, i): CellModel[] => [i + 1, t.payer, t.payee, t.amount, t.amount]),
      [total(''), total('合计'), total(''), total(t.transfers), total(t.transfers)],
    ],
    footer: [[], ['', '制表：', '审核：', '批准：', ''], ['', '日期：', '日期：', '日期：', '']],
  };
  return {
    date: new Date(Date.UTC(y, 11, 31)),
    title: `${y}年度${r.poolName}清算`,
    sheets: [
      pool,
      compliance,
      transfers,
      { ...summarySheet(r, positionTotals(r.positions), `${y}年度${r.poolName}各方头寸`, notes), name: '头寸' },
      provenanceSheet(s.inputs, parameters),
    ],
  };
}
