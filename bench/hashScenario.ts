import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { formatBytes } from '../src/format/formatBytes';
import { measure, runRounds, writePatterned } from './measure';
import type { ScenarioResult } from './report';

/**
 * Scenario 1: Threefold's hasher over one file against `xxhsum -H1`, page cache warm for both (the file
 * is read once before the rounds), and against the read path the engine used before hashFile.
 */
export async function benchHash(root: string, bytes: number, runs: number, say: (line: string) => void): Promise<ScenarioResult> {
  const file = path.join(root, 'hash', 'A001.mov');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  say(`hash: writing ${formatBytes(bytes)}…`);
  writePatterned(file, bytes, 3);
  const expected = execFileSync('xxhsum', ['-H1', file], { encoding: 'utf8' }).split(' ')[0]!;
  const child = path.join(__dirname, 'hashChild.js');
  say('hash: measuring…');
  const [ours, xxhsum, previous] = await runRounds(runs, [
    () => measure(process.execPath, [child, 'hashFile', file, expected]),
    () => measure('xxhsum', ['-H1', file]),
    () => measure(process.execPath, [child, 'readChunksAhead', file, expected]),
  ]);
  fs.rmSync(path.dirname(file), { recursive: true, force: true });
  return {
    name: `hash one ${formatBytes(bytes)} file (XXH64, page cache warm; Threefold timed from open to digest, without Node's start)`,
    bytes,
    ours: ours!,
    baselines: [
      { name: '`xxhsum -H1`', runs: xxhsum!, maxRatio: 1 / 0.8, target: "≥ 0.8× xxhsum's throughput (ratio ≤ 1.25)" },
      { name: 'Threefold before hashFile: `hashChunks(readChunksAhead(1 MiB, 4 ahead))`', runs: previous! },
    ],
  };
}
