import path from 'node:path';
import { Catalog } from '../../native-helper/catalog/catalog';
import type { S3DestinationConfig } from '../../native-helper/config/config';
import { setCloudBandwidth } from '../../native-helper/destinations/cloudBandwidth';
import { S3Destination } from '../../native-helper/destinations/s3/s3Destination';
import { hashChunks } from '../../native-helper/hash/hashChunks';
import { parseBandwidth } from '../../src/bandwidth/bandwidthSchedule';
import { testS3Server, uniqueBucket } from '../helpers/s3Server';
import { makeTempDir, pseudoRandomBytes } from '../helpers/tempDir';

const MiB = 1024 * 1024;
/** The smallest part S3 takes: a 10 MiB object goes out as two part bodies. */
const PART = 5 * MiB;

const cleanup: Array<() => void> = [];
afterEach(() => {
  setCloudBandwidth([]);
  for (const done of cleanup.splice(0).reverse()) done();
});

async function bucketDestination(): Promise<S3Destination> {
  const server = testS3Server();
  const config: S3DestinationConfig = {
    name: 'cloud',
    kind: 's3',
    bucket: await uniqueBucket('bw'),
    prefix: 'threefold',
    endpoint: server.endpoint,
    region: server.region,
    pathStyle: true,
    media: 'cloud',
    offsite: true,
  };
  const temp = makeTempDir();
  const catalog = Catalog.open(path.join(temp.dir, 'catalog.sqlite'));
  const journal = catalog.uploads.journal(
    catalog.destinations.id({ url: `s3:test/${config.bucket}`, name: 'cloud', kind: 's3', media: 'cloud', offsite: true }),
  );
  const destination = new S3Destination(config, journal, {
    partSize: PART,
    credentials: { accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey },
  });
  cleanup.push(
    temp.cleanup,
    () => catalog.close(),
    () => destination.close(),
  );
  return destination;
}

async function* chunksOf(data: Buffer): AsyncGenerator<Uint8Array> {
  yield data;
}

function limitTo(text: string): number {
  const parsed = parseBandwidth(text);
  if (!parsed.ok) throw new Error(parsed.error);
  setCloudBandwidth(parsed.windows);
  return parsed.windows[0]!.bytesPerSecond!;
}

describe('the cloud bandwidth limit', () => {
  it('holds a multipart upload, then its download, to 2M (2 MiB/s) within 15%', async () => {
    const destination = await bucketDestination();
    const data = pseudoRandomBytes(10 * MiB, 3);
    const { xxh64 } = await hashChunks(chunksOf(data));
    const rate = limitTo('2M');

    const sending = performance.now();
    const writer = await destination.createWriter('Vol/clip.mov', { size: data.length, mtimeMs: 1_700_000_000_000, xxh64 });
    for (let at = 0; at < data.length; at += MiB) await writer.write(data.subarray(at, at + MiB));
    await writer.seal();
    await writer.verify(xxh64);
    await writer.commit();
    const sent = data.length / ((performance.now() - sending) / 1000);
    expect(sent).toBeGreaterThan(rate * 0.85);
    expect(sent).toBeLessThan(rate * 1.15);

    const receiving = performance.now();
    const back = await hashChunks(destination.readChunks('Vol/clip.mov'));
    const received = data.length / ((performance.now() - receiving) / 1000);
    expect(back.xxh64).toBe(xxh64);
    expect(received).toBeGreaterThan(rate * 0.85);
    expect(received).toBeLessThan(rate * 1.15);
  });

  it('follows a new timetable at once: limited, then off at full speed', async () => {
    const destination = await bucketDestination();
    const data = pseudoRandomBytes(4 * MiB, 4);
    const { xxh64 } = await hashChunks(chunksOf(data));
    await (async () => {
      const w = await destination.createWriter('Vol/a.mov', { size: data.length, mtimeMs: 1_700_000_000_000, xxh64 });
      await w.write(data);
      await w.seal();
      await w.verify(xxh64);
      await w.commit();
    })();
    const timed = async (): Promise<number> => {
      const started = performance.now();
      expect((await hashChunks(destination.readChunks('Vol/a.mov'))).xxh64).toBe(xxh64);
      return performance.now() - started;
    };
    limitTo('08:00,2M 08:01,2M');
    // 4 MiB at 2 MiB/s, less the quarter second the bucket may hold.
    expect(await timed()).toBeGreaterThan(1500);
    limitTo('00:00,off');
    expect(await timed()).toBeLessThan(1000);
  });
});
