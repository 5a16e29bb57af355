#!/usr/bin/env node
import { main } from '../dist/cli/main.js';

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.stderr.write(`内部错误：${e && e.message ? e.message : String(e)}\n`);
    process.exitCode = 4;
  },
);
