#!/usr/bin/env node
import { main } from '../dist/cli/main.js';

// A reader that goes away (`ecocomp validate | head`) is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e) => {
    if (e && e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.stderr.write(`内部错误：${e && e.message ? e.message : String(e)}\n`);
    process.exitCode = 4;
  },
);
