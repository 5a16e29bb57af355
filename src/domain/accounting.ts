import { AgreementIndex } from './agreements.js';
import { indexForBenchmarks, resolveBenchmark, type Benchmark } from './benchmark.js';
import type { WaterClass } from './classes.js';
import { MUNICIPAL, compareParties } from './districts.js';
import { chooseRecord, recordIndex } from './monitoringResult.js';
import { A1_FLOOR, monthlyOutcome } from './monthlyRule.js';
import { Money, ZERO, fmtYuan } from './money.js';
import { locText, problem, type Problem } from './problem.js';
import type { Dataset, Exemption, Mode, Month, QualityRecord, Section, Source } from './types.js';

/**
 * Monthly accounting (R1–R8): one ledger line per compensation section and month, and the fund
 * charges for districts without an agreement in force. Pure: the same dataset and months always
 * give the same lines, in the same order.
 */
export interface LedgerLine {
  riverId: string;
  sectionId: string;
  sectionName: string;
  month: Month;
  upstream: string;
  downstream: string;
  measured?: WaterClass | undefined;
  /** Status of the chosen record (正常 / 断流 / 未监测). */
  status?: string | undefined;
  benchmark?: WaterClass | undefined;
  benchmarkFrom: string;
  diff?: number | undefined;
  payer?: string | undefined;
  payee?: string | undefined;
  amount: Money;
  /** Rule ids that decided this line, e.g. "R1", "R1 R5", "R4", "R8". */
  rule: string;
  reason: string;
  source?: Source | undefined;
  sourceLoc?: string | undefined;
  exemption?: string | undefined;
  /** False when R8 stops the section-month from being settled. */
  settled: boolean;
  /** 资金 or the non-monetary form of the governing agreement. */
  mode: Mode;
  agreementId?: string | undefined;
}

export interface FundCharge {
  riverId: string;
  district: string;
  month: Month;
  amount: Money;
  reason: string;
}

export interface AccountingResult {
  lines: LedgerLine[];
  fund: FundCharge[];
  /** Section-months with no usable record (R4): settlement refuses while any remain. */
  gaps: Problem[];
  problems: Problem[];
}

/** R8: the fund charge per district, river and month. */
export const FUND_CHARGE = new Money('1000000');

/**
 * Compensation sections in river order, then down each river by river_km. Computed once per
 * dataset (datasets are not changed after loading) so that per-river look-ups stay linear.
 */
const sectionIndex = new WeakMap<Dataset, { all: Section[]; byRiver: Map<string, Section[]> }>();

function indexSections(d: Dataset): { all: Section[]; byRiver: Map<string, Section[]> } {
  let ix = sectionIndex.get(d);
  if (!ix) {
    const all = d.sections
      .filter((s) => s.compensation && s.upstream && s.downstream)
      .map((s) => ({ s, km: new Money(s.km) }))
      .sort((a, b) => (a.s.riverId < b.s.riverId ? -1 : a.s.riverId > b.s.riverId ? 1 : a.km.comparedTo(b.km) || (a.s.id < b.s.id ? -1 : 1)))
      .map((x) => x.s);
    const byRiver = new Map<string, Section[]>();
    for (const s of all) {
      const list = byRiver.get(s.riverId);
      if (list) list.push(s);
      else byRiver.set(s.riverId, [s]);
    }
    ix = { all, byRiver };
    sectionIndex.set(d, ix);
  }
  return ix;
}

export function compensationSections(d: Dataset, riverId?: string): Section[] {
  const ix = indexSections(d);
  return riverId === undefined ? ix.all : (ix.byRiver.get(riverId) ?? []);
}

export function account(d: Dataset, months: readonly Month[]): AccountingResult {
  const ix = indexForBenchmarks(d.sections, d.targets);
  const agreements = new AgreementIndex(d.agreements, d.signatures);
  const records = recordIndex(d);
  const exemptions = new Map<string, Exemption>();
  for (const e of d.exemptions) exemptions.set(`${e.sectionId} ${e.month}`, e);

  const lines: LedgerLine[] = [];
  const gaps: Problem[] = [];
  const problems: Problem[] = [];
  const benchmarks = new Map<string, Benchmark | undefined>();

  const sections = compensationSections(d);
  for (const s of sections) {
    for (const month of months) {
      const year = Number(month.slice(0, 4));
      const bkey = `${s.id} ${year}`;
      if (!benchmarks.has(bkey)) {
        const r = resolveBenchmark(s, year, ix);
        benchmarks.set(bkey, r.benchmark);
        problems.push(...r.problems);
      }
      const benchmark = benchmarks.get(bkey);
      const choice = chooseRecord(s, records.at(s.id, month));
      problems.push(...choice.problems);
      const line = accountSectionMonth(s, month, benchmark, choice.chosen, exemptions.get(`${s.id} ${month}`), agreements, problems);
      if (!choice.chosen) {
        gaps.push(
          problem('error', 'E_MONTH_MISSING', `补偿断面 ${s.id}（${s.name}）${month} 没有可用的监测结果（需${s.kind === '非考核' ? '监测中心或联合监测' : '国家通报或市级通报'}结果，或注明断流/未监测）`, {
            loc: s.loc,
            column: '断面编码',
            value: s.id,
            rule: 'R4',
          }),
        );
      }
      if (line) lines.push(line);
    }
  }
  const lineAt = new Map(lines.map((l) => [`${l.sectionId} ${l.month}`, l]));
  for (const e of d.exemptions) {
    const line = lineAt.get(`${e.sectionId} ${e.month}`);
    if (line && line.settled && !line.exemption && line.measured !== undefined) {
      problems.push(problem('warning', 'W_EXEMPTION_NO_EFFECT', `${e.sectionId} ${e.month} 水质不劣于基准（类别差 ${line.diff}），免责认定不起作用`, { loc: e.loc, column: '批准文号', value: e.approvalRef, rule: 'R5' }));
    }
  }
  return { lines, fund: fundCharges(d, months, agreements), gaps, problems };
}

function accountSectionMonth(
  s: Section,
  month: Month,
  benchmark: Benchmark | undefined,
  record: QualityRecord | undefined,
  exemption: Exemption | undefined,
  agreements: AgreementIndex,
  problems: Problem[],
): LedgerLine | undefined {
  const up = s.upstream!;
  const down = s.downstream!;
  const base = {
    riverId: s.riverId,
    sectionId: s.id,
    sectionName: s.name,
    month,
    upstream: up,
    downstream: down,
    benchmark: benchmark?.cls,
    benchmarkFrom: benchmark?.from ?? '',
    source: record?.source,
    sourceLoc: record ? locText(record.loc) : undefined,
    measured: record?.status === '正常' ? record.cls : undefined,
    status: record?.status,
    amount: ZERO,
    mode: '资金' as Mode,
  };
  if (!record || !benchmark) return undefined;

  const governing = agreements.governing(s.riverId, [up, down], month);
  if (!governing) {
    const unsigned = [up, down].filter((p) => p !== MUNICIPAL && !agreements.covering(s.riverId, p, month));
    const reason = unsigned.length
      ? `${unsigned.join('、')}本月没有在有效期内的已签协议，本断面本月不结算（另按月收取流域补偿基金）`
      : '上下游签署的不是同一份在有效期内的协议，本断面本月不结算';
    if (!unsigned.length) {
      problems.push(problem('warning', 'W_AGREEMENT_MISMATCH', `${s.id} ${month}：${reason}`, { loc: s.loc, column: '断面编码', value: s.id, rule: 'R8' }));
    }
    return { ...base, settled: false, rule: 'R8', reason };
  }
  const mode: Mode = up === MUNICIPAL || down === MUNICIPAL ? '资金' : governing.mode;
  const settledBase = { ...base, settled: true, mode, agreementId: governing.id };

  if (record.status !== '正常') {
    return { ...settledBase, rule: 'R4', reason: `${record.status}${record.note ? `（${record.note}）` : ''}，本月按0结算` };
  }
  if (record.cls === undefined) return undefined;
  const out = monthlyOutcome(benchmark.cls, record.cls, governing.amountOne, governing.amountTwo);
  const amountsNote = governing.amountOne.greaterThan(A1_FLOOR) ? `（协议 ${governing.id} 约定标准）` : '';
  if (out.direction === 'none') return { ...settledBase, diff: out.diff, rule: 'R1', reason: out.reason };
  const [payer, payee] = out.direction === 'downstream-pays' ? [down, up] : [up, down];
  if (out.direction === 'upstream-pays' && exemption) {
    return {
      ...settledBase,
      diff: out.diff,
      rule: 'R1 R5',
      reason: `${out.reason}；经免责认定（${exemption.approvalRef}，${exemption.reason}）免除补偿`,
      exemption: exemption.approvalRef,
    };
  }
  const viaMunicipal = payer === MUNICIPAL || payee === MUNICIPAL ? ' R7' : '';
  return {
    ...settledBase,
    diff: out.diff,
    payer,
    payee,
    amount: out.amount,
    rule: `R1${viaMunicipal}`,
    reason: `${out.reason}，${payer}补偿${payee} ${fmtYuan(out.amount)} 元${amountsNote}`,
  };
}

/** R8: 1,000,000 元 per month from each district on a river without a signed agreement in force. */
function fundCharges(d: Dataset, months: readonly Month[], agreements: AgreementIndex): FundCharge[] {
  const out: FundCharge[] = [];
  const districtsByRiver = new Map<string, Set<string>>();
  for (const s of compensationSections(d)) {
    const set = districtsByRiver.get(s.riverId) ?? new Set<string>();
    for (const p of [s.upstream!, s.downstream!]) if (p !== MUNICIPAL) set.add(p);
    districtsByRiver.set(s.riverId, set);
  }
  for (const riverId of [...districtsByRiver.keys()].sort()) {
    for (const district of [...districtsByRiver.get(riverId)!].sort(compareParties)) {
      for (const month of months) {
        if (agreements.covering(riverId, district, month)) continue;
        out.push({ riverId, district, month, amount: FUND_CHARGE, reason: `${district}在${riverId}本月没有在有效期内的已签补偿协议，缴纳流域补偿基金` });
      }
    }
  }
  return out;
}
