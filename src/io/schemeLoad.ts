import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Money, wanToYuan } from '../domain/money.js';
import { problem, type Problem } from '../domain/problem.js';
import { isCityScheme, type PairwiseScheme, type Party, type PairwiseVersion, type PoolVersion, type Scheme, type Weighted } from '../domain/scheme.js';
import { displayPath } from './inputFiles.js';
import type { InputFile } from '../domain/inputs.js';
import { readSchemeFileQuickly, type FileData, type VersionData } from './schemeFile.js';

/**
 * The scheme file loader (schemes.md): JSON, one scheme per file, checked like any input (the
 * quick reader of schemeFile.ts for a correct file, zod in schemeCheck.ts for the rest). Every wrong key or value is a located problem naming the file, the key path
 * (`versions[1].floors.oneClass`), the value and what is expected; a scheme with any error is
 * not returned, so nothing is computed or written from it. Amounts are in the unit the file
 * states (`"unit": "万元"` or `"元"`) and converted to 元 exactly.
 */
export interface SchemeLoad {
  scheme?: Scheme | undefined;
  problems: Problem[];
  input?: InputFile | undefined;
}

/** The 2023 scheme shipped with the package (two folders up from src/io or dist/io). */
export const DEFAULT_SCHEME_FILE = fileURLToPath(new URL('../../schemes/2023-chongqing.json', import.meta.url));
const DEFAULT_SHOWN = 'schemes/2023-chongqing.json（随工具提供的默认方案）';

export const RULE = 'schemes.md';

/** How a file is shown in messages: the shipped default by its name, any other by its path. */
export const shownSchemeFile = (file: string): string => (path.resolve(file) === DEFAULT_SCHEME_FILE ? DEFAULT_SHOWN : displayPath(path.resolve(file)));

async function loadScheme(file: string = DEFAULT_SCHEME_FILE): Promise<SchemeLoad> {
  const shown = shownSchemeFile(file);
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return {
      problems: [
        problem('error', 'E_SCHEME_FILE', code === 'ENOENT' ? '补偿方案文件不存在' : `补偿方案文件无法读取（${code ?? ''}）`, { file: shown, rule: RULE }),
      ],
    };
  }
  return parseSchemeWith(bytes, shown) ?? parseSchemeWith(bytes, shown, (await import('./schemeCheck.js')).checkSchemeFile)!;
}

/** The full check of a parsed file (schemeCheck.ts): its value, or its located problems. */
export type SchemeCheck = (json: unknown, shown: string) => { data: FileData } | { problems: Problem[] };

/**
 * A scheme from a file's bytes. Without `check`, undefined when the quick reader gives up (the
 * caller then calls again with the check, which says what is wrong).
 */
export function parseSchemeWith(bytes: Buffer, shown: string, check?: SchemeCheck): SchemeLoad | undefined {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const input: InputFile = { path: shown, role: '补偿方案', sha256, bytes: bytes.length };
  const at = (column: string, value: string) => ({ file: shown, column, value, rule: RULE });
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    return { problems: [problem('error', 'E_SCHEME_FILE', '补偿方案文件应为 UTF-8 编码的 JSON', { file: shown, rule: RULE })], input };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    const m = /position (\d+)/.exec((e as Error).message);
    const where = m ? lineCol(text, Number(m[1])) : '';
    return { problems: [problem('error', 'E_SCHEME_JSON', `补偿方案文件不是有效的 JSON${where}`, { file: shown, rule: RULE })], input };
  }
  let data = readSchemeFileQuickly(json);
  if (data === undefined) {
    if (!check) return undefined;
    const r = check(json, shown);
    if ('problems' in r) return { problems: r.problems, input };
    data = r.data;
  }
  const built = buildScheme(data, shown, sha256);
  if (built.problems.length) return { problems: built.problems.map((p) => ({ ...p, ...at(p.column ?? '', p.value ?? '') })), input };
  return { scheme: built.scheme, problems: [], input };
}

function lineCol(text: string, pos: number): string {
  const before = text.slice(0, pos);
  const line = before.split('\n').length;
  const col = pos - before.lastIndexOf('\n');
  return `（第 ${line} 行第 ${col} 列附近）`;
}

// ---- From the checked file to the domain's Scheme ----------------------------------------------

function buildScheme(f: FileData, file: string, sha256: string): { scheme?: Scheme; problems: Problem[] } {
  const problems: Problem[] = [];
  const err = (column: string, value: unknown, message: string) =>
    problems.push(problem('error', 'E_SCHEME_VALUE', message, { column, value: typeof value === 'string' ? value : JSON.stringify(value ?? '') }));
  const money = (t: string): Money => (f.unit === '万元' ? wanToYuan(new Money(t)) : new Money(t));
  for (let i = 1; i < f.versions.length; i++) {
    if (f.versions[i]!.from <= f.versions[i - 1]!.from)
      err(`versions[${i}].from`, f.versions[i]!.from, `各版本的起始月份应逐个递增（前一版本起始 ${f.versions[i - 1]!.from}）`);
  }
  if (f.until && f.until < f.versions[0]!.from) err('until', f.until, `终止月份早于第一个版本的起始月份 ${f.versions[0]!.from}`);
  const parties: Party[] = (f.parties ?? []).map((p) => ({ name: p.name, members: p.members ?? [] }));
  const partyNames = new Set(parties.flatMap((p) => [p.name, ...p.members]));
  const base = { id: f.id, name: f.name, file, sha256, note: f.note, until: f.until };
  const label = (v: VersionData) => v.name ?? `${f.id}@${v.from}`;

  if (f.kind === 'pairwise-class') {
    for (const [i, v] of f.versions.entries()) {
      for (const k of ['pool', 'contributions', 'allocation', 'items'] as const)
        if (v[k] !== undefined) err(`versions[${i}].${k}`, v[k], `「${k}」只用于资金池方案（"kind": "pooled-fund"）`);
      if (v.floors && v.amountPerMonth) err(`versions[${i}].amountPerMonth`, v.amountPerMonth, '「floors」与「amountPerMonth」只能给出一个');
    }
    const sections = (f.sections ?? []).map((s, i) => {
      for (const k of ['upstream', 'downstream', 'river'] as const)
        if (!s[k]) err(`sections[${i}].${k}`, undefined, '两两补偿方案的断面必须写明 river、upstream 和 downstream');
      for (const k of ['upstream', 'downstream'] as const)
        if (s[k] && !partyNames.has(s[k])) err(`sections[${i}].${k}`, s[k], `「${s[k]}」不是 parties 中声明的主体或其成员`);
      if (s.river && !(f.rivers ?? []).some((r) => r.id === s.river)) err(`sections[${i}].river`, s.river, '河流编码不在 rivers 中');
      return { id: s.id, name: s.name, riverId: s.river ?? '', kind: s.kind ?? '国控', upstream: s.upstream ?? '', downstream: s.downstream ?? '' };
    });
    const city = sections.length === 0;
    const versions: PairwiseVersion[] = [];
    let prev: PairwiseVersion | undefined;
    for (const [i, v] of f.versions.entries()) {
      const floors = v.amountPerMonth
        ? { one: v.amountPerMonth, two: v.amountPerMonth }
        : v.floors
          ? { one: v.floors.oneClass, two: v.floors.twoOrMore }
          : undefined;
      const need = (key: string, present: boolean) => {
        if (!present && !prev) err(`versions[${i}].${key}`, undefined, `第一个版本必须给出「${key}」（以后的版本不写即沿用上一版本）`);
      };
      need(city ? 'floors' : 'floors 或 amountPerMonth', floors !== undefined);
      need('equalPays', v.equalPays !== undefined);
      need('penaltyRate', v.penaltyRate !== undefined);
      if (city) need('unsignedFundPerMonth', v.unsignedFundPerMonth !== undefined);
      if (!city && v.benchmark === undefined && !prev)
        err(`versions[${i}].benchmark`, undefined, '跨省断面方案的第一个版本必须给出固定的补偿基准「benchmark」（如 "Ⅲ"）');
      if (city && v.benchmark !== undefined)
        err(`versions[${i}].benchmark`, v.benchmark, '市内方案按考核目标确定补偿基准（R2），不设固定基准；固定基准用于声明了 sections 的跨省方案');
      if (floors && new Money(floors.two).lessThan(floors.one)) err(`versions[${i}].floors.twoOrMore`, floors.two, '两类及以上标准不能低于一类标准');
      if (v.quantity)
        for (const id of Object.keys(v.quantity.minFlows))
          if (!city && !sections.some((s) => s.id === id)) err(`versions[${i}].quantity.minFlows.${id}`, id, '断面不在本方案的 sections 中');
      const cur: PairwiseVersion = {
        from: v.from,
        label: label(v),
        note: v.note,
        floorOne: floors ? money(floors.one) : (prev?.floorOne ?? new Money(0)),
        floorTwo: floors ? money(floors.two) : (prev?.floorTwo ?? new Money(0)),
        betterNeedsAtLeast: v.betterNeedsAtLeast === undefined ? prev?.betterNeedsAtLeast : (v.betterNeedsAtLeast ?? undefined),
        equalPays: v.equalPays ?? prev?.equalPays ?? false,
        unsignedFundPerMonth: v.unsignedFundPerMonth !== undefined ? money(v.unsignedFundPerMonth) : (prev?.unsignedFundPerMonth ?? new Money(0)),
        penaltyRate: v.penaltyRate !== undefined ? new Money(v.penaltyRate) : (prev?.penaltyRate ?? new Money(0)),
        benchmark: v.benchmark ?? prev?.benchmark,
        quantity: v.quantity ? { amount: money(v.quantity.amountPerMonth), minFlows: new Map(Object.entries(v.quantity.minFlows)) } : prev?.quantity,
      };
      versions.push(cur);
      prev = cur;
    }
    if (problems.length) return { problems };
    return { scheme: { ...base, kind: 'pairwise-class', versions, parties, rivers: f.rivers ?? [], sections }, problems };
  }

  // pooled-fund
  if (!parties.length) err('parties', f.parties, '资金池方案必须在 parties 中声明各方');
  if (!f.sections?.length) err('sections', f.sections, '资金池方案必须在 sections 中声明各方的考核断面');
  const names = new Set(parties.map((p) => p.name));
  const checkWeights = (key: string, w: Record<string, string> | undefined, everyParty: boolean): Weighted[] => {
    const out: Weighted[] = [];
    for (const [party, weight] of Object.entries(w ?? {})) {
      if (!names.has(party)) err(`${key}.${party}`, party, `「${party}」不是 parties 中声明的一方`);
      out.push({ party, weight });
    }
    if (everyParty) for (const p of parties) if (!w?.[p.name]) err(key, w, `缺少「${p.name}」的份额`);
    return out;
  };
  const sections = (f.sections ?? []).map((s, i) => {
    if (!s.party || !names.has(s.party))
      err(`sections[${i}].party`, s.party, s.party ? `「${s.party}」不是 parties 中声明的一方` : '资金池断面必须写明考核主体「party」');
    if (s.target === undefined) err(`sections[${i}].target`, undefined, '资金池断面必须写明考核目标类别「target」（如 "Ⅱ"）');
    if (!s.failShareTo || !Object.keys(s.failShareTo).length)
      err(`sections[${i}].failShareTo`, s.failShareTo, '必须写明不达标时该方份额的去向「failShareTo」（如 {"贵州省": 1, "四川省": 1}）');
    const failShareTo = checkWeights(`sections[${i}].failShareTo`, s.failShareTo, false);
    if (s.party && failShareTo.some((w) => w.party === s.party)) err(`sections[${i}].failShareTo`, s.party, '不达标的份额不能给本方');
    return { id: s.id, name: s.name, party: s.party ?? '', target: s.target ?? 3, failShareTo };
  });
  const versions: PoolVersion[] = [];
  let prev: PoolVersion | undefined;
  for (const [i, v] of f.versions.entries()) {
    for (const k of ['floors', 'amountPerMonth', 'betterNeedsAtLeast', 'equalPays', 'unsignedFundPerMonth', 'benchmark', 'quantity'] as const)
      if (v[k] !== undefined) err(`versions[${i}].${k}`, v[k], `「${k}」只用于两两补偿方案（"kind": "pairwise-class"）`);
    for (const k of ['pool', 'contributions', 'allocation', 'items', 'penaltyRate'] as const)
      if (v[k] === undefined && !prev) err(`versions[${i}].${k}`, undefined, `第一个版本必须给出「${k}」（以后的版本不写即沿用上一版本）`);
    const cur: PoolVersion = {
      from: v.from,
      label: label(v),
      note: v.note,
      total: v.pool !== undefined ? money(v.pool) : (prev?.total ?? new Money(0)),
      contributions: v.contributions ? checkWeights(`versions[${i}].contributions`, v.contributions, true) : (prev?.contributions ?? []),
      allocation: v.allocation ? checkWeights(`versions[${i}].allocation`, v.allocation, true) : (prev?.allocation ?? []),
      items: v.items ?? prev?.items ?? [],
      penaltyRate: v.penaltyRate !== undefined ? new Money(v.penaltyRate) : (prev?.penaltyRate ?? new Money(0)),
    };
    versions.push(cur);
    prev = cur;
  }
  if (problems.length) return { problems };
  return { scheme: { ...base, kind: 'pooled-fund', versions, parties, riverName: f.riverName ?? f.name, sections }, problems };
}

/** The schemes of one run: the city's (the default unless a file of that kind is given) and the others. */
export interface SchemeSet {
  city: PairwiseScheme;
  others: Scheme[];
  inputs: InputFile[];
}

/**
 * `--scheme FILE` (repeatable): a city scheme replaces the default; cross-province and pooled
 * schemes are settled beside the city's. Any error in any file: no set, the problems say why.
 */
export async function loadSchemeSet(files: readonly string[] = []): Promise<{ set?: SchemeSet; problems: Problem[] }> {
  const loads = await Promise.all(files.map((f) => loadScheme(f)));
  const problems = loads.flatMap((l) => l.problems);
  if (problems.length) return { problems };
  const schemes = loads.map((l) => l.scheme!);
  const cities = schemes.filter(isCityScheme);
  if (cities.length > 1) {
    return {
      problems: cities.slice(1).map((s) =>
        problem('error', 'E_SCHEME_TWO_CITY', `只能给出一个市内方案（已有「${cities[0]!.name}」）`, {
          file: s.file,
          column: 'kind',
          value: s.kind,
          rule: RULE,
        }),
      ),
    };
  }
  const ids = new Map<string, string>();
  for (const s of schemes) {
    const first = ids.get(s.id);
    if (first)
      return {
        problems: [problem('error', 'E_SCHEME_DUPLICATE', `方案编号 ${s.id} 与 ${first} 重复`, { file: s.file, column: 'id', value: s.id, rule: RULE })],
      };
    ids.set(s.id, s.file);
  }
  const inputs = loads.map((l) => l.input!);
  let city = cities[0];
  if (!city) {
    const d = await loadScheme();
    if (!d.scheme) return { problems: d.problems };
    city = d.scheme as PairwiseScheme;
    inputs.unshift(d.input!);
  }
  return { set: { city, others: schemes.filter((s) => !isCityScheme(s)), inputs }, problems: [] };
}

/** The shipped scheme alone; it is part of the package, so a fault in it is a defect, not input. */
export async function defaultSchemeSet(): Promise<SchemeSet> {
  const r = await loadSchemeSet([]);
  if (!r.set) throw new Error(`随工具提供的默认方案有错误：${r.problems.map((p) => `${p.column} ${p.message}`).join('；')}`);
  return r.set;
}
