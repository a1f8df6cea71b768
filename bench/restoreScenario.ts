import fs from 'node:fs';
import path from 'node:path';
import { formatBytes } from '../src/format/formatBytes';
import { loadConfig, saveConfig, type DestinationConfig } from '../native-helper/config/config';
import { startS3Server, uniqueBucketOn } from '../test/helpers/s3Server';
import { credentialsEnv, rcloneEnv } from './cloudScenario';
import { measure, removeAll, runRounds, threefoldProtect, writeFolderOfFiles, writePatterned, type Measurement } from './measure';
import type { ScenarioResult } from './report';

export interface RestoreSizes {
  bigFileBytes: number;
  smallFiles: number;
  smallFileBytes: number;
}

/**
 * Restore: one big file and many small ones, protected once, then restored again and again under a fresh
 * `--to` folder by `threefold restore` (read once, hashed, written, synced, read back from the disk), from a
 * local destination against `cp -r` + `sync` + `xxhsum` of the copy and of the restored files, and from a
 * loopback S3 server (OpenStack Swift) against `rclone copy` and `aws s3 cp --recursive` of the same bucket,
 * each followed by `sync` as Threefold's files are synced.
 */
export async function benchRestore(root: string, sizes: RestoreSizes, runs: number, withAws: boolean, say: (line: string) => void): Promise<ScenarioResult[]> {
  const big = path.join(root, 'restore-big');
  const small = path.join(root, 'restore-small');
  say(`restore: writing ${formatBytes(sizes.bigFileBytes)} and ${sizes.smallFiles} × ${formatBytes(sizes.smallFileBytes)}…`);
  fs.mkdirSync(big, { recursive: true });
  writePatterned(path.join(big, 'A001.mov'), sizes.bigFileBytes, 5);
  writeFolderOfFiles(small, sizes.smallFiles, sizes.smallFileBytes, 'IMG_');
  const sets = [
    { label: `one ${formatBytes(sizes.bigFileBytes)} file`, source: big, bytes: sizes.bigFileBytes },
    {
      label: `${sizes.smallFiles.toLocaleString('en')} files of ${formatBytes(sizes.smallFileBytes)}`,
      source: small,
      bytes: sizes.smallFiles * sizes.smallFileBytes,
    },
  ];
  const results: ScenarioResult[] = [];
  let run = 0;
  const freshTo = (label: string): string => {
    run += 1;
    const to = path.join(root, `restore-to-${label}-${run}`);
    fs.mkdirSync(to);
    return to;
  };
  try {
    const localDest = path.join(root, 'restore-local-dest');
    const localHome = path.join(root, 'restore-local-home');
    fs.mkdirSync(localDest);
    await homeWith(localHome, { name: 'raid', kind: 'local', path: localDest, media: 'raid', offsite: false });
    for (const set of sets) {
      say(`restore: protecting ${set.label} to a local folder…`);
      await threefoldProtect(localHome, set.source);
      say(`restore: ${set.label} from the local folder…`);
      const ours = async (): Promise<Measurement> => {
        const to = freshTo('threefold');
        const m = await threefoldRestore(localHome, set.source, to);
        removeAll(to);
        return m;
      };
      const naive = async (): Promise<Measurement> => {
        const to = freshTo('cp');
        const script = 'cp -r "$1" "$2/" && sync && find "$1" "$2" -type f -print0 | xargs -0 xxhsum -H1 > /dev/null';
        const m = await measure('bash', ['-c', script, 'bash', copyFolderOf(localDest, set.source), to]);
        removeAll(to);
        return m;
      };
      const [oursRuns, naiveRuns] = await runRounds(runs, [ours, naive]);
      results.push({
        name: `restore ${set.label} from a local destination, verified`,
        bytes: set.bytes,
        ours: oursRuns!,
        baselines: [
          { name: '`cp -r` + `sync` + `xxhsum -H1` of the copy and the restored files', runs: naiveRuns!, maxRatio: 1, target: "≤ 1.0× cp + xxhsum's time" },
        ],
      });
    }
    removeAll(localDest, localHome);
    results.push(...(await benchCloudRestore(root, sets, runs, withAws, freshTo, say)));
  } finally {
    removeAll(big, small);
  }
  return results;
}

async function benchCloudRestore(
  root: string,
  sets: ReadonlyArray<{ label: string; source: string; bytes: number }>,
  runs: number,
  withAws: boolean,
  freshTo: (label: string) => string,
  say: (line: string) => void,
): Promise<ScenarioResult[]> {
  say('restore: starting a loopback S3 server (OpenStack Swift)…');
  const server = await startS3Server();
  const results: ScenarioResult[] = [];
  try {
    for (const set of sets) {
      const bucket = await uniqueBucketOn(server, 'restore');
      const home = path.join(root, `restore-cloud-home-${bucket}`);
      await homeWith(home, {
        name: 'cloud',
        kind: 's3',
        bucket,
        prefix: '',
        endpoint: server.endpoint,
        region: server.region,
        pathStyle: true,
        media: 'cloud',
        offsite: true,
      });
      say(`restore: protecting ${set.label} to S3…`);
      await threefoldProtect(home, set.source, credentialsEnv(server));
      say(`restore: ${set.label} from S3…`);
      const ours = async (): Promise<Measurement> => {
        const to = freshTo('threefold');
        const m = await threefoldRestore(home, set.source, to, credentialsEnv(server));
        removeAll(to);
        return m;
      };
      const rclone = async (): Promise<Measurement> => {
        const to = freshTo('rclone');
        // rclone 1.60 fails here unless AWS_CA_BUNDLE is unset for it (see the S3 reference).
        const m = await measure(
          'bash',
          ['-c', 'env -u AWS_CA_BUNDLE rclone copy "swift:$1" "$2" --transfers 8 && sync', 'bash', bucket, to],
          rcloneEnv(server),
        );
        removeAll(to);
        return m;
      };
      const aws = async (): Promise<Measurement> => {
        const to = freshTo('aws');
        const script = 'aws s3 cp --recursive --only-show-errors --endpoint-url "$3" "s3://$1" "$2" && sync';
        const m = await measure('bash', ['-c', script, 'bash', bucket, to, server.endpoint], credentialsEnv(server));
        removeAll(to);
        return m;
      };
      const measured = await runRounds(runs, withAws ? [ours, rclone, aws] : [ours, rclone]);
      const target = { maxRatio: 1 / 1.5, target: "≥ 1.5× rclone's throughput (ratio ≤ 0.67)" };
      results.push({
        name: `restore ${set.label} from S3, verified`,
        bytes: set.bytes,
        ours: measured[0]!,
        baselines: [
          { name: '`rclone copy --transfers 8` of the bucket + `sync`, same server', runs: measured[1]!, ...target },
          ...(withAws ? [{ name: '`aws s3 cp --recursive` of the bucket + `sync`, same server', runs: measured[2]! }] : []),
        ],
      });
      removeAll(home);
    }
  } finally {
    await server.stop();
  }
  return results;
}

/** `bin/threefold.js --home HOME restore TARGET --to TO`, as a user runs it, reporting its peak RSS. */
function threefoldRestore(home: string, target: string, to: string, env: NodeJS.ProcessEnv = {}): Promise<Measurement> {
  const cli = path.resolve(__dirname, '../../bin/threefold.js');
  return measure(process.execPath, ['-r', path.join(__dirname, 'peakRssOnExit.js'), cli, '--home', home, 'restore', target, '--to', to], env);
}

async function homeWith(home: string, destination: DestinationConfig): Promise<void> {
  await saveConfig(home, { ...(await loadConfig(home)), destinations: [destination] });
}

/** Where a local destination keeps the copy of a source folder: the source's path under its root (the destinations' layout). */
function copyFolderOf(destination: string, source: string): string {
  const found = findFolder(destination, path.basename(source));
  if (found === undefined) throw new Error(`no copy of ${source} under ${destination}`);
  return found;
}

function findFolder(folder: string, name: string): string | undefined {
  for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const inside = path.join(folder, entry.name);
    if (entry.name === name) return inside;
    const deeper = findFolder(inside, name);
    if (deeper !== undefined) return deeper;
  }
  return undefined;
}
