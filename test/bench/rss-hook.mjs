// Preloaded with `node --import` when /usr/bin/time is missing: on exit, appends the process's
// peak RSS (KiB) and its own run time to the file named by BENCH_RSS_FILE.
import { appendFileSync } from 'node:fs';

const file = process.env.BENCH_RSS_FILE;
if (file) {
  process.on('exit', () => {
    appendFileSync(file, `${JSON.stringify({ maxRssKb: process.resourceUsage().maxRSS, uptimeMs: process.uptime() * 1000 })}\n`);
  });
}
