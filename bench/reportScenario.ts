import fs from 'node:fs';
import path from 'node:path';
import { Catalog } from '../native-helper/catalog/catalog';
import { catalogPath } from '../native-helper/config/config';
import { homeWithLocalDestinations, measure, removeAll, runRounds } from './measure';
import type { ScenarioResult } from './report';

/**
 * The report of a job of `files` files copied to 3 local destinations: the catalog is filled directly (a
 * protect of 100,000 files is the small-files scenario's concern), then `threefold report JOB --format F` is
 * timed for PDF, HTML and CSV, against Python's sqlite3 and csv modules writing the same rows as CSV.
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
  removeAll(home, out, ...dests);
  return results;
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
