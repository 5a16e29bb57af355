import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../src/cli/main.js';

beforeEach(() => {
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
});
afterEach(() => vi.restoreAllMocks());

const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
const chromiumArgs = (profile: string): string[] => [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  `--user-data-dir=${profile}`,
];

async function settleTo(): Promise<string> {
  const out = await mkdtemp(path.join(tmpdir(), 'ecocomp-html-'));
  expect(await main(['settle', '--year', '2025', '--deadline', '2026-03-31', '--data', 'fixtures/data', '--out', out, '-q'])).toBe(0);
  return path.join(out, '2025', 'settlement-2025.html');
}

const RIVERS = [
  '临江河',
  '龙溪河',
  '璧南河',
  '磨刀溪',
  '小安溪',
  '御临河',
  '濑溪河',
  '琼江',
  '涪江',
  '綦江',
  '大宁河',
  '龙河',
  '酉水',
  '澎溪河',
  '汤溪河',
  '阿蓬江',
  '大洪河',
  '梅溪河',
  '郁江',
];

describe('settlement-2025.html (the year on one page, R9)', () => {
  it('is self-contained and byte-identical across runs; shows every river, the class map and the positions', async () => {
    const a = await readFile(await settleTo(), 'utf8');
    const b = await readFile(await settleTo(), 'utf8');
    expect(a).toBe(b);
    expect(a).not.toMatch(/https?:\/\/|<script|<link|@import|src="/); // no network, no script
    expect(a).toContain('@page { size: A4 landscape;');
    for (const r of RIVERS) expect(a).toContain(`<h3>${r}<span class="id">`);
    expect(a.match(/<section class="river">/g)).toHaveLength(19);
    expect(a).toContain('补偿划转 17 笔，合计 30,500,000.00 元（3,050.00 万元）；流域补偿基金 4 笔，合计 15,000,000.00 元（1,500.00 万元）');
    expect(a).toContain('750.00 万元'); // 临江河: the net transfer of the year between 永川区 and 江津区
    expect(a).toContain('<td style="background:#A9D08E">Ⅲ</td>');
    expect(a).toContain('<h2 class="part">各主体全年净头寸（R9）</h2>');
  });

  it.skipIf(!CHROMIUM)('renders in headless Chromium with every river on the page', { timeout: 120_000 }, async () => {
    const html = await settleTo();
    const profile = await mkdtemp(path.join(tmpdir(), 'ecocomp-chromium-'));
    const dom = execFileSync(CHROMIUM!, [...chromiumArgs(profile), '--dump-dom', `file://${html}`], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 90_000,
    });
    expect(dom).toContain('2025年度流域横向生态保护补偿清算一览');
    for (const r of RIVERS) expect(dom).toContain(`<h3>${r}<span class="id">`);
    expect(dom.match(/<svg class="chain"/g)).toHaveLength(19);
    const shot = path.join(profile, 'page.png');
    execFileSync(CHROMIUM!, [...chromiumArgs(profile), '--window-size=1120,1400', `--screenshot=${shot}`, `file://${html}`], {
      stdio: 'ignore',
      timeout: 90_000,
    });
    const png = await readFile(shot);
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(png.readUInt32BE(16)).toBe(1120); // IHDR width: the page rendered at the asked size
  });
});
