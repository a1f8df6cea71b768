/**
 * A destination as one home's protect of N files leaves it, without a catalog snapshot: the copies, one
 * ASC MHL generation and the key owners record; and a fresh home with that destination configured. Time a
 * rebuild from its history with
 * `node build/bench/rebuildHistoryFixture.js DIR [files]` then
 * `/usr/bin/time -v node bin/threefold.js --home DIR/home catalog rebuild --from raid --history-only`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { saveConfig } from '../native-helper/config/config';
import { LocalFolderDestination } from '../native-helper/destinations/localFolder';
import { BufferPool } from '../native-helper/fsutil/bufferPool';
import { appendGeneration } from '../native-helper/mhl/history';
import type { MhlEntry } from '../native-helper/mhl/manifest';

const [dir, filesArgument] = process.argv.slice(2);
const FILES = Number(filesArgument ?? 100_000);

async function main(): Promise<void> {
  if (dir === undefined) throw new Error('usage: rebuildHistoryFixture DIR [files]');
  const raid = path.join(dir, 'raid');
  const home = 'a'.repeat(32);
  const keys: Array<[string, string]> = [];
  const entries: MhlEntry[] = [];
  const hashDate = new Date('2026-12-01T10:00:00Z');
  for (let i = 0; i < FILES; i++) {
    const key = `MEDIA/Projects/Ferry Doc/Day ${String(i % 40).padStart(2, '0')}/Card ${i % 7}/A${String(i).padStart(6, '0')}_C001.mov`;
    const file = path.join(raid, ...key.split('/'));
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const content = Buffer.from(String(i));
    fs.writeFileSync(file, content);
    const mtimeMs = 1_765_000_000_000 + i * 1000;
    fs.utimesSync(file, mtimeMs / 1000, mtimeMs / 1000);
    const xxh64 = (BigInt(i + 1) * 0x9e3779b97f4a7c15n).toString(16).padStart(16, '0').slice(-16);
    keys.push([key, `/Volumes/${key}`]);
    entries.push({ path: key, size: content.byteLength, mtimeMs, xxh64, action: 'original', hashDate });
  }
  const destination = new LocalFolderDestination({ name: 'raid', media: 'raid', offsite: false }, raid, new BufferPool(64 * 1024, 1));
  await appendGeneration(destination, 'raid', 'transfer', hashDate, entries);
  await destination.putSmall(`.threefold/owners/${home}.json`, Buffer.from(JSON.stringify({ home, host: 'studio', keys })));
  await saveConfig(path.join(dir, 'home'), {
    policy: { copies: 3, media: 2, offsite: 1 },
    sourceMedia: 'ssd',
    destinations: [{ name: 'raid', kind: 'local', path: raid, media: 'raid', offsite: false }],
  });
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exit(1);
});
