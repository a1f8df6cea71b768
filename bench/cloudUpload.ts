import fs from 'node:fs';
import path from 'node:path';
import { formatBytes } from '../src/format/formatBytes';
import { loadConfig, saveConfig } from '../native-helper/config/config';
import { uniqueBucketOn, type S3TestServer } from '../test/helpers/s3Server';
import { measure, type Measurement } from './measure';

export interface CloudRow {
  name: string;
  ours: Measurement;
  baseline: Measurement;
  bytes: number;
}

/**
 * Uploads the same files to the same loopback S3 server (Swift) with `threefold protect` (a home whose
 * only destination is the bucket: hash, upload, verify, record) and with `rclone copy`, in turn. The two
 * alternate run by run (ours then rclone's, then rclone's then ours, …): on a shared machine a burst of
 * someone else's load then falls on both sides rather than on all the runs of one.
 */
export async function benchCloudUpload(root: string, server: S3TestServer, name: string, files: string[], runs: number, protectChild: string): Promise<CloudRow> {
  const bytes = files.reduce((sum, f) => sum + fs.statSync(f).size, 0);
  const source = path.dirname(files[0]!);
  let run = 0;
  const oursOnce = async (): Promise<Measurement> => {
    run += 1;
    const bucket = await uniqueBucketOn(server, 'bench');
    const home = path.join(root, `cloud-home-${run}`);
    await saveConfig(home, {
      ...(await loadConfig(home)),
      destinations: [{ name: 'cloud', kind: 's3', bucket, prefix: '', endpoint: server.endpoint, region: server.region, pathStyle: true, media: 'cloud', offsite: true }],
    });
    const m = await measure(process.execPath, [protectChild, home, source], credentialsEnv(server));
    fs.rmSync(home, { recursive: true, force: true });
    return m;
  };
  const baselineOnce = async (): Promise<Measurement> => {
    const bucket = await uniqueBucketOn(server, 'bench');
    // rclone 1.60 fails here unless AWS_CA_BUNDLE is unset for it (see the S3 reference).
    return measure('env', ['-u', 'AWS_CA_BUNDLE', 'rclone', 'copy', source, `swift:${bucket}`, '--s3-chunk-size', '16M'], rcloneEnv(server));
  };
  const ours: Measurement[] = [];
  const baseline: Measurement[] = [];
  for (let i = 0; i < runs; i += 1) {
    if (i % 2 === 0) {
      ours.push(await oursOnce());
      baseline.push(await baselineOnce());
    } else {
      baseline.push(await baselineOnce());
      ours.push(await oursOnce());
    }
  }
  return { name: `${name} (${formatBytes(bytes)})`, ours: medianOf(ours), baseline: medianOf(baseline), bytes };
}

/** The median run (by time), as measure.ts's median() picks it. */
function medianOf(results: Measurement[]): Measurement {
  const sorted = [...results].sort((a, b) => a.seconds - b.seconds);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function credentialsEnv(server: S3TestServer): NodeJS.ProcessEnv {
  return { AWS_ACCESS_KEY_ID: server.accessKeyId, AWS_SECRET_ACCESS_KEY: server.secretAccessKey, AWS_REGION: server.region };
}

/** An rclone remote named "swift", configured entirely by environment variables. */
function rcloneEnv(server: S3TestServer): NodeJS.ProcessEnv {
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
