import type { LedgerLine } from './accounting.js';
import { classLabel } from './classes.js';
import { compareParties } from './districts.js';
import { type Money, ZERO, fmtYuan } from './money.js';
import type { Loc } from './problem.js';
import type { Month } from './types.js';

/**
 * 月度与年度差异. The scheme accounts monthly and clears yearly (R9): districts receive a
 * statement each month, and the year-end result can differ from it when a notified class was
 * corrected, an exemption (R5) or a signature (R8) came late. Compared section-month by
 * section-month on payer, payee and amount; the cause names what changed.
 */
export interface IssuedLine {
  riverId: string;
  sectionId: string;
  month: Month;
  /** 实测类别 as issued: a class label, or a status (断流 / 未监测). */
  measured: string;
  benchmark: string;
  payer: string;
  payee: string;
  amount: Money;
  rule: string;
  reason: string;
  /** 数据来源 of the record used then, when the issued statement carries it. */
  source?: string | undefined;
  loc: Loc;
}

export interface Revision {
  riverId: string;
  sectionId: string;
  month: Month;
  issued?: IssuedLine | undefined;
  /** The year-end ledger line (settled or not), when there is one. */
  now?: LedgerLine | undefined;
  cause: string;
}

/** One party's change on one river: year-end net minus issued net (positive: receives more). */
export interface RevisionEffect {
  riverId: string;
  party: string;
  issuedNet: Money;
  yearNet: Money;
  change: Money;
}

/**
 * `issuedMonths`: the months for which a statement was issued. A settled year-end line in a month
 * never issued is a revision; so is an issued line that is not settled now.
 */
export function compareWithIssued(issuedMonths: ReadonlySet<Month>, issued: readonly IssuedLine[], lines: readonly LedgerLine[]): Revision[] {
  if (issuedMonths.size === 0) return [];
  const key = (r: { sectionId: string; month: Month }): string => `${r.sectionId}|${r.month}`;
  const issuedAt = new Map(issued.map((i) => [key(i), i]));
  const out: Revision[] = [];
  const seen = new Set<string>();
  for (const l of lines) {
    const k = key(l);
    seen.add(k);
    const i = issuedAt.get(k);
    if (!i) {
      if (!l.settled) continue;
      out.push({
        riverId: l.riverId,
        sectionId: l.sectionId,
        month: l.month,
        now: l,
        cause: issuedMonths.has(l.month) ? `月报未含该断面（当时未结算）；${nowText(l)}` : `该月未出月报；${nowText(l)}`,
      });
      continue;
    }
    if (l.settled && same(i, l)) continue;
    out.push({ riverId: l.riverId, sectionId: l.sectionId, month: l.month, issued: i, now: l, cause: cause(i, l) });
  }
  for (const i of issued) {
    if (seen.has(key(i))) continue;
    out.push({ riverId: i.riverId, sectionId: i.sectionId, month: i.month, issued: i, cause: '年度核算中已无该断面月（断面或河流不再参与补偿）' });
  }
  return out.sort((a, b) => cmp(a.riverId, b.riverId) || cmp(a.sectionId, b.sectionId) || cmp(a.month, b.month));
}

/** Net effect per river and party of the revisions (issued vs year-end). */
export function revisionEffects(revs: readonly Revision[]): RevisionEffect[] {
  const m = new Map<string, RevisionEffect>();
  const add = (riverId: string, party: string, field: 'issuedNet' | 'yearNet', v: Money): void => {
    if (!party) return;
    const k = `${riverId}|${party}`;
    const e = m.get(k) ?? { riverId, party, issuedNet: ZERO, yearNet: ZERO, change: ZERO };
    e[field] = e[field].plus(v);
    m.set(k, e);
  };
  for (const r of revs) {
    if (r.issued) {
      add(r.riverId, r.issued.payee, 'issuedNet', r.issued.amount);
      add(r.riverId, r.issued.payer, 'issuedNet', r.issued.amount.negated());
    }
    if (r.now?.settled && r.now.payer && r.now.payee) {
      add(r.riverId, r.now.payee, 'yearNet', r.now.amount);
      add(r.riverId, r.now.payer, 'yearNet', r.now.amount.negated());
    }
  }
  return [...m.values()]
    .map((e) => ({ ...e, change: e.yearNet.minus(e.issuedNet) }))
    .sort((a, b) => cmp(a.riverId, b.riverId) || compareParties(a.party, b.party));
}

function same(i: IssuedLine, l: LedgerLine): boolean {
  return i.payer === (l.payer ?? '') && i.payee === (l.payee ?? '') && i.amount.equals(l.amount);
}

function measuredText(l: LedgerLine): string {
  return l.measured !== undefined ? classLabel(l.measured) : (l.status ?? '');
}

function nowText(l: LedgerLine): string {
  return `年度：${measuredText(l)}${l.source ? `（${l.source}）` : ''}，${l.reason}`;
}

function cause(i: IssuedLine, l: LedgerLine): string {
  const parts: string[] = [];
  if (!l.settled) return `年度核算不结算（${l.rule}）：${l.reason}`;
  const m = measuredText(l);
  if (i.measured !== m || (i.source && l.source && i.source !== l.source)) {
    parts.push(`实测类别 ${i.measured || '—'}${i.source ? `（${i.source}）` : ''} → ${m || '—'}${l.source ? `（${l.source}）` : ''}`);
  }
  const b = l.benchmark !== undefined ? classLabel(l.benchmark) : '';
  if (i.benchmark !== b) parts.push(`基准类别 ${i.benchmark || '—'} → ${b || '—'}`);
  const hadR5 = /\bR5\b/.test(i.rule);
  const hasR5 = /\bR5\b/.test(l.rule);
  if (!hadR5 && hasR5) parts.push(`新增免责认定（R5${l.exemption ? `，${l.exemption}` : ''}）`);
  if (hadR5 && !hasR5) parts.push('免责认定已不适用（R5）');
  if (parts.length === 0) parts.push(`规则 ${i.rule} → ${l.rule}`);
  return `${parts.join('；')}；月报 ${flow(i.payer, i.payee, i.amount)}，年度 ${flow(l.payer ?? '', l.payee ?? '', l.amount)}`;
}

const flow = (payer: string, payee: string, amount: Money): string => (payer ? `${payer}→${payee} ${fmtYuan(amount)} 元` : '不补偿');

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
