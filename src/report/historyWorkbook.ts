import { classLabel } from '../domain/classes.js';
import type { CarriedBalance, RiverPartyYear, SectionYear, Turnaround } from '../domain/history.js';
import type { Problem } from '../domain/problem.js';
import type { InputFile } from '../domain/inputs.js';
import type { CsvTable } from './csvTables.js';
import { classCell, type CellModel, type ColumnModel, type WorkbookModel } from './model.js';
import { problemsSheet } from './problemsSheet.js';
import { provenanceSheet } from './provenance.js';

/** history-Y1-Y2.xlsx and its CSVs: the domain's year-by-year figures laid out; nothing computed. */
export interface HistoryView {
  from: number;
  to: number;
  riverNames: ReadonlyMap<string, string>;
  parties: readonly RiverPartyYear[];
  sections: readonly SectionYear[];
  balances: readonly CarriedBalance[];
  turnarounds: readonly Turnaround[];
  problems: readonly Problem[];
  inputs: readonly InputFile[];
  dataLabel: string;
}

const years = (v: HistoryView): number[] => Array.from({ length: v.to - v.from + 1 }, (_, i) => v.from + i);
const cls = (c: number | undefined): string => (c === undefined ? '' : classLabel(c as Parameters<typeof classLabel>[0]));

export function historyWorkbook(v: HistoryView, parameters: [string, string][]): WorkbookModel {
  const span = `${v.from}—${v.to}年`;
  const notes = [`${span}　单位：元　${v.dataLabel}`];
  const ys = years(v);
  const byKey = new Map<string, Map<number, RiverPartyYear>>();
  for (const p of v.parties) {
    const k = `${p.riverId}|${p.party}`;
    byKey.set(k, (byKey.get(k) ?? new Map()).set(p.year, p));
  }
  const partyRows: CellModel[][] = [...byKey.entries()].map(([k, m]) => {
    const [riverId, party] = k.split('|') as [string, string];
    const cells: CellModel[] = [riverId, v.riverNames.get(riverId) ?? riverId, party];
    for (const y of ys) {
      const r = m.get(y);
      cells.push(...(r ? [r.receivable, r.payable, r.net] : ['', '', '']));
    }
    return cells;
  });
  const partyColumns: ColumnModel[] = [
    { header: '河流编码', width: 8 },
    { header: '河流', width: 10 },
    { header: '主体', width: 16 },
    ...ys.flatMap((y): ColumnModel[] => [
      { header: `${y} 应收`, width: 15, format: 'yuan' },
      { header: `${y} 应付`, width: 15, format: 'yuan' },
      { header: `${y} 净额`, width: 15, format: 'yuan' },
    ]),
  ];
  return {
    date: new Date(Date.UTC(v.to, 11, 31)),
    title: `${span}流域横向生态保护补偿历年情况`,
    sheets: [
      { name: '历年收支', title: `${span}各河流各主体应收、应付、净额（R9）`, notes, columns: partyColumns, rows: partyRows },
      {
        name: '断面历年',
        title: `${span}补偿断面年度类别与优于、劣于基准的月数`,
        notes: [...notes, '年度类别：各月实测类别的中位数（偶数个月取较差的一个）；其他：断流、未监测或未签协议不结算的月份'],
        columns: [
          { header: '河流编码', width: 8 },
          { header: '断面编码', width: 9 },
          { header: '断面名称', width: 12 },
          { header: '年度', width: 6, format: 'int' },
          { header: '年度类别', width: 8 },
          { header: '基准类别', width: 8 },
          { header: '优于基准（月）', width: 9, format: 'int' },
          { header: '劣于基准（月）', width: 9, format: 'int' },
          { header: '持平（月）', width: 8, format: 'int' },
          { header: '其他（月）', width: 8, format: 'int' },
        ],
        rows: v.sections.map((s) => [
          s.riverId,
          s.sectionId,
          s.sectionName,
          s.year,
          classCell(cls(s.annual)),
          classCell(cls(s.benchmark)),
          s.better,
          s.worse,
          s.equal,
          s.other,
        ]),
      },
      {
        name: '未清余额结转',
        title: `历年清算后截止日仍未付清的余额及罚息（R10）`,
        notes: [
          ...notes,
          v.balances.length ? '未付余额与 10% 罚息由两级财政结算强制收扣，结转下一年度' : '各年度截止日前均已付清，或未给出清缴截止日与拨付记录',
        ],
        columns: [
          { header: '清算年度', width: 8, format: 'int' },
          { header: '截止日', width: 11 },
          { header: '河流编码', width: 8 },
          { header: '付款方', width: 14 },
          { header: '收款方', width: 14 },
          { header: '应付（元）', width: 14, format: 'yuan' },
          { header: '已付（元）', width: 14, format: 'yuan' },
          { header: '未付（元）', width: 14, format: 'yuan' },
          { header: '罚息（元）', width: 13, format: 'yuan' },
          { header: '强制收扣（元）', width: 14, format: 'yuan' },
          { header: '结转至', width: 8 },
        ],
        rows: v.balances.map((b) => [b.year, b.deadline, b.riverId, b.payer, b.payee, b.due, b.paid, b.unpaid, b.penalty, b.forced, `${b.year + 1}年`]),
      },
      {
        name: '收付转向',
        title: `${span}在同一河流上由付转收或由收转付的主体`,
        notes,
        columns: [
          { header: '河流编码', width: 8 },
          { header: '河流', width: 10 },
          { header: '主体', width: 16 },
          { header: '由（年度）', width: 8, format: 'int' },
          { header: '当年净额（元）', width: 15, format: 'yuan' },
          { header: '至（年度）', width: 8, format: 'int' },
          { header: '当年净额（元）', width: 15, format: 'yuan' },
          { header: '变化', width: 12 },
        ],
        rows: v.turnarounds.map((t) => [
          t.riverId,
          v.riverNames.get(t.riverId) ?? t.riverId,
          t.party,
          t.fromYear,
          t.fromNet,
          t.toYear,
          t.toNet,
          t.toNet.isNegative() ? '由收转付' : '由付转收',
        ]),
      },
      problemsSheet('数据问题', `${span}输入数据问题（警告）`, v.problems),
      provenanceSheet(v.inputs, parameters),
    ],
  };
}

export function historyPartiesCsv(rows: readonly RiverPartyYear[]): CsvTable {
  return { header: ['河流编码', '主体', '年度', '应收', '应付', '净额'], rows: rows.map((r) => [r.riverId, r.party, r.year, r.receivable, r.payable, r.net]) };
}

export function historySectionsCsv(rows: readonly SectionYear[]): CsvTable {
  return {
    header: ['河流编码', '断面编码', '年度', '年度类别', '基准类别', '优于基准月数', '劣于基准月数', '持平月数', '其他月数'],
    rows: rows.map((s) => [s.riverId, s.sectionId, s.year, cls(s.annual), cls(s.benchmark), s.better, s.worse, s.equal, s.other]),
  };
}

export function historyBalancesCsv(rows: readonly CarriedBalance[]): CsvTable {
  return {
    header: ['清算年度', '截止日', '河流编码', '付款方', '收款方', '应付', '已付', '未付', '罚息', '强制收扣'],
    rows: rows.map((b) => [b.year, b.deadline, b.riverId, b.payer, b.payee, b.due, b.paid, b.unpaid, b.penalty, b.forced]),
  };
}

export function historyTurnaroundsCsv(rows: readonly Turnaround[]): CsvTable {
  return {
    header: ['河流编码', '主体', '由年度', '由净额', '至年度', '至净额'],
    rows: rows.map((t) => [t.riverId, t.party, t.fromYear, t.fromNet, t.toYear, t.toNet]),
  };
}
