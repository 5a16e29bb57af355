/**
 * Golden files for the error format (issue 11): for every fixtures/invalid/<case>, `validate` and
 * `settle` are run and their exit code, terminal output and validation.csv are compared with the
 * checked-in files under test/golden/<case>/, so that a change in any message shows in review.
 * Paths are normalised (the working directory → <ROOT>, the output directory → <OUT>).
 *
 * After an intended change of wording, regenerate and review the diff:
 *   UPDATE_GOLDEN=1 npx vitest run test/golden.test.ts
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { main } from '../src/cli/main.js';

const UPDATE = process.env.UPDATE_GOLDEN === '1';
const cases = readdirSync('fixtures/invalid', { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();
const scratch = mkdtempSync(path.join(tmpdir(), 'ecocomp-golden-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function run(args: string[], out: string): Promise<string> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => (stdout.push(String(s)), true));
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => (stderr.push(String(s)), true));
  try {
    const code = await main([...args, '--out', out, '--no-color']);
    return normalise(`退出码 ${code}\n--- stdout\n${stdout.join('')}--- stderr\n${stderr.join('')}`, out);
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

const normalise = (text: string, out: string): string => text.split(out).join('<OUT>').split(process.cwd()).join('<ROOT>');

function compare(file: string, actual: string): void {
  if (UPDATE) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, actual);
  }
  expect(existsSync(file), `${file} is missing: run UPDATE_GOLDEN=1 npx vitest run test/golden.test.ts`).toBe(true);
  expect(actual).toBe(readFileSync(file, 'utf8'));
}

describe.each(cases)('fixtures/invalid/%s', (name) => {
  for (const command of ['validate', 'settle'] as const) {
    it(`${command} --year 2025: terminal output and validation.csv as checked in`, async () => {
      const out = path.join(scratch, `${name}-${command}`);
      const terminal = await run([command, '--year', '2025', '--data', `fixtures/invalid/${name}`], out);
      expect(terminal).toMatch(/^退出码 1\n/);
      compare(`test/golden/${name}/${command}.txt`, terminal);
      const csv = path.join(out, 'validation.csv');
      if (command === 'validate') compare(`test/golden/${name}/validation.csv`, normalise(readFileSync(csv, 'utf8'), out));
      else expect(existsSync(out) ? readdirSync(out) : [], 'settle on invalid data writes nothing').toEqual([]);
    });
  }
});
