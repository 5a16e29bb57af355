import { editDistance } from './districts.js';
import type { River, Section } from './types.js';

/**
 * Sections named as offices write them (data.md "Layouts as offices send them"): a quality or
 * target file may give 断面名称 instead of 断面编码, with 河流 (name or code) where a name
 * repeats on two rivers. Names resolve through sections.csv; nothing is guessed: an unknown name
 * gets the nearest known one as a suggestion, a name that fits two sections lists both.
 */
export interface NamedSection {
  id: string;
  name: string;
  riverId: string;
  riverName: string;
}

export type SectionNameResult =
  | { ok: true; section: NamedSection }
  | { ok: false; kind: 'unknown'; message: string; suggestion?: NamedSection | undefined }
  | { ok: false; kind: 'ambiguous'; message: string; candidates: NamedSection[] }
  | { ok: false; kind: 'unknown-river'; message: string };

/** Names compare after NFKC, without spaces, and without a trailing 断面 (`普顺断面` is 普顺). */
function normalizeSectionName(text: string): string {
  return text.normalize('NFKC').replace(/\s+/g, '').replace(/断面$/, '');
}

const normalizeRiver = (text: string): string => text.normalize('NFKC').replace(/\s+/g, '').toLowerCase();

const describeSection = (s: NamedSection): string => `${s.name}（${s.id}，${s.riverName}）`;

export class SectionNames {
  private readonly byName = new Map<string, NamedSection[]>();
  private readonly all: NamedSection[];
  private readonly riverIds = new Map<string, string>();

  constructor(sections: readonly Pick<Section, 'id' | 'name' | 'riverId'>[], rivers: readonly Pick<River, 'id' | 'name'>[]) {
    const riverName = new Map(rivers.map((r) => [r.id, r.name]));
    for (const r of rivers) {
      this.riverIds.set(normalizeRiver(r.id), r.id);
      this.riverIds.set(normalizeRiver(r.name), r.id);
    }
    this.all = sections.map((s) => ({ id: s.id, name: s.name, riverId: s.riverId, riverName: riverName.get(s.riverId) ?? s.riverId }));
    for (const s of this.all) {
      const k = normalizeSectionName(s.name);
      const list = this.byName.get(k);
      if (list) list.push(s);
      else this.byName.set(k, [s]);
    }
  }

  /** The section a name (and, where given, a river name or code) stands for. */
  resolve(name: string, river = ''): SectionNameResult {
    const key = normalizeSectionName(name);
    let riverId: string | undefined;
    if (river.trim() !== '') {
      riverId = this.riverIds.get(normalizeRiver(river));
      if (!riverId) return { ok: false, kind: 'unknown-river', message: `未知的河流「${river.trim()}」（河流名称或河流编码应与 rivers.csv 一致）` };
    }
    const found = (this.byName.get(key) ?? []).filter((s) => riverId === undefined || s.riverId === riverId);
    if (found.length === 1) return { ok: true, section: found[0]! };
    if (found.length > 1) {
      return {
        ok: false,
        kind: 'ambiguous',
        message: `断面名称「${name.trim()}」对应 ${found.length} 个断面：${found.map(describeSection).join('、')}；请加「河流」列或改用断面编码`,
        candidates: found,
      };
    }
    const onRiver = riverId === undefined ? undefined : this.byName.get(key);
    if (onRiver?.length) {
      return {
        ok: false,
        kind: 'unknown',
        message: `河流「${river.trim()}」上没有断面「${name.trim()}」（该名称的断面：${onRiver.map(describeSection).join('、')}）`,
      };
    }
    const suggestion = this.nearest(key, riverId);
    return {
      ok: false,
      kind: 'unknown',
      message: `未知的断面名称「${name.trim()}」${suggestion ? `，是否为「${describeSection(suggestion)}」？` : '（sections.csv 中没有相近的名称）'}`,
      suggestion,
    };
  }

  /** Nearest name by edit distance (on the given river first); undefined when nothing is close. */
  private nearest(key: string, riverId: string | undefined): NamedSection | undefined {
    const pick = (pool: readonly NamedSection[]): { s?: NamedSection; d: number } => {
      let best: { s?: NamedSection; d: number } = { d: Infinity };
      for (const s of pool) {
        const d = editDistance(key, normalizeSectionName(s.name));
        if (d < best.d) best = { s, d };
      }
      return best;
    };
    const limit = Math.max(1, Math.ceil([...key].length / 2));
    const onRiver = riverId === undefined ? { d: Infinity } : pick(this.all.filter((s) => s.riverId === riverId));
    const best = onRiver.d <= limit ? onRiver : pick(this.all);
    return best.d <= limit ? best.s : undefined;
  }
}
