import { fmtYuan } from '../domain/money.js';
import { otherTotal, type Settlement, type SettlementTotals } from '../domain/settlement.js';
import { fmtAmount, tone, type Line } from './terminalText.js';

/** What `settle` says on the terminal once its files are written; every amount comes from the domain's totals. */
export function settlementSummary(s: Settlement, totals: SettlementTotals): Line[] {
  const lines: Line[] = [];
  const warnings = s.problems.filter((p) => p.severity === 'warning').length;
  lines.push([tone('bold', `${s.year}年度清算完成`)]);
  const unsigned = totals.sectionMonths - totals.settledMonths;
  lines.push(`  河流 ${s.dataset.rivers.length} 条，补偿断面月 ${totals.sectionMonths} 个（结算 ${totals.settledMonths} 个，未签协议不结算 ${unsigned} 个）`);
  lines.push(`  补偿划转 ${totals.compensation.count} 笔，合计 ${fmtAmount(totals.compensation.amount)}`);
  lines.push(`  流域补偿基金 ${totals.fund.count} 笔，合计 ${fmtAmount(totals.fund.amount)}`);
  // Reached only when Σ paid = Σ received to the fen (R9; otherwise exit 4), so one amount says it.
  lines.push(`  平衡校验（R9）：应付合计 = 应收合计 = ${fmtAmount(totals.totalPaid)}`);
  const e = totals.enforcement;
  if (e) lines.push(`  强制收扣（R10，截止 ${s.deadline}）：${e.unpaidCount} 笔未付清，收扣合计 ${fmtAmount(e.forced)}，含罚息 ${fmtAmount(e.penalty)}`);
  for (const x of s.others) {
    if (x.kind === 'cross-province') {
      const t = otherTotal(x);
      lines.push(`  跨省方案 ${x.scheme.name}：补偿划转 ${t.count} 笔，合计 ${fmtYuan(t.amount)} 元`);
    } else {
      lines.push(`  资金池 ${x.scheme.name}：${x.result.parties.map((p) => `${p.party} 净额 ${fmtYuan(p.net)} 元`).join('，')}`);
    }
  }
  if (s.yearEnd) {
    const y = s.yearEnd;
    lines.push(
      y.issuedMonths.length
        ? `  月度与年度差异：已发月报 ${y.issuedMonths.length} 个月，结果不同的断面月 ${y.revisions.length} 个${y.revisions.length ? `（${[...new Set(y.revisions.map((r) => r.month))].join('、')}）` : ''}`
        : '  月度与年度差异：未找到已发月报（可用 --issued 指定目录）',
    );
    const open = y.renewals.filter((r) => r.status !== '已续签').length;
    if (open) lines.push([tone('yellow', `  协议到期：${open} 个区县在 12 个月内到期或已到期而未续签，见工作簿「协议到期」表`)]);
  }
  if (warnings) lines.push([tone('yellow', `  警告 ${warnings} 条，见工作簿「数据问题」表`)]);
  return lines;
}
