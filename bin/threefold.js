#!/usr/bin/env node
'use strict';
// Copying is I/O bound: more threads let reads, writes and fsyncs of several files overlap.
process.env.UV_THREADPOOL_SIZE = process.env.UV_THREADPOOL_SIZE || '16';
const { main } = require('../build/native-helper/cli/main.js');
main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
