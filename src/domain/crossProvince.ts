import { exemptionWarnings, flowIndex, pushQuantityLine, settledLine, type AccountingResult, type LedgerLine } from './accounting.js';
import { classLabel } from './classes.js';
import { chooseRecord, recordIndex } from './monitoringResult.js';
import type { Problem } from './problem.js';
import { declaredSectionsOf, versionAt, type PairwiseScheme } from './scheme.js';
import type { Dataset, Exemption, Month } from './types.js';
import { missingMonth, qualityFolder } from './completeness.js';

/**
 * A pairwise river between provinces (schemes.md "pairwise-class with a fixed benchmark", e.g.
 * 酉水 with Hunan): the sections and parties are declared by the scheme, the benchmark is the
 * version's fixed class, and the one amount per month moves by R1 with the version's terms
 * (equal classes pay when the scheme says so). The scheme is the agreement: every month a
 * version covers is settled. R3–R5 and the quantity term apply as on the city's rivers; the
 * lines are cleared by R9 like theirs.
 */
export function accountDeclared(scheme: PairwiseScheme, d: Dataset, months: readonly Month[]): AccountingResult {
  const records = recordIndex(d);
  const exemptions = new Map<string, Exemption>();
  for (const e of d.exemptions) exemptions.set(`${e.sectionId} ${e.month}`, e);
  const flows = flowIndex(d.flows ?? []);
  const folder = qualityFolder(d);
  const lines: LedgerLine[] = [];
  const gaps: Problem[] = [];
  const problems: Problem[] = [];
  for (const s of declaredSectionsOf(scheme)) {
    for (const month of months) {
      const version = versionAt(scheme, month);
      if (!version?.benchmark) continue; // E_SCHEME_NO_VERSION from validation
      const choice = chooseRecord(s, records.at(s.id, month));
      problems.push(...choice.problems);
      if (!choice.chosen) {
        gaps.push(missingMonth(s, month, folder));
        continue;
      }
      const benchmark = { cls: version.benchmark, via: s.id, from: `方案固定基准 ${classLabel(version.benchmark)}类` };
      const terms = { version, a1: version.floorOne, a2: version.floorTwo, mode: '资金' as const, agreementId: scheme.id, amountsNote: '' };
      const line = settledLine(s, month, benchmark, choice.chosen, exemptions.get(`${s.id} ${month}`), terms);
      if (line) lines.push(line);
      if (line) pushQuantityLine(lines, gaps, s, month, version, flows);
    }
  }
  // Every line here is settled (the scheme is the agreement), as exemptionWarnings asks.
  problems.push(...exemptionWarnings(lines, d.exemptions));
  return { lines, fund: [], gaps, problems };
}
