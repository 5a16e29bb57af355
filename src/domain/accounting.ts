import { AgreementIndex } from './agreements.js';
import { indexForBenchmarks, resolveBenchmark, type Benchmark } from './benchmark.js';
import type { WaterClass } from './classes.js';
import { MUNICIPAL, compareParties } from './districts.js';
import { chooseRecord, recordIndex } from './monitoringResult.js';
import { missingMonth, qualityFolder } from './completeness.js';
import { monthlyOutcome } from './monthlyRule.js';
import { Money, ZERO, fmtYuan, yuanToWan } from './money.js';
import { locText, problem, type Problem } from './problem.js';
import { versionAt, type PairwiseScheme, type PairwiseVersion } from './scheme.js';
import type { Agreement, Dataset, Exemption, FlowRecord, Mode, Month, QualityRecord, Section, Source } from './types.js';

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
  /** The scheme version in force that month (schemes.md "Versions"). */
  version: string;
  /** Set on the water-quantity line of a section-month (the class line has none). */
  term?: 'quantity' | undefined;
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

/** R5: an exemption on a month whose water was not worse than its benchmark changes nothing; said as a warning. */
export function exemptionWarnings(lines: readonly LedgerLine[], exemptions: readonly Exemption[]): Problem[] {
  const lineAt = new Map(lines.filter((l) => !l.term).map((l) => [`${l.sectionId} ${l.month}`, l]));
  const out: Problem[] = [];
  for (const e of exemptions) {
    const line = lineAt.get(`${e.sectionId} ${e.month}`);
    if (line?.settled && !line.exemption && line.measured !== undefined) {
      out.push(
        problem('warning', 'W_EXEMPTION_NO_EFFECT', `${e.sectionId} ${e.month} 水质不劣于基准（类别差 ${line.diff}），免责认定不起作用`, {
          loc: e.loc,
          column: '批准文号',
          value: e.approvalRef,
          rule: 'R5',
        }),
      );
    }
  }
  return out;
}

export function compensationSections(d: Dataset, riverId?: string): Section[] {
  const ix = indexSections(d);
  return riverId === undefined ? ix.all : (ix.byRiver.get(riverId) ?? []);
}

export function account(d: Dataset, months: readonly Month[], scheme: PairwiseScheme): AccountingResult {
  const ix = indexForBenchmarks(d.sections, d.targets);
  const agreements = new AgreementIndex(d.agreements, d.signatures);
  const records = recordIndex(d);
  const exemptions = new Map<string, Exemption>();
  for (const e of d.exemptions) exemptions.set(`${e.sectionId} ${e.month}`, e);

  const lines: LedgerLine[] = [];
  const gaps: Problem[] = [];
  const problems: Problem[] = [];
  const benchmarks = new Map<string, Benchmark | undefined>();

  const flows = flowIndex(d.flows ?? []);
  const sections = compensationSections(d);
  const folder = qualityFolder(d);
  for (const s of sections) {
    for (const month of months) {
      const version = versionAt(scheme, month);
      if (!version) continue; // reported by validation (E_SCHEME_NO_VERSION): settlement refuses
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
      const line = accountSectionMonth(s, month, benchmark, choice.chosen, exemptions.get(`${s.id} ${month}`), agreements, version, problems);
      if (!choice.chosen) gaps.push(missingMonth(s, month, folder));
      if (line) lines.push(line);
      if (line?.settled) pushQuantityLine(lines, gaps, s, month, version, flows);
    }
  }
  problems.push(...exemptionWarnings(lines, d.exemptions));
  return { lines, fund: fundCharges(d, months, agreements, scheme), gaps, problems };
}

function accountSectionMonth(
  s: Section,
  month: Month,
  benchmark: Benchmark | undefined,
  record: QualityRecord | undefined,
  exemption: Exemption | undefined,
  agreements: AgreementIndex,
  version: PairwiseVersion,
  problems: Problem[],
): LedgerLine | undefined {
  const up = s.upstream!;
  const down = s.downstream!;
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
    return { ...lineBase(s, month, benchmark, record, version), settled: false, rule: 'R8', reason };
  }
  const mode: Mode = up === MUNICIPAL || down === MUNICIPAL ? '资金' : governing.mode;
  const { a1, a2 } = amountsInForce(governing, version, problems);
  const amountsNote = governing.amountOne.greaterThan(version.floorOne) ? `（协议 ${governing.id} 约定标准）` : '';
  return settledLine(s, month, benchmark, record, exemption, { version, a1, a2, mode, agreementId: governing.id, amountsNote });
}

/**
 * schemes.md "Versions": the agreement's amount where it is at least the floor in force, else the
 * floor. Reading: an agreement signed under lower floors is lifted to the new floors from the new
 * version's month, with a warning (one per agreement and version; the pipeline drops repeats).
 */
function amountsInForce(a: Agreement, v: PairwiseVersion, problems: Problem[]): { a1: Money; a2: Money } {
  const lift = (amount: Money, floor: Money, column: string, what: string): Money => {
    if (!amount.lessThan(floor)) return amount;
    problems.push(
      problem(
        'warning',
        'W_AGREEMENT_LIFTED',
        `协议 ${a.id} 的${what} ${yuanToWan(amount).toString()} 万元/月低于方案版本 ${v.label}（${v.from} 起）的下限 ${yuanToWan(floor).toString()} 万元/月，自 ${v.from} 起按下限结算`,
        {
          loc: a.loc,
          column,
          value: yuanToWan(amount).toString(),
          rule: 'R8',
        },
      ),
    );
    return floor;
  };
  return { a1: lift(a.amountOne, v.floorOne, '一类标准', '一类标准'), a2: lift(a.amountTwo, v.floorTwo, '两类标准', '两类标准') };
}

export interface SettleTerms {
  version: PairwiseVersion;
  a1: Money;
  a2: Money;
  mode: Mode;
  agreementId?: string | undefined;
  /** Appended to the reason of a paying line, e.g. the agreement that set higher amounts. */
  amountsNote: string;
}

function lineBase(s: Section, month: Month, benchmark: Benchmark, record: QualityRecord, version: PairwiseVersion) {
  return {
    riverId: s.riverId,
    sectionId: s.id,
    sectionName: s.name,
    month,
    upstream: s.upstream!,
    downstream: s.downstream!,
    benchmark: benchmark.cls,
    benchmarkFrom: benchmark.from,
    source: record.source,
    sourceLoc: locText(record.loc),
    measured: record.status === '正常' ? record.cls : undefined,
    status: record.status,
    amount: ZERO,
    mode: '资金' as Mode,
    version: version.label,
  };
}

/** R1, R4, R5 and R7 for a section-month that is settled under the given terms. */
export function settledLine(
  s: Section,
  month: Month,
  benchmark: Benchmark,
  record: QualityRecord,
  exemption: Exemption | undefined,
  t: SettleTerms,
): LedgerLine | undefined {
  const up = s.upstream!;
  const down = s.downstream!;
  const settledBase = { ...lineBase(s, month, benchmark, record, t.version), settled: true, mode: t.mode, agreementId: t.agreementId };
  if (record.status !== '正常') {
    return { ...settledBase, rule: 'R4', reason: `${record.status}${record.note ? `（${record.note}）` : ''}，本月按0结算` };
  }
  if (record.cls === undefined) return undefined;
  const out = monthlyOutcome(benchmark.cls, record.cls, t.a1, t.a2, t.version);
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
    reason: `${out.reason}，${payer}补偿${payee} ${fmtYuan(out.amount)} 元${t.amountsNote}`,
  };
}

export function flowIndex(flows: readonly FlowRecord[]): Map<string, FlowRecord> {
  return new Map(flows.map((f) => [`${f.sectionId} ${f.month}`, f]));
}

/**
 * The water quantity term (schemes.md): where the version sets a minimum ecological flow for the
 * section, a month whose mean flow is below it moves the version's amount from upstream to
 * downstream, as a line of its own beside the class line. Reading: a missing flow for such a
 * section-month is a gap like a missing result (R4), never "no compensation".
 */
export function pushQuantityLine(
  lines: LedgerLine[],
  gaps: Problem[],
  s: Section,
  month: Month,
  version: PairwiseVersion,
  flows: ReadonlyMap<string, FlowRecord>,
): void {
  const min = version.quantity?.minFlows.get(s.id);
  if (!version.quantity || min === undefined) return;
  const f = flows.get(`${s.id} ${month}`);
  if (!f) {
    gaps.push(
      problem('error', 'E_FLOW_MISSING', `断面 ${s.id}（${s.name}）${month} 没有月均流量，方案版本 ${version.label} 对该断面设有最小生态流量 ${min} m³/s`, {
        loc: s.loc,
        column: '断面编码',
        value: s.id,
        rule: '水量',
      }),
    );
    return;
  }
  if (!new Money(f.flow).lessThan(min)) return;
  const amount = version.quantity.amount;
  lines.push({
    riverId: s.riverId,
    sectionId: s.id,
    sectionName: s.name,
    month,
    upstream: s.upstream!,
    downstream: s.downstream!,
    benchmarkFrom: `最小生态流量 ${min} m³/s`,
    payer: s.upstream!,
    payee: s.downstream!,
    amount,
    rule: '水量',
    reason: `月均流量 ${f.flow} m³/s 低于最小生态流量 ${min} m³/s，${s.upstream!}补偿${s.downstream!} ${fmtYuan(amount)} 元`,
    sourceLoc: `${f.loc.file}:${f.loc.row}`,
    settled: true,
    mode: '资金',
    version: version.label,
    term: 'quantity',
  });
}

/** R8: the version's fund charge per month from each district on a river without a signed agreement in force. */
function fundCharges(d: Dataset, months: readonly Month[], agreements: AgreementIndex, scheme: PairwiseScheme): FundCharge[] {
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
        const charge = versionAt(scheme, month)?.unsignedFundPerMonth;
        if (!charge || charge.isZero() || agreements.covering(riverId, district, month)) continue;
        out.push({ riverId, district, month, amount: charge, reason: `${district}在${riverId}本月没有在有效期内的已签补偿协议，缴纳流域补偿基金` });
      }
    }
  }
  return out;
}
