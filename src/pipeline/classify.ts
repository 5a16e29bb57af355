import path from 'node:path';
import { problem, sortProblems, type Problem } from '../domain/problem.js';
import {
  CLASSIFY_COLUMNS,
  ITEMS,
  NATIONAL_COLUMNS,
  QualityAggregator,
  classifiedLine,
  isNationalExport,
  type AggregateResult,
  type Waterbody,
} from '../domain/gb3838/index.js';
import type { InputFile } from '../domain/inputs.js';
import { aggregateCsv } from '../io/classifyCsv.js';
import { InputArgumentError, csvColumns, headerLooksLike, readSiteList, resolveClassifyInputs } from '../io/classifyInputs.js';
import { toCsv } from '../io/csvWrite.js';
import { encodingLabel } from '../io/decode.js';
import type { TableSpec } from '../io/headers.js';
import { describeInput, displayPath } from '../io/inputFiles.js';
import { NATIONAL_SPEC, readNationalExport, type NationalExport } from '../io/nationalExport.js';
import { aggregatePlainCsv } from '../io/plainCsvClassify.js';
import { detectFileEncoding, isSpreadsheet, readFailure, readTable } from '../io/readTable.js';
import { renderWorkbook } from '../io/xlsxWrite.js';
import {
  MEANS_SHEET_MAX_ROWS,
  WATERBODY_LABELS,
  classifiedCells,
  classifiedHeader,
  classifiedWorkbook,
  type SectionLayout,
} from '../report/classifiedWorkbook.js';
import { classifiedSummary, readingsSummary } from '../report/classifySummary.js';
import { EACH_HEADER, eachLine, readingsWorkbook } from '../report/readingsWorkbook.js';
import { aggregateExport, classifyEach, resolveSiteLimits, siteLimitLines, waterbodyText, type SiteLimits } from './classifyNational.js';
import { collectGarbage } from './memory.js';
import { EXIT, Steps, UsageError, noFiles, tone, type Plan } from './plan.js';

export interface ClassifyOptions {
  /** Files and folders as given; none: the quality/ folder of `data`. */
  files: readonly string[];
  data: string;
  out: string;
  waterbody: Waterbody;
  /** --each: one row per reading of a national export (W5). */
  each?: boolean | undefined;
  /** --year: the year of 监测时间 in a national export (which has none). */
  year?: number | undefined;
  /** --lakes FILE: names of the sites to class as lakes and reservoirs. */
  lakes?: string | undefined;
  /** Rows read so far, for a progress line on a terminal (the job itself prints nothing). */
  progress?: ProgressSink | undefined;
}

export interface ProgressSink {
  tick(rows?: number): void;
  done(): void;
}

const SILENT: ProgressSink = { tick: () => {}, done: () => {} };

const SPEC: TableSpec = { title: '水质', sheetNames: ['水质', '月度水质', '水质监测', 'quality'], columns: CLASSIFY_COLUMNS };

export function parseWaterbody(text: string): Waterbody {
  const t = text.trim().toLowerCase();
  if (t === 'river' || t === '河流') return 'river';
  if (t === 'lake' || t === 'reservoir' || t === '湖泊' || t === '水库' || t === '湖库') return 'lake';
  throw new UsageError(`--waterbody 应为 river（河流）或 lake（湖泊、水库）（收到「${text}」）`);
}

/** `classify`: GB 3838-2002 classes from concentrations (W1–W4), or reading by reading for a national export (W5). */
export async function classifyJob(opts: ClassifyOptions): Promise<Plan> {
  const { waterbody, year } = opts;
  const fileArgs = opts.files;
  const usage = (e: unknown): never => {
    throw e instanceof InputArgumentError ? new UsageError(e.message) : e;
  };
  const lakes = opts.lakes === undefined ? undefined : await readSiteList(opts.lakes).catch(usage);
  const given = await resolveClassifyInputs(fileArgs, opts.data).catch(usage);
  const { files } = given;
  const aggs = new Map<Waterbody, QualityAggregator>([[waterbody, new QualityAggregator(waterbody)]]);
  const agg = aggs.get(waterbody)!;
  const readProblems: Problem[] = [];
  const progress = opts.progress ?? SILENT;
  const inputs: InputFile[] = [];
  const skipped: { path: string; reason: string }[] = [];
  const exports: { e: NationalExport; input: InputFile; stem: string }[] = [];
  let withNames = false;
  let canonical = 0;
  for (const file of files) {
    const display = displayPath(file);
    if (await headerLooksLike(file, NATIONAL_COLUMNS, NATIONAL_SPEC.sheetNames, (has) => isNationalExport(has, has('section_id')))) {
      const e = await readNationalExport(file, display, year);
      readProblems.push(...e.problems);
      if (e.problems.some((p) => p.severity === 'error')) continue;
      const input = await describeInput(
        file,
        display,
        `国家自动监测数据（表头第${e.headerRow}行，年份 ${e.year}，取自${e.yearFrom}）`,
        e.encoding ? encodingLabel(e.encoding) : undefined,
      );
      inputs.push(input);
      exports.push({ e, input, stem: path.basename(file).replace(/\.(csv|xlsx)$/i, '') });
      continue;
    }
    if (opts.each) {
      readProblems.push(
        problem(
          'error',
          'E_EACH_NATIONAL_ONLY',
          '--each 只用于国家地表水自动监测的导出（省份、流域、断面名称、监测时间、水质类别……）；这个文件不是这种格式，请去掉 --each 按月核定',
          { file: display, row: 1 },
        ),
      );
      continue;
    }
    canonical++;
    const found = await readOne(file, display, agg, progress);
    readProblems.push(...found.problems);
    if (found.skipped) skipped.push({ path: display, reason: found.skipped });
    else if (found.ok) {
      withNames ||= found.names;
      inputs.push(await describeInput(file, display, '水质', found.encoding, undefined, found.sha256));
    }
  }
  const limits = resolveSiteLimits(
    exports.map((x) => x.e),
    lakes,
    waterbody,
  );
  readProblems.push(...limits.problems);
  if (lakes && !exports.length)
    readProblems.push(
      problem('error', 'E_LAKES_NATIONAL_ONLY', '--lakes 按断面名称指定湖库，只用于国家自动监测的导出；其他文件请按文件用 --waterbody lake', { rule: 'W1' }),
    );
  if (opts.each) return eachPlan(exports, limits, readProblems, opts);
  for (const { e } of exports) aggregateExport(e, limits, aggs, () => progress.tick());
  progress.done();
  collectGarbage();
  const size = [...aggs.values()].reduce((n, a) => n + a.size, 0);
  const result = finishAll(aggs, size <= MEANS_SHEET_MAX_ROWS);
  collectGarbage();
  const problems = [...readProblems, ...result.problems];
  if (skipped.length === files.length) {
    for (const f of skipped) problems.push(problem('error', 'E_NO_CONCENTRATION_COLUMNS', NO_CONCENTRATIONS, { file: f.path, row: 1 }));
  } else if (result.rows.length === 0 && !problems.some((p) => p.severity === 'error')) {
    problems.push(problem('error', 'E_NO_ROWS', '输入文件中没有数据行', { file: files.map(displayPath).join('，') }));
  }
  const totals = { rows: result.rows.length, rowsRead: result.rowsRead };
  if (problems.some((p) => p.severity === 'error')) return refuse(problems, totals, result.unlisted, result.errorCount);
  const warnings = problems.filter((p) => p.severity === 'warning');
  const csvName = `classified-${given.stem}.csv`;
  const xlsxName = `classified-${given.stem}.xlsx`;
  const layout: SectionLayout = exports.length && !canonical ? 'name' : withNames || exports.length ? 'code+name' : 'code';
  const wbText = waterbodyText(limits, waterbody);
  const lines = result.rows.map((r) => classifiedLine(r));
  const csv = toCsv(
    classifiedHeader(layout),
    result.rows.map((r, i) => classifiedCells(r, layout, lines[i])),
  );
  const xlsx = await renderWorkbook(
    classifiedWorkbook({
      rows: result.rows,
      lines,
      waterbody,
      inputs,
      problems: warnings,
      layout,
      skipped,
      siteLimits: siteLimitLines(limits),
      waterbodyText: wbText,
    }),
  );
  const out = path.resolve(opts.out);
  const outputs = [
    { path: path.join(out, csvName), bytes: csv },
    { path: path.join(out, xlsxName), bytes: xlsx },
  ];
  const steps = new Steps().write();
  if (skipped.length) steps.out(`跳过 ${skipped.length} 个没有浓度列的文件（classify 只核定带浓度的文件）：${skipped.map((f) => f.path).join('、')}`);
  for (const line of classifiedSummary(result.rows, result.rowsRead, wbText ?? WATERBODY_LABELS[waterbody], csvName)) steps.out(line);
  if (warnings.length) steps.problems('out', countedByKind(warnings, xlsxName));
  steps.files('', { joined: true });
  return { command: 'classify', exit: EXIT.OK, files: outputs, steps: steps.list, problems, totals };
}

function refuse(problems: readonly Problem[], totals: Record<string, number>, unlisted = 0, errorCount = 0): Plan {
  const steps = new Steps().problems('err', problems);
  if (unlisted > 0) steps.err(`  ……另有 ${unlisted} 个错误未列出（共 ${errorCount} 个）`);
  steps.err([tone('red', '输入有误，未写出任何文件。')]);
  return noFiles('classify', EXIT.INVALID_INPUT, steps, problems, totals);
}

/** The section-months of every aggregator (one per water body in use), in one table. */
function finishAll(aggs: Map<Waterbody, QualityAggregator>, keepDetails: boolean): AggregateResult {
  const results = [...aggs.values()].map((a) => a.finish({ keepDetails }));
  if (results.length === 1) return results[0]!;
  const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  return {
    rows: results.flatMap((r) => r.rows).sort((a, b) => cmp(a.section, b.section) || cmp(a.month, b.month)),
    problems: results.flatMap((r) => r.problems),
    errorCount: results.reduce((n, r) => n + r.errorCount, 0),
    unlisted: results.reduce((n, r) => n + r.unlisted, 0),
    rowsRead: results.reduce((n, r) => n + r.rowsRead, 0),
  };
}

/** classify --each: one output set per export, one row per reading (W5). */
async function eachPlan(
  exports: readonly { e: NationalExport; input: InputFile; stem: string }[],
  limits: SiteLimits,
  readProblems: Problem[],
  opts: ClassifyOptions,
): Promise<Plan> {
  const done = exports.map((x) => ({ ...x, ...classifyEach(x.e, limits) }));
  const problems = [...readProblems, ...done.flatMap((d) => d.problems)];
  if (!exports.length && !problems.length) problems.push(problem('error', 'E_NO_ROWS', '输入中没有国家自动监测的导出'));
  if (problems.some((p) => p.severity === 'error')) return refuse(problems, {});
  const wbText = waterbodyText(limits, opts.waterbody) ?? WATERBODY_LABELS[opts.waterbody];
  const out = path.resolve(opts.out);
  const files = [];
  for (const d of done) {
    const mine = problems.filter((p) => p.severity === 'warning' && (p.file === d.e.file || p.file === undefined));
    const sites = new Set(d.e.readings.map((r) => r.site));
    const xlsx = await renderWorkbook(
      readingsWorkbook({
        rows: d.rows,
        inputs: [d.input],
        problems: mine,
        items: Object.keys(d.rows[0]?.values ?? {}),
        year: d.e.year!,
        yearFrom: d.e.yearFrom!,
        waterbodyText: wbText,
        siteLimits: siteLimitLines(limits).filter(([site]) => sites.has(site)),
      }),
    );
    files.push(
      { path: path.join(out, `classified-each-${d.stem}.csv`), bytes: toCsv(EACH_HEADER, d.rows.map(eachLine)) },
      { path: path.join(out, `classified-each-${d.stem}.xlsx`), bytes: xlsx },
    );
  }
  const steps = new Steps().write();
  for (const d of done) for (const line of readingsSummary(d.e, d.rows, wbText, d.stem)) steps.out(line);
  const warnings = problems.filter((p) => p.severity === 'warning');
  if (warnings.length)
    steps.problems('out', countedByKind(warnings, done.length === 1 ? `classified-each-${done[0]!.stem}.xlsx` : '各 classified-each-*.xlsx'));
  steps.files('', { joined: true });
  return { command: 'classify', exit: EXIT.OK, files, steps: steps.list, problems, totals: {} };
}

const NO_CONCENTRATIONS = `没有任何浓度列：classify 需要 GB 3838-2002 项目的浓度，例如 ${['pH', '溶解氧', '高锰酸盐指数', '氨氮', '总磷'].join('、')}`;

/**
 * Warnings on the terminal: one line per kind (code) and file, with how many there are; the
 * workbook's 数据问题 sheet keeps every one.
 */
function countedByKind(warnings: readonly Problem[], workbook: string): Problem[] {
  const kinds = new Map<string, Problem[]>();
  for (const p of sortProblems(warnings)) {
    const key = `${p.code}\u0000${p.file ?? ''}`;
    const list = kinds.get(key);
    if (list) list.push(p);
    else kinds.set(key, [p]);
  }
  return [...kinds.values()].map((list) =>
    list.length === 1
      ? list[0]!
      : { ...list[0]!, message: `${list[0]!.message}（同类警告共 ${list.length} 条，此为第一条；全部列在 ${workbook} 的「数据问题」表）` },
  );
}

interface ReadOutcome {
  ok: boolean;
  problems: Problem[];
  encoding?: string | undefined;
  /** Why the file was left out (it has no concentration column), when it was. */
  skipped?: string | undefined;
  /** The file has a 断面名称 column. */
  names: boolean;
  /** The file's SHA-256, when its reader computed it. */
  sha256?: string | undefined;
}

/** Which columns a file has (as classify matches them), and why it cannot be classified, if so. */
function columnsOf(has: (key: string) => boolean): { has: (key: string) => boolean; skip?: string } {
  const counted = Object.values(ITEMS).some((d) => !d.reference && has(d.key));
  return counted ? { has } : { has, skip: '没有浓度列（只有类别或状态），未核定' };
}

async function readOne(file: string, display: string, agg: QualityAggregator, progress: ProgressSink): Promise<ReadOutcome> {
  if (isSpreadsheet(file)) {
    const { table, problems } = await readTable(file, SPEC, display);
    if (!table) return { ok: false, problems, names: false };
    const first = table.rows[0];
    if (!first) return { ok: true, problems, names: false };
    const cols = columnsOf((k) => first?.has(k) ?? false);
    if (cols.skip) return { ok: false, problems, skipped: cols.skip, names: false };
    if (agg.beginFile(display, cols.has)) {
      for (const r of table.rows) {
        agg.addRow(r);
        progress.tick();
      }
    }
    return { ok: true, problems, names: cols.has('section_name') };
  }
  let encoding: string | undefined;
  let names = false;
  try {
    const detected = await detectFileEncoding(file);
    encoding = encodingLabel(detected);
    const index = await csvColumns(file, detected, CLASSIFY_COLUMNS);
    const cols = columnsOf((k) => index?.has(k) ?? false);
    // Without a header the reader below says which columns are missing.
    if (index && cols.skip) return { ok: false, problems: [], skipped: cols.skip, names: false };
    names = cols.has('section_name');
    const plain = await aggregatePlainCsv(agg, file, display, detected, (n) => progress.tick(n));
    if (plain) return { ok: true, problems: [], encoding, names, sha256: plain.sha256 };
    await aggregateCsv(agg, file, display, (n) => progress.tick(n), { encoding: detected });
  } catch (e) {
    return { ok: false, problems: [readFailure(e, display, SPEC)], names };
  }
  return { ok: true, problems: [], encoding, names };
}
