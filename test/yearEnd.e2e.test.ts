import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { readXlsxSheet } from '../src/io/xlsxRead.js';

/**
 * 按月核算、按年清缴 (R9) as a finance bureau lives it: monthly statements issued through the
 * year, one notified result corrected in November, then the year-end settlement names exactly
 * that section-month and its effect (月度与年度差异), and lists the agreements due (协议到期, R8).
 */
const csvRows = (file: string): string[][] =>
  readFileSync(file, 'utf8')
    .replace(/^\uFEFF/, '')
    .trim()
    .split('\r\n')
    .map((l) => l.split(','));
const sha = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');
const sheet = (file: string, name: string): string[][] => readXlsxSheet(readFileSync(file), [name]).cells;
const REVISIONS_HEADER = ['河流编码', '断面编码', '月份', '月报付款方', '月报收款方', '月报金额', '年度付款方', '年度收款方', '年度金额', '原因'];

describe('revisions: monthly statements issued, one result corrected in November, then settle', () => {
  const work = mkdtempSync(path.join(tmpdir(), 'ecocomp-yearend-'));
  const data = path.join(work, 'data');
  const out = path.join(work, 'out');
  cpSync('fixtures/data', data, { recursive: true });

  it('names exactly that month, both results and the effect per party; the issued statements are only read', async () => {
    for (let m = 1; m <= 12; m++)
      expect(await main(['monthly', '--month', `2025-${String(m).padStart(2, '0')}`, '--data', data, '--out', out, '--quiet'])).toBe(0);
    const issued = readdirSync(path.join(out, '2025'))
      .filter((f) => /^ledger-2025-\d\d\.csv$/.test(f))
      .sort();
    expect(issued).toHaveLength(12);
    const before = new Map(issued.map((f) => [f, sha(path.join(out, '2025', f))]));
    // November's notified class for 临江河 茨坝 is corrected from Ⅱ to Ⅳ (benchmark Ⅲ): the statement
    // said 江津区 pays 永川区 1,500,000 (agreement 150 万元/月, R1 d = 1); now 永川区 pays 江津区 1,500,000 (d = −1).
    const q = path.join(data, 'quality/2025-市级通报.csv');
    const text = readFileSync(q, 'utf8');
    expect(text).toContain('LJH02,2025/11,二类,市级通报');
    writeFileSync(q, text.replace('LJH02,2025/11,二类,市级通报', 'LJH02,2025/11,Ⅳ类,市级通报'));

    expect(await main(['settle', '--year', '2025', '--deadline', '2026-03-31', '--data', data, '--out', out, '--quiet', '--force'])).toBe(0);
    const rows = csvRows(path.join(out, '2025/revisions-2025.csv'));
    expect(rows[0]).toEqual(REVISIONS_HEADER);
    expect(rows.slice(1)).toEqual([
      [
        'LJH',
        'LJH02',
        '2025-11',
        '江津区',
        '永川区',
        '1500000.00',
        '永川区',
        '江津区',
        '1500000.00',
        '实测类别 Ⅱ（市级通报） → Ⅳ（市级通报）；月报 江津区→永川区 1500000.00 元，年度 永川区→江津区 1500000.00 元',
      ],
    ]);
    for (const [f, h] of before) expect(sha(path.join(out, '2025', f))).toBe(h);

    const wb = path.join(out, '2025/settlement-2025.xlsx');
    const diff = sheet(wb, '月度与年度差异');
    const effects = diff.slice(diff.findIndex((r) => r[0] === '河流编码' && r[1] === '主体') + 1).map((r) => r.slice(0, 5));
    // 永川区 was to receive 1.5 M and now pays 1.5 M: −3,000,000; 江津区 the other way.
    expect(effects).toEqual([
      ['LJH', '江津区', '-1500000.00', '1500000.00', '3000000.00'],
      ['LJH', '永川区', '1500000.00', '-1500000.00', '-3000000.00'],
    ]);
    const provenance = sheet(wb, '来源').map((r) => r.join('|'));
    expect(provenance.filter((r) => r.includes('已发月报')).length).toBe(24);
    expect(provenance.some((r) => r.includes(before.get('ledger-2025-11.csv')!))).toBe(true);
  });
});

describe('revisions on the bundled sample (fixtures/issued/2025: November first notified Ⅲ, corrected to Ⅱ)', () => {
  it('one row, LJH02 2025-11, 0 → 江津区 pays 永川区 1,500,000', async () => {
    const out = mkdtempSync(path.join(tmpdir(), 'ecocomp-issued-'));
    expect(await main(['settle', '--year', '2025', '--data', 'fixtures/data', '--out', out, '--issued', 'fixtures/issued/2025', '--quiet'])).toBe(0);
    expect(csvRows(path.join(out, '2025/revisions-2025.csv')).slice(1)).toEqual([
      [
        'LJH',
        'LJH02',
        '2025-11',
        '',
        '',
        '0.00',
        '江津区',
        '永川区',
        '1500000.00',
        '实测类别 Ⅲ（市级通报） → Ⅱ（市级通报）；月报 不补偿，年度 江津区→永川区 1500000.00 元',
      ],
    ]);
  });

  it('no statement issued: the CSV has only its header and the sheet says so', async () => {
    const out = mkdtempSync(path.join(tmpdir(), 'ecocomp-noissued-'));
    expect(await main(['settle', '--year', '2025', '--data', 'fixtures/data', '--out', out, '--quiet'])).toBe(0);
    expect(csvRows(path.join(out, '2025/revisions-2025.csv'))).toEqual([REVISIONS_HEADER]);
    const notes = sheet(path.join(out, '2025/settlement-2025.xlsx'), '月度与年度差异').map((r) => r[0]);
    expect(notes).toContain('未找到已发月报（ledger-年份-MM.csv），没有可比较的月度结果');
  });

  it('an issued statement that is not one monthly wrote is an error naming the file, and nothing is written', async () => {
    const work = mkdtempSync(path.join(tmpdir(), 'ecocomp-badissued-'));
    writeFileSync(path.join(work, 'ledger-2025-03.csv'), '\uFEFF断面编码,金额\r\nLJH02,100\r\n');
    const out = path.join(work, 'out');
    expect(await main(['settle', '--year', '2025', '--data', 'fixtures/data', '--out', out, '--issued', work, '--quiet'])).toBe(1);
    expect(() => readdirSync(out)).toThrow();
  });
});

describe('renewals (协议到期, R8) on the sample: first-period agreements end 2025-12-31', () => {
  it('settle lists each district that has not renewed, with the fund charge from 2026-01', async () => {
    const out = mkdtempSync(path.join(tmpdir(), 'ecocomp-renew-'));
    expect(await main(['settle', '--year', '2025', '--data', 'fixtures/data', '--out', out, '--quiet'])).toBe(0);
    const rows = sheet(path.join(out, '2025/settlement-2025.xlsx'), '协议到期');
    const body = rows.slice(rows.findIndex((r) => r[0] === '河流编码') + 1);
    expect(body).toHaveLength(23);
    expect(body[0]).toEqual(['BNH', '璧南河', '江津区', 'BNH-2023-01', '2025-12-31', '已到期未续签', '', '', '2026-01', '1000000']);
    // 小安溪's renewal runs from 2025-08-01 for at least three years; 长寿区 never signed 大洪河 (already charged every month).
    expect(body.some((r) => r[0] === 'XAX')).toBe(false);
    expect(body.some((r) => r[0] === 'DHH' && r[2] === '长寿区')).toBe(false);
  });

  it('validate warns per river and district (W_AGREEMENT_ENDED, R8)', async () => {
    const out = mkdtempSync(path.join(tmpdir(), 'ecocomp-renew-v-'));
    expect(await main(['validate', '--year', '2025', '--data', 'fixtures/data', '--out', out, '--quiet'])).toBe(0);
    const ended = csvRows(path.join(out, 'validation.csv')).filter((r) => r[1] === 'W_AGREEMENT_ENDED');
    expect(ended).toHaveLength(23);
    expect(ended.every((r) => r[6] === 'R8' && r[4] === '终止日期' && r[5] === '2025-12-31')).toBe(true);
  });
});
