import type { WaterClass } from './classes.js';
import { classLabel } from './classes.js';
import { assertBalanced, positionsOf, type Position, type Transfer } from './clearing.js';
import { FUND, MUNICIPAL } from './districts.js';
import { averageSamples, type ItemResult } from './gb3838/average.js';
import { ITEMS, type ItemKey } from './gb3838/limits.js';
import { chooseRecord, recordIndex } from './monitoringResult.js';
import { Money, ZERO, sum } from './money.js';
import { problem, type Problem } from './problem.js';
import { declaredSectionsOf, versionForYear, type PooledScheme, type PoolSection, type PoolVersion, type Weighted } from './scheme.js';
import { monthsOfYear, type Dataset, type Section } from './types.js';

/**
 * A pooled fund (schemes.md, the 赤水河 three-province scheme): each party pays its contribution
 * share of the year's pool; the pool is allocated by fixed shares; a party whose assessed section
 * fails its target for the year (annual mean of the scheme's items, classed by GB 3838 W1–W3)
 * loses its share to the parties the scheme names, split by their weights. Each party's net
 * against the pool is one transfer (R9 invariant: paid = received, to the fen).
 */
export interface SectionCompliance {
  section: PoolSection;
  /** Months whose result entered the annual mean. */
  months: number;
  cls?: WaterClass | undefined;
  items: ItemResult[];
  compliant: boolean;
}

interface PoolPartyResult {
  party: string;
  contribution: Money;
  allocation: Money;
  /** The party's allocation lost because its section failed. */
  lost: Money;
  /** Shares of failing parties moved to this one. */
  gained: Money;
  receives: Money;
  net: Money;
}

export interface PoolResult {
  year: number;
  version: PoolVersion;
  poolName: string;
  compliance: SectionCompliance[];
  parties: PoolPartyResult[];
  transfers: Transfer[];
  positions: Position[];
  totalPaid: Money;
  totalReceived: Money;
  problems: Problem[];
}

/** The 合计 row of a pool's party table, and of its transfers. */
export function poolTotals(r: PoolResult): Omit<PoolPartyResult, 'party'> & { transfers: Money } {
  const col = (f: (p: PoolPartyResult) => Money): Money => sum(r.parties.map(f));
  return {
    contribution: col((p) => p.contribution),
    allocation: col((p) => p.allocation),
    lost: col((p) => p.lost),
    gained: col((p) => p.gained),
    receives: col((p) => p.receives),
    net: col((p) => p.net),
    transfers: sum(r.transfers.map((t) => t.amount)),
  };
}

export function settlePool(scheme: PooledScheme, d: Dataset, year: number): PoolResult | { problems: Problem[] } {
  const version = versionForYear(scheme, year);
  if (!version) return { problems: [] }; // E_SCHEME_NO_VERSION from validation
  const problems: Problem[] = [];
  const sections = declaredSectionsOf(scheme);
  const compliance = scheme.sections.map((s, i) => sectionCompliance(s, sections[i]!, version.items, d, year, problems));
  if (problems.some((p) => p.severity === 'error')) return { problems };

  const contribution = apportion(version.total, version.contributions);
  const allocation = apportion(version.total, version.allocation);
  const failing = new Set(compliance.filter((c) => !c.compliant).map((c) => c.section.party));
  const lost = new Map<string, Money>();
  const gained = new Map<string, Money>();
  for (const party of failing) {
    const share = allocation.get(party) ?? ZERO;
    lost.set(party, share);
    // Reading: a party with several sections fails when any fails; its share goes where its first failing section says.
    const to = compliance.find((c) => !c.compliant && c.section.party === party)!.section.failShareTo;
    for (const [p, amount] of apportion(share, to)) gained.set(p, (gained.get(p) ?? ZERO).plus(amount));
  }
  const parties = scheme.parties.map((p): PoolPartyResult => {
    const c = contribution.get(p.name) ?? ZERO;
    const a = allocation.get(p.name) ?? ZERO;
    const l = lost.get(p.name) ?? ZERO;
    const g = gained.get(p.name) ?? ZERO;
    const receives = a.minus(l).plus(g);
    return { party: p.name, contribution: c, allocation: a, lost: l, gained: g, receives, net: receives.minus(c) };
  });
  const poolName = `${scheme.riverName}横向补偿资金池`;
  const transfers: Transfer[] = parties
    .filter((p) => !p.net.isZero())
    .map((p) => {
      const pays = p.net.isNegative();
      return {
        riverId: scheme.id,
        payer: pays ? p.party : poolName,
        payee: pays ? poolName : p.party,
        amount: p.net.abs(),
        mode: '资金' as const,
        grossPayerToPayee: pays ? p.contribution : p.receives,
        grossPayeeToPayer: pays ? p.receives : p.contribution,
        months: 12,
        kind: 'compensation' as const,
      };
    });
  const positions = positionsOf(transfers).filter((p) => !((p.party === MUNICIPAL || p.party === FUND) && p.payable.isZero() && p.receivable.isZero()));
  const totalPaid = sum(positions.map((p) => p.payable));
  const totalReceived = sum(positions.map((p) => p.receivable));
  assertBalanced(totalPaid, totalReceived, transfers);
  return { year, version, poolName, compliance, parties, transfers, positions, totalPaid, totalReceived, problems };
}

/**
 * Annual compliance of one section: the year's monthly results (R3 chooses one per month; 断流
 * and 未监测 months do not enter) averaged by W3 over the scheme's items and classed by W2.
 * Compliant when the class is the target or better. Reading: a section with no concentrations
 * for some item of the scheme in the year cannot be assessed: an error, never "compliant".
 */
function sectionCompliance(s: PoolSection, section: Section, items: readonly ItemKey[], d: Dataset, year: number, problems: Problem[]): SectionCompliance {
  const records = recordIndex(d);
  const samples: Partial<Record<ItemKey, string>>[] = [];
  for (const m of monthsOfYear(year)) {
    const chosen = chooseRecord(section, records.at(s.id, m)).chosen;
    if (chosen?.status !== '正常' || !chosen.concentrations) continue;
    const picked: Partial<Record<ItemKey, string>> = {};
    for (const k of items) if (chosen.concentrations[k] !== undefined) picked[k] = chosen.concentrations[k];
    samples.push(picked);
  }
  const ev = averageSamples(samples, 'river');
  const missing = items.filter((k) => !ev.items.some((i) => i.item === k));
  if (!samples.length || missing.length) {
    problems.push(
      problem(
        'error',
        'E_POOL_NO_DATA',
        `资金池考核断面 ${s.id}（${s.name}）${year} 年没有${missing.length && samples.length ? missing.map((k) => ITEMS[k].name).join('、') : '任何'}浓度数据，无法按年均值评价是否达标`,
        {
          file: section.loc.file,
          column: '断面编码',
          value: s.id,
          rule: 'W3',
        },
      ),
    );
  }
  for (const i of ev.issues)
    problems.push(
      problem(i.severity, i.code, `${s.id} ${year} 年均值：${i.message}`, { file: section.loc.file, column: ITEMS[i.item].name, value: i.value, rule: i.rule }),
    );
  const compliant = ev.cls !== undefined && ev.cls <= s.target;
  return { section: s, months: samples.length, cls: ev.cls, items: ev.items, compliant };
}

/**
 * Split an amount by ratio weights, exactly to the fen. Reading: each share is rounded down to
 * the fen and the fens left over go one each to the largest remainders (ties: the order listed),
 * so the shares always add up to the amount.
 */
export function apportion(amount: Money, weights: readonly Weighted[]): Map<string, Money> {
  const total = sum(weights.map((w) => new Money(w.weight)));
  const out = new Map<string, Money>();
  if (total.isZero()) return out;
  const exact = weights.map((w) => amount.times(w.weight).dividedBy(total));
  const floors = exact.map((x) => x.toDecimalPlaces(2, Money.ROUND_DOWN));
  let left = amount.minus(sum(floors)).times(100).toNumber();
  const order = exact.map((x, i) => ({ i, rem: x.minus(floors[i]!) })).sort((a, b) => b.rem.comparedTo(a.rem) || a.i - b.i);
  const fen = new Money('0.01');
  for (const { i } of order) {
    if (left <= 0) break;
    floors[i] = floors[i]!.plus(fen);
    left--;
  }
  weights.forEach((w, i) => out.set(w.party, (out.get(w.party) ?? ZERO).plus(floors[i]!)));
  return out;
}

export const complianceText = (c: SectionCompliance): string =>
  c.cls === undefined ? '无法评价' : `${classLabel(c.cls)}类，${c.compliant ? '达标' : `未达到${classLabel(c.section.target)}类目标`}`;
