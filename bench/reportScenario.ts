import fs from 'node:fs';
import path from 'node:path';
import { Catalog } from '../native-helper/catalog/catalog';
import { catalogPath, loadConfig } from '../native-helper/config/config';
import { destinationUrl, localFolderOf } from '../native-helper/destinations/backends';
import { homeWithLocalDestinations, measure, removeAll, runRounds } from './measure';
import type { ScenarioResult } from './report';

/**
 * The report of a job of `files` files copied to 3 local destinations: the catalog is filled directly (a
 * protect of 100,000 files is the small-files scenario's concern), then `threefold report JOB --format F` is
 * timed for PDF, HTML and CSV, against Python's sqlite3 and csv modules writing the same rows as CSV. Then the
 * 3-2-1 certificate of as many files, each with a verified copy on the 3 destinations (`report --all`; the
 * sources are not on this machine, so every file is also listed at risk: the largest certificate there is).
 */
export async function benchReport(root: string, files: number, runs: number, say: (line: string) => void): Promise<ScenarioResult[]> {
  const home = path.join(root, 'report-home');
  const dests = ['a', 'b', 'c'].map((d) => path.join(root, `report-dest-${d}`));
  await homeWithLocalDestinations(home, dests);
  say(`report: recording a job of ${files.toLocaleString('en')} files…`);
  const jobId = fillJob(catalogPath(home), dests, files);
  const out = path.join(root, 'report-out');
  fs.mkdirSync(out);
  const cli = path.resolve(__dirname, '../../bin/threefold.js');
  const report = (format: string) => (): ReturnType<typeof measure> =>
    measure(process.execPath, [
      '-r',
      path.join(__dirname, 'peakRssOnExit.js'),
      cli,
      '--home',
      home,
      'report',
      String(jobId),
      '--format',
      format,
      '--out',
      path.join(out, `job.${format}`),
    ]);
  const python = (): ReturnType<typeof measure> =>
    measure('python3', [
      '-c',
      `import csv,sqlite3,sys
db=sqlite3.connect(sys.argv[1]); w=csv.writer(open(sys.argv[2],'w',newline='',encoding='utf-8-sig'))
w.writerows(db.execute("SELECT i.path,i.bytes_done,i.xxh64,d.name,i.location,i.read_back,i.state,i.error FROM job_items i JOIN destinations d ON d.id=i.destination_id WHERE job_id=? ORDER BY i.path,d.name",(int(sys.argv[3]),)))`,
      catalogPath(home),
      path.join(out, 'python.csv'),
      String(jobId),
    ]);
  const results: ScenarioResult[] = [];
  for (const format of ['pdf', 'html', 'csv']) {
    say(`report: measuring ${format}…`);
    const [ours, baseline] = await runRounds(runs, [report(format), python]);
    results.push({
      name: `report of a job of ${files.toLocaleString('en')} files to 3 destinations, ${format.toUpperCase()}`,
      ours: ours!,
      maxSeconds: 30,
      baselines: [{ name: "Python's sqlite3 + csv writing the same rows as CSV", runs: baseline! }],
    });
  }
  say(`report: recording ${files.toLocaleString('en')} files with a verified copy on each destination…`);
  await fillCertificate(home, files);
  const certificate = (format: string) => (): ReturnType<typeof measure> =>
    measure(process.execPath, [
      '-r',
      path.join(__dirname, 'peakRssOnExit.js'),
      cli,
      '--home',
      home,
      'report',
      '--all',
      '--format',
      format,
      '--out',
      path.join(out, `certificate.${format}`),
    ]);
  const pythonCertificate = (): ReturnType<typeof measure> =>
    measure('python3', [
      '-c',
      `import csv,sqlite3,sys
db=sqlite3.connect(sys.argv[1]); w=csv.writer(open(sys.argv[2],'w',newline='',encoding='utf-8-sig'))
w.writerows(db.execute("SELECT a.path,a.size,a.xxh64,d.name,c.location,c.verified_at,c.read_back FROM assets a JOIN copies c ON c.asset_id=a.id JOIN destinations d ON d.id=c.destination_id ORDER BY a.path,d.name"))`,
      catalogPath(home),
      path.join(out, 'python-certificate.csv'),
    ]);
  for (const format of ['pdf', 'html', 'csv']) {
    say(`report: measuring the certificate as ${format}…`);
    const [ours, baseline] = await runRounds(runs, [certificate(format), pythonCertificate]);
    results.push({
      name: `3-2-1 certificate of ${files.toLocaleString('en')} files with 3 copies each (\`report --all\`), ${format.toUpperCase()}`,
      ours: ours!,
      maxSeconds: 30,
      baselines: [{ name: "Python's sqlite3 + csv writing the files and their copies as CSV", runs: baseline! }],
    });
  }
  removeAll(home, out, ...dests);
  return results;
}

/** `files` assets, each with a verified copy on every configured destination, recorded as protect records them. */
async function fillCertificate(home: string, files: number): Promise<void> {
  const config = await loadConfig(home);
  const catalog = Catalog.open(catalogPath(home));
  try {
    const destinations = config.destinations.map((d) => ({
      config: d,
      id: catalog.destinations.id({ url: destinationUrl(d), name: d.name, kind: d.kind, media: d.media, offsite: d.offsite }),
    }));
    const at = new Date().toISOString();
    catalog.transaction(() => {
      for (let i = 0; i < files; i += 1) {
        const source = `/Volumes/MEDIA/Certified/Day ${String(Math.floor(i / 1000)).padStart(3, '0')}/B${String(i).padStart(6, '0')}_C001.mov`;
        const xxh64 = (BigInt(i + 1) * 0x9e3779b97f4a7c15n).toString(16).padStart(16, '0').slice(-16);
        const assetId = catalog.assets.record({ path: source, size: 1_000_000 + i, mtimeMs: 1_700_000_000_000, xxh64 }, at);
        for (const d of destinations) {
          const key = source.slice(1);
          const location = path.join(localFolderOf(d.config)!, key);
          catalog.copies.recordVerified({ assetId, destinationId: d.id, key, location, size: 1_000_000 + i, xxh64, at, readBack: 'medium' });
        }
      }
    });
  } finally {
    catalog.close();
  }
}

/** A finished protect job of `files` files, each copied to every destination, recorded as protect records it. */
function fillJob(file: string, dests: readonly string[], files: number): number {
  const catalog = Catalog.open(file);
  try {
    const destinationIds = dests.map((d, i) => catalog.destinations.id({ url: `file://${d}`, name: 'abc'[i]!, kind: 'local', media: 'raid', offsite: false }));
    const jobId = catalog.jobs.start('protect', ['/Volumes/MEDIA/Bench']);
    catalog.transaction(() => {
      for (let i = 0; i < files; i += 1) {
        const source = `/Volumes/MEDIA/Bench/Day ${String(Math.floor(i / 1000)).padStart(3, '0')}/A${String(i).padStart(6, '0')}_C001.mov`;
        const xxh64 = (BigInt(i) * 0x9e3779b97f4a7c15n).toString(16).padStart(16, '0').slice(-16);
        catalog.jobs.addItems(
          jobId,
          destinationIds.map((destinationId, d) => ({
            path: source,
            destinationId,
            state: 'done' as const,
            bytesDone: 1_000_000 + i,
            error: null,
            xxh64,
            location: path.join(dests[d]!, source),
            readBack: 'medium' as const,
          })),
        );
      }
    });
    catalog.jobs.finish(jobId, 'succeeded', { files, bytes: files * 1_000_000 });
    return jobId;
  } finally {
    catalog.close();
  }
}
