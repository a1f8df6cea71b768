import path from 'node:path';
import { homeWithLocalDestinations, measure, removeAll, runRounds, threefoldProtect } from './measure';
import type { ScenarioResult } from './report';

/**
 * Scenario 5: protect a folder again with nothing changed, after one protect to two local destinations
 * (not measured), against the same rclone command again after one rclone copy to two folders: without
 * --checksum, rclone's own quick check (size and modification time), as a user would rerun it. Both sides
 * start with everything written to disk.
 */
export async function benchIncremental(root: string, source: string, files: number, runs: number): Promise<ScenarioResult> {
  const home = path.join(root, 'incremental-home');
  const dests = ['a', 'b'].map((d) => path.join(root, `incremental-threefold-${d}`));
  await homeWithLocalDestinations(home, dests);
  await threefoldProtect(home, source);
  const rcloneDests = ['a', 'b'].map((d) => path.join(root, `incremental-rclone-${d}`));
  const rcloneAgain = (): ReturnType<typeof measure> =>
    measure('bash', ['-c', 'rclone copy --transfers 8 "$1" "$2" && rclone copy --transfers 8 "$1" "$3"', 'bash', source, ...rcloneDests]);
  await rcloneAgain();
  // rclone's first copy leaves 2.6 GB for the kernel to write back: measured reruns would wait behind it
  // (the catalog's few fsyncs took 0.6 s in one trial), which is the setup's cost, not a rerun's.
  await measure('sync', []);
  const [ours, rclone] = await runRounds(runs, [() => threefoldProtect(home, source), rcloneAgain]);
  removeAll(home, ...dests, ...rcloneDests);
  return {
    name: `protect the ${files.toLocaleString('en')} files again, nothing changed`,
    ours: ours!,
    maxSeconds: 2,
    baselines: [{ name: '`rclone copy --transfers 8` to each again (size and mtime check)', runs: rclone! }],
  };
}
