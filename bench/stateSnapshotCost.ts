/**
 * What Threefold's own state costs on a destination for a catalog of 100,000 files, each with a copy on two
 * local destinations and a bucket: the snapshot put on a local folder (VACUUM INTO, gzip, atomic put), its
 * size, and a rebuild's merge of it into an empty catalog. `node build/bench/stateSnapshotCost.js [files]`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { Catalog } from '../native-helper/catalog/catalog';
import { catalogPath, type ThreefoldConfig } from '../native-helper/config/config';
import { LocalFolderDestination } from '../native-helper/destinations/localFolder';
import { putStateSnapshots } from '../native-helper/engine/stateSnapshots';
import { BufferPool } from '../native-helper/fsutil/bufferPool';

const FILES = Number(process.argv[2] ?? 100_000);

async function main(): Promise<void> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'threefold-state-bench-'));
  try {
    const catalog = Catalog.open(catalogPath(path.join(root, 'home')));
    const destinations = ['local:/Volumes/RAID/threefold', 'local:/Volumes/Shuttle', 's3:https://s3.example.com/studio-backup/threefold'];
    const ids = destinations.map((url, i) =>
      catalog.destinations.id({ url, name: `d${i}`, kind: url.startsWith('s3') ? 's3' : 'local', media: `m${i}`, offsite: i === 2 }),
    );
    const at = new Date().toISOString();
    catalog.transaction(() => {
      for (let i = 0; i < FILES; i++) {
        const source = `/Volumes/MEDIA/Projects/Ferry Doc/Day ${String(i % 40).padStart(2, '0')}/Card ${i % 7}/A${String(i).padStart(6, '0')}_C001.mov`;
        const xxh64 = (BigInt(i) * 0x9e3779b97f4a7c15n).toString(16).padStart(16, '0').slice(-16);
        const assetId = catalog.assets.record({ path: source, size: 10_000_000 + i, mtimeMs: 1_765_000_000_000 + i, xxh64 }, at);
        const key = source.slice('/Volumes/'.length);
        ids.forEach((destinationId, d) => {
          catalog.copies.recordVerified({
            assetId,
            destinationId,
            key,
            location: `${destinations[d]}/${key}`,
            size: 10_000_000 + i,
            xxh64,
            at,
            readBack: d < 2 ? 'medium' : null,
          });
          catalog.keyOwners.claim({ destinationId, key, assetId });
        });
      }
    });
    const catalogBytes =
      fs.statSync(catalogPath(path.join(root, 'home'))).size +
      (fs.statSync(`${catalogPath(path.join(root, 'home'))}-wal`, { throwIfNoEntry: false })?.size ?? 0);
    const destinationRoot = path.join(root, 'raid');
    fs.mkdirSync(destinationRoot);
    const destination = new LocalFolderDestination({ name: 'raid', media: 'raid', offsite: false }, destinationRoot, new BufferPool(64 * 1024, 1));
    const config: ThreefoldConfig = { policy: { copies: 3, media: 2, offsite: 1 }, sourceMedia: 'ssd', destinations: [] };
    const rssBefore = process.memoryUsage().rss;
    const started = performance.now();
    const outcome = await putStateSnapshots(catalog, config, [destination]);
    const seconds = (performance.now() - started) / 1000;
    const rssAfter = process.memoryUsage().rss;
    if (outcome.warnings.length > 0) throw new Error(outcome.warnings.join('; '));
    const stateFolder = path.join(destinationRoot, '.threefold', 'state', catalog.homeId());
    const snapshotFile = fs.readdirSync(stateFolder).find((n) => n.startsWith('catalog-'))!;
    const snapshotBytes = fs.statSync(path.join(stateFolder, snapshotFile)).size;

    // A rebuild's merge: the snapshot, decompressed, into an empty catalog with all three destinations configured.
    const plain = path.join(root, 'snapshot.sqlite');
    fs.writeFileSync(plain, zlib.gunzipSync(fs.readFileSync(path.join(stateFolder, snapshotFile))));
    const fresh = Catalog.open(path.join(root, 'fresh', 'catalog.sqlite'));
    const mapping = new Map(destinations.map((url, i) => [ids[i]!, fresh.destinations.id({ url, name: `d${i}`, kind: 'x', media: 'm', offsite: false })]));
    const mergeStarted = performance.now();
    const added = fresh.rebuild.mergeSnapshot(plain, mapping);
    const mergeSeconds = (performance.now() - mergeStarted) / 1000;
    const mb = (n: number): string => `${(n / 1e6).toFixed(1)} MB`;
    process.stdout.write(
      `${FILES} files × 3 copies: catalog ${mb(catalogBytes)}; snapshot put on a local folder in ${seconds.toFixed(2)} s, ` +
        `${mb(snapshotBytes)} gzip; RSS ${mb(rssBefore)} → ${mb(rssAfter)}; merged into an empty catalog in ${mergeSeconds.toFixed(2)} s ` +
        `(${added.assets} assets, ${added.copies} copies, ${added.keyOwners} key owners)\n`,
    );
    fresh.close();
    catalog.close();
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exit(1);
});
