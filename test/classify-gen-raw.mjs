#!/usr/bin/env node
/**
 * Writes a synthetic automatic-station file (4-hourly samples) for measuring `ecocomp classify`:
 *   node test/classify-gen-raw.mjs OUT.csv [ROWS=500000]
 * Deterministic (fixed seed); UTF-8 with BOM; values are 示例数据, not real measurements.
 */
import { createWriteStream } from 'node:fs';

const out = process.argv[2];
const target = Number(process.argv[3] ?? 500000);
if (!out) {
  process.stderr.write('用法：node test/classify-gen-raw.mjs OUT.csv [行数]\n');
  process.exit(2);
}
let seed = 20250301;
const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
const fix = (units, dec) => {
  const s = String(units).padStart(dec + 1, '0');
  return dec ? `${s.slice(0, -dec)}.${s.slice(-dec)}` : s;
};
const between = (lo, hi) => lo + Math.floor(rnd() * (hi - lo + 1));
const months = ['2025-01', '2025-02', '2025-03', '2025-04', '2025-05', '2025-06', '2025-07', '2025-08', '2025-09', '2025-10', '2025-11', '2025-12'];
const days = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const perSectionYear = days.reduce((a, b) => a + b, 0) * 6;
const sections = Math.max(1, Math.ceil(target / perSectionYear));
const ws = createWriteStream(out);
const write = (s) => (ws.write(s) ? Promise.resolve() : new Promise((r) => ws.once('drain', r)));
await write('\ufeff断面编码,采样日期,pH,溶解氧(mg/L),高锰酸盐指数(mg/L),氨氮(mg/L),总磷(mg/L),总氮(mg/L),水温(℃),备注\r\n');
let rows = 0;
let buf = '';
outer: for (let m = 0; m < 12; m++) {
  for (let s = 0; s < sections; s++) {
    const id = `CQ-AUTO-${String(s + 1).padStart(4, '0')}`;
    for (let d = 1; d <= days[m]; d++) {
      for (let h = 0; h < 24; h += 4) {
        if (rows >= target) break outer;
        const nh3 = rnd() < 0.05 ? '0.025L' : fix(between(5, 180), 2);
        buf += `${id},${months[m]}-${String(d).padStart(2, '0')} ${String(h).padStart(2, '0')}:00,${fix(between(65, 88), 1)},${fix(between(40, 110), 1)},${fix(between(10, 80), 1)},${nh3},${fix(between(10, 350), 3)},${fix(between(50, 400), 2)},${fix(between(60, 300), 1)},示例数据\r\n`;
        rows++;
        if (buf.length > 1 << 16) {
          await write(buf);
          buf = '';
        }
      }
    }
  }
}
await write(buf);
ws.end();
process.stderr.write(`已生成 ${rows} 行：${out}\n`);
