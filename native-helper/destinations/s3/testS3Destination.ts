import { randomBytes } from 'node:crypto';
import type { S3Destination } from './s3Destination';

export type S3DestinationVerdict = { ok: true } | { ok: false; error: string };

/**
 * For `threefold dest test`: the credentials and the bucket (HeadBucket), then a small probe object
 * written, read back byte for byte and deleted. Any failure is one plain sentence.
 */
export async function testS3Destination(destination: S3Destination): Promise<S3DestinationVerdict> {
  const key = `.threefold-probe-${randomBytes(6).toString('hex')}`;
  const content = randomBytes(64);
  let written = false;
  try {
    await destination.probe();
    await destination.putSmall(key, content);
    written = true;
    const back = await destination.getSmall(key);
    if (back === undefined) return { ok: false, error: `${destination.locate(key)} was written but cannot be found right after` };
    if (!back.equals(content)) return { ok: false, error: `${destination.locate(key)} read back different bytes than were written` };
    await destination.remove(key);
    written = false;
    return { ok: true };
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  } finally {
    if (written) await destination.remove(key).catch(() => undefined);
  }
}
