// The limit for classify (issue 13): a bare single-thread byte scanner doing the same grouping on
// a station file — monthly sums per section and item, pH through mean [H+] — in doubles, with no
// checks, no rounding rules and no output. Run as a child process so its wall time and peak RSS
// are measured like the program's. Prints {rows, groups, ms, maxRssKb} as JSON.
import { openSync, readSync } from 'node:fs';

const t0 = performance.now();
const fd = openSync(process.argv[2], 'r');
const ids = new Map(); // section bytes' hash → number
const ITEMS = 8;
let sums = new Float64Array(1 << 20);
let buf = Buffer.alloc(1 << 20);
let filled = 0;
let rows = -1; // the header line is not a row
for (;;) {
  const n = readSync(fd, buf, filled, buf.length - filled);
  const end = filled + n;
  const cut = n === 0 ? end : buf.lastIndexOf(10, end - 1) + 1;
  for (let s = 0; s < cut; ) {
    let e = buf.indexOf(10, s);
    if (e < 0 || e >= cut) e = cut;
    if (rows++ >= 0) {
      let h = 0,
        i = s;
      for (; buf[i] !== 44; i++) h = (h * 31 + buf[i]) | 0;
      let id = ids.get(h);
      if (id === undefined) ids.set(h, (id = ids.size));
      const month = (buf[i + 6] - 48) * 10 + buf[i + 7] - 49; // YYYY-MM
      while (buf[i] !== 44) i++;
      i++;
      while (buf[i] !== 44) i++; // 采样时间 done
      const at = (id * 12 + month) * ITEMS;
      if (at + ITEMS > sums.length) {
        const b = new Float64Array(sums.length * 2);
        b.set(sums);
        sums = b;
      }
      for (let k = 1; i < e && buf[i] === 44; k++) {
        let v = 0,
          scale = 0;
        for (i++; i < e && buf[i] !== 44 && buf[i] !== 13; i++) {
          const c = buf[i];
          if (c === 46) scale = 1;
          else if (c >= 48 && c <= 57) {
            v = v * 10 + c - 48;
            scale *= 10;
          }
        }
        if (i < e && buf[i] === 13) i++;
        sums[at + k] += k === 2 ? Math.pow(10, -(scale ? v / scale : v)) : scale ? v / scale : v;
      }
      sums[at]++;
    }
    s = e + 1;
  }
  if (n === 0) break;
  buf.copy(buf, 0, cut, end);
  filled = end - cut;
}
const ms = performance.now() - t0;
let groups = 0;
for (let i = 0; i < sums.length; i += ITEMS) if (sums[i]) groups++;
process.stdout.write(JSON.stringify({ rows, groups, ms, maxRssKb: process.resourceUsage().maxRSS }) + '\n');
