import { ByteTable } from './byteTable.js';
import type { Parsed } from './fields.js';
import type { PlainBytes } from './plainCsvBytes.js';
import type { RawTable } from './readTable.js';

/**
 * A plain CSV line's cells parsed straight from the file's bytes (issue 13: the loader's
 * national quality files, half a million lines): each column's cells are interned by their
 * bytes, so each distinct cell is decoded, trimmed and parsed once, and a line costs a scan for
 * its commas and a look-up per column, with no string made.
 *
 * It gives exactly what the row reader gives — a column's cell as written and trimmed (Row.get
 * of a column read as written), and the field's parse of it — and only for a line it can take
 * whole: as many cells as the header, every field parsed fine. Any other line (short, long, a
 * field that fails) is left to the row reader, which reports it as always.
 */
export class PlainFields {
  /** After a `read` that returned true: per column asked for, in order, its field's value. */
  readonly values: unknown[];
  /** After a `read` that returned true: per column asked for, its cell trimmed ('' for a column the table has not). */
  readonly texts: string[];
  private readonly cells: (CellCache | undefined)[];
  private readonly columns: Int32Array;
  private readonly width: number;
  private readonly starts: Int32Array;
  /** A field fails on a column the table has not (a required one): every line goes to the row reader. */
  private readonly never: boolean;

  /**
   * `fields`: the columns to read, by key, each with its parser (the row schema's field, or
   * none for the text alone); `width`: the header's cell count.
   */
  constructor(
    private readonly bytes: PlainBytes,
    table: Pick<RawTable, 'columnOf'>,
    fields: readonly (readonly [string, ((text: string) => Parsed<unknown>) | undefined])[],
    width: number,
  ) {
    this.width = width;
    this.starts = new Int32Array(width + 1);
    this.columns = new Int32Array(fields.length);
    this.values = new Array<unknown>(fields.length);
    this.texts = new Array<string>(fields.length);
    let never = false;
    this.cells = fields.map(([key, parse], i) => {
      const col = table.columnOf(key);
      this.columns[i] = col ?? -1;
      if (col === undefined) {
        // Row.get of a column the table has not is ''.
        const r = parse ? parse('') : OK_TEXT('');
        this.texts[i] = '';
        this.values[i] = r.ok ? r.value : undefined;
        if (!r.ok) never = true;
        return undefined;
      }
      return new CellCache(bytes, parse);
    });
    this.never = never;
  }

  /** Read the line buf[a, b) into `values` and `texts`; false when the row reader must read it. */
  read(a: number, b: number): boolean {
    if (this.never) return false;
    const buf = this.bytes.buf;
    const starts = this.starts;
    const width = this.width;
    let c = 0;
    starts[0] = a;
    for (let i = a; i < b; i++) {
      if (buf[i] === 44) {
        if (++c === width) return false;
        starts[c] = i + 1;
      }
    }
    if (c !== width - 1) return false;
    starts[width] = b + 1;
    const cells = this.cells;
    for (let k = 0; k < cells.length; k++) {
      const cache = cells[k];
      if (cache === undefined) continue;
      const col = this.columns[k]!;
      const id = cache.id(starts[col]!, starts[col + 1]! - 1);
      if (!cache.ok[id]) return false;
      this.values[k] = cache.values[id];
      this.texts[k] = cache.texts[id]!;
    }
    return true;
  }
}

const OK_TEXT = (text: string): Parsed<string> => ({ ok: true, value: text });

/** One column's distinct cells: their trimmed texts and parses, by their bytes' number. */
class CellCache {
  readonly ok: boolean[] = [];
  readonly values: unknown[] = [];
  readonly texts: string[] = [];
  private readonly table = new ByteTable();
  private lastA = 0;
  private lastLen = -1;
  private lastId = -1;

  constructor(
    private readonly bytes: PlainBytes,
    private readonly parse: ((text: string) => Parsed<unknown>) | undefined,
  ) {}

  /** The number of the cell buf[a, b): the same as the column's last cell when its bytes are. */
  id(a: number, b: number): number {
    const buf = this.bytes.buf;
    const len = b - a;
    if (len === this.lastLen) {
      const last = this.lastA;
      let i = 0;
      while (i < len && buf[a + i] === buf[last + i]) i++;
      if (i === len) {
        this.lastA = a;
        return this.lastId;
      }
    }
    const fresh = this.table.size;
    const id = this.table.id(buf, a, b);
    if (id === fresh) {
      const text = this.bytes.text(a, b).trim();
      const r = this.parse ? this.parse(text) : OK_TEXT(text);
      this.texts.push(text);
      this.ok.push(r.ok);
      this.values.push(r.ok ? r.value : undefined);
    }
    this.lastA = a;
    this.lastLen = len;
    this.lastId = id;
    return id;
  }
}
