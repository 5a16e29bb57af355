import { classLabel, type WaterClass } from './classes.js';
import type { Evaluation } from './gb3838/average.js';
import { itemHeader } from './gb3838/columns.js';
import type { ItemKey } from './gb3838/limits.js';
import { locPhrase, problem, type Loc, type Problem } from './problem.js';
import type { Dataset, QualityRecord, Section } from './types.js';

/**
 * The rule decisions made on each record as it is read (beancount's "validation" over parsed
 * entries): the loader only parses and locates, and asks these what the rules say. They run on
 * every record the loader accepted, whatever else is wrong with the data, so a file's mistakes
 * are all reported in one pass. `column` names the header as the file wrote it.
 */

/** R6: a compensation section has an upstream and a downstream party, and they differ. */
export function checkSectionParties(s: Section, column: (key: 'upstream_party' | 'downstream_party') => string): Problem[] {
  if (!s.compensation) return [];
  const out: Problem[] = [];
  for (const [key, val] of [
    ['upstream_party', s.upstream],
    ['downstream_party', s.downstream],
  ] as const) {
    if (!val) out.push(problem('error', 'E_PARTY_MISSING', '补偿断面必须填写上游主体和下游主体', { loc: s.loc, column: column(key), value: '', rule: 'R6' }));
  }
  if (s.upstream && s.upstream === s.downstream) {
    out.push(problem('error', 'E_PARTY_SAME', '上游主体与下游主体相同', { loc: s.loc, column: column('downstream_party'), value: s.downstream, rule: 'R6' }));
  }
  return out;
}

/**
 * R3 with W2: where a record gives concentrations, its stated class must be the one GB 3838-2002
 * gives them (single-factor); a disagreement is an error naming the deciding items, each echoed
 * as written (a value below the detection limit as 0.0002L, not as the half it counts as).
 */
export function checkStatedClass(stated: WaterClass | undefined, ev: Evaluation, where: { loc: Loc; column: string; value: string }): Problem | undefined {
  if (ev.cls === undefined || stated === undefined || ev.cls === stated) return undefined;
  const shown = (k: ItemKey): string => {
    const i = ev.items.find((x) => x.item === k);
    return i?.belowLimit ?? i?.value ?? '';
  };
  const deciding = ev.deciding.map((k) => `${itemHeader(k)} ${shown(k)}`).join('、');
  return problem(
    'error',
    'E_CLASS_DISAGREES',
    `填报类别${classLabel(stated)}类与浓度不符：按 GB 3838-2002 单因子评价为${classLabel(ev.cls)}类（定类项目：${deciding}）`,
    {
      ...where,
      rule: 'R3 W2',
    },
  );
}

/**
 * R3/R4: what a record's status means. A 正常 record needs a class or concentrations (R3); any
 * other status counts as no result whatever class was written (R4, the class is dropped with a
 * warning), and should say why in its note.
 */
export function checkRecordStatus(
  rec: QualityRecord,
  where: { hasConcentrations: boolean; classColumn: string; classText: string; noteColumn: string },
): { problems: Problem[]; cls: WaterClass | undefined } {
  const problems: Problem[] = [];
  let cls = rec.cls;
  if (rec.status === '正常' && cls === undefined && !where.hasConcentrations) {
    problems.push(
      problem('error', 'E_CLASS_MISSING', '状态为正常但既没有水质类别也没有浓度数据', { loc: rec.loc, column: where.classColumn, value: '', rule: 'R3' }),
    );
  }
  if (rec.status !== '正常' && rec.statedCls !== undefined) {
    problems.push(
      problem('warning', 'W_STATUS_WITH_CLASS', `状态为${rec.status}却填写了水质类别，按${rec.status}处理`, {
        loc: rec.loc,
        column: where.classColumn,
        value: where.classText,
        rule: 'R4',
      }),
    );
    cls = undefined;
  }
  if (rec.status !== '正常' && rec.note === '') {
    problems.push(
      problem('warning', 'W_STATUS_NO_NOTE', `状态为${rec.status}时应在备注中说明原因`, { loc: rec.loc, column: where.noteColumn, value: '', rule: 'R4' }),
    );
  }
  return { problems, cls };
}

/**
 * Duplicate keys: each is an error at the second occurrence, naming the first (R2, R3, R5, R8 for
 * the keyed tables). A key of several parts is looked up part by part in nested maps, so no key
 * string is built per record (a national folder has half a million quality records); the parts
 * are given in the order that nests best (fewest distinct first) and `shown` writes the key as
 * the problem shows it, only for a duplicate.
 */
export function checkDuplicateKeys(d: Dataset): Problem[] {
  const out: Problem[] = [];
  const dup = <R extends { loc: Loc }>(
    rows: readonly R[],
    parts: (r: R) => readonly (string | number)[],
    shown: (r: R) => string,
    what: string,
    column: string,
    rule?: string,
  ) => {
    const root = new Map<string | number, unknown>();
    for (const r of rows) {
      const key = parts(r);
      let level = root;
      for (let i = 0; i < key.length - 1; i++) {
        let next = level.get(key[i]!) as Map<string | number, unknown> | undefined;
        if (next === undefined) level.set(key[i]!, (next = new Map()));
        level = next;
      }
      const last = key[key.length - 1]!;
      const first = level.get(last) as R | undefined;
      if (first)
        out.push(
          problem('error', 'E_DUPLICATE', `${what}重复（首次出现在 ${locPhrase(first.loc)}）`, {
            loc: r.loc,
            column: r.loc.column ?? column,
            value: shown(r),
            rule,
          }),
        );
      else level.set(last, r);
    }
  };
  const one = <R>(key: (r: R) => string) => ({ parts: (r: R) => [key(r)], shown: key });
  const ids = one((r: { id: string }) => r.id);
  dup(d.rivers, ids.parts, ids.shown, '河流编码', '河流编码');
  dup(d.sections, ids.parts, ids.shown, '断面编码', '断面编码');
  dup(
    d.targets,
    (t) => [t.year, t.sectionId],
    (t) => `${t.sectionId} ${t.year}`,
    '同一断面同一年度的考核目标',
    '断面编码',
    'R2',
  );
  dup(d.agreements, ids.parts, ids.shown, '协议编号', '协议编号');
  dup(
    d.signatures,
    (s) => [s.district, s.agreementId],
    (s) => `${s.agreementId} ${s.district}`,
    '同一协议同一区县的签署',
    '区县',
    'R8',
  );
  dup(
    d.exemptions,
    (e) => [e.month, e.sectionId],
    (e) => `${e.sectionId} ${e.month}`,
    '同一断面同一月份的免责认定',
    '断面编码',
    'R5',
  );
  dup(
    d.quality,
    (q) => [q.month, q.source, q.sectionId],
    (q) => `${q.sectionId} ${q.month} ${q.source}`,
    '同一断面同一月份同一来源的水质记录',
    '断面编码',
    'R3',
  );
  return out;
}

/** The checks over a whole loaded dataset, run by the loader on whatever it accepted. */
export const RECORD_CHECKS: readonly ((d: Dataset) => Problem[])[] = [checkDuplicateKeys];
