import type { WaterClass } from './classes.js';
import type { ItemKey } from './gb3838/index.js';
import type { Money } from './money.js';
import type { Month, Section, SectionKind } from './types.js';

/**
 * A compensation scheme as data (schemes.md): the parameters of R1, R8 and R10 in versions, each
 * applying from its month. The 2023 Chongqing scheme is one such file; cross-province agreements
 * and pooled funds are others. Amounts are 元 here (the file states its unit; the loader converts).
 */
interface PairwiseTerms {
  /** A1 / A2 floors, 元 per month (R1). With a fixed benchmark, the one amount per month. */
  floorOne: Money;
  floorTwo: Money;
  /** Better-than-benchmark pays only when the measured class is at least this good (R1 "m ≤ Ⅲ"); undefined: always. */
  betterNeedsAtLeast?: WaterClass | undefined;
  /** Whether a month at the benchmark class pays (downstream to upstream). */
  equalPays: boolean;
  /** R8 fund charge per district, river and month without an agreement (元). */
  unsignedFundPerMonth: Money;
  /** R10 penalty rate on the balance unpaid at the deadline. */
  penaltyRate: Money;
  /** A fixed benchmark class instead of the assessment target (cross-province agreements). */
  benchmark?: WaterClass | undefined;
  /** Water quantity term: a month below a section's minimum flow moves `amount` upstream → downstream. */
  quantity?: QuantityTerm | undefined;
}

interface QuantityTerm {
  /** 元 per month. */
  amount: Money;
  /** Section id → minimum ecological flow, m³/s, as decimal text. */
  minFlows: ReadonlyMap<string, string>;
}

export interface Weighted {
  party: string;
  /** A ratio weight as decimal text (1 : 5 : 4). */
  weight: string;
}

interface PoolTerms {
  /** The pool per year, 元. */
  total: Money;
  contributions: Weighted[];
  allocation: Weighted[];
  /** The items whose annual mean decides compliance (W1–W3). */
  items: ItemKey[];
  penaltyRate: Money;
}

export interface VersionBase {
  from: Month;
  /** Shown on every ledger line: `id@from` unless the file names it. */
  label: string;
  note?: string | undefined;
}

export type PairwiseVersion = VersionBase & PairwiseTerms;
export type PoolVersion = VersionBase & PoolTerms;

export interface Party {
  name: string;
  /** Cities or districts of this party (a province), accepted as the same party. */
  members: string[];
}

/** A section declared by a scheme (cross-province rivers): not in sections.csv. */
interface SchemeSection {
  id: string;
  name: string;
  riverId: string;
  kind: SectionKind;
  upstream: string;
  downstream: string;
}

export interface PoolSection {
  id: string;
  name: string;
  party: string;
  target: WaterClass;
  /** Where a failing party's share goes, split by weight. */
  failShareTo: Weighted[];
}

interface SchemeBase {
  id: string;
  name: string;
  /** Where the file came from, as shown to the user. */
  file: string;
  sha256: string;
  note?: string | undefined;
  /** Last month a version applies (the agreement's end); undefined: open. */
  until?: Month | undefined;
}

export interface PairwiseScheme extends SchemeBase {
  kind: 'pairwise-class';
  versions: PairwiseVersion[];
  /** Declared only by schemes between provinces; empty for the city's own scheme. */
  parties: Party[];
  rivers: { id: string; name: string }[];
  sections: SchemeSection[];
}

export interface PooledScheme extends SchemeBase {
  kind: 'pooled-fund';
  versions: PoolVersion[];
  parties: Party[];
  riverName: string;
  sections: PoolSection[];
}

export type Scheme = PairwiseScheme | PooledScheme;

/** The city's scheme settles the rivers of the data folder; others declare their own sections. */
export const isCityScheme = (s: Scheme): s is PairwiseScheme => s.kind === 'pairwise-class' && s.sections.length === 0;

/**
 * The version in force for a month: the last whose `from` is not after it (schemes.md
 * "Versions"); undefined before the first version or after `until`.
 */
export function versionAt<V extends VersionBase>(scheme: { versions: readonly V[]; until?: Month | undefined }, month: Month): V | undefined {
  if (scheme.until !== undefined && month > scheme.until) return undefined;
  let found: V | undefined;
  for (const v of scheme.versions) {
    if (v.from <= month) found = v;
    else break;
  }
  return found;
}

/** Annual terms (pool, R10 penalty) are those of the version in force in the year's last month. */
export function versionForYear<V extends VersionBase>(scheme: { versions: readonly V[]; until?: Month | undefined }, year: number): V | undefined {
  return versionAt(scheme, `${year}-12`) ?? [...scheme.versions].reverse().find((v) => v.from.startsWith(String(year)));
}

/** Months of a period that no version covers, for one located error. */
export function monthsWithoutVersion(scheme: Scheme, months: readonly Month[]): Month[] {
  return months.filter((m) => versionAt<VersionBase>(scheme, m) === undefined);
}

/** The party a name belongs to: the party itself or one of its members. */
export function partyOf(parties: readonly Party[], name: string): Party | undefined {
  return parties.find((p) => p.name === name || p.members.includes(name));
}

/**
 * A scheme's declared sections as the rest of the rules see them: a pairwise scheme's sections
 * are compensation sections on the scheme's rivers; a pooled fund's are assessed sections
 * (not compensation sections). They carry the scheme file as their location.
 */
export function declaredSectionsOf(scheme: Scheme): Section[] {
  const loc = { file: scheme.file, row: 0 };
  return scheme.kind === 'pairwise-class'
    ? scheme.sections.map((s) => ({
        id: s.id,
        name: s.name,
        riverId: s.riverId,
        km: '0',
        kind: s.kind,
        compensation: true,
        upstream: s.upstream,
        downstream: s.downstream,
        loc,
      }))
    : scheme.sections.map((s) => ({ id: s.id, name: s.name, riverId: scheme.id, km: '0', kind: '国控', compensation: false, loc }));
}
