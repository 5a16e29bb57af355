import { Money } from './money.js';
import { classLabel, type WaterClass } from './classes.js';
import { problem, type Problem } from './problem.js';
import { isAssessment, type Section, type Target } from './types.js';

export interface Benchmark {
  cls: WaterClass;
  /** The assessment section whose target is used. */
  via: string;
  /** Where it came from, for the 月度明细 sheet. */
  from: string;
}

export interface BenchmarkIndex {
  sectionsByRiver: Map<string, Section[]>;
  sectionsById: Map<string, Section>;
  targets: Map<string, Target>;
}

export function indexForBenchmarks(sections: readonly Section[], targets: readonly Target[]): BenchmarkIndex {
  const sectionsByRiver = new Map<string, Section[]>();
  const sectionsById = new Map<string, Section>();
  for (const s of sections) {
    sectionsById.set(s.id, s);
    const list = sectionsByRiver.get(s.riverId) ?? [];
    list.push(s);
    sectionsByRiver.set(s.riverId, list);
  }
  const t = new Map<string, Target>();
  for (const x of targets) if (!t.has(`${x.sectionId} ${x.year}`)) t.set(`${x.sectionId} ${x.year}`, x);
  return { sectionsByRiver, sectionsById, targets: t };
}

/**
 * R2: an assessment section uses its own target for the year; a non-assessment section uses
 * the section it names (Reading: an explicit name wins), else the nearest assessment section
 * on the same river by river_km. Equal distance without a name is an error, never a guess.
 */
export function resolveBenchmark(section: Section, year: number, ix: BenchmarkIndex): { benchmark?: Benchmark; problems: Problem[] } {
  const at = { loc: section.loc, column: '断面编码', value: section.id, rule: 'R2' };
  const targetOf = (s: Section): Target | undefined => ix.targets.get(`${s.id} ${year}`);
  const missing = (s: Section): Problem =>
    problem(
      'error',
      'E_TARGET_MISSING',
      `断面 ${s.id}（${s.name}）缺少 ${year} 年考核目标${s.id === section.id ? '' : `（${section.id} 以其为补偿基准）`}`,
      at,
    );

  if (isAssessment(section.kind)) {
    const t = targetOf(section);
    if (!t) return { problems: [missing(section)] };
    return { benchmark: { cls: t.cls, via: section.id, from: `本断面${year}年考核目标${classLabel(t.cls)}类` }, problems: [] };
  }
  if (section.benchmarkSection) {
    const named = ix.sectionsById.get(section.benchmarkSection);
    const where = { loc: section.loc, column: '基准断面', value: section.benchmarkSection, rule: 'R2' };
    if (!named) return { problems: [problem('error', 'E_BENCHMARK_UNKNOWN', `基准断面 ${section.benchmarkSection} 不存在`, where)] };
    if (named.riverId !== section.riverId)
      return { problems: [problem('error', 'E_BENCHMARK_RIVER', `基准断面 ${named.id} 不在同一条河流上（${named.riverId}）`, where)] };
    if (!isAssessment(named.kind)) return { problems: [problem('error', 'E_BENCHMARK_KIND', `基准断面 ${named.id} 不是考核断面（国控或市控）`, where)] };
    const t = targetOf(named);
    if (!t) return { problems: [missing(named)] };
    return { benchmark: { cls: t.cls, via: named.id, from: `约定基准断面 ${named.id}（${named.name}）${year}年目标${classLabel(t.cls)}类` }, problems: [] };
  }
  const km = new Money(section.km);
  const candidates = (ix.sectionsByRiver.get(section.riverId) ?? [])
    .filter((s) => s.id !== section.id && isAssessment(s.kind))
    .map((s) => ({ s, dist: new Money(s.km).minus(km).abs() }))
    .sort((a, b) => a.dist.comparedTo(b.dist) || (a.s.id < b.s.id ? -1 : 1));
  const first = candidates[0];
  if (!first)
    return { problems: [problem('error', 'E_BENCHMARK_NONE', `断面 ${section.id} 所在河流没有考核断面，无法确定补偿基准；请在「基准断面」列指定`, at)] };
  const second = candidates[1];
  if (second?.dist.equals(first.dist)) {
    return {
      problems: [
        problem(
          'error',
          'E_BENCHMARK_TIE',
          `断面 ${section.id} 与考核断面 ${first.s.id} 和 ${second.s.id} 距离相等（${first.dist.toString()} km），无法确定补偿基准；请在「基准断面」列指定`,
          at,
        ),
      ],
    };
  }
  const t = targetOf(first.s);
  if (!t) return { problems: [missing(first.s)] };
  return {
    benchmark: {
      cls: t.cls,
      via: first.s.id,
      from: `最近考核断面 ${first.s.id}（${first.s.name}，相距${first.dist.toString()}km）${year}年目标${classLabel(t.cls)}类`,
    },
    problems: [],
  };
}
