import path from 'node:path';
import { toCsv } from '../io/csvWrite.js';
import type { OutputFile } from '../io/writeOutputs.js';
import { renderWorkbook } from '../io/xlsxWrite.js';
import { settlementTotals, type Settlement, type SettlementTotals } from '../domain/settlement.js';
import { enforcementCsv, fundCsv, ledgerCsv, pooledCsv, positionsCsv, revisionsCsv, transfersCsv, type CsvTable } from '../report/csvTables.js';
import type { Scheme } from '../domain/scheme.js';
import { settlementWorkbook } from '../report/settlementWorkbook.js';
import type { DocumentLabels } from '../report/documentLabels.js';
import { settlementHtml } from '../report/settlementHtml.js';

/** The files of `settle --year Y` (outputs.md), built in memory before anything is written. */
export async function settlementFiles(
  s: Settlement,
  outDir: string,
  parameters: [string, string][],
  dataLabel: string,
  labels: DocumentLabels = {},
  totals: SettlementTotals = settlementTotals(s),
): Promise<OutputFile[]> {
  const dir = path.join(outDir, String(s.year));
  const csv = (name: string, t: CsvTable): OutputFile => ({ path: path.join(dir, name), bytes: toCsv(t.header, t.rows) });
  const files: OutputFile[] = [
    { path: path.join(dir, `settlement-${s.year}.xlsx`), bytes: await renderWorkbook(settlementWorkbook(s, parameters, dataLabel, labels)) },
    { path: path.join(dir, `settlement-${s.year}.html`), bytes: Buffer.from(settlementHtml(s, dataLabel, totals), 'utf8') },
    csv(`ledger-${s.year}.csv`, ledgerCsv(s.accounting.lines)),
    csv(`fund-${s.year}.csv`, fundCsv(s.accounting.fund)),
    csv(`transfers-${s.year}.csv`, transfersCsv(s.clearing.transfers)),
    csv(`positions-${s.year}.csv`, positionsCsv(s.clearing.positions)),
  ];
  if (s.enforcement) files.push(csv(`enforcement-${s.year}.csv`, enforcementCsv(s.enforcement)));
  if (s.yearEnd) files.push(csv(`revisions-${s.year}.csv`, revisionsCsv(s.yearEnd.revisions)));
  // Schemes settled beside the city's: each its own workbook and CSVs in the same folder (their
  // workbook builders are loaded only for a run that has such a scheme).
  for (const x of s.others) {
    const id = x.scheme.id;
    if (x.kind === 'cross-province') {
      files.push({
        path: path.join(dir, `cross-province-${id}-${s.year}.xlsx`),
        bytes: await renderWorkbook((await import('../report/crossProvinceWorkbook.js')).crossProvinceWorkbook(s, x, parameters, dataLabel)),
      });
      files.push(csv(`ledger-${id}-${s.year}.csv`, ledgerCsv(x.accounting.lines)));
      files.push(csv(`transfers-${id}-${s.year}.csv`, transfersCsv(x.clearing.transfers)));
      files.push(csv(`positions-${id}-${s.year}.csv`, positionsCsv(x.clearing.positions)));
      if (x.enforcement) files.push(csv(`enforcement-${id}-${s.year}.csv`, enforcementCsv(x.enforcement)));
    } else {
      files.push({
        path: path.join(dir, `pooled-${id}-${s.year}.xlsx`),
        bytes: await renderWorkbook((await import('../report/pooledWorkbook.js')).pooledWorkbook(s, x, parameters, dataLabel)),
      });
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
