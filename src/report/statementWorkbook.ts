import type { Settlement } from '../pipeline.js';
import type { WorkbookModel } from './model.js';
import { problemsSheet } from './problemsSheet.js';
import { provenanceSheet } from './provenance.js';
import { fundSheet, ledgerSheet, transfersSheet } from './settlementSheets.js';

/**
 * statement-YYYY-MM.xlsx: that month's lines, and the year to date per river and pair of
 * parties (the YTD netting comes from the domain's clearing over January…this month).
 */
export function statementWorkbook(ytd: Settlement, month: string, parameters: [string, string][], dataLabel: string): WorkbookModel {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const notes = [`核算月份：${month}　单位：元　${dataLabel}`];
  const ytdNotes = [`本年累计：${y}-01 至 ${month}（按月核算，年终清缴前仅供对账）　${dataLabel}`];
  return {
    date: new Date(Date.UTC(y, m - 1, 1)),
    title: `${month} 流域横向生态保护补偿月度核算`,
    sheets: [
      ledgerSheet(
        ytd.accounting.lines.filter((l) => l.month === month),
        `${month} 补偿断面核算明细`,
        notes,
      ),
      { ...transfersSheet(ytd.dataset, ytd.clearing.transfers, `${y}年1–${m}月累计（按河流、按双方轧差）`, ytdNotes, false), name: '本年累计' },
      fundSheet(
        ytd.accounting.fund.filter((f) => f.month === month),
        `${month} 流域补偿基金收缴（R8）`,
        notes,
      ),
      problemsSheet('数据问题', `${month} 输入数据问题（警告）`, ytd.problems),
      provenanceSheet(ytd.inputs, parameters),
    ],
  };
}
