import type { Money } from '../domain/money.js';
import type { Settlement } from '../pipeline.js';
import type { WorkbookModel } from './model.js';
import { problemsSheet } from './problemsSheet.js';
import { provenanceSheet } from './provenance.js';
import { versionForYear, type PairwiseScheme } from '../domain/scheme.js';
import { renewalsSheet, revisionsSheet } from './yearEndSheets.js';
import { enforcementSheet, fundSheet, ledgerSheet, riversSheet, summarySheet, transfersSheet } from './settlementSheets.js';

/** settlement-Y.xlsx, sheets in the order of outputs.md. Lays out; never computes money. */
export function settlementWorkbook(s: Settlement, parameters: [string, string][], dataLabel: string): WorkbookModel {
  const y = s.year;
  const notes = [`结算年度：${y}年1月–12月　单位：元（另列万元）　${dataLabel}`];
  return {
    date: new Date(Date.UTC(y, 11, 31)),
    title: `${y}年度流域横向生态保护补偿清算`,
    sheets: [
      summarySheet(s.clearing.positions, s.clearing.totalPaid, s.clearing.totalReceived, `${y}年度流域横向生态保护补偿清算汇总表`, notes),
      transfersSheet(s.dataset, s.clearing.transfers, `${y}年度流域横向生态保护补偿清算划转表`, notes, true),
      ledgerSheet(s.accounting.lines, `${y}年度补偿断面按月核算明细`, notes),
      riversSheet(s.dataset, s.months, s.accounting.lines, `${y}年度各河流补偿断面逐月水质类别`, [`${dataLabel}　颜色：Ⅰ Ⅱ 蓝、Ⅲ 绿、Ⅳ 黄、Ⅴ 橙、劣Ⅴ 红（GB 3838-2002）`]),
      fundSheet(s.accounting.fund, `${y}年度流域补偿基金收缴（未签协议区县，R8）`, notes),
      enforcementSheet(s.enforcement, `${y}年度补偿资金强制收扣及罚息（R10）`, s.deadline ? [...notes, `清缴截止日：${s.deadline}`] : notes, percent(s.penaltyRate)),
      ...(s.yearEnd
        ? [
            revisionsSheet(s.yearEnd.revisions, s.yearEnd.effects, s.yearEnd.issuedMonths, `${y}年度月度核算与年度清算差异`, notes),
            renewalsSheet(s.dataset, s.yearEnd.renewals, fundChargeAt(s.scheme, y), `补偿协议到期与续签（${y}年12月后 12 个月内）`, [dataLabel]),
          ]
        : []),
      problemsSheet('数据问题', `${y}年度输入数据问题（警告）`, s.problems),
      provenanceSheet(s.inputs, parameters),
    ],
  };
}

/** A rate as a percentage for headers: 0.10 → 10%. */
export const percent = (rate: Money): string => `${rate.times(100).toString()}%`;

/** R8 fund charge of the version in force at the year's end (renewal reminders). */
const fundChargeAt = (scheme: PairwiseScheme, year: number): Money => versionForYear(scheme, year)!.unsignedFundPerMonth;
