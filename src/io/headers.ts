/**
 * Header matching (data.md): after trimming, folding full-width to half-width, and dropping a
 * unit in brackets, so `一类标准（万元/月）` matches `一类标准`. English aliases are accepted,
 * case-insensitively. Extra columns are kept and ignored.
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
}

export interface TableSpec {
  /** Chinese table name, e.g. 断面. */
  title: string;
  /** Sheet names that hold this table in a workbook (else the first sheet). */
  sheetNames: readonly string[];
  columns: readonly ColumnSpec[];
}

export function normalizeHeader(text: string): string {
  let t = text.normalize('NFKC').trim();
  // A unit in brackets at the end: (万元/月), [mg/L], 【%】.
  t = t.replace(/\s*[([【][^()[\]【】]*[)\]】]\s*$/u, '');
  return t.replace(/\s+/g, '').toLowerCase();
}

export interface HeaderMatch {
  /** key → column index */
  index: Map<string, number>;
  /** key → the header text as written in the file */
  written: Map<string, string>;
  missing: ColumnSpec[];
  duplicate: { spec: ColumnSpec; header: string }[];
}

export function matchHeaders(headerCells: readonly string[], columns: readonly ColumnSpec[]): HeaderMatch {
  const byName = new Map<string, ColumnSpec>();
  for (const c of columns) {
    byName.set(normalizeHeader(c.header), c);
    byName.set(normalizeHeader(c.key), c);
    for (const a of c.aliases ?? []) byName.set(normalizeHeader(a), c);
  }
  const index = new Map<string, number>();
  const written = new Map<string, string>();
  const duplicate: { spec: ColumnSpec; header: string }[] = [];
  headerCells.forEach((cell, i) => {
    const spec = byName.get(normalizeHeader(cell));
    if (!spec) return;
    if (index.has(spec.key)) {
      duplicate.push({ spec, header: cell });
      return;
    }
    index.set(spec.key, i);
    written.set(spec.key, cell.trim());
  });
  const missing = columns.filter(
    (c) => c.required && !index.has(c.key) && !(c.orKeys ?? []).some((k) => index.has(k)) && !(c.orHeader && headerCells.some((h) => c.orHeader!(h))),
  );
  return { index, written, missing, duplicate };
}
