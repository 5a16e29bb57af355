import { classLabel, type WaterClass } from '../domain/classes.js';
import { Money, fmtYuan, sharesOfLargest, yuanToWan } from '../domain/money.js';
import { settlementTotals, type Settlement, type SettlementTotals } from '../domain/settlement.js';
import { groupDigits } from './terminalText.js';

/**
 * `settlement-Y.html`: the year on one page for a leader (outputs of `settle`). Self-contained:
 * inline CSS and SVG, no script, no network; prints on A4 landscape. Three parts: each river as
 * its chain of parties head to tail with the year's net transfers (R9) as arrows; the
 * sections-by-months class map in the W4 colours; each party's net position (R9) as a bar. The
 * amounts are the clearing's own; nothing here computes money (bar lengths are only a ratio).
 */
const CLASS_COLOUR: Record<string, string> = {
  Ⅰ: '#9DC3E6',
  Ⅱ: '#BDD7EE',
  Ⅲ: '#A9D08E',
  Ⅳ: '#FFE699',
  Ⅴ: '#F4B183',
  劣Ⅴ: '#FF7C80',
};

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const wan = (m: Money): string => groupDigits(yuanToWan(m).toFixed(2, Money.ROUND_HALF_UP));
const yuan = (m: Money): string => groupDigits(fmtYuan(m));

interface Chain {
  id: string;
  name: string;
  parties: string[];
  links: { from: string; to: string; amount?: Money | undefined; mode?: string | undefined }[];
  fund: { payer: string; amount: Money }[];
}

function chains(s: Settlement): Chain[] {
  return s.dataset.rivers.map((r) => {
    const secs = s.dataset.sections
      .filter((x) => x.riverId === r.id && x.compensation && x.upstream && x.downstream)
      .sort((a, b) => Number(a.km) - Number(b.km));
    const parties: string[] = [];
    for (const x of secs) {
      if (parties[parties.length - 1] !== x.upstream) parties.push(x.upstream!);
      parties.push(x.downstream!);
    }
    const comp = s.clearing.transfers.filter((t) => t.riverId === r.id && t.kind === 'compensation');
    const links = parties.slice(1).map((to, i) => {
      const from = parties[i]!;
      const t = comp.find((x) => (x.payer === from && x.payee === to) || (x.payer === to && x.payee === from));
      return t ? { from: t.payer, to: t.payee, amount: t.amount, mode: t.mode } : { from, to };
    });
    const fund = s.clearing.transfers.filter((t) => t.riverId === r.id && t.kind === 'fund').map((t) => ({ payer: t.payer, amount: t.amount }));
    return { id: r.id, name: r.name, parties, links, fund };
  });
}

const BOX_W = 124;
const GAP = 92;
const BOX_H = 34;

function chainSvg(c: Chain): string {
  const n = Math.max(c.parties.length, 1);
  const width = n * BOX_W + (n - 1) * GAP + 8;
  const height = BOX_H + 40;
  const x = (i: number): number => 4 + i * (BOX_W + GAP);
  const parts: string[] = [];
  c.parties.forEach((p, i) => {
    const city = p === '市级财政';
    parts.push(`<rect x="${x(i)}" y="26" width="${BOX_W}" height="${BOX_H}" rx="5" fill="${city ? '#EDEDED' : '#FFFFFF'}" stroke="#555"/>`);
    const label = p.length > 9 ? `${p.slice(0, 8)}…` : p;
    parts.push(`<text x="${x(i) + BOX_W / 2}" y="${26 + BOX_H / 2 + 5}" text-anchor="middle" font-size="13">${esc(label)}</text>`);
  });
  c.links.forEach((l, i) => {
    const x1 = x(i) + BOX_W + 4;
    const x2 = x(i + 1) - 4;
    const y = 26 + BOX_H / 2;
    if (!l.amount) {
      parts.push(`<line x1="${x1}" y1="${y}" x2="${x2}" y2="${y}" stroke="#BBB" stroke-dasharray="4 3"/>`);
      parts.push(`<text x="${(x1 + x2) / 2}" y="${y - 8}" text-anchor="middle" font-size="11" fill="#888">不补偿</text>`);
      return;
    }
    const right = l.from === c.parties[i];
    const [a, b] = right ? [x1, x2] : [x2, x1];
    const colour = l.mode && l.mode !== '资金' ? '#7B61A8' : '#1F5FA8';
    parts.push(
      `<line x1="${a}" y1="${y}" x2="${b}" y2="${y}" stroke="${colour}" stroke-width="3" marker-end="url(#arrow-${l.mode && l.mode !== '资金' ? 'n' : 'c'})"/>`,
    );
    parts.push(`<text x="${(x1 + x2) / 2}" y="${y - 9}" text-anchor="middle" font-size="12" font-weight="bold" fill="${colour}">${wan(l.amount)} 万元</text>`);
    if (l.mode && l.mode !== '资金')
      parts.push(`<text x="${(x1 + x2) / 2}" y="${y + 19}" text-anchor="middle" font-size="10" fill="${colour}">${esc(l.mode)}</text>`);
  });
  return `<svg class="chain" viewBox="0 0 ${width} ${height}" width="${Math.min(width, 1040)}" role="img" aria-label="${esc(c.name)}">${parts.join('')}</svg>`;
}

function classMap(s: Settlement): string {
  const rows: string[] = [];
  // Looked up once, not per cell: national data has thousands of sections (issue 13).
  const lineAt = new Map<string, (typeof s.accounting.lines)[number]>();
  for (const l of s.accounting.lines) if (!lineAt.has(`${l.sectionId} ${l.month}`)) lineAt.set(`${l.sectionId} ${l.month}`, l);
  const byRiver = new Map<string, typeof s.dataset.sections>();
  for (const x of s.dataset.sections) {
    if (!x.compensation) continue;
    const list = byRiver.get(x.riverId);
    if (list) list.push(x);
    else byRiver.set(x.riverId, [x]);
  }
  for (const r of s.dataset.rivers) {
    const secs = [...(byRiver.get(r.id) ?? [])].sort((a, b) => Number(a.km) - Number(b.km));
    secs.forEach((sec, i) => {
      const cells = s.months.map((m) => {
        const line = lineAt.get(`${sec.id} ${m}`);
        const cls: WaterClass | undefined = line?.measured;
        if (!cls) return `<td class="nd">${esc(line?.status && line.status !== '正常' ? line.status : '—')}</td>`;
        const label = classLabel(cls);
        return `<td style="background:${CLASS_COLOUR[label]}">${label}</td>`;
      });
      const river = i === 0 ? `<th class="river" rowspan="${secs.length}">${esc(r.name)}</th>` : '';
      rows.push(`<tr>${river}<th class="sec">${esc(sec.name)}</th>${cells.join('')}</tr>`);
    });
  }
  const head = s.months.map((m) => `<th>${Number(m.slice(5))}月</th>`).join('');
  return `<table class="map"><thead><tr><th>河流</th><th>断面</th>${head}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function positionBars(s: Settlement): string {
  const ps = [...s.clearing.positions].sort((a, b) => b.net.comparedTo(a.net) || (a.party < b.party ? -1 : 1));
  const shares = sharesOfLargest(ps.map((p) => p.net));
  const rows = ps.map((p, i) => {
    const share = shares[i]!;
    const bar = p.net.isNegative() ? `<div class="neg" style="width:${share}%"></div>` : `<div class="pos" style="width:${share}%"></div>`;
    return `<tr><th>${esc(p.party)}</th><td class="left">${p.net.isNegative() ? bar : ''}</td><td class="right">${p.net.isNegative() ? '' : bar}</td><td class="num">${p.net.isNegative() ? '' : '+'}${wan(p.net)}</td></tr>`;
  });
  return `<table class="bars"><thead><tr><th>主体</th><th class="left">净付出</th><th class="right">净收入</th><th class="num">净额（万元）</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

export function settlementHtml(s: Settlement, dataLabel: string, totals: SettlementTotals = settlementTotals(s)): string {
  const y = s.year;
  const { compensation: comp, fund } = totals;
  const rivers = chains(s)
    .map((c) => {
      const fundLine = c.fund.length ? `<p class="fund">流域补偿基金：${c.fund.map((f) => `${esc(f.payer)} ${wan(f.amount)} 万元`).join('，')}（R8）</p>` : '';
      return `<section class="river"><h3>${esc(c.name)}<span class="id">${esc(c.id)}</span></h3>${c.parties.length ? chainSvg(c) : '<p class="nd">无补偿断面</p>'}${fundLine}</section>`;
    })
    .join('');
  return `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>${y}年度流域横向生态保护补偿清算一览</title>
<style>
@page { size: A4 landscape; margin: 12mm; }
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "SimSun", sans-serif; color: #222; margin: 0 auto; max-width: 1080px; padding: 12px; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 17px; border-bottom: 2px solid #1F5FA8; padding-bottom: 3px; margin: 18px 0 8px; break-after: avoid; }
h3 { font-size: 14px; margin: 6px 0 2px; }
h3 .id { color: #888; font-weight: normal; font-size: 11px; margin-left: 8px; }
p.lead { margin: 2px 0; font-size: 13px; }
p.fund, p.note { font-size: 11px; color: #555; margin: 0 0 4px; }
section.river { break-inside: avoid; margin-bottom: 4px; }
svg.chain { display: block; max-width: 100%; height: auto; }
table { border-collapse: collapse; font-size: 11px; }
table.map { width: 100%; }
table.map th, table.map td { border: 1px solid #999; padding: 1px 3px; text-align: center; }
table.map th.river { background: #F2F2F2; }
table.map th.sec { text-align: left; font-weight: normal; white-space: nowrap; }
table.map tr { break-inside: avoid; }
td.nd, p.nd { color: #888; }
.legend span { display: inline-block; padding: 0 8px; margin-right: 4px; border: 1px solid #999; font-size: 11px; }
table.bars { width: 100%; }
table.bars th, table.bars td { padding: 2px 4px; border-bottom: 1px solid #EEE; }
table.bars th { text-align: left; font-weight: normal; white-space: nowrap; width: 12em; }
table.bars td.left, table.bars td.right { width: 38%; }
table.bars td.left { direction: rtl; }
table.bars td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
.pos, .neg { height: 12px; }
.pos { background: #4E9A47; }
.neg { background: #C0504D; }
.part { break-before: page; }
</style>
</head>
<body>
<svg width="0" height="0" style="position:absolute" aria-hidden="true"><defs>${['c:#1F5FA8', 'n:#7B61A8']
    .map((d) => d.split(':'))
    .map(
      ([id, colour]) =>
        `<marker id="arrow-${id}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="4" markerHeight="4" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="${colour}"/></marker>`,
    )
    .join('')}</defs></svg>
<h1>${y}年度流域横向生态保护补偿清算一览</h1>
<p class="lead">${esc(dataLabel)}</p>
<p class="lead">补偿划转 ${comp.count} 笔，合计 ${yuan(comp.amount)} 元（${wan(comp.amount)} 万元）；流域补偿基金 ${fund.count} 笔，合计 ${yuan(fund.amount)} 元（${wan(fund.amount)} 万元）。应付合计 = 应收合计 = ${yuan(s.clearing.totalPaid)} 元（R9）。</p>
<h2>各河流全年轧差划转（上游 → 下游，箭头由付款方指向收款方，R9）</h2>
${rivers}
<h2 class="part">各补偿断面逐月水质类别</h2>
<p class="legend">${Object.entries(CLASS_COLOUR)
    .map(([k, v]) => `<span style="background:${v}">${k}类</span>`)
    .join('')}　颜色依据《地表水环境质量评价办法（试行）》；“—”为无结果</p>
${classMap(s)}
<h2 class="part">各主体全年净头寸（R9）</h2>
<p class="note">净额 = 应收 − 应付；绿色为净收入，红色为净付出。数额与清算表「汇总」一致。</p>
${positionBars(s)}
</body>
</html>
`;
}
