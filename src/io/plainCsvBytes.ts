import { isUtf8 } from 'node:buffer';
import type { Encoding } from './decode.js';

/**
 * A plain CSV (readTable's plainCsvGrid: no quote anywhere, one kind of line break) read as
 * bytes, for a reader that takes most lines without a string per cell (the loader's quality
 * files, issue 13). Its lines and cells are exactly those of the file's decoded text split at
 * breaks and commas, as the text reader has them: the same decoding (decode.ts decodeBytes'
 * detection, strict), the same records.
 *
 * UTF-8 is checked whole at once (isUtf8). GB18030 is checked where it is decoded — every cell
 * of every line is, once per distinct byte string — which is the whole file's check: commas
 * and line breaks are ASCII, and no byte below 0x30 is ever part of a GB18030 character, so a
 * file decodes strictly exactly when each of its cells does. A cell or line that does not
 * throws PlainRefused, as does a line break unlike the file's first; the caller then reads the
 * file as text, which reports it as always.
 */
export class PlainRefused extends Error {}

export interface PlainBytes {
  readonly encoding: Encoding;
  readonly buf: Buffer;
  /** buf[a, b) decoded (strictly; PlainRefused otherwise). */
  text(a: number, b: number): string;
  /** The line buf[a, b) split at commas, each cell trimmed (the text reader's record). */
  cells(a: number, b: number): string[];
  /**
   * Each line from row `from` (1-based) on, as buf[a, b) without its break; `f` returns false
   * to stop. PlainRefused at a line break unlike the first one.
   */
  lines(f: (a: number, b: number, row: number) => unknown, from?: number): void;
}

const BOM = [0xef, 0xbb, 0xbf];
// U+FEFF in GB18030: a file starting so is left to the text reader, which decodes it the same way.
const GB_BOM = [0x84, 0x31, 0x95, 0x33];

const startsWith = (buf: Buffer, at: number, bytes: readonly number[]): boolean => bytes.every((b, i) => buf[at + i] === b);

/**
 * The bytes as a plain CSV, or undefined when the text reader must read them: a quote, a
 * UTF-16 mark, a second BOM, or UTF-8 with a BOM that is not valid UTF-8.
 */
export function plainCsvBytes(buf: Buffer): PlainBytes | undefined {
  if (buf.indexOf(0x22) >= 0) return undefined;
  if (buf.length >= 2 && ((buf[0] === 0xff && buf[1] === 0xfe) || (buf[0] === 0xfe && buf[1] === 0xff))) return undefined;
  let start = 0;
  let encoding: Encoding;
  if (startsWith(buf, 0, BOM)) {
    start = 3;
    // A second mark stays in the decoded text, which the text reader leaves to csv-parse.
    if (startsWith(buf, 3, BOM) || !isUtf8(buf.subarray(3))) return undefined;
    encoding = 'utf-8-bom';
  } else if (isUtf8(buf)) encoding = 'utf-8';
  else {
    if (startsWith(buf, 0, GB_BOM)) return undefined;
    encoding = 'gb18030';
  }
  return new Plain(buf, start, encoding);
}

class Plain implements PlainBytes {
  private readonly decoder: InstanceType<typeof TextDecoder> | undefined;
  /** undefined until the first line break: then whether lines end in CR LF. */
  private crlf: boolean | undefined;

  constructor(
    readonly buf: Buffer,
    private readonly start: number,
    readonly encoding: Encoding,
  ) {
    this.decoder = encoding === 'gb18030' ? new TextDecoder('gb18030', { fatal: true, ignoreBOM: true }) : undefined;
  }

  text(a: number, b: number): string {
    if (this.decoder === undefined) return this.buf.toString('utf8', a, b);
    try {
      return this.decoder.decode(this.buf.subarray(a, b));
    } catch {
      throw new PlainRefused();
    }
  }

  cells(a: number, b: number): string[] {
    const record = this.text(a, b).split(',');
    for (let j = 0; j < record.length; j++) record[j] = record[j]!.trim();
    return record;
  }

  lines(f: (a: number, b: number, row: number) => unknown, from = 1): void {
    const buf = this.buf;
    const end = buf.length;
    let s = this.start;
    let cr13 = buf.indexOf(13, s);
    for (let row = 1; ; row++) {
      // A break at the very end closes the last record; it does not start another.
      if (s === end) return;
      let e = buf.indexOf(10, s);
      let next: number;
      if (e === -1) {
        e = end;
        next = end;
      } else next = e + 1;
      const cr = e > s && buf[e - 1] === 13;
      if (e < end) {
        if (this.crlf === undefined) this.crlf = cr;
        else if (this.crlf !== cr) throw new PlainRefused();
      }
      const b = cr && e < end ? e - 1 : e;
      // A CR anywhere else is a line break of another kind.
      if (cr13 !== -1 && cr13 < s) cr13 = buf.indexOf(13, s);
      if (cr13 !== -1 && cr13 < b) throw new PlainRefused();
      if (row >= from && f(s, b, row) === false) return;
      if (e === end) return;
      s = next;
    }
  }
}
