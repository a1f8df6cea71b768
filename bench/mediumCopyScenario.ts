import { measure, removeAll, runRounds, twoFolderRuns, type Measurement } from './measure';
import type { ScenarioResult } from './report';

/**
 * A file to two local folders, each copy read back from the disk (direct I/O), against (a) the floor: `cp`
 * to both and `sync`, the same bytes written and nothing verified; (b) the honest naive copy: the same, then
 * each copy read past the page cache (`dd iflag=direct bs=4M`) into `xxhsum`, and `xxhsum` of the source.
 */
/** `source` is one file. */
export async function benchMediumCopy(root: string, name: string, source: string, runs: number): Promise<ScenarioResult> {
  const { fresh, threefoldToTwo } = twoFolderRuns(root);
  const ours = (): Promise<Measurement> => threefoldToTwo(source);
  const shell = (label: string, script: string) => async (): Promise<Measurement> => {
    const dests = fresh(label);
    const m = await measure('bash', ['-c', `mkdir -p "$2" "$3" && ${script}`, 'bash', source, ...dests]);
    removeAll(...dests);
    return m;
  };
  const copyAndSync = 'cp "$1" "$2/" && cp "$1" "$3/" && sync';
  const readBack = 'for d in "$2" "$3"; do dd if="$d/$(basename "$1")" iflag=direct bs=4M status=none | xxhsum -H1 - > /dev/null; done';
  const floor = shell('cp', copyAndSync);
  const naive = shell('cpdd', `${copyAndSync} && xxhsum -H1 "$1" > /dev/null && ${readBack}`);
  const [oursRuns, naiveRuns, floorRuns] = await runRounds(runs, [ours, naive, floor]);
  return {
    name,
    ours: oursRuns!,
    baselines: [
      {
        name: '`cp` to each + `sync` + `xxhsum -H1` of the source + each copy read by `dd iflag=direct bs=4M` into `xxhsum -H1`',
        runs: naiveRuns!,
        maxRatio: 0.8,
        target: "≤ 0.8× the naive medium read-back's time",
      },
      { name: '`cp` to each + `sync` (the floor: nothing verified)', runs: floorRuns! },
    ],
  };
}
