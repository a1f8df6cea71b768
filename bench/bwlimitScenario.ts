import fs from 'node:fs';
import path from 'node:path';
import { formatBytes } from '../src/format/formatBytes';
import { loadConfig, saveConfig } from '../native-helper/config/config';
import { startS3Server, uniqueBucketOn, type S3TestServer } from '../test/helpers/s3Server';
import { measure, runRounds, threefoldProtect, writePatterned, type Measurement } from './measure';
import type { ScenarioResult } from './report';

const MiB = 1024 * 1024;
/** The window measured: 10 MiB/s (rclone's `10M`). */
const LIMIT = '10M';
const LIMIT_BYTES_PER_SECOND = 10 * MiB;

/**
 * A bandwidth window of 10 MiB/s held over a minute: one file of `bytes` (600 MiB: 60 s at the limit)
 * uploaded to a loopback S3 server (OpenStack Swift) by `threefold protect` under the config's
 * `bwlimit: "10M"`, and by `rclone copy --bwlimit 10M`. Unlimited, either goes many times faster on
 * loopback, so the time is the limit's: within 5% of bytes / limit.
 */
export async function benchBandwidthLimit(root: string, bytes: number, runs: number, say: (line: string) => void): Promise<ScenarioResult> {
  say('bwlimit: starting a loopback S3 server (OpenStack Swift)…');
  const server = await startS3Server();
  const source = path.join(root, 'bwlimit-source');
  try {
    say(`bwlimit: writing ${formatBytes(bytes)}…`);
    fs.mkdirSync(source, { recursive: true });
    writePatterned(path.join(source, 'A001.mov'), bytes, 4);
    say(`bwlimit: uploading at ${LIMIT}…`);
    const [ours, rclone] = await runRounds(runs, [() => protectLimited(root, server, source), () => rcloneLimited(server, source)]);
    const atLimit = bytes / LIMIT_BYTES_PER_SECOND;
    return {
      name: `upload one ${formatBytes(bytes)} file to S3 under a ${LIMIT} (10 MiB/s) bandwidth window: ${atLimit.toFixed(0)} s at the limit`,
      bytes,
      ours: ours!,
      // Within 5% of the limit's rate: no slower than 5% over the time at the limit (and faster than it only by the bucket's quarter second).
      maxSeconds: atLimit * 1.05,
      baselines: [{ name: `\`rclone copy --bwlimit ${LIMIT} --s3-chunk-size 16M\`, same server`, runs: rclone! }],
    };
  } finally {
    fs.rmSync(source, { recursive: true, force: true });
    await server.stop();
  }
}

async function protectLimited(root: string, server: S3TestServer, source: string): Promise<Measurement> {
  const bucket = await uniqueBucketOn(server, 'bench');
  const home = path.join(root, `bwlimit-home-${bucket}`);
  await saveConfig(home, {
    ...(await loadConfig(home)),
    bwlimit: LIMIT,
    destinations: [
      { name: 'cloud', kind: 's3', bucket, prefix: '', endpoint: server.endpoint, region: server.region, pathStyle: true, media: 'cloud', offsite: true },
    ],
  });
  const m = await threefoldProtect(home, source, {
    AWS_ACCESS_KEY_ID: server.accessKeyId,
    AWS_SECRET_ACCESS_KEY: server.secretAccessKey,
    AWS_REGION: server.region,
  });
  fs.rmSync(home, { recursive: true, force: true });
  return m;
}

async function rcloneLimited(server: S3TestServer, source: string): Promise<Measurement> {
  const bucket = await uniqueBucketOn(server, 'bench');
  const args = ['-u', 'AWS_CA_BUNDLE', 'rclone', 'copy', source, `swift:${bucket}`, '--bwlimit', LIMIT, '--s3-chunk-size', '16M'];
  return measure('env', args, {
    RCLONE_CONFIG_SWIFT_TYPE: 's3',
    RCLONE_CONFIG_SWIFT_PROVIDER: 'Other',
    RCLONE_CONFIG_SWIFT_ENDPOINT: server.endpoint,
    RCLONE_CONFIG_SWIFT_ACCESS_KEY_ID: server.accessKeyId,
    RCLONE_CONFIG_SWIFT_SECRET_ACCESS_KEY: server.secretAccessKey,
    RCLONE_CONFIG_SWIFT_REGION: server.region,
    RCLONE_CONFIG_SWIFT_FORCE_PATH_STYLE: 'true',
  });
}
