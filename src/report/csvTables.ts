import type { FundCharge, LedgerLine } from '../domain/accounting.js';
import { classLabel } from '../domain/classes.js';
import type { Position, Transfer } from '../domain/clearing.js';
import type { Enforcement } from '../domain/penalties.js';
import type { PoolResult } from '../domain/pooledFund.js';
import type { Revision } from '../domain/revisions.js';
import { sortProblems, type Problem } from '../domain/problem.js';
import type { CsvCell } from './model.js';

/** The CSV layouts of outputs.md, as header + rows (encoding lives in io/csvWrite.ts). */
export interface CsvTable {
  header: string[];
  rows: CsvCell[][];
}

const LEDGER_HEADER = [
  '河流编码',
  '断面编码',
  '月份',
  '上游主体',
  '下游主体',
  '实测类别',
  '基准类别',
  '类别差',
  '付款方',
  '收款方',
  '金额',
  '规则',
  '原因',
  '版本',
];

/** One row per section-month that was settled (R8-unsettled months are on the workbook only). */
export function ledgerCsv(lines: readonly LedgerLine[]): CsvTable {
  return {
    header: LEDGER_HEADER,
    rows: lines
      .filter((l) => l.settled)
      .map((l) => [
        l.riverId,
        l.sectionId,
        l.month,
        l.upstream,
        l.downstream,
        l.measured !== undefined ? classLabel(l.measured) : (l.status ?? ''),
        l.benchmark !== undefined ? classLabel(l.benchmark) : '',
        l.diff ?? '',
        l.payer ?? '',
        l.payee ?? '',
        l.amount,
        l.rule,
        l.reason,
        l.version,
      ]),
  };
}

/** A pooled fund's year per party (schemes.md): contribution, allocation, moved shares, net. */
export function pooledCsv(r: PoolResult): CsvTable {
  return {
    header: ['主体', '出资', '按比例分配', '不达标扣减', '获得他方份额', '实得', '净额', '版本'],
    rows: r.parties.map((p) => [p.party, p.contribution, p.allocation, p.lost, p.gained, p.receives, p.net, r.version.label]),
  };
}

export function fundCsv(fund: readonly FundCharge[]): CsvTable {
  return { header: ['河流编码', '区县', '月份', '金额', '原因'], rows: fund.map((f) => [f.riverId, f.district, f.month, f.amount, f.reason]) };
}

export function transfersCsv(transfers: readonly Transfer[]): CsvTable {
  return { header: ['河流编码', '付款方', '收款方', '金额', '方式'], rows: transfers.map((t) => [t.riverId, t.payer, t.payee, t.amount, t.mode]) };
}

export function positionsCsv(positions: readonly Position[]): CsvTable {
  return { header: ['主体', '应收', '应付', '净额'], rows: positions.map((p) => [p.party, p.receivable, p.payable, p.net]) };
}

export function enforcementCsv(rows: readonly Enforcement[]): CsvTable {
  return {
    header: ['河流编码', '付款方', '收款方', '应付', '已付', '未付', '罚息', '强制收扣'],
    rows: rows.map((e) => [e.riverId, e.payer, e.payee, e.due, e.paid, e.unpaid, e.penalty, e.forced]),
  };
}

export const REVISIONS_HEADER = ['河流编码', '断面编码', '月份', '月报付款方', '月报收款方', '月报金额', '年度付款方', '年度收款方', '年度金额', '原因'];

/** revisions-Y.csv: one row per section-month whose year-end result differs from the issued statement. */
export function revisionsCsv(revs: readonly Revision[]): CsvTable {
  return { header: REVISIONS_HEADER, rows: revs.map(revisionRow) };
}

export function revisionRow(r: Revision): CsvCell[] {
  const now = r.now?.settled ? r.now : undefined;
  return [
    r.riverId,
    r.sectionId,
    r.month,
    r.issued?.payer ?? '',
    r.issued?.payee ?? '',
    r.issued?.amount ?? '',
    now?.payer ?? '',
    now?.payee ?? '',
    now?.amount ?? '',
    r.cause,
  ];
}

export const PROBLEM_HEADER = ['级别', '代码', '文件', '行', '列', '值', '规则', '说明'];

export function problemRows(problems: readonly Problem[]): CsvCell[][] {
  return sortProblems(problems).map((p) => [
    p.severity === 'error' ? '错误' : '警告',
    p.code,
    p.file ?? '',
    p.row ?? '',
    p.column ?? '',
    p.value ?? '',
    p.rule ?? '',
    p.message,
  ]);
}

export function validationCsv(problems: readonly Problem[]): CsvTable {
  return { header: PROBLEM_HEADER, rows: problemRows(problems) };
}
