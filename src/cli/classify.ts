import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { classLabel } from '../domain/classes.js';
import { problem, type Problem } from '../domain/problem.js';
import { CLASSIFY_COLUMNS, CLASSIFIED_HEADER, QualityAggregator, classifiedLine, type ClassifiedRow, type Waterbody } from '../domain/gb3838/index.js';
import { toCsv } from '../io/csvWrite.js';
import { encodingLabel } from '../io/decode.js';
import type { TableSpec } from '../io/headers.js';
import { describeInput, displayPath, type InputFile } from '../io/inputFiles.js';
import { detectFileEncoding, isCsv, isSpreadsheet, listTableFiles, readFailure, readTable } from '../io/readTable.js';
import { aggregatePlainCsv } from '../io/plainCsvClassify.js';
import { PARALLEL_MIN_BYTES, aggregateCsv, classifyInParts, defaultThreads, partsFor } from '../io/parallelClassify.js';
import { writeOutputs } from '../io/writeOutputs.js';
import { renderWorkbook } from '../io/xlsxWrite.js';
import { buildClassifiedWorkbook, MEANS_SHEET_MAX_ROWS, WATERBODY_LABELS } from '../report/classifiedWorkbook.js';
import { addCommonOptions, type CommonOptions } from './common.js';
import { EXIT, UsageError, runState } from './exitCodes.js';
import { collectGarbage } from './memory.js';
import { makeTerminal, printProblems, type Terminal } from './terminal.js';

export interface ClassifyOptions extends CommonOptions {
  waterbody: string;
  /** --threads: this many threads read a large CSV file (default 2, or 1 on a single core). */
  threads?: string;
  /** CSV files from this size on are read in parallel parts (tests set it low). */
  splitAtBytes?: number;
}

const SPEC: TableSpec = { title: '水质', sheetNames: ['水质', '月度水质', '水质监测', 'quality'], columns: CLASSIFY_COLUMNS };

export function registerClassify(program: Command): void {
  const cmd = program
    .command('classify')
    .description('按 GB 3838-2002 由浓度核定水质类别（单因子评价；月内多次采样先平均），与填报类别核对')
    .argument('[文件...]', '水质结果文件或自动站数据（CSV 或 xlsx，可给目录）；不给时读取 --data 下的 quality/ 目录')
    .option('--waterbody <类型>', '水体类型：river（河流）或 lake（湖泊、水库，总磷限值不同）', 'river')
    .option('--threads <数量>', `读取 32 MiB 以上的 CSV 时同时使用的线程数（默认 2，单核机器为 1；1 表示单线程；每多一个线程峰值内存约多 40 MB）`);
  addCommonOptions(cmd);
  cmd.addHelpText(
    'after',
    `
输出（--out 目录）：
  classified.csv   断面编码,月份,水质类别,水质状况,定类项目,主要污染指标,填报类别,是否一致
  classified.xlsx  同一张表（类别着色，可打印）、月均浓度、数据问题、来源

示例：
  ecocomp classify data/quality/2025-03.csv
  ecocomp classify 自动站/2025-03.csv --waterbody river --out out/2025-03`,
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

export function parseThreads(text: string): number {
  const n = Number(text.trim());
  if (!Number.isInteger(n) || n < 1 || n > 16) throw new UsageError(`--threads 应为 1 到 16 之间的整数（收到「${text}」）`);
  return n;
}

/** The classify command without commander: returns the exit code. */
export async function runClassify(fileArgs: readonly string[], opts: ClassifyOptions): Promise<number> {
  const waterbody = parseWaterbody(opts.waterbody ?? 'river');
  const threads = opts.threads === undefined ? defaultThreads() : parseThreads(opts.threads);
  const t = makeTerminal(opts);
  const files = await resolveInputs(fileArgs, opts.data);
  const agg = new QualityAggregator(waterbody);
  const readProblems: Problem[] = [];
  const progress = new Progress(Boolean(process.stderr.isTTY) && !opts.quiet);
  const inputs: InputFile[] = [];
  for (const file of files) {
    const display = displayPath(file);
    const found = await readOne(file, display, agg, progress, { threads, splitAtBytes: opts.splitAtBytes ?? PARALLEL_MIN_BYTES });
    readProblems.push(...found.problems);
    if (found.ok) inputs.push(await describeInput(file, display, '水质', found.encoding));
  }
  progress.done();
  collectGarbage();
  const result = agg.finish({ keepDetails: agg.size <= MEANS_SHEET_MAX_ROWS });
  collectGarbage();
  const problems = [...readProblems, ...result.problems];
  if (result.rows.length === 0 && !problems.some((p) => p.severity === 'error')) {
    problems.push(problem('error', 'E_NO_ROWS', '输入文件中没有数据行', { file: files.map(displayPath).join('，') }));
  }
  if (problems.some((p) => p.severity === 'error')) {
    printProblems(t, problems, { toStderr: true });
    if (result.unlisted > 0) t.err(`  ……另有 ${result.unlisted} 个错误未列出（共 ${result.errorCount} 个）`);
    t.err(t.c.red('输入有误，未写出任何文件。'));
    return EXIT.INVALID_INPUT;
  }
  const warnings = problems.filter((p) => p.severity === 'warning');
  const csv = toCsv(CLASSIFIED_HEADER, result.rows.map(classifiedLine));
  const xlsx = await renderWorkbook(buildClassifiedWorkbook({ rows: result.rows, waterbody, inputs, problems: warnings }));
  const out = path.resolve(opts.out ?? './out');
  const written = await writeOutputs(
    [
      { path: path.join(out, 'classified.csv'), bytes: csv },
      { path: path.join(out, 'classified.xlsx'), bytes: xlsx },
    ],
    { force: Boolean(opts.force) },
  );
  printSummary(t, result.rows, result.rowsRead, waterbody);
  if (warnings.length) printProblems(t, warnings);
  const show = (ps: string[]): string => ps.map(displayPath).join('、');
  if (written.written.length) t.out(`已写出：${show(written.written)}`);
  if (written.unchanged.length) t.out(`内容未变，未重写：${show(written.unchanged)}`);
  return EXIT.OK;
}

function printSummary(t: Terminal, rows: readonly ClassifiedRow[], rowsRead: number, waterbody: Waterbody): void {
  const sections = new Set(rows.map((r) => r.section)).size;
  const months = rows.map((r) => r.month).sort();
  const period = months[0] === months[months.length - 1] ? months[0] : `${months[0]} 至 ${months[months.length - 1]}`;
  t.out(`${t.c.bold('已核定')} ${rows.length} 条断面·月（${sections} 个断面，${period}，${WATERBODY_LABELS[waterbody]}；读入 ${rowsRead} 行）。`);
  const stated = rows.filter((r) => r.agrees !== undefined);
  const bad = stated.filter((r) => r.agrees === false);
  const unstated = rows.length - stated.length;
  t.out(`填报类别与浓度核定：一致 ${stated.length - bad.length} 条，${bad.length ? t.c.red(`不一致 ${bad.length} 条`) : '不一致 0 条'}，未填报或无法核对 ${unstated} 条。`);
  for (const r of bad.slice(0, 30)) {
    const pollut = r.mainPollutants ? `；主要污染指标：${r.mainPollutants}` : '';
    t.out(`  ${r.section} ${r.month}：填报 ${r.stated.map(classLabel).join('、')}，核定 ${classLabel(r.cls!)}（定类项目：${r.deciding.join('、')}${pollut}）`);
  }
  if (bad.length > 30) t.out(`  ……另有 ${bad.length - 30} 条，见 classified.csv 的“是否一致”列`);
}

interface ReadOutcome {
  ok: boolean;
  problems: Problem[];
  encoding?: string | undefined;
}

async function readOne(file: string, display: string, agg: QualityAggregator, progress: Progress, how: { threads: number; splitAtBytes: number }): Promise<ReadOutcome> {
  if (isSpreadsheet(file)) {
    const { table, problems } = await readTable(file, SPEC, display);
    if (!table) return { ok: false, problems };
    const firstRow = table.rows[0];
    if (firstRow && agg.beginFile(display, (k) => firstRow.has(k))) {
      for (const r of table.rows) {
        agg.addRow(r);
        progress.tick();
      }
    }
    return { ok: true, problems };
  }
  let encoding: string | undefined;
  try {
    const detected = await detectFileEncoding(file);
    encoding = encodingLabel(detected);
    if (await aggregatePlainCsv(agg, file, display, detected, (n) => progress.tick(n))) return { ok: true, problems: [], encoding };
    const size = (await stat(file)).size;
    const parts = partsFor(size, how.threads, how.splitAtBytes);
    const split = parts > 1 ? await classifyInParts(file, display, agg.waterbody, detected, size, parts, (n) => progress.tick(n)) : undefined;
    if (split) {
      agg.adopt(split);
      return { ok: true, problems: [], encoding };
    }
    await aggregateCsv(agg, file, display, (n) => progress.tick(n), { encoding: detected });
  } catch (e) {
    return { ok: false, problems: [readFailure(e, display, SPEC)] };
  }
  return { ok: true, problems: [], encoding };
}

/** FILE… as given (folders expand to their .csv and .xlsx files); none → DATA/quality/. */
async function resolveInputs(args: readonly string[], dataDir: string | undefined): Promise<string[]> {
  const given = args.length ? [...args] : [path.join(dataDir ?? './data', 'quality')];
  const files: string[] = [];
  for (const a of given) {
    let st;
    try {
      st = await stat(a);
    } catch {
      throw new UsageError(`找不到输入文件：${a}`);
    }
    if (st.isDirectory()) {
      const names = await listTableFiles(a);
      if (!names.length) throw new UsageError(`目录中没有 CSV 或 xlsx 文件：${a}`);
      files.push(...names.map((n) => path.join(a, n)));
    } else if (isCsv(a) || isSpreadsheet(a)) {
      files.push(a);
    } else {
      throw new UsageError(`只能读取 .csv 或 .xlsx 文件：${a}`);
    }
  }
  return files;
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
