import { classLabel } from '../domain/classes.js';
import type { ClassifiedRow } from '../domain/gb3838/index.js';
import { monthSpan } from './classifiedWorkbook.js';
import { NO_VALUE_STATUS, type ReadingRow } from './readingsWorkbook.js';
import { tone, type Line } from './terminalText.js';

/** What `classify` says once its files are written: the section-months classed, and where the stated class disagrees. */
export function classifiedSummary(rows: readonly ClassifiedRow[], rowsRead: number, waterbodyText: string, csvName: string): Line[] {
  const lines: Line[] = [];
  const sections = new Set(rows.map((r) => r.section)).size;
  const [first, last] = monthSpan(rows);
  const period = first === last ? first : `${first} 至 ${last}`;
  lines.push([tone('bold', '已核定'), ` ${rows.length} 条断面·月（${sections} 个断面，${period}，${waterbodyText}；读入 ${rowsRead} 行）。`]);
  const stated = rows.filter((r) => r.agrees !== undefined);
  const bad = stated.filter((r) => r.agrees === false);
  const unstated = rows.length - stated.length;
  lines.push(agreementLine('填报类别与浓度核定', stated.length - bad.length, bad.length, unstated));
  for (const r of bad.slice(0, 30)) {
    const pollut = r.mainPollutants ? `；主要污染指标：${r.mainPollutants}` : '';
    lines.push(
      `  ${r.section} ${r.month}：填报 ${r.stated.map(classLabel).join('、')}，核定 ${classLabel(r.cls!)}（定类项目：${r.deciding.join('、')}${pollut}）`,
    );
  }
  if (bad.length > 30) lines.push(`  ……另有 ${bad.length - 30} 条，见 ${csvName} 的“是否一致”列`);
  return lines;
}

/** What `classify --each` says for one national export (W5). */
export function readingsSummary(
  e: { file: string; headerRow: number; yearFrom?: string | undefined },
  rows: readonly ReadingRow[],
  waterbodyText: string,
  stem: string,
): Line[] {
  const lines: Line[] = [];
  const empty = rows.filter((r) => r.status === NO_VALUE_STATUS).length;
  const stated = rows.filter((r) => r.agrees !== undefined);
  const bad = stated.filter((r) => r.agrees === false);
  const dates = rows.map((r) => r.date).sort();
  lines.push([
    tone('bold', '已核定'),
    ` ${e.file}：${rows.length} 条读数（${new Set(rows.map((r) => r.site)).size} 个断面，${dates[0]} 至 ${dates[dates.length - 1]}，表头第${e.headerRow}行，年份取自${e.yearFrom}；${waterbodyText}），其中无监测值 ${empty} 条（不定类）。`,
  ]);
  lines.push(agreementLine('填报类别与逐次核定', stated.length - bad.length, bad.length, rows.length - stated.length));
  for (const r of bad.slice(0, 30)) lines.push(`  ${disagreementLine(r)}`);
  if (bad.length > 30) lines.push(`  ……另有 ${bad.length - 30} 条，见 classified-each-${stem}.csv 的“是否一致”列`);
  return lines;
}

function agreementLine(what: string, same: number, differ: number, unchecked: number): Line {
  return [`${what}：一致 ${same} 条，`, differ ? tone('red', `不一致 ${differ} 条`) : '不一致 0 条', `，未填报或无法核对 ${unchecked} 条。`];
}

/** One line for a reading whose class differs from the system's. */
function disagreementLine(r: ReadingRow): string {
  const pollut = r.mainPollutants ? `；主要污染指标：${r.mainPollutants}` : '';
  return `第${r.row}行 ${r.site} ${r.date}：填报 ${classLabel(r.stated!)}，核定 ${classLabel(r.cls!)}（定类项目：${r.deciding.join('、')}${pollut}）`;
}
