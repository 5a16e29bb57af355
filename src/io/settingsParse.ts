import { z } from 'zod';
import { settingsError, type Settings, type SettingsResult } from './settings.js';

/**
 * The check of a settings file's text (settings.ts), with zod: loaded only when a data folder
 * has an ecocomp.json, so a run without one does not load the schema library.
 */
const text = (what: string) =>
  z
    .string({ error: `${what}应为文本（用英文双引号括起来）` })
    .trim()
    .min(1, { error: `${what}不能为空` });

const DEADLINE = /^(?:(\d{4})-)?(\d{2})-(\d{2})$/;

const schema = z.strictObject(
  {
    编制单位: text('「编制单位」').max(80, { error: '「编制单位」不超过 80 个字' }).optional(),
    清缴截止日: text('「清缴截止日」')
      .refine((s) => validDeadline(s), { error: '「清缴截止日」应为 MM-DD（次年的月、日，如 "03-31"）或 YYYY-MM-DD（如 "2026-03-31"）' })
      .optional(),
    湖库断面: z
      .array(text('「湖库断面」中的每一项'), { error: '「湖库断面」应为断面编码的列表，如 ["CQ-S012", "CQ-S031"]' })
      .refine((xs) => new Set(xs).size === xs.length, { error: '「湖库断面」中有重复的断面编码' })
      .optional(),
    说明: z.string({ error: '「说明」应为文本' }).optional(),
  },
  { error: (iss) => (iss.code === 'unrecognized_keys' ? undefined : '设置文件应为一个 JSON 对象，如 {"编制单位": "重庆市财政局"}') },
);

const SETTING_KEYS = ['编制单位', '清缴截止日', '湖库断面', '说明'] as const;

function validDeadline(s: string): boolean {
  const m = DEADLINE.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(m[1] ? Number(m[1]) : 2024, Number(m[2]) - 1, Number(m[3])));
  return d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

/** Parses the text of a settings file shown as `file`. */
export function parseSettings(raw: string, file: string): SettingsResult {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (e) {
    const at = jsonErrorLine(raw, (e as Error).message);
    return {
      settings: {},
      file,
      problems: [
        settingsError(
          file,
          `不是有效的 JSON：${describeJsonError((e as Error).message)}（键名和文字都要用英文双引号，项与项之间用英文逗号，最后一项后不加逗号）`,
          at,
        ),
      ],
    };
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((iss) => {
      if (iss.code === 'unrecognized_keys') {
        const keys = iss.keys;
        return settingsError(
          file,
          `不认识的设置项 ${keys.map((k) => `「${k}」`).join('、')}；可用的设置项：${SETTING_KEYS.join('、')}`,
          lineOfKey(raw, keys[0]!),
          keys[0],
        );
      }
      const key = iss.path.length ? String(iss.path[0]) : undefined;
      const item = iss.path.length > 1 ? `第 ${Number(iss.path[1]) + 1} 项：` : '';
      const value = key && json && typeof json === 'object' ? shownValue((json as Record<string, unknown>)[key], iss.path[1]) : undefined;
      return settingsError(file, `${item}${iss.message}`, key ? lineOfKey(raw, key) : 1, key, value);
    });
    return { settings: {}, file, problems: problems.sort((a, b) => (a.row ?? 0) - (b.row ?? 0)) };
  }
  const v = parsed.data;
  const settings: Settings = {};
  if (v.编制单位 !== undefined) settings.org = v.编制单位;
  if (v.清缴截止日 !== undefined) settings.deadline = v.清缴截止日;
  if (v.湖库断面 !== undefined) settings.lakes = v.湖库断面;
  return { settings, file, problems: [] };
}

function shownValue(v: unknown, index: PropertyKey | undefined): string | undefined {
  const x = typeof index === 'number' && Array.isArray(v) ? v[index] : v;
  if (x === undefined) return undefined;
  return typeof x === 'string' ? x : JSON.stringify(x);
}

/** The line (1-based) where `"key"` first appears as a key. */
function lineOfKey(raw: string, key: string): number {
  const i = raw.indexOf(`${JSON.stringify(key)}`);
  return i < 0 ? 1 : lineAt(raw, i);
}

const lineAt = (raw: string, index: number): number => raw.slice(0, index).split('\n').length;

/** V8 reports `... in JSON at position N (line L column C)`; older forms only the position. */
function jsonErrorLine(raw: string, message: string): number {
  const line = /line (\d+)/.exec(message);
  if (line) return Number(line[1]);
  const pos = /position (\d+)/.exec(message);
  return pos ? lineAt(raw, Number(pos[1])) : 1;
}

function describeJsonError(message: string): string {
  if (/Unexpected end/.test(message)) return '文件在结构完整之前就结束了（缺少 } 或 ]）';
  const tok = /Unexpected token '?(.)'?/.exec(message) ?? /Unexpected (?:non-whitespace )?character/.exec(message);
  if (tok?.[1]) return `此处不应出现「${tok[1]}」`;
  return '格式有误';
}
