import fs from 'node:fs';
import path from 'node:path';
import { formatBytes } from '../src/format/formatBytes';
import { loadConfig, saveConfig } from '../native-helper/config/config';
import { startS3Server, uniqueBucketOn, type S3TestServer } from '../test/helpers/s3Server';
import { measure, runRounds, threefoldProtect, writeFolderOfFiles, writePatterned, type Measurement } from './measure';
import type { ScenarioResult } from './report';

export interface CloudSizes {
  bigFileBytes: number;
  smallFiles: number;
  smallFileBytes: number;
}

/**
 * Scenario 4: one big file, then many small ones, to a loopback S3 server (OpenStack Swift), uploaded by
 * `threefold protect` (a home whose only destination is the bucket: hash, upload, verify, record) and by
 * `rclone copy` tuned as a user would (`--s3-chunk-size 16M --transfers 8`), a fresh bucket each run.
 */
export async function benchCloud(root: string, sizes: CloudSizes, runs: number, say: (line: string) => void): Promise<ScenarioResult[]> {
  say('cloud: starting a loopback S3 server (OpenStack Swift)…');
  const server = await startS3Server();
  try {
    const big = path.join(root, 'cloud-big');
    const small = path.join(root, 'cloud-small');
    say(`cloud: writing ${formatBytes(sizes.bigFileBytes)} and ${sizes.smallFiles} × ${formatBytes(sizes.smallFileBytes)}…`);
    fs.mkdirSync(big, { recursive: true });
    writePatterned(path.join(big, 'A001.mov'), sizes.bigFileBytes, 1);
    writeFolderOfFiles(small, sizes.smallFiles, sizes.smallFileBytes, 'IMG_');
    const results: ScenarioResult[] = [];
    for (const [name, source, bytes] of [
      [`upload one ${formatBytes(sizes.bigFileBytes)} file to S3`, big, sizes.bigFileBytes],
      [`upload ${sizes.smallFiles.toLocaleString('en')} files of ${formatBytes(sizes.smallFileBytes)} to S3`, small, sizes.smallFiles * sizes.smallFileBytes],
    ] as const) {
      say(`cloud: ${name}…`);
      const [ours, rclone] = await runRounds(runs, [() => protectToBucket(root, server, source), () => rcloneToBucket(server, source)]);
      results.push({
        name,
        bytes,
        ours: ours!,
        baselines: [
          {
            name: '`rclone copy --s3-chunk-size 16M --transfers 8`, same server',
            runs: rclone!,
            maxRatio: 1 / 1.5,
            target: "≥ 1.5× rclone's throughput (ratio ≤ 0.67)",
          },
        ],
      });
    }
    fs.rmSync(big, { recursive: true, force: true });
    fs.rmSync(small, { recursive: true, force: true });
    return results;
  } finally {
    await server.stop();
  }
}

async function protectToBucket(root: string, server: S3TestServer, source: string): Promise<Measurement> {
  const bucket = await uniqueBucketOn(server, 'bench');
  const home = path.join(root, `cloud-home-${bucket}`);
  await saveConfig(home, {
    ...(await loadConfig(home)),
    destinations: [
      { name: 'cloud', kind: 's3', bucket, prefix: '', endpoint: server.endpoint, region: server.region, pathStyle: true, media: 'cloud', offsite: true },
    ],
  });
  const m = await threefoldProtect(home, source, credentialsEnv(server));
  fs.rmSync(home, { recursive: true, force: true });
  return m;
}

async function rcloneToBucket(server: S3TestServer, source: string): Promise<Measurement> {
  const bucket = await uniqueBucketOn(server, 'bench');
  // rclone 1.60 fails here unless AWS_CA_BUNDLE is unset for it (see the S3 reference).
  const args = ['-u', 'AWS_CA_BUNDLE', 'rclone', 'copy', source, `swift:${bucket}`, '--s3-chunk-size', '16M', '--transfers', '8'];
  return measure('env', args, rcloneEnv(server));
}

export function credentialsEnv(server: S3TestServer): NodeJS.ProcessEnv {
  return { AWS_ACCESS_KEY_ID: server.accessKeyId, AWS_SECRET_ACCESS_KEY: server.secretAccessKey, AWS_REGION: server.region };
}

/** An rclone remote named "swift", configured entirely by environment variables. */
export function rcloneEnv(server: S3TestServer): NodeJS.ProcessEnv {
  return {
    RCLONE_CONFIG_SWIFT_TYPE: 's3',
    RCLONE_CONFIG_SWIFT_PROVIDER: 'Other',
    RCLONE_CONFIG_SWIFT_ENDPOINT: server.endpoint,
    RCLONE_CONFIG_SWIFT_ACCESS_KEY_ID: server.accessKeyId,
    RCLONE_CONFIG_SWIFT_SECRET_ACCESS_KEY: server.secretAccessKey,
    RCLONE_CONFIG_SWIFT_REGION: server.region,
    RCLONE_CONFIG_SWIFT_FORCE_PATH_STYLE: 'true',
  };
}
