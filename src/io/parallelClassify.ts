import { existsSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { CLASSIFY_COLUMNS, QualityAggregator, type AggregatorSnapshot, type Waterbody } from '../domain/gb3838/index.js';
import type { Encoding } from './decode.js';
import { HEADER_SCAN_ROWS, locateHeader } from './layout.js';
import { streamCsvBatches, type StreamOptions } from './readTable.js';

/**
 * `classify` on a large CSV file with several cores (issue 5): the file is cut at line ends into
 * one part per thread. Part 0 is read on the main thread; each other part is read and
 * aggregated on a worker thread (classifyWorker.ts), which then sends its aggregator state in
 * pieces, with the row offset that makes its row numbers the file's. Absorbed in file order,
 * the parts give exactly what one thread reading the whole file gives (the tests compare both).
 *
 * Only plain files qualify: no `"` anywhere (a quoted cell could hold a line break, and then a
 * line end is not a row end). Anything unusual in a part — a quote, a header problem, a syntax
 * or encoding error — sends the whole file back to the one-thread reader, which reports it as
 * always.
 */
export const PARALLEL_MIN_BYTES = 32 * 1024 * 1024;
const WINDOW = 1 << 16;
// Each extra thread holds its own part of the section-months until the main thread takes them:
// on the national station file 2 threads peaked at ~420 MB, 4 at ~490 MB. Two by default keeps
// classify under the 512 MB target; --threads asks for more.
const DEFAULT_THREADS = 2;

export interface ByteRange {
  start: number;
  end: number;
}

/** What a worker is given. */
export interface WorkerJob {
  file: string;
  display: string;
  waterbody: Waterbody;
  encoding: Encoding;
  /** Part 0: [0, cut1). Part k: the header lines, then [cut_k, cut_k+1). */
  ranges: ByteRange[];
}

export type WorkerMessage =
  | { kind: 'rows'; rows: number }
  | { kind: 'ready'; newlines: number }
  | { kind: 'part'; snapshot: AggregatorSnapshot }
  | { kind: 'end' }
  | { kind: 'fallback' };

export interface SplitPlan {
  /** End of the header line (and any blank lines before it). */
  headerEnd: number;
  /** Line breaks up to headerEnd. */
  headerNewlines: number;
  /** Each part's byte ranges, in file order. */
  parts: ByteRange[][];
}

const WORKER = new URL('./classifyWorker.js', import.meta.url);

/** The default for `classify --threads`: two, or one on a single-core machine. */
export const defaultThreads = (): number => Math.max(1, Math.min(DEFAULT_THREADS, availableParallelism()));

/** How many parts to read at once (at most `threads`); 1 means "read it on this thread". */
export function partsFor(size: number, threads: number, minBytes = PARALLEL_MIN_BYTES): number {
  if (threads < 2 || size < minBytes || !existsSync(fileURLToPath(WORKER))) return 1;
  return threads;
}

/** Where to cut `file` into `parts` pieces at line ends; undefined when it cannot be cut. */
export async function planSplit(file: string, size: number, parts: number, encoding: Encoding = 'utf-8'): Promise<SplitPlan | undefined> {
  const fh = await open(file, 'r');
  try {
    const read = async (at: number): Promise<Buffer> => {
      const buf = Buffer.alloc(Math.min(WINDOW, Math.max(0, size - at)));
      const { bytesRead } = await fh.read(buf, 0, buf.length, at);
      return buf.subarray(0, bytesRead);
    };
    const head = await read(0);
    const header = headerLineEnd(head, encoding);
    if (!header) return undefined;
    const cuts: number[] = [];
    for (let k = 1; k < parts; k++) {
      const at = Math.floor((size * k) / parts);
      const nl = (await read(at)).indexOf(10);
      if (nl < 0) return undefined;
      const cut = at + nl + 1;
      if (cut <= (cuts[cuts.length - 1] ?? header.end) || cut >= size) return undefined;
      cuts.push(cut);
    }
    const bounds = [0, ...cuts, size];
    const plan: ByteRange[][] = [];
    for (let k = 0; k < parts; k++) {
      const body = { start: bounds[k]!, end: bounds[k + 1]! };
      plan.push(k === 0 ? [body] : [{ start: 0, end: header.end }, body]);
    }
    return { headerEnd: header.end, headerNewlines: header.newlines, parts: plan };
  } finally {
    await fh.close();
  }
}

/**
 * The end of the header (the first line break after it) and how many line breaks up to there,
 * found as the reader finds it (layout.ts: title lines, two-row headers); undefined when the
 * head of the file holds quotes or no usable header, and the file is read on one thread.
 */
function headerLineEnd(head: Buffer, encoding: Encoding): { end: number; newlines: number } | undefined {
  const breaks: number[] = [];
  for (let i = head.indexOf(10); i >= 0 && breaks.length <= HEADER_SCAN_ROWS; i = head.indexOf(10, i + 1)) breaks.push(i);
  const upTo = breaks.length > HEADER_SCAN_ROWS ? breaks[HEADER_SCAN_ROWS]! : head.length;
  let text: string;
  try {
    text = new TextDecoder(encoding === 'gb18030' ? 'gb18030' : 'utf-8', { fatal: true }).decode(head.subarray(0, upTo));
  } catch {
    return undefined;
  }
  if (text.includes('"')) return undefined;
  const lines = text.replace(/^\ufeff/, '').split('\n').slice(0, HEADER_SCAN_ROWS + 1).map((l) => l.replace(/\r$/, '').split(','));
  const { located, problems } = locateHeader(lines, lines.map((_, i) => i + 1), CLASSIFY_COLUMNS, '水质文件', '');
  if (!located || problems.length) return undefined;
  const last = breaks[located.bodyStart - 1];
  return last === undefined ? undefined : { end: last + 1, newlines: located.bodyStart };
}

/**
 * classify's one reading loop for a CSV file (or the byte ranges of it in `options`): every row
 * into `agg`. False when the header cannot be used (`agg` has said why) or `stop()` says to stop
 * after a chunk; read errors are thrown.
 */
export async function aggregateCsv(agg: QualityAggregator, file: string, display: string, onRows: (n: number) => void, options: StreamOptions & { stop?: () => boolean } = {}): Promise<boolean> {
  let started = false;
  for await (const batch of streamCsvBatches(file, CLASSIFY_COLUMNS, '水质文件', display, options)) {
    if (options.stop?.()) return false;
    for (const r of batch) {
      if (!started) {
        started = true;
        if (!agg.beginFile(display, (k) => r.has(k))) return false;
      }
      agg.addRow(r);
    }
    onRows(batch.length);
  }
  return true;
}

/**
 * Read one part's byte ranges into `agg`. Not ok (the file must be read on one thread) when
 * the part holds a `"`, the header cannot be used, or reading fails.
 */
export async function aggregatePart(agg: QualityAggregator, job: WorkerJob, onRows: (n: number) => void): Promise<{ ok: boolean; newlines: number }> {
  let quoted = false;
  let newlines = 0;
  const onChunk = (buf: Buffer): void => {
    if (buf.indexOf(0x22) >= 0) quoted = true;
    for (let i = buf.indexOf(10); i >= 0; i = buf.indexOf(10, i + 1)) newlines++;
  };
  try {
    const read = await aggregateCsv(agg, job.file, job.display, onRows, { encoding: job.encoding, ranges: job.ranges, onChunk, stop: () => quoted });
    return { ok: read && !quoted, newlines };
  } catch {
    return { ok: false, newlines };
  }
}

/** A worker thread running one part, as promises for its two steps. */
class PartWorker {
  private readonly worker: Worker;
  private stopped = false;
  readonly ready: Promise<number | undefined>;
  private resolveReady!: (newlines: number | undefined) => void;
  private onPart: ((s: AggregatorSnapshot) => void) | undefined;
  private resolveEnd: ((ok: boolean) => void) | undefined;

  constructor(job: WorkerJob, onRows: (n: number) => void) {
    this.ready = new Promise((resolve) => (this.resolveReady = resolve));
    this.worker = new Worker(WORKER, { workerData: job });
    this.worker.on('message', (m: WorkerMessage) => {
      switch (m.kind) {
        case 'rows':
          onRows(m.rows);
          return;
        case 'ready':
          this.resolveReady(m.newlines);
          return;
        case 'part':
          try {
            this.onPart?.(m.snapshot);
          } catch {
            this.fail();
            return;
          }
          this.worker.postMessage('next');
          return;
        case 'end':
          this.resolveEnd?.(true);
          return;
        default:
          this.fail();
      }
    });
    this.worker.on('error', () => this.fail());
    this.worker.on('exit', () => this.fail());
  }

  /** Ask for the state piece by piece; `absorb` gets each. Resolves false if the worker failed. */
  send(absorb: (s: AggregatorSnapshot) => void): Promise<boolean> {
    this.onPart = absorb;
    const end = new Promise<boolean>((resolve) => (this.resolveEnd = resolve));
    this.worker.postMessage('next');
    return end;
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    void this.worker.terminate();
  }

  private fail(): void {
    this.resolveReady(undefined);
    this.resolveEnd?.(false);
  }
}

/**
 * Read and aggregate `file` in `parts` parts: part 0 on this thread, the others on worker
 * threads. Returns an aggregator holding the whole file (to be adopted by the caller's), or
 * undefined when the file should be read on this thread instead (see above).
 */
export async function classifyInParts(file: string, display: string, waterbody: Waterbody, encoding: Encoding, size: number, parts: number, onRows: (n: number) => void): Promise<QualityAggregator | undefined> {
  const plan = await planSplit(file, size, parts, encoding);
  if (!plan) return undefined;
  const workers: PartWorker[] = [];
  try {
    for (const ranges of plan.parts.slice(1)) workers.push(new PartWorker({ file, display, waterbody, encoding, ranges }, onRows));
  } catch {
    for (const w of workers) w.stop();
    return undefined;
  }
  const agg = new QualityAggregator(waterbody);
  try {
    const first = await aggregatePart(agg, { file, display, waterbody, encoding, ranges: plan.parts[0]! }, onRows);
    if (!first.ok) return undefined;
    // Part k's own line numbering starts with the header's lines; its first row is line
    // (line breaks before its cut) + 1 of the file.
    let linesBefore = first.newlines;
    for (const w of workers) {
      const newlines = await w.ready;
      if (newlines === undefined) return undefined;
      const rowOffset = linesBefore - plan.headerNewlines;
      if (!(await w.send((s) => agg.absorb(s, rowOffset)))) return undefined;
      linesBefore += newlines - plan.headerNewlines;
    }
    return agg;
  } finally {
    for (const w of workers) w.stop();
  }
}
