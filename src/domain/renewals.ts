import { AgreementIndex } from './agreements.js';
import { MUNICIPAL, compareParties } from './districts.js';
import { fmtYuan, type Money } from './money.js';
import { problem, type Problem } from './problem.js';
import { addMonths, monthOfDate, nextDay } from './calendar.js';
import { monthEnd, type Agreement, type Dataset, type IsoDate, type Month } from './types.js';

/**
 * Renewals (协议到期). First-period agreements run at least three years (R8) and most end on
 * 2025-12-31, so at each settlement the clerk needs to know which districts must sign again before
 * the R8 fund charge starts. Reading: per river and district party of a compensation section, the
 * agreement that district signed and that is in force in the last month of the settled period
 * (or, when none is, the last one it signed that has ended). It is "due" when it ends within the
 * 12 months after the period; "ended" when it ended on or before the period's end. A successor
 * is an agreement for the same river, taking effect after the first one did, that the district
 * has signed; with one, nothing is owed and no warning is given.
 */
type RenewalStatus = '已续签' | '即将到期' | '已到期未续签';

export interface Renewal {
  riverId: string;
  district: string;
  agreement: Agreement;
  status: RenewalStatus;
  successor?: { agreement: Agreement; signedDate: IsoDate } | undefined;
  /** First month the R8 fund charge applies while the district stays unsigned. */
  chargeFrom?: Month | undefined;
}

export function renewals(d: Dataset, lastMonth: Month): Renewal[] {
  const signedOn = new Map(d.signatures.map((s) => [`${s.agreementId}|${s.district}`, s.signedDate]));
  const ix = new AgreementIndex(d.agreements, d.signatures);
  const periodEnd = monthEnd(lastMonth);
  const horizon = addMonths(lastMonth, 12);
  const out: Renewal[] = [];
  for (const [riverId, districts] of partiesByRiver(d)) {
    for (const district of districts) {
      const signed = ix.forRiver(riverId).filter((a) => ix.signed(a, district));
      const current = ix.covering(riverId, district, lastMonth) ?? latestEnded(signed, periodEnd);
      if (!current) continue;
      if (current.to >= monthEnd(horizon)) continue;
      const next = signed.filter((a) => a.from > current.from).sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0))[0];
      const status: RenewalStatus = next ? '已续签' : current.to <= periodEnd ? '已到期未续签' : '即将到期';
      out.push({
        riverId,
        district,
        agreement: current,
        status,
        successor: next ? { agreement: next, signedDate: signedOn.get(`${next.id}|${district}`) ?? '' } : undefined,
        chargeFrom: next && next.from <= nextDay(current.to) ? undefined : monthOfDate(nextDay(current.to)),
      });
    }
  }
  return out;
}

/** Warnings per river and district that has not renewed (R8: the fund charge follows). */
export function renewalWarnings(rs: readonly Renewal[], monthlyCharge: Money): Problem[] {
  return rs
    .filter((r) => r.status !== '已续签')
    .map((r) =>
      problem(
        'warning',
        r.status === '即将到期' ? 'W_AGREEMENT_ENDING' : 'W_AGREEMENT_ENDED',
        r.status === '即将到期'
          ? `${r.district}在河流 ${r.riverId} 上签署的协议 ${r.agreement.id} 将于 ${r.agreement.to} 到期，尚未签署续签协议；自 ${r.chargeFrom} 起每月向流域补偿基金缴纳 ${fmtYuan(monthlyCharge)} 元（R8）`
          : `${r.district}在河流 ${r.riverId} 上签署的协议 ${r.agreement.id} 已于 ${r.agreement.to} 到期，没有签署续签协议；自 ${r.chargeFrom} 起每月向流域补偿基金缴纳 ${fmtYuan(monthlyCharge)} 元（R8）`,
        { loc: r.agreement.loc, column: '终止日期', value: r.agreement.to, rule: 'R8' },
      ),
    );
}

function partiesByRiver(d: Dataset): Map<string, string[]> {
  const m = new Map<string, Set<string>>();
  for (const s of d.sections) {
    if (!s.compensation) continue;
    for (const p of [s.upstream, s.downstream]) {
      if (!p || p === MUNICIPAL) continue;
      const set = m.get(s.riverId) ?? new Set<string>();
      set.add(p);
      m.set(s.riverId, set);
    }
  }
  const out = new Map<string, string[]>();
  for (const id of [...m.keys()].sort()) out.set(id, [...m.get(id)!].sort(compareParties));
  return out;
}

function latestEnded(signed: readonly Agreement[], periodEnd: IsoDate): Agreement | undefined {
  return signed.filter((a) => a.to <= periodEnd).sort((a, b) => (a.to < b.to ? 1 : a.to > b.to ? -1 : 0))[0];
}
