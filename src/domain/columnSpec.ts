/**
 * What a table's column is called and how it is read: the one description of a column that both
 * sides share, the domain (which says which columns its tables have) and the readers in src/io
 * (which find them in a header, io/headers.ts). A type only: nothing runs here.
 */
export interface ColumnSpec {
  /** Key used in code. */
  key: string;
  /** Canonical Chinese header, used in every message. */
  header: string;
  aliases?: readonly string[];
  required?: boolean;
  /** A required column that may be left out when one of these is present (断面编码, or 断面名称). */
  orKeys?: readonly string[];
  /** A required column that a matrix's columns stand in for (`2024年`, `2025年` for 年度 and 目标类别). */
  orHeader?: (header: string) => boolean;
  /** The unit the column's values are in (a label from units.ts), for money and measure columns. */
  unit?: string;
  /** Values outside this range (in `unit`) are a warning naming the row: most likely a unit slip. */
  plausible?: { min?: string; max?: string; what: string };
}
