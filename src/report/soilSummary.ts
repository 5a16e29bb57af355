import type { SoilResult } from '../domain/soil/compute.js';
import { fmt } from '../domain/soil/num.js';
import { soilReportTitle } from './soilWorkbook.js';
import { tone, type Line, type Span } from './terminalText.js';

const statusSpan = (s: string): Span => (s === '已达标' ? tone('green', s) : s === '滞后' ? tone('yellow', s) : s === '倒退' ? tone('red', s) : s);

/** What `progress` says on the terminal above its problem list: districts by status, the city and the three regions (S1–S6). */
export function soilSummary(r: SoilResult, isSample: boolean): Line[] {
  const lines: Line[] = [];
  const count = (s: string): number => r.districts.filter((d) => d.status === s).length;
  lines.push([tone('bold', soilReportTitle(r.year, isSample))]);
  const parts: Span[] = [
    '已达标 ',
    tone('green', String(count('已达标'))),
    '，进度正常 ',
    tone('cyan', String(count('进度正常'))),
    '，滞后 ',
    tone('yellow', String(count('滞后'))),
    '，倒退 ',
    tone('red', String(count('倒退'))),
  ];
  const unknown = count('缺报') + count('待核实');
  if (unknown) parts.push(`，缺报或待核实 ${unknown}`);
  lines.push([`区县 ${r.districts.length} 个：`, ...parts]);
  const city = r.city;
  const published = r.indicators.find((i) => i.attribute === '约束性' && i.unit === '%')?.published;
  const plan = `基期 ${fmt(city.path.base, 2)}% → ${city.path.targetYear}年目标 ${fmt(city.path.target, 2)}%${published ? `（规划公布 ${published.base.toString()}% → ${published.target.toString()}%）` : ''}`;
  if (city.value === undefined) {
    lines.push(`全市水土保持率：缺 ${city.missing.join('、')} 的数据，未计算；${plan}`);
  } else {
    lines.push([`全市水土保持率 ${fmt(city.value, 2)}%（按土地面积加权）；${plan}；进度 ${fmt(city.progress!, 1)}%，`, statusSpan(city.status)]);
  }
  for (const a of r.regions) {
    lines.push(
      `  ${a.name} ${a.value === undefined ? '—' : `${fmt(a.value, 2)}%`}（${fmt(a.path.base, 2)}% → 目标 ${fmt(a.path.target, 2)}%${a.progress ? `，进度 ${fmt(a.progress, 1)}%` : ''}，${a.status}）`,
    );
  }
  return lines;
}

/** The note under the summary when the shipped plan tables disagree with themselves. */
export function referenceNote(r: SoilResult): Line | undefined {
  return r.referenceNotes.length
    ? [tone('dim', `另：随工具提供的规划表自身有 ${r.referenceNotes.length} 处印刷不一致（照原样使用，不是报送数据的问题），见工作簿「规划表说明」`)]
    : undefined;
}
