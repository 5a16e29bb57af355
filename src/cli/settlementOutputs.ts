import path from 'node:path';
import { fmtYuan, sum } from '../domain/money.js';
import { toCsv } from '../io/csvWrite.js';
import type { OutputFile } from '../io/writeOutputs.js';
import { renderWorkbook } from '../io/xlsxWrite.js';
import type { Settlement } from '../pipeline.js';
import { enforcementCsv, fundCsv, ledgerCsv, positionsCsv, revisionsCsv, transfersCsv, type CsvTable } from '../report/csvTables.js';
import { settlementWorkbook } from '../report/settlementWorkbook.js';
import type { DocumentLabels } from '../report/documentLabels.js';
import { fmtAmount, type Terminal } from './terminal.js';

/** The files of `settle --year Y` (outputs.md), built in memory before anything is written. */
export async function settlementFiles(s: Settlement, outDir: string, parameters: [string, string][], dataLabel: string, labels: DocumentLabels = {}): Promise<OutputFile[]> {
  const dir = path.join(outDir, String(s.year));
  const csv = (name: string, t: CsvTable): OutputFile => ({ path: path.join(dir, name), bytes: toCsv(t.header, t.rows) });
  const files: OutputFile[] = [
    { path: path.join(dir, `settlement-${s.year}.xlsx`), bytes: await renderWorkbook(settlementWorkbook(s, parameters, dataLabel, labels)) },
    csv(`ledger-${s.year}.csv`, ledgerCsv(s.accounting.lines)),
    csv(`fund-${s.year}.csv`, fundCsv(s.accounting.fund)),
    csv(`transfers-${s.year}.csv`, transfersCsv(s.clearing.transfers)),
    csv(`positions-${s.year}.csv`, positionsCsv(s.clearing.positions)),
  ];
  if (s.enforcement) files.push(csv(`enforcement-${s.year}.csv`, enforcementCsv(s.enforcement)));
  if (s.yearEnd) files.push(csv(`revisions-${s.year}.csv`, revisionsCsv(s.yearEnd.revisions)));
  return files;
}

export function printSettlementSummary(t: Terminal, s: Settlement): void {
  const settled = s.accounting.lines.filter((l) => l.settled);
  const comp = s.clearing.transfers.filter((x) => x.kind === 'compensation');
  const fund = s.clearing.transfers.filter((x) => x.kind === 'fund');
  const warnings = s.problems.filter((p) => p.severity === 'warning').length;
  t.out(t.c.bold(`${s.year}年度清算完成`));
  t.out(`  河流 ${s.dataset.rivers.length} 条，补偿断面月 ${s.accounting.lines.length} 个（结算 ${settled.length} 个，未签协议不结算 ${s.accounting.lines.length - settled.length} 个）`);
  t.out(`  补偿划转 ${comp.length} 笔，合计 ${fmtAmount(sum(comp.map((x) => x.amount)))}`);
  t.out(`  流域补偿基金 ${fund.length} 笔，合计 ${fmtAmount(sum(fund.map((x) => x.amount)))}`);
  // Reached only when Σ paid = Σ received to the fen (R9; otherwise exit 4), so one amount says it.
  t.out(`  平衡校验（R9）：应付合计 = 应收合计 = ${fmtAmount(s.clearing.totalPaid)}`);
  if (s.enforcement) {
    const unpaid = s.enforcement.filter((e) => e.unpaid.greaterThan(0));
    t.out(`  强制收扣（R10，截止 ${s.deadline}）：${unpaid.length} 笔未付清，收扣合计 ${fmtAmount(sum(s.enforcement.map((e) => e.forced)))}，含罚息 ${fmtAmount(sum(s.enforcement.map((e) => e.penalty)))}`);
  }
  if (s.yearEnd) {
    const y = s.yearEnd;
    t.out(
      y.issuedMonths.length
        ? `  月度与年度差异：已发月报 ${y.issuedMonths.length} 个月，结果不同的断面月 ${y.revisions.length} 个${y.revisions.length ? `（${[...new Set(y.revisions.map((r) => r.month))].join('、')}）` : ''}`
        : '  月度与年度差异：未找到已发月报（可用 --issued 指定目录）',
    );
    const open = y.renewals.filter((r) => r.status !== '已续签').length;
    if (open) t.out(t.c.yellow(`  协议到期：${open} 个区县在 12 个月内到期或已到期而未续签，见工作簿「协议到期」表`));
  }
  if (warnings) t.out(t.c.yellow(`  警告 ${warnings} 条，见工作簿「数据问题」表`));
}

/** The run's totals for `--json`, in 元 as decimal strings (never a JS number). */
export function settlementTotals(s: Settlement): Record<string, string | number> {
  const comp = s.clearing.transfers.filter((x) => x.kind === 'compensation');
  const fund = s.clearing.transfers.filter((x) => x.kind === 'fund');
  const totals: Record<string, string | number> = {
    year: s.year,
    compensationTransfers: comp.length,
    compensationYuan: fmtYuan(sum(comp.map((x) => x.amount))),
    fundCharges: fund.length,
    fundYuan: fmtYuan(sum(fund.map((x) => x.amount))),
    totalPaidYuan: fmtYuan(s.clearing.totalPaid),
    totalReceivedYuan: fmtYuan(s.clearing.totalReceived),
  };
  if (s.enforcement) {
    totals.unpaidYuan = fmtYuan(sum(s.enforcement.map((e) => e.unpaid)));
    totals.penaltyYuan = fmtYuan(sum(s.enforcement.map((e) => e.penalty)));
    totals.forcedYuan = fmtYuan(sum(s.enforcement.map((e) => e.forced)));
  }
  return totals;
}
