import fs from 'node:fs';
import zlib from 'node:zlib';
import { pipeline } from 'node:stream/promises';
import { Writable } from 'node:stream';

/** Baseline for the scan: only decompress the project (no parsing), in a process of its own. */
async function main(): Promise<void> {
  let bytes = 0;
  await pipeline(
    fs.createReadStream(process.argv[2]!),
    zlib.createGunzip(),
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        bytes += chunk.length;
        done();
      },
    }),
  );
  if (bytes === 0) throw new Error('empty project');
  process.stderr.write(`peak-rss ${process.resourceUsage().maxRSS * 1024}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exitCode = 1;
});
