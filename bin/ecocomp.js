#!/usr/bin/env node
import { main } from '../dist/cli/main.js';

// A reader that goes away (`ecocomp validate | head`) is not an error: stop writing to it and
// let the command finish, so the exit code still says how the run went.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e) => {
    if (e && e.code === 'EPIPE') {
      stream.write = () => true;
      return;
    }
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
