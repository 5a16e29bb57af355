import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROBLEM_CODES, isProblemCode } from '../src/domain/problemCodes.js';

/** The one table of problem codes (issue 11 "one vocabulary"): every code written in src/ is in it, and every entry is used. */
const sources = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? sources(path.join(dir, d.name)) : d.name.endsWith('.ts') ? [path.join(dir, d.name)] : [],
  );
const written = new Map<string, string>();
for (const file of sources('src')) {
  if (file.endsWith('problemCodes.ts')) continue;
  for (const m of readFileSync(file, 'utf8').matchAll(/'([EW]_[A-Z0-9_]+)'/g)) written.set(m[1]!, file);
}

describe('PROBLEM_CODES', () => {
  it('lists every code the source reports', () => {
    const unlisted = [...written].filter(([code]) => !isProblemCode(code)).map(([code, file]) => `${code} (${file})`);
    expect(unlisted).toEqual([]);
  });
  it('lists no code that nothing reports', () => {
    expect(Object.keys(PROBLEM_CODES).filter((code) => !written.has(code))).toEqual([]);
  });
  it('E_ codes are errors and W_ codes warnings, each with a Chinese meaning', () => {
    for (const [code, meaning] of Object.entries(PROBLEM_CODES)) {
      expect(code).toMatch(/^[EW]_[A-Z0-9_]+$/);
      expect(meaning).toMatch(/[\u4e00-\u9fff]/);
    }
    expect(isProblemCode('E_CLASS')).toBe(true);
    expect(isProblemCode('E_NOT_A_CODE')).toBe(false);
  });
});
