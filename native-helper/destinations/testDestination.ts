import { randomBytes } from 'node:crypto';
import { hashChunks } from '../hash/hashChunks';
import type { Destination } from './destination';

export type DestinationVerdict = { ok: true } | { ok: false; error: string };

/**
 * `threefold dest test`: the whole round trip a protect job needs, on a small probe object at the root:
 * reachable (and, for a bucket, credentials and clock), write, verify, commit, read back the same bytes,
 * delete. Any failure is one plain sentence; the probe never stays behind.
 */
export async function testDestination(destination: Destination): Promise<DestinationVerdict> {
  const key = `.threefold-probe-${randomBytes(8).toString('hex')}`;
  const data = randomBytes(4096);
  const { xxh64 } = await hashChunks(
    (async function* () {
      yield data;
    })(),
  );
  try {
    await destination.probe();
    const writer = await destination.createWriter(key, { mtimeMs: Date.now(), size: data.length, xxh64 });
    try {
      await writer.write(data);
      await writer.seal();
      await writer.verify(xxh64);
      await writer.commit();
    } catch (error) {
      await writer.abort();
      throw error;
    }
    const back = await hashChunks(destination.readChunks(key));
    if (back.xxh64 !== xxh64 || back.size !== data.length)
      return { ok: false, error: `${destination.locate(key)} read back different bytes than were written` };
    await destination.remove(key);
    if (await destination.stat(key)) return { ok: false, error: `${destination.locate(key)} could not be deleted` };
    return { ok: true };
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  } finally {
    await destination.remove(key).catch(() => undefined);
  }
}
