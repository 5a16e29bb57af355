import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { InvariantError, UsageError } from '../src/cli/exitCodes.js';
import { handleError } from '../src/cli/main.js';
import { Money } from '../src/domain/money.js';
import { csvCell, escapeText, toCsv } from '../src/io/csvWrite.js';
import { textWidth } from '../src/io/xlsxLayout.js';

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
    const bytes = toCsv(
      ['河流编码', '原因'],
      [
        ['LJH', '甲,乙 "丙"'],
        ['X', '=1+1'],
      ],
    );
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
  const run = (args: string[], env: Record<string, string> = {}) =>
    spawnSync(process.execPath, ['bin/ecocomp.js', ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
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

/**
 * Output files as one set (outputs.md "Everywhere": files appear whole or not at all). Each case
 * starts from an old set on disk and checks that, whatever goes wrong, the folder holds the old
 * set byte for byte, with no temporary file or lock left behind.
 */
describe('output files as one set', () => {
  const SETTLE = ['settle', '--year', '2025', '--deadline', '2026-03-31', '--data', 'fixtures/data'];
  const bin = path.resolve('bin/ecocomp.js');
  const runCli = (args: string[], env: Record<string, string> = {}) =>
    spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env } });
  const snapshot = (dir: string) =>
    Object.fromEntries(
      readdirSync(dir)
        .sort()
        .map((f) => [f, statSync(path.join(dir, f)).isDirectory() ? 'DIR' : readFileSync(path.join(dir, f)).toString('base64')]),
    );

  /** An old set (from other data) in OUT/2025, so a new run has every file to replace. */
  function oldSet(): { out: string; dir: string; before: Record<string, string> } {
    const out = mkdtempSync(path.join(tmpdir(), 'ecocomp-set-'));
    const dir = path.join(out, '2025');
    mkdirSync(dir);
    for (const f of [
      'settlement-2025.xlsx',
      'settlement-2025.html',
      'ledger-2025.csv',
      'fund-2025.csv',
      'transfers-2025.csv',
      'positions-2025.csv',
      'enforcement-2025.csv',
      'revisions-2025.csv',
    ])
      writeFileSync(path.join(dir, f), `old ${f}`);
    return { out, dir, before: snapshot(dir) };
  }

  it('a folder at an output path: exit 1, a Chinese message naming the file and what to do, no file changed', () => {
    const { out, dir } = oldSet();
    rmSync(path.join(dir, 'positions-2025.csv'));
    mkdirSync(path.join(dir, 'positions-2025.csv'));
    const before = snapshot(dir);
    const r = runCli([...SETTLE, '--out', out, '--force']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('positions-2025.csv');
    expect(r.stderr).toContain('是一个文件夹');
    expect(r.stderr).toContain('没有改动任何输出文件');
    expect(r.stderr).not.toMatch(/内部错误|internal|EISDIR:|illegal operation/i);
    expect(r.stderr.endsWith('\n')).toBe(true);
    expect(snapshot(dir)).toEqual(before);
  });

  it('a rename that fails part way (as with a workbook open in Excel): the files already replaced are put back', () => {
    const { out, dir, before } = oldSet();
    // positions-2025.csv comes after the workbook and three CSVs, which are renamed first.
    const r = runCli([...SETTLE, '--out', out, '--force'], { ECOCOMP_TEST_FAIL_RENAME: 'positions-2025.csv' });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('positions-2025.csv');
    expect(r.stderr).toContain('请在 Excel/WPS 中关闭该文件');
    expect(r.stderr).toContain('已替换的文件已恢复原样');
    expect(snapshot(dir)).toEqual(before);
  });

  it('without the failure the same run replaces the whole set (the test above is not vacuous)', () => {
    const { out, dir, before } = oldSet();
    expect(runCli([...SETTLE, '--out', out, '--force', '-q']).status).toBe(0);
    const after = snapshot(dir);
    expect(Object.keys(after)).toEqual(Object.keys(before));
    for (const f of Object.keys(before)) expect(after[f]).not.toBe(before[f]);
  });

  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    it(`${signal} while the files are being written: temporary files removed, exit ${code}, old set intact`, async () => {
      const { out, dir, before } = oldSet();
      const child = spawn(process.execPath, [bin, ...SETTLE, '--out', out, '--force'], {
        env: { ...process.env, ECOCOMP_TEST_WRITE_DELAY_MS: '60000' },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
      const exited = new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
      // Wait until the first temporary file is on disk: the run is in the middle of writing.
      while (!readdirSync(dir).some((f) => f.startsWith('.ecocomp-tmp-'))) await new Promise((r) => setTimeout(r, 50));
      child.kill(signal);
      expect(await exited).toBe(code);
      expect(stderr).toContain('已中断');
      expect(snapshot(dir)).toEqual(before);
      expect(readdirSync(out)).toEqual(['2025']);
    });
  }

  it('a stale temporary file and a stale lock from a killed run are cleared by the next run', () => {
    const { out, dir } = oldSet();
    const dead = spawnSync(process.execPath, ['-e', '']).pid!;
    writeFileSync(path.join(dir, `.ecocomp-tmp-${dead}-ledger-2025.csv`), 'half a file');
    writeFileSync(path.join(dir, `.ecocomp-bak-${dead}-fund-2025.csv`), 'old');
    writeFileSync(path.join(dir, '.ecocomp.lock'), `${dead}\n`);
    expect(runCli([...SETTLE, '--out', out, '--force', '-q']).status).toBe(0);
    expect(readdirSync(dir).filter((f) => f.startsWith('.'))).toEqual([]);
  });

  it('two runs writing the same folder at once: the second waits a short while, then exits 1 with a clear message', async () => {
    const { out, dir, before } = oldSet();
    const first = spawn(process.execPath, [bin, ...SETTLE, '--out', out, '--force', '-q'], {
      env: { ...process.env, ECOCOMP_TEST_WRITE_DELAY_MS: '60000' },
      stdio: 'ignore',
    });
    const firstDone = new Promise<number | null>((resolve) => first.on('exit', (c) => resolve(c)));
    while (!readdirSync(dir).some((f) => f.startsWith('.ecocomp-tmp-'))) await new Promise((r) => setTimeout(r, 50));
    const second = runCli([...SETTLE, '--out', out, '--force'], { ECOCOMP_LOCK_WAIT_MS: '100' });
    expect(second.status).toBe(1);
    expect(second.stderr).toContain(`另一次运行（进程 ${first.pid}）正在向`);
    expect(second.stderr).toContain('请等它完成后重新运行');
    first.kill('SIGTERM');
    expect(await firstDone).toBe(143);
    expect(snapshot(dir)).toEqual(before);
    // The lock went with the first run: a third run writes the set.
    expect(runCli([...SETTLE, '--out', out, '--force', '-q']).status).toBe(0);
    expect(snapshot(dir)['ledger-2025.csv']).not.toBe(before['ledger-2025.csv']);
  });
});

describe('writeOutputs', () => {
  it('a full disk while writing the temporary files: the old files stay and no temporary file is left', async () => {
    const { writeOutputs, OutputWriteError } = await import('../src/io/writeOutputs.js');
    const dir = mkdtempSync(path.join(tmpdir(), 'ecocomp-w-'));
    writeFileSync(path.join(dir, 'a.csv'), 'old a');
    writeFileSync(path.join(dir, 'b.csv'), 'old b');
    // The second file's temporary name leads to /dev/full, which answers every write with ENOSPC.
    symlinkSync('/dev/full', path.join(dir, `.ecocomp-tmp-${process.pid}-b.csv`));
    const err = await writeOutputs(
      [
        { path: path.join(dir, 'a.csv'), bytes: Buffer.from('new a') },
        { path: path.join(dir, 'b.csv'), bytes: Buffer.from('new b') },
      ],
      { force: true },
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OutputWriteError);
    expect((err as Error).message).toBe(`磁盘空间不足，无法写出 ${path.join(dir, 'b.csv')}。请清理磁盘空间后重新运行。本次运行没有改动任何输出文件。`);
    expect(readFileSync(path.join(dir, 'a.csv'), 'utf8')).toBe('old a');
    expect(readFileSync(path.join(dir, 'b.csv'), 'utf8')).toBe('old b');
    expect(readdirSync(dir).sort()).toEqual(['a.csv', 'b.csv']);
  });
  it('names the file and says what to do for each kind of failure, in Chinese', async () => {
    const { writeFailure } = await import('../src/io/writeOutputs.js');
    expect(writeFailure('out/2025/settlement-2025.xlsx', 'EBUSY')).toBe(
      '无法写入 out/2025/settlement-2025.xlsx：文件正被其他程序占用（例如在 Excel 或 WPS 中打开），或没有写入权限。请在 Excel/WPS 中关闭该文件（或检查文件权限）后重新运行。',
    );
    for (const code of ['EPERM', 'EACCES']) expect(writeFailure('x.xlsx', code)).toContain('关闭该文件');
    expect(writeFailure('x.csv', 'ENOSPC')).toBe('磁盘空间不足，无法写出 x.csv。请清理磁盘空间后重新运行。');
  });
});
