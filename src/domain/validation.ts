import { indexForBenchmarks, resolveBenchmark } from './benchmark.js';
import type { ProblemCode } from './problemCodes.js';
import { threeYearsLater } from './calendar.js';
import { MUNICIPAL } from './districts.js';
import { chooseRecord, recordIndex } from './monitoringResult.js';
import { missingMonth, monthsWithoutResult, qualityFolder } from './completeness.js';
import { yuanToWan, type Money } from './money.js';
import { declaredSectionsOf, monthsWithoutVersion, versionAt, type PairwiseScheme, type Scheme } from './scheme.js';
import { problem, type Problem } from './problem.js';
import { type Dataset, type Month, type Section } from './types.js';
import { compensationSections } from './accounting.js';

/**
 * The checks that can be made before money is computed (validate stage), as a plain list of
 * functions over the loaded dataset, each returning problems (beancount's BASIC_VALIDATIONS).
 */
export interface Period {
  /** Months whose completeness (R4), sources (R3) and benchmarks (R2) are checked. */
  months: Month[];
  /** The city's scheme: floors of its versions (R8) and which months it covers. */
  scheme: PairwiseScheme;
  /**
   * Schemes settled beside the city's (cross-province rivers, pooled funds): their sections and
   * rivers are known to the references, and their pairwise sections' months must be complete (R4).
   */
  others?: readonly Scheme[] | undefined;
}

type Check = (d: Dataset, period: Period) => Problem[];

/** R8: the scheme's issue date and the filing window for first-period agreements. */
const SCHEME_ISSUED = '2023-07-10';
const FILING_DEADLINE = '2023-08-09';

const checkReferences: Check = (d, period) => {
  const out: Problem[] = [];
  const rivers = new Set([...d.rivers.map((r) => r.id), ...(d.rejected?.rivers ?? []), ...declaredRivers(period)]);
  const sections = new Map(d.sections.map((s) => [s.id, s]));
  for (const s of declaredSections(period)) if (!sections.has(s.id)) sections.set(s.id, s);
  for (const id of d.rejected?.sections ?? []) if (!sections.has(id)) sections.set(id, undefined as unknown as Section);
  const agreements = new Set([...d.agreements.map((a) => a.id), ...(d.rejected?.agreements ?? [])]);
  const ref = (ok: boolean, code: ProblemCode, msg: string, loc: { file: string; row: number }, column: string, value: string, rule?: string) => {
    if (!ok) out.push(problem('error', code, msg, { loc, column, value, rule }));
  };
  for (const s of d.sections) ref(rivers.has(s.riverId), 'E_REF_RIVER', `断面所属河流 ${s.riverId} 不在河流表中`, s.loc, '河流编码', s.riverId);
  for (const t of d.targets)
    ref(sections.has(t.sectionId), 'E_REF_SECTION', `考核目标的断面 ${t.sectionId} 不在断面表中`, t.loc, '断面编码', t.sectionId, 'R2');
  for (const a of d.agreements) ref(rivers.has(a.riverId), 'E_REF_RIVER', `协议所属河流 ${a.riverId} 不在河流表中`, a.loc, '河流编码', a.riverId, 'R8');
  for (const s of d.signatures)
    ref(agreements.has(s.agreementId), 'E_REF_AGREEMENT', `签署记录的协议 ${s.agreementId} 不在协议表中`, s.loc, '协议编号', s.agreementId, 'R8');
  for (const e of d.exemptions) {
    const s = sections.get(e.sectionId);
    ref(sections.has(e.sectionId), 'E_REF_SECTION', `免责认定的断面 ${e.sectionId} 不在断面表中`, e.loc, '断面编码', e.sectionId, 'R5');
    if (s && !s.compensation)
      out.push(
        problem('warning', 'W_EXEMPTION_NOT_COMPENSATION', `断面 ${s.id} 不是补偿断面，免责认定不起作用`, {
          loc: e.loc,
          column: '断面编码',
          value: e.sectionId,
          rule: 'R5',
        }),
      );
  }
  for (const q of d.quality) ref(sections.has(q.sectionId), 'E_REF_SECTION', `断面 ${q.sectionId} 不在断面表中`, q.loc, '断面编码', q.sectionId, 'R3');
  for (const f of d.flows ?? [])
    ref(sections.has(f.sectionId), 'E_REF_SECTION', `流量表的断面 ${f.sectionId} 不在断面表中`, f.loc, '断面编码', f.sectionId, '水量');
  for (const p of d.payments) ref(rivers.has(p.riverId), 'E_REF_RIVER', `拨付记录的河流 ${p.riverId} 不在河流表中`, p.loc, '河流编码', p.riverId, 'R10');
  for (const s of d.signatures) {
    if (s.district === MUNICIPAL)
      out.push(problem('error', 'E_MUNICIPAL_SIGNS', '市级财政不签署补偿协议', { loc: s.loc, column: '区县', value: s.district, rule: 'R8' }));
  }
  return out;
};

/** R7: head and tail sections, and the chain along each river. */
const checkRiverChain: Check = (d) => {
  const out: Problem[] = [];
  for (const river of d.rivers) {
    const comp = compensationSections(d, river.id);
    const at = { loc: river.loc, column: '河流编码', value: river.id, rule: 'R7' };
    if (comp.length === 0) {
      out.push(problem('error', 'E_NO_SECTIONS', `河流 ${river.id}（${river.name}）没有补偿断面`, at));
      continue;
    }
    const first = comp[0]!;
    const last = comp[comp.length - 1]!;
    if (river.origin === '跨省流入' && first.upstream !== MUNICIPAL) {
      out.push(
        problem('error', 'E_HEAD_MISSING', `${river.name}跨省流入，最上游的补偿断面应为首端断面（上游主体为市级财政）`, {
          ...at,
          column: '来水',
          value: river.origin,
        }),
      );
    }
    if (river.origin === '市内发源' && first.upstream === MUNICIPAL) {
      out.push(
        problem('warning', 'W_HEAD_UNEXPECTED', `${river.name}市内发源，却有上游主体为市级财政的首端断面 ${first.id}`, {
          loc: first.loc,
          column: '上游主体',
          value: MUNICIPAL,
          rule: 'R7',
        }),
      );
    }
    if (last.downstream !== MUNICIPAL) {
      out.push(problem('error', 'E_TAIL_MISSING', `${river.name}缺少尾端断面：最下游的补偿断面 ${last.id} 的下游主体应为市级财政`, at));
    }
    for (let i = 1; i < comp.length; i++) {
      const prev = comp[i - 1]!;
      const cur = comp[i]!;
      if (prev.downstream !== cur.upstream) {
        out.push(
          problem(
            'warning',
            'W_CHAIN_BREAK',
            `${river.name}补偿链不连续：${prev.id} 的下游主体是${prev.downstream}，下一个断面 ${cur.id} 的上游主体却是${cur.upstream}`,
            {
              loc: cur.loc,
              column: '上游主体',
              value: cur.upstream,
              rule: 'R7',
            },
          ),
        );
      }
    }
  }
  return out;
};

/** R8: floors, duration, non-monetary value, filing date; signatures by districts on the river. */
const checkAgreements: Check = (d, period) => {
  const out: Problem[] = [];
  for (const a of d.agreements) {
    const at = (column: string, value: string, severity: 'error' | 'warning' = 'error') => ({ loc: a.loc, column, value, rule: 'R8', severity });
    const wan = (m: Money) => yuanToWan(m).toString();
    // Invalid: below the floors in force when the agreement took effect. Floors raised later lift it (accounting warns).
    const v = versionAt(period.scheme, a.from.slice(0, 7)) ?? period.scheme.versions[0]!;
    if (a.amountOne.lessThan(v.floorOne))
      out.push(problem('error', 'E_AMOUNT_FLOOR', `一类标准低于 ${wan(v.floorOne)} 万元/月的下限`, at('一类标准', wan(a.amountOne))));
    if (a.amountTwo.lessThan(v.floorTwo))
      out.push(problem('error', 'E_AMOUNT_FLOOR', `两类标准低于 ${wan(v.floorTwo)} 万元/月的下限`, at('两类标准', wan(a.amountTwo))));
    if (a.amountTwo.lessThan(a.amountOne)) out.push(problem('error', 'E_AMOUNT_ORDER', `两类标准不能低于一类标准`, at('两类标准', wan(a.amountTwo))));
    if (a.to < a.from) out.push(problem('error', 'E_AGREEMENT_DATES', '终止日期早于生效日期', at('终止日期', a.to)));
    else if (a.to < threeYearsLater(a.from)) out.push(problem('error', 'E_AGREEMENT_SHORT', `协议期限不足 3 年（${a.from} 至 ${a.to}）`, at('终止日期', a.to)));
    if (a.mode !== '资金' && a.substituteValue === undefined)
      out.push(problem('error', 'E_SUBSTITUTE_MISSING', `补偿方式为${a.mode}时必须填写替代价值（万元/年）`, at('替代价值', '')));
    if (a.from.startsWith('2023-') && a.filedDate && a.filedDate > FILING_DEADLINE) {
      out.push(
        problem(
          'warning',
          'W_FILED_LATE',
          `首轮协议备案日期晚于方案印发（${SCHEME_ISSUED}）后 30 日（${FILING_DEADLINE}）`,
          at('备案日期', a.filedDate, 'warning'),
        ),
      );
    }
  }
  const riverDistricts = new Map<string, Set<string>>();
  for (const s of compensationSections(d)) {
    const set = riverDistricts.get(s.riverId) ?? new Set<string>();
    for (const p of [s.upstream!, s.downstream!]) if (p !== MUNICIPAL) set.add(p);
    riverDistricts.set(s.riverId, set);
  }
  const agreements = new Map(d.agreements.map((a) => [a.id, a]));
  for (const s of d.signatures) {
    const a = agreements.get(s.agreementId);
    if (!a) continue;
    const on = riverDistricts.get(a.riverId);
    if (on && !on.has(s.district)) {
      out.push(
        problem('warning', 'W_SIGNER_NOT_ON_RIVER', `${s.district}不是 ${a.riverId} 任何补偿断面的上下游主体`, {
          loc: s.loc,
          column: '区县',
          value: s.district,
          rule: 'R8',
        }),
      );
    }
  }
  return out;
};

/** R2 for every compensation section and every year in the period. */
const checkBenchmarks: Check = (d, period) => {
  const ix = indexForBenchmarks(d.sections, d.targets);
  const years = [...new Set(period.months.map((m) => Number(m.slice(0, 4))))].sort();
  const out: Problem[] = [];
  const rivers = new Set(d.rivers.map((r) => r.id));
  for (const s of compensationSections(d)) {
    if (!rivers.has(s.riverId)) continue; // reported as E_REF_RIVER
    for (const y of years) out.push(...resolveBenchmark(s, y, ix).problems);
  }
  return out;
};

/** R3 and R4 over the period: sources, conflicts, and every compensation section-month present. */
const checkRecords: Check = (d, period) => {
  const out: Problem[] = [];
  const records = recordIndex(d);
  const sections = new Map(d.sections.map((s) => [s.id, s]));
  for (const s of declaredSections(period)) if (!sections.has(s.id)) sections.set(s.id, s);
  // Source rules and conflicts for every record present, compensation section or not.
  for (const group of records.groups()) {
    const s = sections.get(group[0]!.sectionId);
    if (!s) continue;
    out.push(...chooseRecord(s, group).problems);
  }
  const wanted = [...compensationSections(d), ...declaredSections(period).filter((x) => x.compensation)];
  for (const gap of monthsWithoutResult(wanted, period.months, records)) {
    if (d.rejected?.quality.has(`${gap.section.id} ${gap.month}`)) continue; // the row's own error says why
    out.push(missingMonth(gap.section, gap.month, qualityFolder(d)));
  }
  return out;
};

/** schemes.md: every month settled needs a version in force, in the city's scheme and each other one. */
const checkSchemeCoverage: Check = (_d, period) => {
  const out: Problem[] = [];
  for (const scheme of [period.scheme, ...(period.others ?? [])]) {
    const gaps = monthsWithoutVersion(scheme, period.months);
    if (!gaps.length) continue;
    const span = gaps.length === 1 ? gaps[0]! : `${gaps[0]} 等 ${gaps.length} 个月`;
    const first = scheme.versions[0]!.from;
    out.push(
      problem(
        'error',
        'E_SCHEME_NO_VERSION',
        `补偿方案「${scheme.name}」在 ${span} 没有有效版本（第一个版本自 ${first} 起${scheme.until ? `，方案止于 ${scheme.until}` : ''}）`,
        {
          file: scheme.file,
          column: 'versions',
          value: gaps[0]!,
          rule: 'schemes.md',
        },
      ),
    );
  }
  return out;
};

/** Sections the other schemes declare, as the checks see them. */
function declaredSections(period: Period): Section[] {
  return (period.others ?? []).flatMap(declaredSectionsOf);
}

function declaredRivers(period: Period): string[] {
  return (period.others ?? []).flatMap((s) => (s.kind === 'pairwise-class' ? s.rivers.map((r) => r.id) : [s.id]));
}

/**
 * Water quantity term (schemes.md): a section with a minimum flow in the version in force needs a
 * monthly flow for every month settled. Reading: a missing flow is a gap, like a missing result (R4).
 */
const checkFlows: Check = (d, period) => {
  const out: Problem[] = [];
  const have = new Set((d.flows ?? []).map((f) => `${f.sectionId} ${f.month}`));
  const sections = new Map([...d.sections, ...declaredSections(period)].map((s) => [s.id, s]));
  for (const scheme of [period.scheme, ...(period.others ?? [])]) {
    if (scheme.kind !== 'pairwise-class') continue;
    for (const m of period.months) {
      const v = versionAt(scheme, m);
      for (const [id, min] of v?.quantity?.minFlows ?? []) {
        if (have.has(`${id} ${m}`)) continue;
        const s = sections.get(id);
        out.push(
          problem(
            'error',
            'E_FLOW_MISSING',
            `断面 ${id}${s ? `（${s.name}）` : ''} ${m} 没有月均流量；方案版本 ${v!.label} 对该断面设有最小生态流量 ${min} m³/s（flows.csv）`,
            {
              loc: s?.loc,
              file: scheme.file,
              column: '断面编码',
              value: id,
              rule: '水量',
            },
          ),
        );
      }
    }
  }
  return out;
};

const VALIDATIONS: readonly Check[] = [checkSchemeCoverage, checkFlows, checkReferences, checkRiverChain, checkAgreements, checkBenchmarks, checkRecords];

export function validateDataset(d: Dataset, period: Period): Problem[] {
  return VALIDATIONS.flatMap((check) => check(d, period));
}
