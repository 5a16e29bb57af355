import type { InputFile } from '../domain/inputs.js';
import type { TableLayout } from '../domain/inputs.js';
import { RULES_VERSION, TOOL_VERSION } from '../version.js';
import type { SheetModel } from './model.js';

/**
 * 来源 sheet: tool version, rules version, parameters, each input file with its SHA-256, and —
 * for the files not in the canonical layout — how each was read (header row, title lines, rows
 * that were not data, unit conversions), so nothing inferred is silent (data.md).
 */
export function provenanceSheet(inputs: readonly InputFile[], parameters: readonly [string, string][]): SheetModel {
  const sorted = [...inputs].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const rows: (string | number)[][] = [
    ['工具', `ecocomp ${TOOL_VERSION}`, '', ''],
    ['规则版本', RULES_VERSION, '', ''],
    ...parameters.map(([k, v]) => [`参数 ${k}`, v, '', '']),
    ['', '', '', ''],
    ['输入文件', '用途', '字节数', 'SHA-256'],
    ...sorted.map((f) => [f.path, f.encoding ? `${f.role}（${f.encoding}）` : f.role, f.bytes, f.sha256]),
  ];
  const notes = sorted.flatMap((f) => [...readingFacts(f.layout), ...(f.notes ?? [])].map(([what, detail]) => [f.path, what, '', detail]));
  if (notes.length) rows.push(['', '', '', ''], ['读取说明', '项目', '', '内容'], ...notes);
  return {
    name: '来源',
    title: '数据来源与运行参数',
    columns: [
      { header: '项目', width: 36 },
      { header: '内容', width: 40 },
      { header: '', width: 12, format: 'int' },
      { header: '', width: 70 },
    ],
    rows,
    noFilter: true,
  };
}

/** One terminal line per input file that was not in the canonical layout (header row, skipped rows, conversions, month or source from the file). */
export function readingNotes(inputs: readonly InputFile[]): string[] {
  return [...inputs]
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
    .flatMap((f) => {
      const facts = [...readingFacts(f.layout, 3), ...(f.notes ?? [])];
      return facts.length ? [`读取 ${f.path}：${facts.map(([what, detail]) => `${NOTE_LEAD[what] ?? `${what}：`}${detail}`).join('；')}`] : [];
    });
}

// How each fact begins on the terminal line.
const NOTE_LEAD: Record<string, string> = { 表头: '表头在', 单位: '', 未作数据的行: '未作数据：' };

const clip = (text: string, n = 30): string => (text.length > n ? `${text.slice(0, n)}…` : text);

const rowsText = (lines: readonly { row: number; text: string }[], max: number): string => {
  const shown = lines.slice(0, max).map((l) => `第 ${l.row} 行「${clip(l.text)}」`);
  return shown.join('、') + (lines.length > max ? ` 等 ${lines.length} 行` : '');
};

/**
 * What is worth saying about how a table was read, as [what, detail] pairs; nothing for a
 * table with its header on its first row, no title lines, nothing skipped and no conversion.
 */
function readingFacts(layout: TableLayout | undefined, maxLines = 20): [string, string][] {
  if (!layout) return [];
  const out: [string, string][] = [];
  const [first, second] = layout.headerRows;
  if (layout.titleLines.length || second !== undefined) {
    const header = second === undefined ? `第 ${first} 行` : `第 ${first}–${second} 行（两行表头，下行为列名）`;
    const above = layout.titleLines.length ? `；其上为标题行：${rowsText(layout.titleLines, maxLines)}` : '';
    out.push(['表头', `${header}${above}`]);
  }
  for (const u of layout.units) {
    if (u.factor === undefined && u.source !== 'unit line' && u.source !== 'parent') continue;
    const from = u.source === 'unit line' ? '单位行' : u.source === 'parent' ? '上方表头' : '表头';
    const how = u.factor === undefined ? `按${u.expected}读入` : `按${u.found}读入，换算为${u.expected}（× ${u.factor}）`;
    out.push(['单位', `「${u.header}」：${from}给出 ${u.found}，${how}`]);
  }
  if (layout.skipped.length) out.push(['未作数据的行', rowsText(layout.skipped, maxLines)]);
  return out;
}
