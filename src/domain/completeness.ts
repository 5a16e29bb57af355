import { chooseRecord, type RecordIndex } from './monitoringResult.js';
import { problem, type Problem } from './problem.js';
import { isAssessment, type Dataset, type Month, type Section } from './types.js';

/**
 * R4 completeness, in one place: which section-months have no result R3 can choose. validate
 * reports them as errors, monthly needs its own month complete (else exit 3) and reports earlier
 * gaps as warnings, and accounting keeps the ones it met.
 */
export function monthsWithoutResult(sections: readonly Section[], months: readonly Month[], records: RecordIndex): { section: Section; month: Month }[] {
  const out: { section: Section; month: Month }[] = [];
  for (const section of sections) for (const month of months) if (!chooseRecord(section, records.at(section.id, month)).chosen) out.push({ section, month });
  return out;
}

/**
 * A missing month points at where the result belongs: the quality folder (as shown in messages)
 * and the section's code, not at sections.csv.
 */
export function missingMonth(s: Section, m: Month, folder: string): Problem {
  const wanted = isAssessment(s.kind) ? '国家通报或市级通报' : '监测中心或联合监测';
  return problem(
    'error',
    'E_MONTH_MISSING',
    `补偿断面 ${s.id}（${s.name}）${m} 没有可用的监测结果：请在该文件夹的水质文件中补上该断面的${wanted}结果，或注明断流/未监测`,
    {
      file: folder,
      column: '断面编码',
      value: s.id,
      rule: 'R4',
    },
  );
}

/** The quality folder of a dataset, from where its records were read (else beside sections.csv). */
export function qualityFolder(d: Dataset): string {
  const q = d.quality[0]?.loc.file;
  const m = q === undefined ? undefined : /^(.*?[\\/]?(?:quality|月度水质)[\\/])/.exec(q);
  if (m) return m[1]!.replaceAll('\\', '/');
  const base = (d.sections[0]?.loc.file ?? '').replaceAll('\\', '/');
  return `${base.includes('/') ? base.slice(0, base.lastIndexOf('/') + 1) : ''}quality/`;
}
