// rclone, an independent S3 client, as the oracle of the object metadata Threefold writes: a restore
// with rclone keeps each file's modification time (x-amz-meta-mtime in seconds, as rclone reads it).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { protect } from '../../native-helper/engine/protect';
import { addCloudDestination } from '../helpers/cloudWorkspace';
import { testS3Server } from '../helpers/s3Server';
import { pseudoRandomBytes, writeFile } from '../helpers/tempDir';
import { useTempWorkspace } from '../helpers/workspace';

const t = useTempWorkspace();

/** rclone with a remote `tf:` on the test server, configured only by its environment variables. */
function rclone(args: string[]): string {
  const server = testS3Server();
  // The test server speaks plain HTTP: rclone refuses a CA bundle it cannot apply to it.
  const { AWS_CA_BUNDLE: _unused, ...inherited } = process.env;
  const env = {
    ...inherited,
    TZ: 'UTC',
    RCLONE_CONFIG_TF_TYPE: 's3',
    RCLONE_CONFIG_TF_PROVIDER: 'Other',
    RCLONE_CONFIG_TF_ENDPOINT: server.endpoint,
    RCLONE_CONFIG_TF_REGION: server.region,
    RCLONE_CONFIG_TF_ACCESS_KEY_ID: server.accessKeyId,
    RCLONE_CONFIG_TF_SECRET_ACCESS_KEY: server.secretAccessKey,
    RCLONE_CONFIG_TF_FORCE_PATH_STYLE: 'true',
  };
  return execFileSync('rclone', ['--config', '/dev/null', ...args], { env, encoding: 'utf8' });
}

describe('objects as rclone reads them', () => {
  it('rclone sees and restores each source mtime, of a small object and of a multipart one', async () => {
    const cloud = await addCloudDestination(t.ws);
    const files = [
      writeFile(path.join(t.ws.source, 'small.wav'), pseudoRandomBytes(300_000, 1)),
      writeFile(path.join(t.ws.source, 'A001.mov'), pseudoRandomBytes(21 * 1024 * 1024 + 3, 2)),
    ];
    // A quarter second past the whole second: exact in binary, so the fraction is checked to the nanosecond.
    fs.utimesSync(files[0]!, 1_600_000_000, 1_700_000_000.25);
    fs.utimesSync(files[1]!, 1_600_000_000, 1_650_000_000.5);
    expect((await protect(t.ws, { targets: [t.ws.source] })).job.failed).toEqual([]);

    const prefix = `tf:${cloud.bucket}/threefold/${path.relative('/', t.ws.source)}`;
    const listed = rclone(['lsl', prefix]);
    expect(listed).toContain('300000 2023-11-14 22:13:20.250000000 small.wav');
    expect(listed).toContain(`${21 * 1024 * 1024 + 3} 2022-04-15 05:20:00.500000000 A001.mov`);

    const restored = path.join(t.dir, 'restored');
    rclone(['copy', prefix, restored]);
    for (const file of files) {
      const copy = path.join(restored, path.basename(file));
      expect(fs.readFileSync(copy).equals(fs.readFileSync(file))).toBe(true);
      expect(fs.statSync(copy).mtimeMs).toBe(fs.statSync(file).mtimeMs);
    }
  });
});
