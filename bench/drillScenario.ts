import fs from 'node:fs';
import path from 'node:path';
import { formatBytes } from '../src/format/formatBytes';
import { mapSourcePath } from '../src/paths/mapSourcePath';
import { homeWithLocalDestinations, measure, removeAll, runRounds, threefoldProtect, writePatterned } from './measure';
import type { ScenarioResult } from './report';

const KiB = 1024;
const MiB = 1024 * KiB;

/**
 * A drill of 20 files: 20 small and 20 large files protected to two local destinations (not measured), then
 * `threefold drill --files 20` (10 large and 10 small, 5 and 5 from each destination: the sample's strata),
 * against what a user would do by hand for the same files: `cp` the copies to a temporary folder, `sync`,
 * `xxhsum -H1` them, remove the folder. Threefold reads each copy past the page cache and reads the written
 * file back from the disk; the baseline reads both from the cache.
 */
export async function benchDrill(root: string, sizes: { small: number; large: number }, runs: number, say: (line: string) => void): Promise<ScenarioResult> {
  const source = path.join(root, 'drill-source');
  fs.mkdirSync(source);
  say(`drill: writing 20 × ${formatBytes(sizes.small)} and 20 × ${formatBytes(sizes.large)}…`);
  const small = Array.from({ length: 20 }, (_, i) => path.join(source, `S${String(i).padStart(3, '0')}.jpg`));
  const large = Array.from({ length: 20 }, (_, i) => path.join(source, `L${String(i).padStart(3, '0')}.mov`));
  for (const [i, f] of small.entries()) writePatterned(f, sizes.small, 100 + i);
  for (const [i, f] of large.entries()) writePatterned(f, sizes.large, 200 + i);
  const home = path.join(root, 'drill-home');
  const dests = ['a', 'b'].map((d) => path.join(root, `drill-dest-${d}`));
  await homeWithLocalDestinations(home, dests);
  await threefoldProtect(home, source);
  const temp = path.join(root, 'drill-tmp');
  fs.mkdirSync(temp);
  // The same shape as the drill's sample: 5 large and 5 small from each destination.
  const copies = dests.flatMap((dest, d) =>
    [...large.slice(d * 5, d * 5 + 5), ...small.slice(d * 5, d * 5 + 5)].map((f) => path.join(dest, ...mapSourcePath(f).split('/'))),
  );
  const byHand = (): ReturnType<typeof measure> =>
    measure('bash', [
      '-c',
      'd=$(mktemp -d "$1/byhand-XXXXXX") && shift && cp -- "$@" "$d"/ && sync && xxhsum -H1 "$d"/* >/dev/null && rm -rf "$d"',
      'bash',
      temp,
      ...copies,
    ]);
  const cli = path.resolve(__dirname, '../../bin/threefold.js');
  const drill = (): ReturnType<typeof measure> =>
    measure(process.execPath, ['-r', path.join(__dirname, 'peakRssOnExit.js'), cli, '--home', home, 'drill', '--files', '20', '--seed', '1'], { TMPDIR: temp });
  say('drill: measuring…');
  const [ours, baseline] = await runRounds(runs, [drill, byHand]);
  removeAll(source, home, temp, ...dests);
  return {
    name: `drill 20 files (10 × ${formatBytes(sizes.large)}, 10 × ${formatBytes(sizes.small)}) from 2 local destinations, each restored, read back and verified`,
    ours: ours!,
    bytes: 10 * (sizes.large + sizes.small),
    baselines: [{ name: '`cp` of the same copies to a temp folder + `sync` + `xxhsum -H1` + `rm`', runs: baseline! }],
  };
}

export const DRILL_SIZES = { small: 256 * KiB, large: 16 * MiB };
