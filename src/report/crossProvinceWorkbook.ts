import { declaredSectionsOf, partyOf, type PairwiseScheme } from '../domain/scheme.js';
import type { Dataset } from '../domain/types.js';
import type { OtherSettlement, Settlement } from '../domain/settlement.js';
import type { CellModel, SheetModel, WorkbookModel } from './model.js';
import { problemsSheet } from './problemsSheet.js';
import { provenanceSheet } from './provenance.js';
import { positionTotals } from '../domain/clearing.js';
import { enforcementTotals } from '../domain/penalties.js';
import { enforcementSheet, ledgerSheet, riversSheet, summarySheet, transfersSheet } from './settlementSheets.js';
import { fmtPercent } from '../domain/money.js';

type Cross = Extract<OtherSettlement, { kind: 'cross-province' }>;

/**
 * cross-province-<id>-Y.xlsx: a river between provinces settled under its own scheme, beside the
 * city's workbook, with the same sheets (汇总, 清算划转, 月度明细, 河流, 强制收扣) and the parties the
 * scheme declares. Lays out; never computes money.
 */
export function crossProvinceWorkbook(s: Settlement, x: Cross, parameters: [string, string][], dataLabel: string): WorkbookModel {
  const y = s.year;
  const notes = [`${x.scheme.name}　结算年度：${y}年1月–12月　单位：元　${dataLabel}`];
  const d = schemeDataset(x.scheme);
  const positions = x.clearing.positions.filter((p) => p.receivable.greaterThan(0) || p.payable.greaterThan(0));
  const summary = summarySheet({ ...x.clearing, positions }, positionTotals(positions), `${y}年度跨省流域横向生态保护补偿清算汇总表`, notes);
  return {
    date: new Date(Date.UTC(y, 11, 31)),
    title: `${y}年度跨省流域横向生态保护补偿清算（${x.scheme.name}）`,
    sheets: [
      { ...summary, rows: summary.rows.map((r) => [r[0]!, provinceOf(x.scheme, String(r[0])), ...r.slice(2)]) },
      transfersSheet(d, x.clearing, `${y}年度跨省流域横向生态保护补偿清算划转表`, notes, {}),
      ledgerSheet(x.accounting.lines, `${y}年度跨省补偿断面按月核算明细`, notes),
      riversSheet(d, s.months, x.accounting.lines, `${y}年度跨省补偿断面逐月水质类别`, [dataLabel]),
      enforcementSheet(
        x.enforcement,
        x.enforcement && enforcementTotals(x.enforcement),
        x.clearing.totals.nonMonetary,
        s.deadline,
        `${y}年度跨省补偿资金强制收扣及罚息（R10）`,
        notes,
        fmtPercent(x.penaltyRate),
      ),
      partiesSheet(x.scheme),
      problemsSheet('数据问题', `${y}年度数据问题（警告）`, x.accounting.problems),
      provenanceSheet(s.inputs, parameters),
    ],
  };
}

function provinceOf(scheme: PairwiseScheme, name: string): CellModel {
  const p = partyOf(scheme.parties, name);
  return p ? (p.name === name ? '省级主体' : `${p.name}成员`) : '';
}

/** The scheme's rivers and sections in the shape the shared sheets read. */
function schemeDataset(scheme: PairwiseScheme): Dataset {
  const loc = { file: scheme.file, row: 0 };
  return {
    rivers: scheme.rivers.map((r) => ({ id: r.id, name: r.name, origin: '跨省流入', end: '', basinKm2: '0', loc })),
    sections: declaredSectionsOf(scheme),
    targets: [],
    agreements: [],
    signatures: [],
    quality: [],
    exemptions: [],
    payments: [],
  };
}

function partiesSheet(scheme: PairwiseScheme): SheetModel {
  return {
    name: '补偿主体',
    title: `${scheme.name}：方案声明的补偿主体`,
    columns: [
      { header: '主体', width: 20 },
      { header: '所辖市（州）、区县', width: 60 },
    ],
    rows: scheme.parties.map((p) => [p.name, p.members.join('、')]),
  };
}
