import { isAscii, isUtf8 } from 'node:buffer';
import { readSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { ALL_ITEMS, CLASSIFY_COLUMNS, PLAIN_MAX_DIGITS, QualityAggregator, ScaledSums, type PlainGroup } from '../domain/gb3838/index.js';
import { ChunkHash } from './chunkHash.js';
import type { Encoding } from './decode.js';
import { BodyFilter, HEADER_SCAN_ROWS, locateHeader } from './layout.js';
import { makeRow } from './readTable.js';
import { ByteTable } from './byteTable.js';

/**
 * classify's byte-level reader for the common automatic-station CSV (issue 13): no quotes, one
 * line ending throughout, UTF-8 or GB18030, a 采样日期 column and plain numeric cells. Digits go
 * straight into the scaled-integer sums of the aggregator's accumulators (no string per cell);
 * sections are interned by their bytes and each section-month's group is found through an array
 * by section number, so the hot path builds no strings at all.
 *
 * A row it cannot take as plain — a value that is not a plain decimal (`0.025L`, `<0.01`, `/`,
 * out of range), a 月份, class or status, a date not written `YYYY-MM-DD…`, an empty or
 * non-ASCII-trimmed section, fewer cells — is decoded and split as the general reader would and
 * given to the aggregator's addRow, so its problems are exactly the general reader's. A file it
 * cannot take at all — a `"` anywhere, a lone CR or mixed line endings, bytes invalid in its
 * encoding, a header the aggregator refuses — returns false before anything reaches `agg`; the
 * caller then reads it with the general reader, which reports as always.
 */
const CHUNK = 1 << 20;

class FileRefused extends Error {}

/** What the byte-level reader read besides the rows: the file's SHA-256 (hex), for the 来源 sheet. */
export interface PlainRead {
  sha256: string;
}

/**
 * Read `file` into `agg` on the byte-level path; false (and `agg` untouched) when it cannot. The
 * file's bytes are hashed as they are read, so the 来源 sheet's checksum needs no second pass.
 */
export async function aggregatePlainCsv(
  agg: QualityAggregator,
  file: string,
  display: string,
  encoding: Encoding,
  onRows: (n: number) => void,
): Promise<PlainRead | false> {
  const part = new QualityAggregator(agg.waterbody);
  const reader = new PlainReader(part, display, encoding);
  const hash = new ChunkHash();
  let read = false;
  const fh = await open(file, 'r');
  try {
    let buf = Buffer.allocUnsafe(CHUNK);
    let filled = 0;
    let at = 0;
    if (encoding === 'utf-8-bom') {
      // detected from these three bytes; csv-parse drops them too
      hash.update(UTF8_BOM);
      at = 3;
    }
    for (;;) {
      if (filled === buf.length) {
        const bigger = Buffer.allocUnsafe(buf.length * 2); // one line longer than a chunk
        buf.copy(bigger, 0, 0, filled);
        buf = bigger;
      }
      const bytesRead = readSync(fh.fd, buf, filled, buf.length - filled, at);
      hash.update(buf.subarray(filled, filled + bytesRead));
      at += bytesRead;
      const end = filled + bytesRead;
      const last = bytesRead === 0;
      const cut = last ? end : buf.lastIndexOf(10, end - 1) + 1;
      if (last && end > 0 && buf[end - 1] !== 10) {
        // The last line has no end: a LF after it ends its scan (never read as part of the file).
        if (end === buf.length) {
          const bigger = Buffer.allocUnsafe(end + 1);
          buf.copy(bigger, 0, 0, end);
          buf = bigger;
        }
        buf[end] = 10;
      }
      if (cut > 0) {
        const rows = reader.lines(buf, 0, cut);
        if (rows < 0) return false;
        onRows(rows);
      }
      if (last) break;
      buf.copy(buf, 0, cut, end);
      filled = end - cut;
    }
    if (!reader.finish()) return false;
    agg.adopt(part);
    read = true;
  } catch (e) {
    if (e instanceof FileRefused) return false;
    throw e;
  } finally {
    await fh.close();
    // A read given up (the general reader takes the file) wants no checksum from here.
    if (!read) hash.dispose();
  }
  return { sha256: await hash.digest() };
}

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);
const DAYS = [0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** What a column is to the byte-level reader: an item column's number (≥ 0), or one of these. */
const SKIP = -1;
const SECTION = -2;
const DATE = -3;
/** 月份, 水质类别, 状态: a plain row leaves them empty. */
const MUST_BE_BLANK = -4;
const NAME = -5;

class PlainReader {
  private readonly text: InstanceType<typeof TextDecoder>;
  private readonly check: InstanceType<typeof TextDecoder> | undefined;
  private line = 1;
  /** undefined until the first line end: then whether lines end in CR LF. */
  private crlf: boolean | undefined;
  private index: Map<string, number> | undefined;
  private head: string[][] = [];
  private headRows: number[] = [];
  private filter: BodyFilter | undefined;
  /** 断面名称's column, or -1. */
  private nameCol = -1;
  /** The header's cell count: a row with fewer cells is short (W_ROW_SHORT). */
  private width = 0;
  /** Per column up to the last one read: SKIP, SECTION, DATE, MUST_BE_BLANK, NAME or the item column's number. */
  private kinds = new Int32Array(0);
  private sums: ScaledSums | undefined;
  /** Per item column, the row's value as m × 10^−d (m = -1: empty), and whether it is a detection limit. */
  private ms = new Float64Array(0);
  private ds = new Int32Array(0);
  private nds = new Uint8Array(0);
  private plainRows = 0;
  private readonly sections = new ByteTable();
  private sectionText: (string | null)[] = [];
  /** Per month, each section's ScaledSums group. */
  private readonly months = new Map<number, (number | undefined)[]>();
  private monthText = new Map<number, string>();
  /** The last date read as plain, up to its day's end, and its month (see monthOfDate). */
  private lastDate = Buffer.alloc(0);
  private lastDateMonth = -1;
  private lastMonth = -1;
  private lastGroups: (number | undefined)[] = [];
  /** The aggregator's group of each ScaledSums group (for its 断面名称). */
  private groupOf: PlainGroup[] = [];

  constructor(
    private readonly agg: QualityAggregator,
    private readonly display: string,
    encoding: Encoding,
  ) {
    const label = encoding === 'gb18030' ? 'gb18030' : 'utf-8';
    this.text = new TextDecoder(label, { fatal: true, ignoreBOM: true });
    // GB18030 bytes are checked as the general reader's strict decoder would; UTF-8 with isUtf8.
    this.check = encoding === 'gb18030' ? new TextDecoder('gb18030', { fatal: true }) : undefined;
  }

  /**
   * Lines in buf[start, end): whole lines, except that at the file's end the last one may lack
   * its end, in which case buf[end] is a LF put there by the caller. Rows counted, or -1 to refuse.
   */
  lines(buf: Buffer, start: number, end: number): number {
    const chunk = buf.subarray(start, end);
    if (chunk.indexOf(0x22) >= 0) return -1;
    if (!isAscii(chunk)) {
      if (this.check) {
        try {
          this.check.decode(chunk);
        } catch {
          return -1;
        }
      } else if (!isUtf8(chunk)) return -1;
    }
    let rows = 0;
    let s = start;
    while (s < end && !this.index) {
      let e = s;
      while (buf[e] !== 10 && buf[e] !== 13) e++;
      const next = this.lineEnd(buf, e, end);
      if (next < 0) return -1;
      this.head.push(this.cellsOf(buf, s, e));
      this.headRows.push(this.line++);
      if (this.head.length > HEADER_SCAN_ROWS) rows += this.locate();
      s = next;
    }
    if (s >= end) return rows;
    // One pass over each line's bytes: the cells that matter are read as the line is scanned,
    // the digits of an item cell straight into m × 10^−d; LF (or CR LF) ends the line.
    const kinds = this.kinds;
    const n = kinds.length;
    const ms = this.ms;
    const ds = this.ds;
    const nds = this.nds;
    const width = this.width;
    const maxUnits = this.sums!.maxUnits;
    const maxDecimals = this.sums!.maxDecimals;
    while (s < end) {
      let i = s;
      let col = 0;
      let ok = true;
      let filled = false;
      let secA = 0;
      let secB = 0;
      let dateA = 0;
      let dateB = 0;
      let nameA = 0;
      let nameB = 0;
      let ch = 0;
      for (;;) {
        const kind = col < n ? kinds[col]! : SKIP;
        const a = i;
        if (kind >= 0) {
          let m = 0;
          let point = -1;
          for (;;) {
            ch = buf[i]!;
            if (ch >= 48 && ch <= 57) m = m * 10 + (ch - 48);
            else if (ch === 46 && point < 0) point = i;
            else break;
            i++;
          }
          if (ch === 44 || ch === 10 || ch === 13) {
            if (i === a) ms[kind] = -1;
            else {
              const d = point < 0 ? 0 : i - point - 1;
              const digits = point < 0 ? i - a : i - a - 1;
              ms[kind] = m;
              ds[kind] = d;
              nds[kind] = 0;
              if (digits === 0 || digits > PLAIN_MAX_DIGITS || d > maxDecimals[kind]! || m > maxUnits[kind]! * POW10[d]!) ok = false;
            }
          } else {
            while (ch !== 44 && ch !== 10 && ch !== 13) ch = buf[++i]!;
            if (!this.otherValue(buf, a, i, kind)) ok = false;
          }
        } else {
          for (;;) {
            ch = buf[i]!;
            if (ch === 44 || ch === 10 || ch === 13) break;
            i++;
          }
          if (kind === SECTION) {
            secA = a;
            secB = i;
          } else if (kind === DATE) {
            dateA = a;
            dateB = i;
          } else if (kind === NAME) {
            nameA = a;
            nameB = i;
          } else if (kind === MUST_BE_BLANK && !blankCell(buf, a, i)) ok = false;
        }
        if (!filled && i > a) {
          // BodyFilter: a row whose first filled cell starts with a footer word (合计, 注 …, all CJK) is not data.
          let j = a;
          while (j < i && isBlank(buf[j]!)) j++;
          if (j < i) {
            filled = true;
            if (buf[j]! >= 0x80) ok = false;
          }
        }
        if (ch !== 44) break;
        i++;
        col++;
      }
      const next = this.lineEnd(buf, i, end);
      if (next < 0) return -1;
      if (col === 0 || col + 1 < width)
        rows += this.general(buf, s, i); // a blank line or a short row (W_ROW_SHORT)
      else if (ok && this.add(buf, secA, secB, dateA, dateB, nameA, nameB)) {
        this.plainRows++;
        rows++;
      } else rows += this.general(buf, s, i);
      this.line++;
      s = next;
    }
    return rows;
  }

  /** Where the line ending at buf[e] (LF, CR LF, or the caller's LF at `end`) is followed; -1 to refuse the file. */
  private lineEnd(buf: Buffer, e: number, end: number): number {
    if (e >= end) return end;
    if (buf[e] === 13) {
      // CR only as the first half of CR LF, in a file whose lines all end so.
      if (e + 1 >= end || buf[e + 1] !== 10 || this.crlf === false) return -1;
      this.crlf = true;
      return e + 2;
    }
    if (this.crlf === true) return -1;
    this.crlf = false;
    return e + 1;
  }

  /**
   * An item cell with more than digits and a point: blanks around a plain value, or a detection
   * limit written `0.01L` or `<0.01`. Sets the column's value; false when it is none of these.
   */
  private otherValue(buf: Buffer, a: number, b: number, k: number): boolean {
    while (a < b && isBlank(buf[a]!)) a++;
    while (b > a && isBlank(buf[b - 1]!)) b--;
    if (a === b) {
      this.ms[k] = -1;
      return true;
    }
    let nd = 0;
    if (buf[a] === 60) {
      nd = 1;
      a++;
    } else if (buf[b - 1] === 76 || buf[b - 1] === 108) {
      nd = 1;
      b--;
    }
    let m = 0;
    let digits = 0;
    let dec = -1;
    for (let i = a; i < b; i++) {
      const ch = buf[i]!;
      if (ch >= 48 && ch <= 57) {
        m = m * 10 + (ch - 48);
        digits++;
        if (dec >= 0) dec++;
      } else if (ch === 46 && dec < 0) dec = 0;
      else return false;
    }
    const d = Math.max(dec, 0);
    const sums = this.sums!;
    if (digits === 0 || digits > PLAIN_MAX_DIGITS || d > sums.maxDecimals[k]! || m > sums.maxUnits[k]! * POW10[d]!) return false;
    this.ms[k] = m;
    this.ds[k] = d;
    this.nds[k] = nd;
    return true;
  }

  /** False when the file had no header, or the aggregator refuses it. */
  finish(): boolean {
    if (!this.index) {
      // A file of at most HEADER_SCAN_ROWS rows: the header is looked for among them all.
      if (!this.head.length) return false;
      try {
        this.locate();
      } catch (e) {
        if (e instanceof FileRefused) return false;
        throw e;
      }
    }
    this.agg.countRows(this.plainRows);
    return true;
  }

  /**
   * Add a plain row, whose item values are in ms/ds/nds, if it can be summed as it stands (and
   * only then); true when it was.
   */
  private add(buf: Buffer, secA: number, secB: number, dateA: number, dateB: number, nameA: number, nameB: number): boolean {
    // 断面编码
    const section = this.sections.id(buf, secA, secB);
    if (section === this.sectionText.length) this.sectionText.push(this.sectionOf(buf, secA, secB));
    const sectionText = this.sectionText[section];
    if (sectionText === null || sectionText === undefined) return false;
    // 采样日期
    while (dateA < dateB && isBlank(buf[dateA]!)) dateA++;
    while (dateB > dateA && isBlank(buf[dateB - 1]!)) dateB--;
    const monthKey = this.monthOfDate(buf, dateA, dateB);
    if (monthKey < 0) return false;
    let groups = this.lastGroups;
    if (monthKey !== this.lastMonth) {
      groups = this.months.get(monthKey) ?? [];
      this.months.set(monthKey, groups);
      this.lastMonth = monthKey;
      this.lastGroups = groups;
    }
    const sums = this.sums!;
    let g = groups[section];
    if (g === undefined) {
      g = groups[section] = sums.newGroup();
      this.groupOf[g] = this.agg.linkPlain(sectionText, this.monthString(monthKey), this.line, sums, g);
    }
    // The first 断面名称 given for a section-month is kept: that row goes to addRow.
    if (this.nameCol >= 0 && this.groupOf[g]!.name === '' && !blankCell(buf, nameA, nameB)) return false;
    return sums.addRow(g, this.ms, this.ds, this.nds);
  }

  /**
   * monthOfDateBytes, once per date: rows come sorted by time, so most have the date of the row
   * before. A date with the same bytes as the last one read, up to where that one's day ended,
   * and then its end, a space or a T, reads the same (monthOfDateBytes stops there too).
   */
  private monthOfDate(buf: Buffer, a: number, b: number): number {
    const p = this.lastDate.length;
    if (p && b - a >= p && (b - a === p || buf[a + p] === 32 || buf[a + p] === 84)) {
      const last = this.lastDate;
      let i = 0;
      while (i < p && buf[a + i] === last[i]) i++;
      if (i === p) return this.lastDateMonth;
    }
    const key = monthOfDateBytes(buf, a, b);
    if (key >= 0) {
      let e = a + 8; // the day's end: after YYYY, a separator, the month, a separator and one or two digits
      while (e < b && buf[e] !== 32 && buf[e] !== 84) e++;
      this.lastDate = Buffer.from(buf.subarray(a, e));
      this.lastDateMonth = key;
    }
    return key;
  }

  /** A row as the general reader sees it: the line's text split at commas, to addRow. */
  private general(buf: Buffer, s: number, e: number): number {
    return this.generalRow(this.line, this.cellsOf(buf, s, e));
  }

  /** A row's cells as the general reader has them: blank rows and footers dropped (BodyFilter), the rest to addRow. */
  private generalRow(row: number, cells: string[]): number {
    if (!this.filter!.isData(row, cells)) return 0;
    this.agg.addRow(makeRow(row, cells, this.index!, this.width));
    return 1;
  }

  private cellsOf(buf: Buffer, s: number, e: number): string[] {
    return this.text.decode(buf.subarray(s, e)).split(',');
  }

  /**
   * Find the header in the rows read so far (locateHeader, as the general reader). Refused: no
   * usable header, no 采样日期, a column whose unit needs converting, or a file the aggregator
   * will not classify. The rows after the header read so far go the general way. Returns them counted.
   */
  private locate(): number {
    const { located, problems } = locateHeader(this.head, this.headRows, CLASSIFY_COLUMNS, '水质文件', this.display);
    if (!located || problems.length || located.layout.units.some((u) => u.factor !== undefined)) throw new FileRefused();
    const m = located.match;
    if (!m.index.has('sample_date')) throw new FileRefused();
    if (!this.agg.beginFile(this.display, (k) => m.index.has(k))) throw new FileRefused();
    const n = Math.max(...m.index.values()) + 1;
    const items = ALL_ITEMS.filter((k) => m.index.has(k));
    const kinds = new Int32Array(n).fill(SKIP);
    items.forEach((k, c) => (kinds[m.index.get(k)!] = c));
    for (const k of ['month', 'class', 'status']) if (m.index.has(k)) kinds[m.index.get(k)!] = MUST_BE_BLANK;
    if (m.index.has('section_name')) kinds[m.index.get('section_name')!] = NAME;
    kinds[m.index.get('sample_date')!] = DATE;
    kinds[m.index.get('section_id')!] = SECTION;
    this.kinds = kinds;
    this.sums = new ScaledSums(items, this.agg.waterbody);
    this.ms = new Float64Array(items.length);
    this.ds = new Int32Array(items.length);
    this.nds = new Uint8Array(items.length);
    this.nameCol = m.index.get('section_name') ?? -1;
    this.width = located.layout.headerCells.length;
    this.filter = new BodyFilter(located.layout.skipped);
    this.index = m.index;
    let rows = 0;
    for (let i = located.bodyStart; i < this.head.length; i++) rows += this.generalRow(this.headRows[i]!, this.head[i]!);
    this.head = [];
    this.headRows = [];
    return rows;
  }

  /** A section's text as the general reader reads it (decoded, trimmed); null when empty. */
  private sectionOf(buf: Buffer, a: number, b: number): string | null {
    const t = this.text.decode(buf.subarray(a, b)).trim();
    return t === '' ? null : t;
  }

  private monthString(key: number): string {
    let t = this.monthText.get(key);
    if (t === undefined) {
      const y = Math.floor(key / 100);
      t = `${y}-${String(key - y * 100).padStart(2, '0')}`;
      this.monthText.set(key, t);
    }
    return t;
  }
}

/** ASCII blanks String.prototype.trim removes (CR and LF cannot be inside a cell here). */
const isBlank = (b: number): boolean => b === 0x20 || b === 0x09 || b === 0x0b || b === 0x0c;

/** Whether buf[a, b) is empty after trimming (non-ASCII bytes count as not blank). */
function blankCell(buf: Buffer, a: number, b: number): boolean {
  for (let i = a; i < b; i++) if (!isBlank(buf[i]!)) return false;
  return true;
}

/**
 * The month (year × 100 + month) of a date written `YYYY-MM-DD`, `YYYY/M/D` or `YYYY.MM.DD`,
 * alone or followed by a space or `T` and anything: the subset of monthOfDate's forms that needs
 * no normalising, with the same checks (real day, 1980–2100). -1 otherwise (the general reader
 * then reads the row).
 */
function monthOfDateBytes(buf: Buffer, a: number, b: number): number {
  if (b - a < 8) return -1;
  let y = 0;
  for (let i = a; i < a + 4; i++) {
    const c = buf[i]! - 48;
    if (c < 0 || c > 9) return -1;
    y = y * 10 + c;
  }
  let i = a + 4;
  const sep1 = buf[i++]!;
  if (sep1 !== 45 && sep1 !== 47 && sep1 !== 46) return -1;
  let mo = 0;
  let nd = 0;
  while (i < b && buf[i]! >= 48 && buf[i]! <= 57 && nd < 2) {
    mo = mo * 10 + buf[i++]! - 48;
    nd++;
  }
  if (nd === 0 || i >= b) return -1;
  const sep2 = buf[i++]!;
  if (sep2 !== 45 && sep2 !== 47 && sep2 !== 46) return -1;
  let day = 0;
  nd = 0;
  while (i < b && buf[i]! >= 48 && buf[i]! <= 57 && nd < 2) {
    day = day * 10 + buf[i++]! - 48;
    nd++;
  }
  if (nd === 0) return -1;
  if (i < b && buf[i] !== 32 && buf[i] !== 84) return -1;
  if (mo < 1 || mo > 12 || day < 1 || day > DAYS[mo]! || y < 1980 || y > 2100) return -1;
  if (mo === 2 && day === 29 && !(y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0))) return -1;
  return y * 100 + mo;
}
