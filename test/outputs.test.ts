import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { InvariantError, UsageError } from '../src/cli/exitCodes.js';
import { handleError } from '../src/cli/main.js';
import { Money } from '../src/domain/money.js';
import { csvCell, escapeText, toCsv } from '../src/io/csvWrite.js';
import { textWidth } from '../src/io/xlsxWrite.js';

describe('workbook column sizing', () => {
  it('textWidth counts CJK and full-width characters as two columns', () => {
    expect(textWidth('')).toBe(0);
    expect(textWidth('LJH02 2025-03')).toBe(13);
    expect(textWidth('梁滩河（跨区）')).toBe(14);
    expect(textWidth('Ⅲ类')).toBe(3); // Ⅲ (U+2162) is narrow in this table, 类 wide
    expect(textWidth('ＡＢ１')).toBe(6);
    expect(textWidth('𠀋a')).toBe(2); // a character outside the BMP counts once
  });
});

describe('CSV output (outputs.md, examples.md)', () => {
  it('escapes free text Excel would run as a formula, never amounts', () => {
    for (const t of ['=HYPERLINK("x")', '+1', '-cmd', '@SUM(A1)', '\tx', '\rx', '＝1', '＋1', '－1', '＠x']) expect(escapeText(t)).toBe(`'${t}`);
    expect(escapeText('永川区')).toBe('永川区');
    expect(csvCell(new Money('-1000000'))).toBe('-1000000.00');
    expect(csvCell(-1)).toBe('-1');
  });
  it('writes UTF-8 with BOM, CRLF, quoting where needed', () => {
    const bytes = toCsv(['河流编码', '原因'], [['LJH', '甲,乙 "丙"'], ['X', '=1+1']]);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.subarray(3).toString('utf8')).toBe('河流编码,原因\r\nLJH,"甲,乙 ""丙"""\r\nX,\'=1+1\r\n');
  });
});

describe('exit codes (data.md "Errors")', () => {
  it('maps failures to 2 (usage) and 4 (internal), never a stack trace', () => {
    const write = process.stderr.write;
    const seen: string[] = [];
    process.stderr.write = ((s: string) => (seen.push(String(s)), true)) as typeof process.stderr.write;
    try {
      expect(handleError(new UsageError('x'))).toBe(2);
      expect(handleError(new InvariantError('应付 ≠ 应收'))).toBe(4);
      expect(handleError(new TypeError('boom'))).toBe(4);
    } finally {
      process.stderr.write = write;
    }
    expect(seen.join('')).not.toMatch(/\n\s+at /);
    expect(seen.join('')).toContain('内部错误');
  });
});

describe('the installed command', () => {
  const run = (args: string[], env: Record<string, string> = {}) => spawnSync(process.execPath, ['bin/ecocomp.js', ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
  it('--help lists every command in Chinese', () => {
    const r = run(['--help']);
    expect(r.status).toBe(0);
    for (const c of ['validate', 'settle', 'monthly', 'progress', 'classify']) expect(r.stdout).toContain(c);
    expect(r.stdout).toContain('用法');
  });
  it('no colour when not a terminal, even with FORCE_COLOR under NO_COLOR; a bad option is exit 2 in Chinese', () => {
    const out = mkdtempSync(path.join(tmpdir(), 'ecocomp-cli-'));
    const r = run(['validate', '--data', 'fixtures/invalid/benchmark-tie', '--out', out, '--year', '2025'], { NO_COLOR: '1', FORCE_COLOR: '1' });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('E_BENCHMARK_TIE');
    expect(r.stdout).not.toMatch(/\u001b\[/);
    const bad = run(['settle', '--year', '2025', '--bogus']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('未知选项');
  });
});

describe('deterministic zip writer (workbooks carry no clock)', () => {
  it('same entries and date → same bytes, readable, every entry dated from the period', async () => {
    const { writeZip } = await import('../src/io/zipWrite.js');
    const JSZip = (await import('jszip')).default;
    const entries = [
      { name: '[Content_Types].xml', data: Buffer.from('<x/>') },
      { name: 'xl/工作表.xml', data: Buffer.from('重庆'.repeat(1000)) },
    ];
    const date = new Date(Date.UTC(2025, 11, 31));
    const a = writeZip(entries, date);
    expect(a.equals(writeZip(entries, date))).toBe(true);
    const zip = await JSZip.loadAsync(a);
    expect(await zip.file('xl/工作表.xml')!.async('string')).toBe('重庆'.repeat(1000));
    expect(zip.file('[Content_Types].xml')!.date.toISOString().slice(0, 10)).toBe('2025-12-31');
  });
});
