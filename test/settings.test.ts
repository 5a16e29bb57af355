import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../src/cli/main.js';
import { deadlineFor, readSettings } from '../src/io/settings.js';
import { parseSettings } from '../src/io/settingsParse.js';

let out = '';
let err = '';
beforeEach(() => {
  out = '';
  err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => ((out += String(s)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => ((err += String(s)), true));
});
afterEach(() => vi.restoreAllMocks());

async function dataWith(settings: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'ecocomp-settings-'));
  await cp('fixtures/data', path.join(dir, 'data'), { recursive: true });
  await writeFile(path.join(dir, 'data', 'ecocomp.json'), settings);
  return dir;
}

describe('ecocomp.json (settings file in the data folder)', () => {
  it('reads every key into a typed value; a missing file is no settings', async () => {
    const r = parseSettings('{"编制单位": " 重庆市财政局 ", "清缴截止日": "03-31", "湖库断面": ["CQ-S012", "CQ-S031"], "说明": "备注"}', 'ecocomp.json');
    expect(r.problems).toEqual([]);
    expect(r.settings).toEqual({ org: '重庆市财政局', deadline: '03-31', lakes: ['CQ-S012', 'CQ-S031'] });
    expect(await readSettings('fixtures/data')).toEqual({ settings: {}, problems: [] });
    expect(deadlineFor('03-31', 2025)).toBe('2026-03-31');
    expect(deadlineFor('2026-04-15', 2025)).toBe('2026-04-15');
  });

  it('names the line, key and value of every mistake, in Chinese', () => {
    const text = '{\n  "编制单位": "x",\n  "截止日": "03-31",\n  "湖库断面": ["a", 3],\n  "清缴截止日": "02-30"\n}\n';
    const r = parseSettings(text, 'data/ecocomp.json');
    expect(r.settings).toEqual({});
    expect(r.problems.map((p) => [p.severity, p.code, p.file, p.row, p.column, p.value, p.message])).toEqual([
      ['error', 'E_SETTINGS', 'data/ecocomp.json', 3, '截止日', undefined, '不认识的设置项 「截止日」；可用的设置项：编制单位、清缴截止日、湖库断面、说明'],
      ['error', 'E_SETTINGS', 'data/ecocomp.json', 4, '湖库断面', '3', '第 2 项：「湖库断面」中的每一项应为文本（用英文双引号括起来）'],
      [
        'error',
        'E_SETTINGS',
        'data/ecocomp.json',
        5,
        '清缴截止日',
        '02-30',
        '「清缴截止日」应为 MM-DD（次年的月、日，如 "03-31"）或 YYYY-MM-DD（如 "2026-03-31"）',
      ],
    ]);
    const bad = parseSettings('{\n  "编制单位": "x",\n}\n', 'ecocomp.json');
    expect(bad.problems).toHaveLength(1);
    expect(bad.problems[0]!.row).toBe(3);
    expect(bad.problems[0]!.message).toMatch(/^不是有效的 JSON/);
    expect(parseSettings('[1]', 'ecocomp.json').problems[0]!.message).toBe('设置文件应为一个 JSON 对象，如 {"编制单位": "重庆市财政局"}');
  });

  it('settle takes its deadline from the settings; --deadline on the command line wins (R10)', async () => {
    const dir = await dataWith('{"清缴截止日": "03-31"}');
    const data = path.join(dir, 'data');
    expect(await main(['settle', '--year', '2025', '--data', data, '--out', path.join(dir, 'a'), '--no-color'])).toBe(0);
    expect(out).toContain('强制收扣（R10，截止 2026-03-31）');
    const fromSettings = await readFile(path.join(dir, 'a', '2025', 'enforcement-2025.csv'), 'utf8');
    expect(await main(['settle', '--year', '2025', '--deadline', '2026-03-31', '--data', 'fixtures/data', '--out', path.join(dir, 'b'), '--no-color'])).toBe(0);
    expect(await readFile(path.join(dir, 'b', '2025', 'enforcement-2025.csv'), 'utf8')).toBe(fromSettings);
    out = '';
    // (A deadline within the settled year itself is a usage error, so the override is a later one.)
    expect(await main(['settle', '--year', '2025', '--deadline', '2026-06-30', '--data', data, '--out', path.join(dir, 'c'), '--no-color'])).toBe(0);
    expect(out).toContain('截止 2026-06-30');
  });

  it('a broken settings file stops every command with exit 1 and writes nothing', async () => {
    const dir = await dataWith('{"编制单位": 3}');
    const data = path.join(dir, 'data');
    for (const args of [['validate'], ['settle', '--year', '2025'], ['progress', '--year', '2025'], ['monthly', '--month', '2025-03']]) {
      err = '';
      expect(await main([...args, '--data', data, '--out', path.join(dir, 'out'), '--no-color'])).toBe(1);
      expect(err).toContain('错误 E_SETTINGS');
      expect(err).toContain('ecocomp.json 第1行 「编制单位」列 值「3」：「编制单位」应为文本（用英文双引号括起来） [设置]');
      expect(err).toContain('设置文件有错误，未执行命令，未写出任何文件。\n');
    }
    expect(existsSync(path.join(dir, 'out'))).toBe(false);
  });
});
