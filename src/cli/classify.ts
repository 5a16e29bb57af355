import type { Command } from 'commander';
import { classifyJob, parseWaterbody, type ProgressSink } from '../pipeline/classify.js';
import { UsageError } from '../pipeline/plan.js';
import { applyPlan } from './apply.js';
import { addCommonOptions, parseYear, type CommonOptions } from './common.js';
import { runState } from './exitCodes.js';

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

export { parseWaterbody };

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
  const progress = new Progress(Boolean(process.stderr.isTTY) && !opts.quiet);
  const plan = await classifyJob({ files: fileArgs, data: opts.data, out: opts.out ?? './out', waterbody, each: opts.each, year, lakes: opts.lakes, progress });
  progress.done(); // the job ends the line when it has read everything; this is for a job that stopped early
  return applyPlan(plan, opts);
}

/**
 * Rows read, rate and elapsed time on stderr, at most about once a second, and only on a
 * terminal (never in a pipe, a scheduler or with --quiet). Starts after the first second so short
 * runs stay silent.
 */
class Progress implements ProgressSink {
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
    this.shown = false;
  }
}
