import { fundTotal } from '../domain/clearing.js';
import type { Settlement } from '../domain/settlement.js';
import { headLine, printLabels, type DocumentLabels } from './documentLabels.js';
import type { SheetModel, WorkbookModel } from './model.js';
import { problemsSheet } from './problemsSheet.js';
import { provenanceSheet } from './provenance.js';
import { rulesSheet } from './rulesSheet.js';
import { basisSheet, fundSheet, ledgerSheet, transfersSheet, withUnits } from './settlementSheets.js';

/**
 * statement-YYYY-MM.xlsx: that month's lines, and the year to date per river and pair of
 * parties (the YTD netting comes from the domain's clearing over January…this month).
 */
export function statementWorkbook(
  ytd: Settlement,
  month: string,
  parameters: [string, string][],
  dataLabel: string,
  labels: DocumentLabels = {},
): WorkbookModel {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const notes = [headLine(labels, `核算月份：${month}`, dataLabel)];
  const ytdNotes = [headLine(labels, `本年累计：${y}-01 至 ${month}（按月核算，年终清缴前仅供对账）`, dataLabel)];
  const lines = ytd.accounting.lines.filter((l) => l.month === month);
  const fund = ytd.accounting.fund.filter((f) => f.month === month);
  const sheets: SheetModel[] = [
    ledgerSheet(lines, `${month} 补偿断面核算明细`, notes),
    basisSheet(lines, `${month} 补偿断面核算依据`, notes),
    { ...transfersSheet(ytd.dataset, ytd.clearing, `${y}年1–${m}月累计（按河流、按双方轧差）`, ytdNotes, false), name: '本年累计' },
    fundSheet(fund, fundTotal(fund), `${month} 流域补偿基金收缴（R8）`, notes),
    problemsSheet('数据问题', `${month} 输入数据问题（警告）`, ytd.problems),
  ].map(withUnits);
  return {
    date: new Date(Date.UTC(y, m - 1, 1)),
    title: `${month} 流域横向生态保护补偿月度核算`,
    sheets: [...sheets, rulesSheet(sheets, notes), provenanceSheet(ytd.inputs, parameters)],
    print: printLabels(labels, `核算月份：${month}`),
  };
}
