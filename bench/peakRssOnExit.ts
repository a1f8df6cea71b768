/**
 * Preloaded (`node -r build/bench/peakRssOnExit.js bin/threefold.js …`) into a process the bench does not
 * write itself, such as the CLI: its peak RSS becomes the last stderr line, as measure() expects.
 */
process.on('exit', () => {
  process.stderr.write(`peak-rss ${process.resourceUsage().maxRSS * 1024}\n`);
});
