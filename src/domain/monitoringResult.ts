import { classLabel } from './classes.js';
import { problem, type Problem } from './problem.js';
import { isAssessment, type QualityRecord, type Section, type Source } from './types.js';

/** R3: which sources a section may use, in the order that decides between several records. */
export const SOURCE_PRIORITY: readonly Source[] = ['国家通报', '市级通报', '监测中心', '联合监测'];

export function allowedSources(section: Section): readonly Source[] {
  return isAssessment(section.kind) ? ['国家通报', '市级通报'] : ['监测中心', '联合监测'];
}

const describe = (r: QualityRecord): string => (r.status === '正常' ? (r.cls ? `${classLabel(r.cls)}类` : '无类别') : r.status);

/**
 * R3 for one section-month: the usable record with the highest-priority source. Records from a
 * source the section may not use are warnings and never count; a usable record that disagrees
 * with the chosen one is a warning, never silently dropped.
 */
export function chooseRecord(section: Section, records: readonly QualityRecord[]): { chosen?: QualityRecord; problems: Problem[] } {
  const problems: Problem[] = [];
  const allowed = allowedSources(section);
  const usable: QualityRecord[] = [];
  for (const r of records) {
    if (allowed.includes(r.source)) usable.push(r);
    else
      problems.push(
        problem('warning', 'W_SOURCE_NOT_ALLOWED', `${section.kind}断面 ${section.id} 只采用${allowed.join('或')}结果，本条${r.source}记录不计入`, {
          loc: r.loc,
          column: '数据来源',
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
          `${section.id} ${chosen.month} 有多条可用记录且结果不一致：采用${chosen.source}（${describe(chosen)}，${chosen.loc.file} 第${chosen.loc.row}行），本条${other.source}为${describe(other)}`,
          { loc: other.loc, column: '水质类别', value: describe(other), rule: 'R3' },
        ),
      );
    }
  }
  return { chosen, problems };
}
