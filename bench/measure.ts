import { spawn } from 'node:child_process';

export interface Measurement {
  seconds: number;
  /** Peak resident set of the child, in bytes (from /usr/bin/time-free means: the child reports it). */
  peakRssBytes: number | null;
}

/**
 * Runs a command as a child process and measures its wall time; a Node child started with
 * `--report-peak-rss` prints its own peak RSS as the last stderr line `peak-rss <bytes>`.
 */
export function measure(command: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<Measurement> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...env } });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => {
      const seconds = (performance.now() - started) / 1000;
      if (code !== 0) return reject(new Error(`${command} ${args.join(' ')} exited with ${code}:\n${stderr}`));
      const rss = /peak-rss (\d+)\s*$/.exec(stderr);
      resolve({ seconds, peakRssBytes: rss ? Number(rss[1]) : null });
    });
  });
}

/** The median of `runs` measurements: the machine is shared, one run says little. */
export async function median(runs: number, run: () => Promise<Measurement>): Promise<Measurement> {
  const results: Measurement[] = [];
  for (let i = 0; i < runs; i += 1) results.push(await run());
  results.sort((a, b) => a.seconds - b.seconds);
  return results[Math.floor(results.length / 2)]!;
}
