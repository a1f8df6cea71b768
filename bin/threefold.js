#!/usr/bin/env node
'use strict';
// Copying is I/O bound: more threads let the reads, writes and fsyncs of several files overlap.
process.env.UV_THREADPOOL_SIZE = process.env.UV_THREADPOOL_SIZE || '16';

let cli;
try {
  // Checked before main loads: an older Node is told so, not shown a stack at the first catalog open.
  const unsupported = require('../build/native-helper/cli/supportedNode.js').unsupportedNodeMessage(process.version);
  if (unsupported !== undefined) {
    process.stderr.write(`${unsupported}\n`);
    process.exit(2);
  }
  cli = require('../build/native-helper/cli/main.js');
} catch (error) {
  if (error && error.code === 'MODULE_NOT_FOUND' && String(error.message).includes('build/native-helper')) {
    process.stderr.write('threefold: not built yet: run `npm run build` in the threefold folder first\n');
    process.exit(2);
  }
  throw error;
}
cli.main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
