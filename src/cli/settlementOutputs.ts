import path from 'node:path';
import { fmtYuan, sum } from '../domain/money.js';
import { toCsv } from '../io/csvWrite.js';
import type { OutputFile } from '../io/writeOutputs.js';
import { renderWorkbook } from '../io/xlsxWrite.js';
import type { Settlement } from '../pipeline/period.js';
import { enforcementCsv, fundCsv, ledgerCsv, pooledCsv, positionsCsv, revisionsCsv, transfersCsv, type CsvTable } from '../report/csvTables.js';
import { crossProvinceWorkbook } from '../report/crossProvinceWorkbook.js';
import { pooledWorkbook } from '../report/pooledWorkbook.js';
import type { Scheme } from '../domain/scheme.js';
import { settlementWorkbook } from '../report/settlementWorkbook.js';
import type { DocumentLabels } from '../report/documentLabels.js';
import { settlementHtml } from '../report/settlementHtml.js';
import { fmtAmount, type Terminal } from './terminal.js';

/** The files of `settle --year Y` (outputs.md), built in memory before anything is written. */
export async function settlementFiles(
  s: Settlement,
  outDir: string,
  parameters: [string, string][],
  dataLabel: string,
  labels: DocumentLabels = {},
): Promise<OutputFile[]> {
  const dir = path.join(outDir, String(s.year));
  const csv = (name: string, t: CsvTable): OutputFile => ({ path: path.join(dir, name), bytes: toCsv(t.header, t.rows) });
  const files: OutputFile[] = [
    { path: path.join(dir, `settlement-${s.year}.xlsx`), bytes: await renderWorkbook(settlementWorkbook(s, parameters, dataLabel, labels)) },
    { path: path.join(dir, `settlement-${s.year}.html`), bytes: Buffer.from(settlementHtml(s, dataLabel), 'utf8') },
    csv(`ledger-${s.year}.csv`, ledgerCsv(s.accounting.lines)),
    csv(`fund-${s.year}.csv`, fundCsv(s.accounting.fund)),
    csv(`transfers-${s.year}.csv`, transfersCsv(s.clearing.transfers)),
    csv(`positions-${s.year}.csv`, positionsCsv(s.clearing.positions)),
  ];
  if (s.enforcement) files.push(csv(`enforcement-${s.year}.csv`, enforcementCsv(s.enforcement)));
  if (s.yearEnd) files.push(csv(`revisions-${s.year}.csv`, revisionsCsv(s.yearEnd.revisions)));
  // Schemes settled beside the city's: each its own workbook and CSVs in the same folder.
  for (const x of s.others) {
    const id = x.scheme.id;
    if (x.kind === 'cross-province') {
      files.push({
        path: path.join(dir, `cross-province-${id}-${s.year}.xlsx`),
        bytes: await renderWorkbook(crossProvinceWorkbook(s, x, parameters, dataLabel)),
      });
      files.push(csv(`ledger-${id}-${s.year}.csv`, ledgerCsv(x.accounting.lines)));
      files.push(csv(`transfers-${id}-${s.year}.csv`, transfersCsv(x.clearing.transfers)));
      files.push(csv(`positions-${id}-${s.year}.csv`, positionsCsv(x.clearing.positions)));
      if (x.enforcement) files.push(csv(`enforcement-${id}-${s.year}.csv`, enforcementCsv(x.enforcement)));
    } else {
      files.push({ path: path.join(dir, `pooled-${id}-${s.year}.xlsx`), bytes: await renderWorkbook(pooledWorkbook(s, x, parameters, dataLabel)) });
      files.push(csv(`pooled-${id}-${s.year}.csv`, pooledCsv(x.result)));
      files.push(csv(`transfers-${id}-${s.year}.csv`, transfersCsv(x.result.transfers)));
    }
  }
  return files;
}

/** 来源 sheet parameters naming the schemes of the run and the versions they apply in the year. */
export function schemeParameters(s: Settlement): [string, string][] {
  const list = (sc: Scheme) => `${sc.id}（版本 ${sc.versions.map((v) => v.label).join('、')}）`;
  return [['方案', [s.scheme, ...s.others.map((o) => o.scheme)].map(list).join('；')]];
}

export function printSettlementSummary(t: Terminal, s: Settlement): void {
  const settled = s.accounting.lines.filter((l) => l.settled);
  const comp = s.clearing.transfers.filter((x) => x.kind === 'compensation');
  const fund = s.clearing.transfers.filter((x) => x.kind === 'fund');
  const warnings = s.problems.filter((p) => p.severity === 'warning').length;
  t.out(t.c.bold(`${s.year}年度清算完成`));
  const sectionMonths = s.accounting.lines.filter((l) => !l.term).length;
  const settledMonths = settled.filter((l) => !l.term).length;
  t.out(`  河流 ${s.dataset.rivers.length} 条，补偿断面月 ${sectionMonths} 个（结算 ${settledMonths} 个，未签协议不结算 ${sectionMonths - settledMonths} 个）`);
  t.out(`  补偿划转 ${comp.length} 笔，合计 ${fmtAmount(sum(comp.map((x) => x.amount)))}`);
  t.out(`  流域补偿基金 ${fund.length} 笔，合计 ${fmtAmount(sum(fund.map((x) => x.amount)))}`);
  // Reached only when Σ paid = Σ received to the fen (R9; otherwise exit 4), so one amount says it.
  t.out(`  平衡校验（R9）：应付合计 = 应收合计 = ${fmtAmount(s.clearing.totalPaid)}`);
  if (s.enforcement) {
    const unpaid = s.enforcement.filter((e) => e.unpaid.greaterThan(0));
    t.out(
      `  强制收扣（R10，截止 ${s.deadline}）：${unpaid.length} 笔未付清，收扣合计 ${fmtAmount(sum(s.enforcement.map((e) => e.forced)))}，含罚息 ${fmtAmount(sum(s.enforcement.map((e) => e.penalty)))}`,
    );
  }
  for (const x of s.others) {
    if (x.kind === 'cross-province') {
      t.out(`  跨省方案 ${x.scheme.name}：补偿划转 ${x.clearing.transfers.length} 笔，合计 ${fmtYuan(sum(x.clearing.transfers.map((t) => t.amount)))} 元`);
    } else {
      t.out(`  资金池 ${x.scheme.name}：${x.result.parties.map((p) => `${p.party} 净额 ${fmtYuan(p.net)} 元`).join('，')}`);
    }
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
