import { classLabel } from './classes.js';
import { locPhrase, problem, type Problem } from './problem.js';
import { isAssessment, type Dataset, type Month, type QualityRecord, type Section, type Source } from './types.js';

/** R3: which sources a section may use, in the order that decides between several records. */
const SOURCE_PRIORITY: readonly Source[] = ['国家通报', '市级通报', '监测中心', '联合监测'];

function allowedSources(section: Section): readonly Source[] {
  return isAssessment(section.kind) ? ['国家通报', '市级通报'] : ['监测中心', '联合监测'];
}

const NONE: readonly Problem[] = Object.freeze([]) as readonly Problem[];

const describe = (r: QualityRecord): string => (r.status === '正常' ? (r.cls ? `${classLabel(r.cls)}类` : '无类别') : r.status);

/**
 * R3 for one section-month: the usable record with the highest-priority source. Records from a
 * source the section may not use are warnings and never count; a usable record that disagrees
 * with the chosen one is a warning, never silently dropped.
 */
export function chooseRecord(section: Section, records: readonly QualityRecord[]): { chosen?: QualityRecord; problems: readonly Problem[] } {
  const allowed = allowedSources(section);
  // The usual case, one record from an allowed source: nothing to choose or report.
  if (records.length === 1 && allowed.includes(records[0]!.source)) return { chosen: records[0], problems: NONE };
  const problems: Problem[] = [];
  const usable: QualityRecord[] = [];
  for (const r of records) {
    if (allowed.includes(r.source)) usable.push(r);
    else
      problems.push(
        problem('warning', 'W_SOURCE_NOT_ALLOWED', `${section.kind}断面 ${section.id} 只采用${allowed.join('或')}结果，本条${r.source}记录不计入`, {
          loc: r.loc,
          column: r.loc.column ?? '数据来源',
          value: r.source,
          rule: 'R3',
        }),
      );
  }
  usable.sort((a, b) => SOURCE_PRIORITY.indexOf(a.source) - SOURCE_PRIORITY.indexOf(b.source));
  const chosen = usable[0];
  if (!chosen) return { problems };
  for (const other of usable.slice(1)) {
    if (describe(other) !== describe(chosen)) {
      problems.push(
        problem(
          'warning',
          'W_RECORD_CONFLICT',
          `${section.id} ${chosen.month} 有多条可用记录且结果不一致：采用${chosen.source}（${describe(chosen)}，${locPhrase(chosen.loc)}），本条${other.source}为${describe(other)}`,
          { loc: other.loc, column: other.loc.column ?? '水质类别', value: describe(other), rule: 'R3' },
        ),
      );
    }
  }
  return { chosen, problems };
}

/**
 * Records by section, then month: built once per dataset (datasets are not changed after
 * loading). Nested maps keep look-ups linear at national scale, where one flat map of half a
 * million composite string keys is not.
 */
export class RecordIndex {
  private readonly bySection = new Map<string, Map<Month, QualityRecord[]>>();

  constructor(quality: readonly QualityRecord[]) {
    for (const q of quality) {
      let months = this.bySection.get(q.sectionId);
      if (!months) this.bySection.set(q.sectionId, (months = new Map()));
      const list = months.get(q.month);
      if (list) list.push(q);
      else months.set(q.month, [q]);
    }
  }

  at(sectionId: string, month: Month): readonly QualityRecord[] {
    return this.bySection.get(sectionId)?.get(month) ?? NO_RECORDS;
  }

  /** Every section-month's records, for checks over all data present. */
  *groups(): Iterable<readonly QualityRecord[]> {
    for (const months of this.bySection.values()) yield* months.values();
  }
}

const NO_RECORDS: readonly QualityRecord[] = Object.freeze([]) as readonly QualityRecord[];
const recordIndexes = new WeakMap<Dataset, RecordIndex>();

export function recordIndex(d: Dataset): RecordIndex {
  let ix = recordIndexes.get(d);
  if (!ix) recordIndexes.set(d, (ix = new RecordIndex(d.quality)));
  return ix;
}
