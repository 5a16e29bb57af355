/**
 * What was read, as plain data both the readers (io) and the documents (report) describe: each
 * input file, and how its table was found (header row, title and unit lines, skipped rows, units).
 */
/** One input file as the provenance sheet lists it. */
export interface InputFile {
  /** Path as shown to the user (relative, forward slashes). */
  path: string;
  role: string;
  sha256: string;
  bytes: number;
  encoding?: string | undefined;
  /** What was read from where beyond the columns (month from the file name, sections by name …). */
  notes?: [string, string][] | undefined;
  /** How the table was read (header row, title lines, skipped rows, units), for the 来源 sheet. */
  layout?: TableLayout | undefined;
}

/** How a table was read, for the 来源 sheet. */
export interface TableLayout {
  /** Excel row numbers of the header: one row, or a parent row and its children's row. */
  headerRows: number[];
  /** Rows above the header that hold anything (titles, unit lines), with their text. */
  titleLines: TextLine[];
  /** Units given by unit lines above the header. */
  unitLines: { row: number; units: string[] }[];
  /** Rows after the header that hold something but are not data (totals, footnotes), with their text. */
  skipped: TextLine[];
  /** The unit of every matched money or measure column: as expected, or converted. */
  units: ColumnUnit[];
  /** The header cells as read (a two-row header's children in place of their parent), by column index. */
  headerCells: string[];
}

export interface TextLine {
  /** Excel row number. */
  row: number;
  /** The row's text: its non-empty cells, a merged cell once, joined by a space. */
  text: string;
}

/** A money or measure column's unit as the file gives it. */
export interface ColumnUnit {
  key: string;
  /** The header as written. */
  header: string;
  /** The column's own unit (data.md). */
  expected: string;
  /** The unit the file's values are in, read in the column's period (元 over 一类标准 is 元/月). */
  found: string;
  /** Where the unit was written; `implied` when nowhere (the column's own unit). */
  source: 'header' | 'parent' | 'unit line' | 'implied';
  /** Values are multiplied by this (exact decimal) to be in `expected`; absent when they already are. */
  factor?: string;
}

/** A column of an input table as the readers match it (io/headers.ts): its key, header, aliases and unit. */
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
