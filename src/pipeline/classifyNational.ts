import { problem, type Problem } from '../domain/problem.js';
import {
  EXPORT_ITEMS,
  ITEMS,
  QualityAggregator,
  classifyReading,
  decidingNames,
  isNoValue,
  shortRowMessage,
  siteWaterbody,
  type RowSource,
  type SiteWaterbody,
  type Waterbody,
} from '../domain/gb3838/index.js';
import type { ExportReading, NationalExport } from '../io/nationalExport.js';
import { NO_VALUE_STATUS, type ReadingRow } from '../report/readingsWorkbook.js';

/**
 * The national automatic-monitoring exports in classify (gb3838.md W5): which limits each site
 * gets, the readings as rows for the monthly means (W3), and each reading on its own (--each).
 */

const key = (site: string): string => site.normalize('NFKC').trim();
const COUNTED = EXPORT_ITEMS.filter((k) => !ITEMS[k].reference);

export interface SiteLimits {
  bySite: Map<string, SiteWaterbody>;
  problems: Problem[];
}

/** Each site's limits: its 水体类型 cells (which must agree), else --lakes, else --waterbody. */
export function resolveSiteLimits(exports: readonly NationalExport[], lakes: readonly string[] | undefined, fallback: Waterbody): SiteLimits {
  const problems: Problem[] = [];
  const column = new Map<string, { wb: Waterbody; file: string; row: number }>();
  const sites = new Set<string>();
  for (const e of exports) {
    for (const r of e.readings) {
      sites.add(r.site);
      if (!r.waterbody) continue;
      const seen = column.get(r.site);
      if (!seen) column.set(r.site, { wb: r.waterbody, file: e.file, row: r.row });
      else if (seen.wb !== r.waterbody) {
        problems.push(
          problem(
            'error',
            'E_WATERBODY_CONFLICT',
            `断面 ${r.site} 的水体类型前后不一：${seen.file} 第${seen.row}行为${seen.wb === 'lake' ? '湖库' : '河流'}，这一行为${r.waterbody === 'lake' ? '湖库' : '河流'}`,
            {
              file: e.file,
              row: r.row,
              column: e.headerOf('waterbody'),
              rule: 'W1',
            },
          ),
        );
      }
    }
  }
  const lakeSet = lakes ? new Set(lakes.map(key)) : undefined;
  const bySite = new Map<string, SiteWaterbody>();
  const known = new Set<string>();
  for (const site of [...sites].sort()) {
    known.add(key(site));
    const col = column.get(site)?.wb;
    const limits = siteWaterbody(key(site), col, lakeSet, fallback);
    bySite.set(site, limits);
    if (col === 'river' && lakeSet?.has(key(site))) {
      problems.push(
        problem('warning', 'W_LAKES_VS_COLUMN', `--lakes 名单列出了 ${site}，但文件的水体类型列写的是河流：按水体类型列取河流限值`, {
          file: column.get(site)!.file,
          row: column.get(site)!.row,
          rule: 'W1',
        }),
      );
    }
  }
  for (const name of lakes ?? []) {
    if (!known.has(key(name)))
      problems.push(
        problem('warning', 'W_LAKES_UNKNOWN', `--lakes 名单中的「${name}」不在输入数据中（名称需与「断面名称」完全一致）`, { value: name, rule: 'W1' }),
      );
  }
  return { bySite, problems };
}

/** 来源 sheet lines: each site and the limits it got. */
export function siteLimitLines(limits: SiteLimits): [string, string][] {
  return [...limits.bySite].map(([site, s]) => [site, `${s.waterbody === 'lake' ? '湖库（总磷用湖库限值）' : '河流'}，依据 ${s.basis}`]);
}

/** `河流 5 个断面、湖库 2 个断面` when sites differ; undefined when all got the run's own. */
export function waterbodyText(limits: SiteLimits, fallback: Waterbody): string | undefined {
  const lakes = [...limits.bySite.values()].filter((s) => s.waterbody === 'lake').length;
  const rivers = limits.bySite.size - lakes;
  if ((fallback === 'lake' ? rivers : lakes) === 0) return undefined;
  return `河流 ${rivers} 个断面、湖库 ${lakes} 个断面（各断面的限值见来源表）`;
}

/** A reading without any counted value (all `--`, `*` or empty): no class, counted, not an error. */
const hasNoValue = (r: ExportReading): boolean => COUNTED.every((k) => r.values[k] === undefined || isNoValue(r.values[k]!));

/**
 * A reading as a row for the monthly aggregator (W3): the site's name is its key, 监测时间 with
 * the year is the sampling date, `--` and `*` are blank, a reading without values is 未监测 (so a
 * month with no values at all says so). The system's per-reading class is not a monthly class:
 * 填报类别 stays empty.
 */
class ReadingSource implements RowSource {
  constructor(
    private readonly r: ExportReading,
    private readonly empty: boolean,
  ) {}

  get row(): number {
    return this.r.row;
  }

  get missingCells(): number | undefined {
    return this.r.missingCells;
  }

  get(k: string): string {
    if (k === 'section_id' || k === 'section_name') return this.r.site;
    if (k === 'sample_date') return this.r.date;
    if (k === 'status') return this.empty ? '未监测' : '';
    const v = this.r.values[k as keyof ExportReading['values']];
    return v === undefined || isNoValue(v) ? '' : v;
  }

  has(k: string): boolean {
    return k === 'section_id' || k === 'section_name' || k === 'sample_date' || k === 'status' || k in this.r.values;
  }
}

/** Feed an export's readings to the aggregator of each site's water body (created as needed). */
export function aggregateExport(e: NationalExport, limits: SiteLimits, aggs: Map<Waterbody, QualityAggregator>, tick: () => void): void {
  const begun = new Set<Waterbody>();
  const has = (k: string): boolean =>
    k === 'section_id' || k === 'section_name' || k === 'sample_date' || k === 'status' || ((EXPORT_ITEMS as readonly string[]).includes(k) && e.has(k));
  for (const r of e.readings) {
    const wb = limits.bySite.get(r.site)!.waterbody;
    let agg = aggs.get(wb);
    if (!agg) aggs.set(wb, (agg = new QualityAggregator(wb)));
    if (!begun.has(wb)) {
      begun.add(wb);
      agg.beginFile(e.file, has);
    }
    agg.addRow(new ReadingSource(r, hasNoValue(r)));
    tick();
  }
}

/** --each: every reading classed on its own (W5), with its located problems. */
export function classifyEach(e: NationalExport, limits: SiteLimits): { rows: ReadingRow[]; problems: Problem[] } {
  const rows: ReadingRow[] = [];
  const problems: Problem[] = [];
  for (const r of e.readings) {
    const wb = limits.bySite.get(r.site)!.waterbody;
    const values: Record<string, string> = { ...r.values, ...r.reported };
    if (r.missingCells) {
      problems.push(problem('warning', 'W_ROW_SHORT', shortRowMessage(r.missingCells), { file: e.file, row: r.row }));
    }
    const ev = classifyReading(r.values, wb);
    for (const i of ev.issues)
      problems.push(problem(i.severity, i.code, i.message, { file: e.file, row: r.row, column: e.headerOf(i.item), value: i.value, rule: i.rule }));
    const empty = ev.items.length === 0 && !ev.issues.some((i) => i.severity === 'error');
    rows.push({
      row: r.row,
      site: r.site,
      date: r.date,
      cls: ev.cls,
      status: empty ? NO_VALUE_STATUS : ev.status,
      deciding: ev.cls === undefined ? [] : decidingNames(ev),
      mainPollutants: ev.mainPollutants,
      stated: r.stated,
      agrees: r.stated === undefined || ev.cls === undefined ? undefined : r.stated === ev.cls,
      values,
      state: r.state,
    });
  }
  return { rows, problems };
}
