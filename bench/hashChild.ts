import fs from 'node:fs/promises';
import { hashChunks } from '../native-helper/hash/hashChunks';
import { hashFile } from '../native-helper/hash/hashFile';
import { readChunksAhead } from './readChunksAhead';

/**
 * One hash of a file in a process of its own (argv: read path, file, expected xxh64), reporting its peak
 * RSS and the time from open to digest (inside Threefold the hasher runs in a process already started):
 * `hashFile` (native-helper/hash/), or `readChunksAhead` (the 1 MiB × 4 read path the engine's
 * pre-upload hashing pass used when hashFile was written, for comparison).
 */
async function main(): Promise<void> {
  const [readPath, file, expected] = process.argv.slice(2) as ['hashFile' | 'readChunksAhead', string, string];
  const started = performance.now();
  const handle = await fs.open(file, 'r');
  try {
    const { xxh64 } = readPath === 'hashFile' ? await hashFile(handle.fd) : await hashChunks(readChunksAhead(handle, 1024 * 1024, 4));
    if (xxh64 !== expected) throw new Error(`${readPath} gave ${xxh64}, xxhsum ${expected}`);
  } finally {
    await handle.close();
  }
  process.stderr.write(`work-seconds ${(performance.now() - started) / 1000}\n`);
  process.stderr.write(`peak-rss ${process.resourceUsage().maxRSS * 1024}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exitCode = 1;
});
