import { fmtPercent, type Money } from '../domain/money.js';
import { fundTotal, positionTotals } from '../domain/clearing.js';
import { enforcementTotals } from '../domain/penalties.js';
import type { Settlement } from '../domain/settlement.js';
import { headLine, printLabels, type DocumentLabels } from './documentLabels.js';
import type { SheetModel, WorkbookModel } from './model.js';
import { problemsSheet } from './problemsSheet.js';
import { provenanceSheet } from './provenance.js';
import { versionForYear, type PairwiseScheme } from '../domain/scheme.js';
import { renewalsSheet, revisionsSheet } from './yearEndSheets.js';
import { rulesSheet } from './rulesSheet.js';
import { basisSheet, enforcementSheet, fundSheet, ledgerSheet, riversSheet, summarySheet, transfersSheet, withUnits } from './settlementSheets.js';

/** 《地表水环境质量评价办法（试行）》 gives the class colours (gb3838.md W4). */
const CLASS_COLOURS_NOTE = '颜色：Ⅰ Ⅱ 蓝、Ⅲ 绿、Ⅳ 黄、Ⅴ 橙、劣Ⅴ 红（《地表水环境质量评价办法（试行）》，环办〔2011〕22号）';

/** settlement-Y.xlsx, sheets in the order of outputs.md (月度明细's provenance on 核算依据). Lays out; never computes money. */
export function settlementWorkbook(s: Settlement, parameters: [string, string][], dataLabel: string, labels: DocumentLabels = {}): WorkbookModel {
  const y = s.year;
  const notes = [headLine(labels, `结算年度：${y}年1月–12月`, dataLabel)];
  const sheets: SheetModel[] = [
    summarySheet(s.clearing, positionTotals(s.clearing.positions), `${y}年度流域横向生态保护补偿清算汇总表`, notes),
    transfersSheet(s.dataset, s.clearing, `${y}年度流域横向生态保护补偿清算划转表`, notes, { date: labels.date }),
    ledgerSheet(s.accounting.lines, `${y}年度补偿断面按月核算明细`, notes),
    basisSheet(s.accounting.lines, `${y}年度补偿断面按月核算依据`, notes),
    riversSheet(s.dataset, s.months, s.accounting.lines, `${y}年度各河流补偿断面逐月水质类别`, [...notes, CLASS_COLOURS_NOTE]),
    fundSheet(s.accounting.fund, fundTotal(s.accounting.fund), `${y}年度流域补偿基金收缴（未签协议区县，R8）`, notes),
    enforcementSheet(
      s.enforcement,
      s.enforcement && enforcementTotals(s.enforcement),
      s.clearing.totals.nonMonetary,
      s.deadline,
      `${y}年度补偿资金强制收扣及罚息（R10）`,
      notes,
      fmtPercent(s.penaltyRate),
    ),
    ...(s.yearEnd
      ? [
          revisionsSheet(s.yearEnd.revisions, s.yearEnd.effects, s.yearEnd.issuedMonths, `${y}年度月度核算与年度清算差异`, notes),
          renewalsSheet(s.dataset, s.yearEnd.renewals, fundChargeAt(s.scheme, y), `补偿协议到期与续签（${y}年12月后 12 个月内）`, [dataLabel]),
        ]
      : []),
    problemsSheet('数据问题', `${y}年度输入数据问题（警告）`, s.problems),
  ].map(withUnits);
  return {
    date: new Date(Date.UTC(y, 11, 31)),
    title: `${y}年度流域横向生态保护补偿清算`,
    sheets: [...sheets, rulesSheet(sheets, notes), provenanceSheet(s.inputs, parameters)],
    print: printLabels(labels, `结算年度：${y}年`),
  };
}

/** R8 fund charge of the version in force at the year's end (renewal reminders). */
const fundChargeAt = (scheme: PairwiseScheme, year: number): Money => versionForYear(scheme, year)!.unsignedFundPerMonth;
