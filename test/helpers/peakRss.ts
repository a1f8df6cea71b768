import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { BIN } from './cli';

export interface MeasuredRun {
  code: number;
  stdout: string;
  stderr: string;
  seconds: number;
  peakRssBytes: number;
}

const PEAK_LINE = /\npeak-rss (\d+)\n$/;

/**
 * Runs the built CLI in a child process with a preload that writes its peak RSS (the kernel's count, the
 * whole process: heap, buffers, native memory) as the last stderr line when it exits, however it exits.
 */
export function runCliMeasured(home: string, args: readonly string[], folder: string): MeasuredRun {
  const preload = path.join(folder, 'peak-rss-on-exit.js');
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the preload's own source, a template literal it evaluates
  fs.writeFileSync(preload, "process.on('exit', () => require('fs').writeSync(2, `\\npeak-rss ${process.resourceUsage().maxRSS * 1024}\\n`));\n");
  const started = performance.now();
  const result = spawnSync(process.execPath, ['-r', preload, BIN, ...args], {
    encoding: 'utf8',
    env: { ...process.env, THREEFOLD_HOME: home },
    timeout: 120_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  const seconds = (performance.now() - started) / 1000;
  if (result.error) throw result.error;
  const stderr = String(result.stderr);
  const peak = PEAK_LINE.exec(stderr);
  return {
    code: result.status ?? -1,
    stdout: String(result.stdout),
    stderr: peak ? stderr.slice(0, peak.index) : stderr,
    seconds,
    peakRssBytes: peak ? Number(peak[1]) : NaN,
  };
}
