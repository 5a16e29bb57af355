import type { PairComparison, PartyComparison } from '../domain/compare.js';
import type { InputFile } from '../domain/inputs.js';
import type { CellModel, SheetModel, WorkbookModel } from './model.js';
import { provenanceSheet } from './provenance.js';

export interface CompareView {
  year: number;
  a: string;
  b: string;
  pairs: PairComparison[];
  parties: PartyComparison[];
  /** Section-months whose outcome differs: key, A text, B text. */
  lines: [string, string, string][];
  notes: string[];
  inputs: InputFile[];
}

const changed = (v: PairComparison['change']): CellModel => (v.isZero() ? v : { v, fill: v.isNegative() ? 'good' : 'warn' });

/** compare-Y.xlsx: 方案对比 (per river and pair), 主体对比 (per party), 断面月差异, 来源. Lays out only. */
export function compareWorkbook(c: CompareView, parameters: [string, string][]): WorkbookModel {
  const notes = [`A：${c.a}　B：${c.b}　${c.year}年度　单位：元`, ...c.notes];
  const pairs: SheetModel = {
    name: '方案对比',
    title: `${c.year}年度两种方案清算结果对比（按河流、按双方轧差）`,
    notes: [...notes, '净额为主体甲付给主体乙的金额（负数为乙付给甲）；变化 = B − A'],
    columns: [
      { header: '河流编码', width: 10 },
      { header: '主体甲', width: 20 },
      { header: '主体乙', width: 20 },
      { header: 'A 甲→乙净额（元）', width: 18, format: 'yuan' },
      { header: 'B 甲→乙净额（元）', width: 18, format: 'yuan' },
      { header: '变化（元）', width: 18, format: 'yuan' },
      { header: '变化（万元）', width: 14, format: 'wan' },
    ],
    rows: c.pairs.map((p) => [p.riverId, p.first, p.second, p.a, p.b, changed(p.change), p.change]),
  };
  const parties: SheetModel = {
    name: '主体对比',
    title: `${c.year}年度各主体净头寸对比`,
    notes: [...notes, '净额 = 应收 − 应付；变化 = B − A'],
    columns: [
      { header: '主体', width: 24 },
      { header: 'A 净额（元）', width: 18, format: 'yuan' },
      { header: 'B 净额（元）', width: 18, format: 'yuan' },
      { header: '变化（元）', width: 18, format: 'yuan' },
      { header: '变化（万元）', width: 14, format: 'wan' },
    ],
    rows: c.parties.map((p) => [p.party, p.a, p.b, p.change, p.change]),
  };
  const lines: SheetModel = {
    name: '断面月差异',
    title: `${c.year}年度结果不同的断面月`,
    notes,
    columns: [
      { header: '断面 月份', width: 22 },
      { header: 'A', width: 50 },
      { header: 'B', width: 50 },
    ],
    rows: c.lines,
  };
  return { date: new Date(Date.UTC(c.year, 11, 31)), title: `${c.year}年度方案对比`, sheets: [pairs, parties, lines, provenanceSheet(c.inputs, parameters)] };
}
