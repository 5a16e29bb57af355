import path from 'node:path';
import type { Command } from 'commander';
import { classLabel } from '../domain/classes.js';
import { problem, sortProblems, type Problem } from '../domain/problem.js';
import {
  CLASSIFY_COLUMNS,
  ITEMS,
  NATIONAL_COLUMNS,
  QualityAggregator,
  isNationalExport,
  type AggregateResult,
  type ClassifiedRow,
  type Waterbody,
} from '../domain/gb3838/index.js';
import { toCsv } from '../io/csvWrite.js';
import { encodingLabel } from '../io/decode.js';
import { InputArgumentError, csvColumns, headerLooksLike, readSiteList, resolveClassifyInputs } from '../io/classifyInputs.js';
import { NATIONAL_SPEC, readNationalExport, type NationalExport } from '../io/nationalExport.js';
import type { TableSpec } from '../io/headers.js';
import { describeInput, displayPath, type InputFile } from '../io/inputFiles.js';
import { detectFileEncoding, isSpreadsheet, readFailure, readTable } from '../io/readTable.js';
import { aggregatePlainCsv } from '../io/plainCsvClassify.js';
import { aggregateCsv } from '../io/classifyCsv.js';
import { writeOutputs } from '../io/writeOutputs.js';
import { renderWorkbook } from '../io/xlsxWrite.js';
import {
  buildClassifiedWorkbook,
  classifiedCells,
  classifiedHeader,
  MEANS_SHEET_MAX_ROWS,
  WATERBODY_LABELS,
  type SectionLayout,
} from '../report/classifiedWorkbook.js';
import { EACH_HEADER, NO_VALUE_STATUS, buildReadingsWorkbook, eachLine } from '../report/readingsWorkbook.js';
import { aggregateExport, classifyEach, disagreementLine, resolveSiteLimits, siteLimitLines, waterbodyText, type SiteLimits } from './classifyNational.js';
import { addCommonOptions, parseYear, type CommonOptions } from './common.js';
import { EXIT, UsageError, runState } from './exitCodes.js';
import { collectGarbage } from './memory.js';
import { makeTerminal, printProblems, type Terminal } from './terminal.js';
import { recordFiles, recordRun } from './outcome.js';

export interface ClassifyOptions extends CommonOptions {
  waterbody: string;
  /** --each: one row per reading of a national export (W5). */
  each?: boolean;
  /** --year: the year of 监测时间 in a national export (which has none). */
  year?: string;
  /** --lakes FILE: names of the sites to class as lakes and reservoirs. */
  lakes?: string;
  /** --threads: accepted (1–16) and ignored; a CSV file is read on one thread (issue 13). */
  threads?: string;
}

const SPEC: TableSpec = { title: '水质', sheetNames: ['水质', '月度水质', '水质监测', 'quality'], columns: CLASSIFY_COLUMNS };

export function registerClassify(program: Command): void {
  const cmd = program
    .command('classify')
    .description('按 GB 3838-2002 由浓度核定水质类别（单因子评价；月内多次采样先平均），与填报类别核对')
    .argument('[文件...]', '水质结果文件或自动站数据（CSV 或 xlsx，可给目录）；不给时读取 --data 下的 quality/ 目录')
    .option('--waterbody <类型>', '水体类型：river（河流）或 lake（湖泊、水库，总磷限值不同）', 'river')
    .option('--each', '国家地表水自动监测导出：每次读数一行，按发布值逐次定类（不修约，W5），与系统给出的类别核对')
    .option('--year <年>', '国家自动监测导出的监测时间没有年份：用这一年（不给时取标题或文件名中的年份）')
    .option('--lakes <文件>', '湖库断面名单（每行一个断面名称）：名单中的断面总磷用湖库限值，其余按 --waterbody')
    .option('--threads <数量>', '不再使用：CSV 始终单线程读取（字节级读取已比原先的多线程快）；为兼容旧脚本仍接受 1–16');
  addCommonOptions(cmd);
  cmd.addHelpText(
    'after',
    `
输出（--out 目录；<名称> 为输入文件或目录的名称，不含扩展名；给出多个输入时为
「<第一个>等N个」）：
  classified-<名称>.csv   断面编码,[断面名称,]月份,水质类别,水质状况,定类项目,
                          主要污染指标,填报类别,是否一致
  classified-<名称>.xlsx  同一张表（类别着色，可打印）、月均浓度、数据问题、来源
  没有浓度列的文件（如只有类别的通报）跳过并提示；全部都没有时为错误。
  国家地表水自动监测导出（省份,流域,断面名称,监测时间,水质类别,…）按表头自动
  识别，按月核定时断面列为「断面名称」；
  --each 时每个导出写 classified-each-<文件名>.csv / .xlsx：
    行号,断面名称,监测时间,水质类别,水质状况,定类项目,主要污染指标,填报类别,
    是否一致

示例：
  ecocomp classify data/quality/2025-03.csv
  ecocomp classify 自动站/2025-03.csv --waterbody river --out out/2025-03
  ecocomp classify 2026-02-国家地表水自动监测.xlsx --each --lakes 湖库断面.txt`,
  );
  cmd.action(async (files: string[], opts: ClassifyOptions) => {
    runState.code = await runClassify(files, opts);
  });
}

export function parseWaterbody(text: string): Waterbody {
  const t = text.trim().toLowerCase();
  if (t === 'river' || t === '河流') return 'river';
  if (t === 'lake' || t === 'reservoir' || t === '湖泊' || t === '水库' || t === '湖库') return 'lake';
  throw new UsageError(`--waterbody 应为 river（河流）或 lake（湖泊、水库）（收到「${text}」）`);
}

function parseThreads(text: string): number {
  const n = Number(text.trim());
  if (!Number.isInteger(n) || n < 1 || n > 16) throw new UsageError(`--threads 应为 1 到 16 之间的整数（收到「${text}」）`);
  return n;
}

/** The classify command without commander: returns the exit code. */
export async function runClassify(fileArgs: readonly string[], opts: ClassifyOptions): Promise<number> {
  const waterbody = parseWaterbody(opts.waterbody ?? 'river');
  if (opts.threads !== undefined) parseThreads(opts.threads);
  const year = opts.year === undefined ? undefined : parseYear(opts.year);
  const t = makeTerminal(opts);
  const usage = (e: unknown): never => {
    throw e instanceof InputArgumentError ? new UsageError(e.message) : e;
  };
  const lakes = opts.lakes === undefined ? undefined : await readSiteList(opts.lakes).catch(usage);
  const given = await resolveClassifyInputs(fileArgs, opts.data).catch(usage);
  const { files } = given;
  const aggs = new Map<Waterbody, QualityAggregator>([[waterbody, new QualityAggregator(waterbody)]]);
  const agg = aggs.get(waterbody)!;
  const readProblems: Problem[] = [];
  const progress = new Progress(Boolean(process.stderr.isTTY) && !opts.quiet);
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
  if (opts.each) return runEach(t, exports, limits, readProblems, { ...opts, waterbody });
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
  recordRun('classify', problems, { rows: result.rows.length, rowsRead: result.rowsRead });
  if (problems.some((p) => p.severity === 'error')) return refuse(t, problems, result.unlisted, result.errorCount);
  const warnings = problems.filter((p) => p.severity === 'warning');
  const csvName = `classified-${given.stem}.csv`;
  const xlsxName = `classified-${given.stem}.xlsx`;
  const layout: SectionLayout = exports.length && !canonical ? 'name' : withNames || exports.length ? 'code+name' : 'code';
  const wbText = waterbodyText(limits, waterbody);
  const csv = toCsv(
    classifiedHeader(layout),
    result.rows.map((r) => classifiedCells(r, layout)),
  );
  const xlsx = await renderWorkbook(
    buildClassifiedWorkbook({
      rows: result.rows,
      waterbody,
      inputs,
      problems: warnings,
      layout,
      skipped,
      siteLimits: siteLimitLines(limits),
      waterbodyText: wbText,
    }),
  );
  const written = await writeOutputs(
    [
      { path: path.join(path.resolve(opts.out ?? './out'), csvName), bytes: csv },
      { path: path.join(path.resolve(opts.out ?? './out'), xlsxName), bytes: xlsx },
    ],
    { force: Boolean(opts.force) },
  );
  recordFiles(written);
  if (skipped.length) t.out(`跳过 ${skipped.length} 个没有浓度列的文件（classify 只核定带浓度的文件）：${skipped.map((f) => f.path).join('、')}`);
  printSummary(t, result.rows, result.rowsRead, wbText ?? WATERBODY_LABELS[waterbody], csvName);
  if (warnings.length) printProblems(t, countedByKind(warnings, xlsxName));
  printWritten(t, written);
  return EXIT.OK;
}

function refuse(t: Terminal, problems: readonly Problem[], unlisted = 0, errorCount = 0): number {
  printProblems(t, problems, { toStderr: true });
  if (unlisted > 0) t.err(`  ……另有 ${unlisted} 个错误未列出（共 ${errorCount} 个）`);
  t.err(t.c.red('输入有误，未写出任何文件。'));
  return EXIT.INVALID_INPUT;
}

function printWritten(t: Terminal, written: { written: string[]; unchanged: string[] }): void {
  const show = (ps: string[]): string => ps.map(displayPath).join('、');
  if (written.written.length) t.out(`已写出：${show(written.written)}`);
  if (written.unchanged.length) t.out(`内容未变，未重写：${show(written.unchanged)}`);
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
async function runEach(
  t: Terminal,
  exports: readonly { e: NationalExport; input: InputFile; stem: string }[],
  limits: SiteLimits,
  readProblems: Problem[],
  opts: ClassifyOptions & { waterbody: Waterbody },
): Promise<number> {
  const done = exports.map((x) => ({ ...x, ...classifyEach(x.e, limits) }));
  const problems = [...readProblems, ...done.flatMap((d) => d.problems)];
  if (!exports.length && !problems.length) problems.push(problem('error', 'E_NO_ROWS', '输入中没有国家自动监测的导出'));
  if (problems.some((p) => p.severity === 'error')) return refuse(t, problems);
  const wbText = waterbodyText(limits, opts.waterbody) ?? WATERBODY_LABELS[opts.waterbody];
  const out = path.resolve(opts.out ?? './out');
  const files = [];
  for (const d of done) {
    const mine = problems.filter((p) => p.severity === 'warning' && (p.file === d.e.file || p.file === undefined));
    const sites = new Set(d.e.readings.map((r) => r.site));
    const xlsx = await renderWorkbook(
      buildReadingsWorkbook({
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
  const written = await writeOutputs(files, { force: Boolean(opts.force) });
  for (const d of done) {
    const rows = d.rows;
    const empty = rows.filter((r) => r.status === NO_VALUE_STATUS).length;
    const stated = rows.filter((r) => r.agrees !== undefined);
    const bad = stated.filter((r) => r.agrees === false);
    const dates = rows.map((r) => r.date).sort();
    t.out(
      `${t.c.bold('已核定')} ${d.e.file}：${rows.length} 条读数（${new Set(rows.map((r) => r.site)).size} 个断面，${dates[0]} 至 ${dates[dates.length - 1]}，表头第${d.e.headerRow}行，年份取自${d.e.yearFrom}；${wbText}），其中无监测值 ${empty} 条（不定类）。`,
    );
    t.out(
      `填报类别与逐次核定：一致 ${stated.length - bad.length} 条，${bad.length ? t.c.red(`不一致 ${bad.length} 条`) : '不一致 0 条'}，未填报或无法核对 ${rows.length - stated.length} 条。`,
    );
    for (const r of bad.slice(0, 30)) t.out(`  ${disagreementLine(r)}`);
    if (bad.length > 30) t.out(`  ……另有 ${bad.length - 30} 条，见 classified-each-${d.stem}.csv 的“是否一致”列`);
  }
  const warnings = problems.filter((p) => p.severity === 'warning');
  if (warnings.length) printProblems(t, countedByKind(warnings, done.length === 1 ? `classified-each-${done[0]!.stem}.xlsx` : '各 classified-each-*.xlsx'));
  printWritten(t, written);
  return EXIT.OK;
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

function printSummary(t: Terminal, rows: readonly ClassifiedRow[], rowsRead: number, waterbodyText: string, csvName: string): void {
  const sections = new Set(rows.map((r) => r.section)).size;
  const months = rows.map((r) => r.month).sort();
  const period = months[0] === months[months.length - 1] ? months[0] : `${months[0]} 至 ${months[months.length - 1]}`;
  t.out(`${t.c.bold('已核定')} ${rows.length} 条断面·月（${sections} 个断面，${period}，${waterbodyText}；读入 ${rowsRead} 行）。`);
  const stated = rows.filter((r) => r.agrees !== undefined);
  const bad = stated.filter((r) => r.agrees === false);
  const unstated = rows.length - stated.length;
  t.out(
    `填报类别与浓度核定：一致 ${stated.length - bad.length} 条，${bad.length ? t.c.red(`不一致 ${bad.length} 条`) : '不一致 0 条'}，未填报或无法核对 ${unstated} 条。`,
  );
  for (const r of bad.slice(0, 30)) {
    const pollut = r.mainPollutants ? `；主要污染指标：${r.mainPollutants}` : '';
    t.out(`  ${r.section} ${r.month}：填报 ${r.stated.map(classLabel).join('、')}，核定 ${classLabel(r.cls!)}（定类项目：${r.deciding.join('、')}${pollut}）`);
  }
  if (bad.length > 30) t.out(`  ……另有 ${bad.length - 30} 条，见 ${csvName} 的“是否一致”列`);
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

async function readOne(file: string, display: string, agg: QualityAggregator, progress: Progress): Promise<ReadOutcome> {
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

/**
 * Rows read, rate and elapsed time on stderr, at most about once a second, and only on a
 * terminal (never in a pipe, a scheduler or with --quiet). Starts after the first second so short
 * runs stay silent.
 */
class Progress {
  private rows = 0;
  private readonly start = Date.now();
  private last = this.start;
  private shown = false;

  constructor(private readonly enabled: boolean) {}

  tick(rows = 1): void {
    if (!this.enabled) return;
    const before = this.rows;
    this.rows += rows;
    if (before >> 12 === this.rows >> 12) return;
    const now = Date.now();
    if (now - this.last < 1000) return;
    this.last = now;
    const secs = (now - this.start) / 1000;
    const rate = Math.round(this.rows / secs);
    process.stderr.write(`\r已读 ${this.rows.toLocaleString('en-US')} 行 · ${rate.toLocaleString('en-US')} 行/秒 · 用时 ${Math.round(secs)} 秒   `);
    this.shown = true;
  }

  done(): void {
    if (this.shown) process.stderr.write('\r\x1b[2K');
  }
}
