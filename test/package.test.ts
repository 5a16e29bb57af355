import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The package as a user installs it: `npm pack` gives a tarball, `npm install -g` turns it into an
 * `ecocomp` command that runs outside the repository. Dependencies come from the npm cache when they
 * are there (--prefer-offline). The tarball is packed from the dist `npm test` has just built
 * (--ignore-scripts: rebuilding dist here would race the other test files that run it); a plain
 * `npm pack` builds it itself through the prepare script.
 */
const npm = (args: string[], cwd: string): string => execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

describe('npm pack → npm install -g → ecocomp', () => {
  it('installs a working ecocomp command: --help and a settle on the sample data', { timeout: 300_000 }, async () => {
    const tmp = await mkdtemp(path.join(tmpdir(), 'ecocomp-package-'));
    const repo = process.cwd();
    npm(['pack', '--ignore-scripts', '--pack-destination', tmp], repo);
    const tarball = (await readdir(tmp)).find((f) => f.endsWith('.tgz'));
    expect(tarball).toMatch(/^ecocomp-\d+\.\d+\.\d+\.tgz$/);
    const list = execFileSync('tar', ['-tzf', path.join(tmp, tarball!)], { encoding: 'utf8' }).split('\n');
    expect(list).toEqual(
      expect.arrayContaining([
        'package/bin/ecocomp.js',
        'package/dist/cli/main.js',
        'package/docs/规则.md',
        'package/schemes/2023-chongqing.json',
        'package/docs/数据约定.md',
        'package/README.md',
      ]),
    );
    expect(list.some((f) => f.startsWith('package/test/') || f.startsWith('package/fixtures/'))).toBe(false);

    const prefix = path.join(tmp, 'prefix');
    npm(['install', '-g', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', path.join(tmp, tarball!)], tmp);
    const bin = path.join(prefix, 'bin', 'ecocomp');
    expect(existsSync(bin)).toBe(true);

    const help = execFileSync(bin, ['--help'], { cwd: tmp, encoding: 'utf8' });
    expect(help).toContain('用法： ecocomp [选项] [命令]');
    expect(help).toContain('init');

    const out = path.join(tmp, 'out');
    const run = execFileSync(
      bin,
      ['settle', '--year', '2025', '--deadline', '2026-03-31', '--data', path.join(repo, 'fixtures', 'data'), '--out', out, '--no-color'],
      { cwd: tmp, encoding: 'utf8' },
    );
    expect(run).toContain('补偿划转 17 笔');
    expect(existsSync(path.join(out, '2025', 'settlement-2025.xlsx'))).toBe(true);
    expect(existsSync(path.join(out, '2025', 'transfers-2025.csv'))).toBe(true);
  });
});
