import { classLabel, parseClass, type WaterClass } from '../classes.js';
import type { ProblemCode } from '../problemCodes.js';
import { problem, type Problem } from '../problem.js';
import type { ColumnSpec } from '../inputs.js';
import { SampleAccumulator, itemSlot, type Evaluation } from './average.js';
import { CONCENTRATION_COLUMNS } from './columns.js';
import type { ScaledSums, Verdict } from './scaledSums.js';
import { ALL_ITEMS, ITEMS, type ItemKey, type Waterbody } from './limits.js';
import { readMonth } from '../types.js';

/**
 * The input of `classify`: quality rows (data.md "quality") with concentration columns, either
 * one row per section and month or one row per sample with a 采样日期. Rows that share a section
 * and a month are samples of that month and are averaged (W3). Pure: rows in, table out; holds
 * one accumulator per section-month and never the rows themselves.
 */
export const CLASSIFY_COLUMNS: readonly ColumnSpec[] = [
  { key: 'section_id', header: '断面编码', aliases: ['section_id', 'section'], required: true },
  { key: 'section_name', header: '断面名称', aliases: ['section_name'] },
  { key: 'month', header: '月份', aliases: ['month'] },
  { key: 'sample_date', header: '采样日期', aliases: ['sample_date', 'date', 'datetime', '采样时间', '监测时间', '监测日期'] },
  { key: 'class', header: '水质类别', aliases: ['class'] },
  { key: 'status', header: '状态', aliases: ['status'] },
  ...CONCENTRATION_COLUMNS,
];

export interface RowSource {
  /** Excel row number (header = 1). */
  row: number;
  get(key: string): string;
  has(key: string): boolean;
  /** Cells the row lacks against its header (a CSV row cut short); undefined or 0 when whole. */
  readonly missingCells?: number | undefined;
}

export interface ClassifiedRow {
  section: string;
  /** 断面名称 as first given for the section in the input ('' when the input has none). */
  name: string;
  month: string;
  cls?: WaterClass | undefined;
  /** 水质状况 (W4), or 断流 / 未监测 for a month without samples. */
  status: string;
  /** 定类项目: names of the items whose class is the section's class. */
  deciding: string[];
  mainPollutants: string;
  /** Classes stated in the input for this section-month (usually one). */
  stated: WaterClass[];
  /** Undefined when nothing was stated or nothing could be classed. */
  agrees?: boolean | undefined;
  /** Samples counted (the largest count over the items). */
  samples: number;
  evaluation?: Evaluation | undefined;
  file: string;
  row: number;
}

export const CLASSIFIED_HEADER = ['断面编码', '月份', '水质类别', '水质状况', '定类项目', '主要污染指标', '填报类别', '是否一致'] as const;

/** One line of classified.csv, in CLASSIFIED_HEADER order. */
export function classifiedLine(r: ClassifiedRow): string[] {
  return [
    r.section,
    r.month,
    r.cls ? classLabel(r.cls) : '',
    r.status,
    r.deciding.join('、'),
    r.mainPollutants,
    r.stated.map(classLabel).join('、'),
    r.agrees === undefined ? '' : r.agrees ? '是' : '否',
  ];
}

interface Group {
  section: string;
  name: string;
  month: string;
  /** Samples added row by row (made on the first); a byte-level reader's are in `plain`. */
  acc?: SampleAccumulator | undefined;
  stated?: Set<WaterClass> | undefined;
  statuses?: Set<string> | undefined;
  rows: number;
  /** Rows without a sampling date: monthly results. Two of them for one month get a warning. */
  monthlyRows: number;
  badValues: number;
  file: string;
  row: number;
  /** Samples a byte-level reader summed itself (ScaledSums groups): their rows are not in `rows`. */
  plain?: PlainRef[] | undefined;
}

interface PlainRef {
  sums: ScaledSums;
  index: number;
}

/** What a plain-row reader may see of a section-month (see QualityAggregator.linkPlain). */
export interface PlainGroup {
  /** 断面名称 so far ('' until a row gives one: that row goes through addRow). */
  readonly name: string;
}

const STATUSES = new Set(['', '正常', '断流', '未监测']);
const MAX_ERRORS = 200;

export interface AggregateResult {
  rows: ClassifiedRow[];
  /** Errors (at most 200 listed) and warnings (one per kind, with a count). */
  problems: Problem[];
  errorCount: number;
  /** Errors found beyond those listed. */
  unlisted: number;
  rowsRead: number;
}

export class QualityAggregator {
  /** Groups by month, then section: no composite key string is built per row. */
  private readonly groups = new Map<string, Map<string, Group>>();
  private groupCount = 0;
  private readonly errors: Problem[] = [];
  private errorCount = 0;
  private readonly warnings = new Map<string, { p: Problem; count: number }>();
  /** Texts already read, per parser (a 月份 and a 采样日期 with the same text can read differently). */
  private readonly monthCaches = new Map<(t: string) => string | null, Map<string, string | null>>();
  private lastMonthText: string | undefined;
  private lastMonthParser: ((t: string) => string | null) | undefined;
  private lastMonthValue: string | null = null;
  private lastMonth: string | undefined;
  private lastBySection: Map<string, Group> | undefined;
  private rowsRead = 0;
  private file = '';
  private items: ItemKey[] = [];
  private slots: number[] = [];
  private hasMonth = false;
  private hasDate = false;
  private hasName = false;

  constructor(readonly waterbody: Waterbody) {}

  /**
   * Start a file. `has` tells which columns it has. Returns false (with an error) when the file
   * cannot be classified at all: no 月份 nor 采样日期, or no concentration column.
   */
  beginFile(file: string, has: (key: string) => boolean): boolean {
    this.file = file;
    this.items = ALL_ITEMS.filter((k) => has(k));
    this.slots = this.items.map(itemSlot);
    this.hasMonth = has('month');
    this.hasDate = has('sample_date');
    this.hasName = has('section_name');
    let ok = true;
    if (!this.hasMonth && !this.hasDate) {
      this.error('E_COLUMN_MISSING', '缺少「月份」列或「采样日期」列（也可写作 month / sample_date / date）', { row: 1, column: '月份' });
      ok = false;
    }
    if (!this.items.some((k) => !ITEMS[k].reference)) {
      this.error(
        'E_NO_CONCENTRATION_COLUMNS',
        `没有任何浓度列：classify 需要 GB 3838-2002 项目的浓度，例如 ${['pH', '溶解氧', '高锰酸盐指数', '氨氮', '总磷'].join('、')}`,
        { row: 1 },
      );
      ok = false;
    }
    return ok;
  }

  addRow(r: RowSource): void {
    this.rowsRead++;
    const section = r.get('section_id');
    if (section === '') {
      this.error('E_SECTION_MISSING', '断面编码为空', { row: r.row, column: '断面编码' });
      return;
    }
    const date = this.hasDate ? r.get('sample_date') : '';
    const month = this.monthOf(r, date);
    if (month === undefined) return;
    // Station files come sorted by time: most rows fall in the month of the row before.
    let bySection = month === this.lastMonth ? this.lastBySection : this.groups.get(month);
    if (!bySection) this.groups.set(copyString(month), (bySection = new Map()));
    this.lastMonth = month;
    this.lastBySection = bySection;
    const g = bySection.get(section) ?? this.newGroup(bySection, section, month, r.row);
    g.rows++;
    if (g.name === '' && this.hasName) {
      const name = r.get('section_name');
      if (name !== '') g.name = copyString(name);
    }
    if (r.missingCells) {
      this.warn('W_ROW_SHORT', shortRowMessage(r.missingCells), { row: r.row });
    }
    if (date === '') g.monthlyRows++;
    const classText = r.get('class');
    if (classText !== '') {
      const c = parseClass(classText);
      if (c === undefined)
        this.error('E_CLASS', `水质类别「${classText}」无法识别：应为 Ⅰ…Ⅴ（或 I…V、1…5、一…五，可带“类”）或 劣Ⅴ`, {
          row: r.row,
          column: '水质类别',
          value: classText,
        });
      else (g.stated ??= new Set()).add(c);
    }
    const status = r.get('status');
    if (!STATUSES.has(status)) {
      this.error('E_STATUS', `状态「${status}」无法识别：应为 正常、断流 或 未监测`, { row: r.row, column: '状态', value: status });
      return;
    }
    if (status === '断流' || status === '未监测') {
      (g.statuses ??= new Set()).add(status === '断流' ? '断流' : '未监测');
      return;
    }
    for (let k = 0; k < this.items.length; k++) {
      const item = this.items[k]!;
      const text = r.get(item);
      if (text === '') continue;
      const issues = (g.acc ??= new SampleAccumulator(this.waterbody)).add(item, text, this.slots[k]);
      if (!issues) continue;
      for (const i of issues) {
        if (i.severity === 'error') {
          g.badValues++;
          this.error(i.code, i.message, { row: r.row, column: ITEMS[item].header, value: i.value, rule: i.rule });
        } else {
          this.warn(i.code, i.message, { row: r.row, column: ITEMS[item].header, value: i.value, rule: i.rule });
        }
      }
    }
  }

  /**
   * For a reader that sums plain rows itself (io/plainCsvClassify.ts): the group of a
   * section-month (made as addRow makes it, first seen at `row`), whose samples include group
   * `index` of `sums`. Such a reader sums there only what addRow would for a row with a sampling
   * date, no 月份, class or status, and plain values (its rows counted with sums.countRow), and
   * it counts the rows with countRows.
   */
  linkPlain(section: string, month: string, row: number, sums: ScaledSums, index: number): PlainGroup {
    let bySection = this.groups.get(month);
    if (!bySection) this.groups.set(copyString(month), (bySection = new Map()));
    const g = bySection.get(section) ?? this.newGroup(bySection, section, month, row);
    (g.plain ??= []).push({ sums, index });
    this.lastMonth = undefined;
    this.lastBySection = undefined;
    return g;
  }

  /** A section-month's group, first seen at `row`. */
  private newGroup(bySection: Map<string, Group>, section: string, month: string, row: number): Group {
    // Own copies of the strings: a slice of the parser's buffer would keep the whole chunk alive.
    const g: Group = { section: copyString(section), name: '', month: copyString(month), rows: 0, monthlyRows: 0, badValues: 0, file: this.file, row };
    bySection.set(g.section, g);
    this.groupCount++;
    return g;
  }

  /** Rows read elsewhere and summed through linkPlain. */
  countRows(n: number): void {
    this.rowsRead += n;
  }

  private monthOf(r: RowSource, d: string): string | undefined {
    const m = this.hasMonth ? r.get('month') : '';
    if (m !== '') {
      const month = this.cachedMonth(m, parseMonth);
      if (month === null) this.error('E_MONTH_INVALID', `月份「${m}」无法识别：${monthError(m)}`, { row: r.row, column: '月份', value: m });
      return month ?? undefined;
    }
    if (d === '') {
      this.error('E_MONTH_MISSING', this.hasDate ? '采样日期为空，无法确定月份' : '月份为空', { row: r.row, column: this.hasDate ? '采样日期' : '月份' });
      return undefined;
    }
    const month = this.cachedMonth(d, monthOfDate);
    if (month === null)
      this.error('E_DATE_INVALID', `采样日期「${d}」无法识别：应为 YYYY-MM-DD 或 YYYY-MM-DD HH:MM`, { row: r.row, column: '采样日期', value: d });
    return month ?? undefined;
  }

  private cachedMonth(text: string, f: (t: string) => string | null): string | null {
    if (text === this.lastMonthText && f === this.lastMonthParser) return this.lastMonthValue;
    let cache = this.monthCaches.get(f);
    if (!cache) this.monthCaches.set(f, (cache = new Map()));
    let v = cache.get(text);
    if (v === undefined) {
      v = f(text);
      if (cache.size > 10000) cache.clear();
      cache.set(text, v);
    }
    this.lastMonthText = text;
    this.lastMonthParser = f;
    this.lastMonthValue = v;
    return v;
  }

  private error(code: ProblemCode, message: string, where: { row: number; column?: string; value?: string; rule?: string }): void {
    this.errorCount++;
    if (this.errors.length < MAX_ERRORS) this.errors.push(problem('error', code, message, { file: this.file, ...where }));
  }

  /** Warnings of one kind for one column and value are listed once, with how many rows had them. */
  private warn(code: ProblemCode, message: string, where: { row: number; column?: string; value?: string; rule?: string }, file = this.file): void {
    const key = `${code}\u0000${file}\u0000${where.column ?? ''}\u0000${where.value ?? ''}\u0000${message}`;
    const seen = this.warnings.get(key);
    if (seen) seen.count++;
    else this.warnings.set(key, { p: problem('warning', code, message, { file, ...where }), count: 1 });
  }

  /**
   * Take over what another aggregator read from the rows that follow everything read here: the
   * result is what reading those rows here would have given (sums and counts add, a group or
   * warning keeps its first row, errors keep file order, the first 200 listed).
   */
  adopt(other: QualityAggregator): void {
    for (const [month, bySection] of other.groups) {
      let mine = this.groups.get(month);
      if (!mine) this.groups.set(month, (mine = new Map()));
      for (const [section, o] of bySection) {
        const g = mine.get(section);
        if (!g) {
          mine.set(section, o);
          this.groupCount++;
          continue;
        }
        addGroup(g, o);
      }
    }
    other.groups.clear();
    for (const p of other.errors) if (this.errors.length < MAX_ERRORS) this.errors.push(p);
    this.errorCount += other.errorCount;
    for (const [key, w] of other.warnings) {
      const seen = this.warnings.get(key);
      if (seen) seen.count += w.count;
      else this.warnings.set(key, w);
    }
    this.rowsRead += other.rowsRead;
    this.lastMonth = undefined;
    this.lastBySection = undefined;
  }

  /** Section-months seen so far. */
  get size(): number {
    return this.groupCount;
  }

  /**
   * The classified rows. `keepDetails: false` leaves out each row's full evaluation (the item
   * means), which only the 月均浓度 sheet reads, so a national-scale run does not hold it.
   */
  finish(options: { keepDetails?: boolean } = {}): AggregateResult {
    const keep = options.keepDetails ?? true;
    const rows: ClassifiedRow[] = [];
    for (const g of sortedGroups(this.groups)) {
      const stated = g.stated ? [...g.stated].sort((a, b) => a - b) : [];
      const v = verdictOf(g, keep);
      if (!v) {
        const status = g.statuses ? [...g.statuses].sort().join('、') : '';
        if (status === '' && g.badValues === 0) {
          if (stated.length === 0) {
            this.errorAt(g, 'E_NO_ITEMS', `断面 ${g.section} ${g.month} 没有任何监测项目的浓度，也没有填报水质类别`, 'W2');
          } else {
            this.warn('W_NO_CONCENTRATIONS', `断面 ${g.section} ${g.month} 没有浓度数据，无法核对填报类别`, { row: g.row, rule: 'W2' }, g.file);
          }
        }
        rows.push({
          section: g.section,
          name: g.name,
          month: g.month,
          stated,
          file: g.file,
          row: g.row,
          cls: undefined,
          status,
          deciding: [],
          mainPollutants: '',
          agrees: undefined,
          samples: 0,
        });
        continue;
      }
      if (g.plain) for (const p of g.plain) g.rows += p.sums.rows(p.index);
      if (g.monthlyRows > 1 || (g.monthlyRows > 0 && g.rows > g.monthlyRows)) {
        const what = g.rows > g.monthlyRows ? `${g.monthlyRows} 条月度记录和 ${g.rows - g.monthlyRows} 条采样记录` : `${g.monthlyRows} 条月度记录`;
        this.warn(
          'W_MONTH_AVERAGED',
          `断面 ${g.section} ${g.month} 有 ${what}，已一并按 W3 取算术平均（pH 按氢离子浓度平均）`,
          { row: g.row, rule: 'W3' },
          g.file,
        );
      }
      const agrees = stated.length === 0 || v.cls === undefined ? undefined : stated.every((c) => c === v.cls);
      rows.push({
        section: g.section,
        name: g.name,
        month: g.month,
        stated,
        file: g.file,
        row: g.row,
        cls: v.cls,
        status: v.status,
        deciding: v.deciding,
        mainPollutants: v.mainPollutants,
        agrees,
        samples: v.samples,
        evaluation: keep ? v.evaluation : undefined,
      });
    }
    // The accumulators are done with: let them go before the caller renders the report.
    this.groups.clear();
    this.groupCount = 0;
    this.lastMonth = undefined;
    this.lastBySection = undefined;
    const warnings = [...this.warnings.values()].map(({ p, count }) =>
      count > 1 ? { ...p, message: `${p.message}（同样情况共 ${count} 行，首见于此行）` } : p,
    );
    return {
      rows,
      problems: [...this.errors, ...warnings],
      errorCount: this.errorCount,
      unlisted: this.errorCount - this.errors.length,
      rowsRead: this.rowsRead,
    };
  }

  private errorAt(g: Group, code: ProblemCode, message: string, rule: string): void {
    const file = this.file;
    this.file = g.file;
    this.error(code, message, { row: g.row, rule });
    this.file = file;
  }
}

/** The warning for a CSV row with fewer cells than its header. */
export const shortRowMessage = (missing: number): string => `该行比表头少 ${missing} 个单元格（行尾缺少的单元格按空白、未监测处理），请核对这一行是否完整`;

/**
 * The groups by section, then month (the table's order), without comparing every pair of them:
 * the sections are sorted once, each section's few months among themselves.
 */
function sortedGroups(groups: Map<string, Map<string, Group>>): Group[] {
  const bySection = new Map<string, Group[]>();
  for (const m of groups.values())
    for (const g of m.values()) {
      const list = bySection.get(g.section);
      if (list) list.push(g);
      else bySection.set(g.section, [g]);
    }
  const out: Group[] = [];
  for (const section of [...bySection.keys()].sort(cmp)) {
    const list = bySection.get(section)!;
    if (list.length > 1) list.sort((a, b) => cmp(a.month, b.month));
    for (const g of list) out.push(g);
  }
  return out;
}

/**
 * What the table shows of a group, or undefined when no value was counted. A group summed by one
 * byte-level reader alone and not shown in detail takes ScaledSums' verdict, with no per-item results.
 */
function verdictOf(g: Group, keep: boolean): (Verdict & { evaluation?: Evaluation }) | undefined {
  if (!keep && g.plain?.length === 1 && (!g.acc || g.acc.empty)) {
    const p = g.plain[0]!;
    if (!p.sums.hasValues(p.index)) return undefined;
    const v = p.sums.verdict(p.index);
    if (v) return v;
  }
  const ev = evaluate(g);
  if (!ev) return undefined;
  let samples = 0;
  for (const i of ev.items) if (i.samples > samples) samples = i.samples;
  return { cls: ev.cls, status: ev.status, deciding: decidingNames(ev), mainPollutants: ev.mainPollutants, samples, evaluation: ev };
}

/**
 * A group's evaluation, or undefined when no value was counted. A group summed by one byte-level
 * reader alone takes ScaledSums' integer figures; one that has samples from several places has
 * them all added to its accumulator first.
 */
function evaluate(g: Group): Evaluation | undefined {
  const plain = g.plain?.filter((p) => p.sums.hasValues(p.index)) ?? [];
  if (plain.length === 1 && (!g.acc || g.acc.empty)) return plain[0]!.sums.result(plain[0]!.index);
  if (plain.length) g.acc ??= new SampleAccumulator(plain[0]!.sums.waterbody);
  for (const p of plain) p.sums.absorbInto(p.index, g.acc!);
  return !g.acc || g.acc.empty ? undefined : g.acc.result();
}

/** Add to `g` the samples of the same section-month read elsewhere (later in the file). */
function addGroup(g: Group, o: Group): void {
  if (o.acc) (g.acc ??= new SampleAccumulator(o.acc.waterbody)).absorb(o.acc.snapshot());
  if (g.name === '') g.name = o.name;
  if (o.stated) for (const c of o.stated) (g.stated ??= new Set()).add(c);
  if (o.statuses) for (const t of o.statuses) (g.statuses ??= new Set()).add(t);
  g.rows += o.rows;
  g.monthlyRows += o.monthlyRows;
  g.badValues += o.badValues;
  if (o.plain) (g.plain ??= []).push(...o.plain);
}

/** 定类项目 as written in the table; when every counted item has the section's class, `全部 N 项`. */
export function decidingNames(ev: Evaluation): string[] {
  const counted = ev.items.filter((i) => !i.reference).length;
  if (ev.deciding.length === counted && counted > 3) return [`全部 ${counted} 项`];
  return ev.deciding.map((k) => ITEMS[k].name);
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const pad = (n: number): string => String(n).padStart(2, '0');

/** 月份 (YYYY-MM) read as every command reads it (readMonth, data.md), or null. */
export function parseMonth(text: string): string | null {
  const r = readMonth(text);
  return 'month' in r ? r.month : null;
}

const monthError = (text: string): string => {
  const r = readMonth(text);
  return 'error' in r ? r.error : '';
};

const DATE = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:$|[ T])/;
const DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The month (YYYY-MM) of a sampling date or date-time, or null. */
function monthOfDate(text: string): string | null {
  const m = DATE.exec(text) ?? DATE.exec(text.normalize('NFKC').trim());
  if (!m) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const day = Number(m[3]);
  if (mo < 1 || mo > 12 || day < 1 || day > DAYS[mo - 1]! || y < 1980 || y > 2100) return null;
  if (mo === 2 && day === 29 && !(y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0))) return null;
  return `${m[1]}-${pad(mo)}`;
}

/** A flat copy of a string that shares no memory with the text it was cut from. */
function copyString(s: string): string {
  return Buffer.from(s, 'utf8').toString('utf8');
}
