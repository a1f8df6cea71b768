import { measure, removeAll, runRounds, twoFolderRuns, type Measurement } from './measure';
import type { ScenarioResult } from './report';

export interface LocalCopyOptions {
  name: string;
  /** A folder: all of it is copied. */
  source: string;
  /** rclone's --transfers, when not its default. */
  rcloneTransfers?: number;
  /** Targets on Threefold's time over each baseline's. */
  maxRatioToNaive?: number;
  maxRatioToRclone: number;
}

/**
 * Scenarios 2 and 3: a folder to two local destinations, verified, three ways, in fresh folders each run:
 * `threefold protect` (fresh home); the naive verified copy (`cp -r` to each, `sync`, `xxhsum -H1` of the
 * source and both copies); `rclone copy --checksum` to each (it hashes the copy against the source), then
 * `sync` so that its copies are on the disk as Threefold's (fsynced) are.
 */
export async function benchLocalCopy(root: string, options: LocalCopyOptions, runs: number): Promise<ScenarioResult> {
  const { source } = options;
  const { fresh, threefoldToTwo } = twoFolderRuns(root);
  const ours = (): Promise<Measurement> => threefoldToTwo(source);
  const naive = async (): Promise<Measurement> => {
    const dests = fresh('cp');
    const script = 'cp -r "$1" "$2/" && cp -r "$1" "$3/" && sync && find "$1" "$2" "$3" -type f -print0 | xargs -0 xxhsum -H1 > /dev/null';
    const m = await measure('bash', ['-c', script, 'bash', source, ...dests]);
    removeAll(...dests);
    return m;
  };
  const rclone = async (): Promise<Measurement> => {
    const dests = fresh('rclone');
    const transfers = options.rcloneTransfers === undefined ? '' : ` --transfers ${options.rcloneTransfers}`;
    const script = `rclone copy --checksum${transfers} "$1" "$2" && rclone copy --checksum${transfers} "$1" "$3" && sync`;
    const m = await measure('bash', ['-c', script, 'bash', source, ...dests]);
    removeAll(...dests);
    return m;
  };
  const [oursRuns, naiveRuns, rcloneRuns] = await runRounds(runs, [ours, naive, rclone]);
  const rcloneName = `\`rclone copy --checksum${options.rcloneTransfers === undefined ? '' : ` --transfers ${options.rcloneTransfers}`}\` to each + sync`;
  return {
    name: options.name,
    ours: oursRuns!,
    baselines: [
      {
        name: '`cp -r` to each + `sync` + `xxhsum -H1` of all three',
        runs: naiveRuns!,
        ...(options.maxRatioToNaive === undefined ? {} : { maxRatio: options.maxRatioToNaive, target: `≤ ${options.maxRatioToNaive}× naive's time` }),
      },
      { name: rcloneName, runs: rcloneRuns!, maxRatio: options.maxRatioToRclone, target: `≤ ${options.maxRatioToRclone}× rclone's time` },
    ],
  };
}
