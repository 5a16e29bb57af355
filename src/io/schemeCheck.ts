import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { editDistance } from '../domain/districts.js';
import { problem, type Problem } from '../domain/problem.js';
import { DEFAULT_SCHEME_FILE, RULE, parseSchemeWith, shownSchemeFile, type SchemeLoad } from './schemeLoad.js';
import { FILE, VERSION, type Desc, type FileData, Refused } from './schemeFile.js';

/**
 * The full check of a scheme file with zod (schemes.md): every wrong key or value is a located
 * problem naming the key path (`versions[1].floors.oneClass`), the value and what is expected.
 * The schema is built from schemeFile.ts's description with its value readers, so it accepts
 * and returns what the quick reader does; it runs for the files the quick reader gives up on,
 * and is imported only then.
 */
function toZod(d: Desc): z.ZodType {
  switch (d.k) {
    case 'value':
      return z.unknown().transform((v, ctx) => {
        const r = d.read(v);
        if (!(r instanceof Refused)) return r;
        ctx.addIssue({ code: 'custom', message: r.message });
        return z.NEVER;
      });
    case 'string':
      return z.string();
    case 'optional':
      return toZod(d.of).optional();
    case 'orNull':
      return z.union([toZod(d.of), z.null()]);
    case 'array': {
      const a = z.array(toZod(d.of));
      return d.min ? (d.min.message === undefined ? a.min(d.min.n) : a.min(d.min.n, d.min.message)) : a;
    }
    case 'record':
      return z.record(z.string(), toZod(d.of));
    case 'object':
      return z.strictObject(Object.fromEntries(Object.entries(d.shape).map(([k, v]) => [k, toZod(v)])));
  }
}

const FILE_SCHEMA = toZod(FILE);

export const checkSchemeFile = (json: unknown, shown: string): { data: FileData } | { problems: Problem[] } => {
  const r = FILE_SCHEMA.safeParse(json);
  return r.success ? { data: r.data as FileData } : { problems: r.error.issues.map((i) => issueProblem(i, json, shown)) };
};

/** A scheme from a file's bytes, synchronously (tests, tools). */
export function parseSchemeBytes(bytes: Buffer, shown: string): SchemeLoad {
  return parseSchemeWith(bytes, shown, checkSchemeFile)!;
}

/** Synchronous form for tests and tools that need the default scheme without I/O scheduling. */
export function loadSchemeSync(file: string = DEFAULT_SCHEME_FILE): SchemeLoad {
  return parseSchemeBytes(readFileSync(file), shownSchemeFile(file));
}

/** Every key the file may use, for the nearest-key hint of an unknown key. */
const KNOWN_KEYS = [
  ...Object.keys(FILE.shape),
  ...Object.keys(VERSION.shape),
  'oneClass',
  'twoOrMore',
  'members',
  'river',
  'kind',
  'upstream',
  'downstream',
  'party',
  'target',
  'failShareTo',
  'minFlows',
];

function issueProblem(issue: z.core.$ZodIssue, json: unknown, shown: string): Problem {
  const keyPath = formatPath(issue.path);
  const value = valueAt(json, issue.path);
  const shownValue = value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);
  const where = { file: shown, column: keyPath || '（文件）', value: shownValue, rule: RULE };
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys;
    const hints = keys.map((k) => {
      const near = KNOWN_KEYS.map((c) => ({ c, d: editDistance(k, c) })).sort((a, b) => a.d - b.d)[0];
      return near && near.d <= Math.max(2, Math.floor(k.length / 3)) ? `「${k}」（是否想写「${near.c}」？）` : `「${k}」`;
    });
    return problem('error', 'E_SCHEME_KEY', `不认识的键 ${hints.join('、')}`, {
      ...where,
      column: keyPath ? `${keyPath}.${keys[0]}` : keys[0]!,
      value: JSON.stringify(valueAt(json, [...issue.path, keys[0]!])),
    });
  }
  if (value === undefined) return problem('error', 'E_SCHEME_VALUE', '缺少必填的键', where);
  if (issue.code === 'invalid_type') return problem('error', 'E_SCHEME_VALUE', `应为${TYPE_NAMES[issue.expected] ?? issue.expected}`, where);
  if (issue.code === 'too_small') return problem('error', 'E_SCHEME_VALUE', issue.message.startsWith('Too') ? '不能为空' : issue.message, where);
  if (issue.code === 'invalid_union') return problem('error', 'E_SCHEME_VALUE', '应为水质类别（如 "Ⅲ"）或 null（不设条件）', where);
  return problem('error', 'E_SCHEME_VALUE', issue.message, where);
}

const TYPE_NAMES: Record<string, string> = {
  object: '对象 {…}',
  array: '数组 […]',
  string: '文本',
  number: '数字',
  boolean: 'true 或 false',
  record: '对象 {…}',
};

function formatPath(p: readonly PropertyKey[]): string {
  return p.reduce<string>((s, k) => (typeof k === 'number' ? `${s}[${k}]` : s ? `${s}.${String(k)}` : String(k)), '');
}

function valueAt(json: unknown, p: readonly PropertyKey[]): unknown {
  let v: unknown = json;
  for (const k of p) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[k];
  }
  return v;
}
