#!/usr/bin/env node
import { setFlagsFromString } from 'node:v8';

// V8's young generation starts at 1 MiB and doubles when it fills with live data: a run builds
// most of what it keeps in its first few hundred milliseconds, so let it grow in one step
// (issue 13: half the scavenges of a sample settle). The program is loaded after this.
setFlagsFromString('--semi-space-growth-factor=16');
const { main } = await import('../dist/bundle/main.js');

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
