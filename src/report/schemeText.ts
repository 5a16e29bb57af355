import { classLabel } from '../domain/classes.js';
import { ITEMS } from '../domain/gb3838/index.js';
import { fmtPercent, yuanToWan, type Money } from '../domain/money.js';
import { versionAt, type PairwiseVersion, type PoolVersion, type Scheme, type VersionBase } from '../domain/scheme.js';
import { monthsOfYear, type Month } from '../domain/types.js';

/**
 * `ecocomp scheme`: the scheme in force, in Chinese, for a clerk to check against the document —
 * each version's terms, then (with a year) the version in force month by month. Text only.
 */
export function describeScheme(scheme: Scheme, year?: number): string[] {
  const out: string[] = [];
  out.push(`方案：${scheme.name}`);
  out.push(
    `编号：${scheme.id}　类型：${scheme.kind === 'pooled-fund' ? '资金池（共同出资、按比例分配、按年考核）' : scheme.sections.length ? '跨省断面两两补偿（方案声明主体和断面）' : '市内流域两两补偿（按考核目标定基准，R2）'}`,
  );
  out.push(`文件：${scheme.file}　SHA-256 ${scheme.sha256}`);
  if (scheme.note) out.push(`说明：${scheme.note}`);
  if (scheme.until) out.push(`方案止于：${scheme.until}`);
  if (scheme.parties.length) {
    out.push('补偿主体：');
    for (const p of scheme.parties) out.push(`  ${p.name}${p.members.length ? `（${p.members.join('、')}）` : ''}`);
  }
  if (scheme.kind === 'pairwise-class' && scheme.sections.length) {
    out.push('补偿断面：');
    for (const s of scheme.sections)
      out.push(
        `  ${s.id} ${s.name}（${scheme.rivers.find((r) => r.id === s.riverId)?.name ?? s.riverId}，${s.kind}）：上游 ${s.upstream}，下游 ${s.downstream}`,
      );
  }
  if (scheme.kind === 'pooled-fund') {
    out.push('考核断面：');
    for (const s of scheme.sections)
      out.push(
        `  ${s.id} ${s.name}：${s.party}，目标 ${classLabel(s.target)} 类；不达标时份额归 ${s.failShareTo.map((w) => `${w.party}（${w.weight}）`).join('、')}`,
      );
  }
  out.push('版本：');
  for (const v of scheme.versions as (PairwiseVersion | PoolVersion)[]) {
    out.push(`  ${v.label}　自 ${v.from} 起${v.note ? `（${v.note}）` : ''}`);
    for (const line of scheme.kind === 'pooled-fund' ? poolTerms(v as PoolVersion) : pairTerms(v as PairwiseVersion, scheme.sections.length === 0))
      out.push(`    ${line}`);
  }
  if (year !== undefined) {
    out.push(`${year} 年各月适用的版本：`);
    for (const m of monthsOfYear(year)) out.push(`  ${m}　${versionAt<VersionBase>(scheme, m as Month)?.label ?? '（无有效版本：该月不能结算）'}`);
  }
  return out;
}

const wan = (m: Money): string => `${yuanToWan(m).toString()} 万元`;

function pairTerms(v: PairwiseVersion, city: boolean): string[] {
  const lines = [
    v.benchmark !== undefined ? `补偿基准：固定为 ${classLabel(v.benchmark)} 类` : '补偿基准：断面当年考核目标（R2）',
    v.floorOne.equals(v.floorTwo)
      ? `补偿金额：每月 ${wan(v.floorOne)}`
      : `补偿标准（下限）：相差一个类别每月 ${wan(v.floorOne)}，两个及以上类别每月 ${wan(v.floorTwo)}${city ? '（协议可约定更高；低于下限的协议自本版本起按下限结算）' : ''}`,
    `优于基准时：${v.betterNeedsAtLeast === undefined ? '不论实测类别，下游补偿上游' : `实测须达到 ${classLabel(v.betterNeedsAtLeast)} 类或更好，下游才补偿上游`}`,
    `与基准持平：${v.equalPays ? '下游补偿上游（一类标准金额）' : '不补偿'}`,
  ];
  if (city) lines.push(`未签协议：每个区县每条河流每月缴纳流域补偿基金 ${wan(v.unsignedFundPerMonth)}（R8）`);
  lines.push(`不履行补偿义务：未付余额加收罚息 ${fmtPercent(v.penaltyRate)}（R10）`);
  if (v.quantity) {
    lines.push(
      `水量因素：月均流量低于最小生态流量时，上游补偿下游每月 ${wan(v.quantity.amount)}；最小生态流量 ${[...v.quantity.minFlows].map(([id, f]) => `${id} ${f} m³/s`).join('，')}`,
    );
  }
  return lines;
}

function poolTerms(v: PoolVersion): string[] {
  return [
    `资金池：每年 ${wan(v.total)}`,
    `出资比例：${v.contributions.map((w) => `${w.party} ${w.weight}`).join(' : ')}`,
    `分配比例：${v.allocation.map((w) => `${w.party} ${w.weight}`).join(' : ')}`,
    `考核项目（年均值，GB 3838-2002 单因子评价）：${v.items.map((k) => ITEMS[k].name).join('、')}`,
    `不履行补偿义务：罚息 ${fmtPercent(v.penaltyRate)}`,
  ];
}
