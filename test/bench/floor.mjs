// The floor (issue 5): csv-parse reading a CSV file and doing nothing else, as a child process so
// its wall time and peak RSS are measured like the program's. Prints {rows, bytes, ms} as JSON.
import { createReadStream, statSync } from 'node:fs';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parse } from 'csv-parse';

let rows = 0;
let bytes = 0;
const t0 = performance.now();
for (const file of process.argv.slice(2)) {
  bytes += statSync(file).size;
  await pipeline(
    createReadStream(file),
    parse({ bom: true, relax_column_count: true }),
    new Writable({
      objectMode: true,
      highWaterMark: 1024,
      write(_rec, _enc, cb) {
        rows++;
        cb();
      },
    }),
  );
}
const ms = performance.now() - t0;
process.stdout.write(JSON.stringify({ rows, bytes, ms, maxRssKb: process.resourceUsage().maxRSS }) + '\n');
