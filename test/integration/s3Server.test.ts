import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  ListPartsCommand,
  PutObjectCommand,
  UploadPartCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { startFaultProxy } from '../helpers/faultProxy';
import { s3Client, testS3Server, uniqueBucket } from '../helpers/s3Server';
import { pseudoRandomBytes } from '../helpers/tempDir';

// Proves the shared test server (jest's global setup) with the raw SDK, for what our S3 code relies on.
const server = testS3Server();
let client: S3Client;
beforeAll(() => (client = s3Client(server)));
afterAll(() => client.destroy());

const MiB = 1024 * 1024;

async function getBytes(bucket: string, key: string): Promise<Buffer> {
  const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return Buffer.from(await object.Body!.transformToByteArray());
}

describe('the S3 test server', () => {
  it('stores an object with user metadata, and gives both back on HEAD and GET', async () => {
    const bucket = await uniqueBucket('meta');
    const body = pseudoRandomBytes(300_000, 7);
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'clip.mov', Body: body, Metadata: { xxh64: '0123456789abcdef' } }));

    const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: 'clip.mov' }));
    expect(head.ContentLength).toBe(body.length);
    expect(head.Metadata).toEqual({ xxh64: '0123456789abcdef' });
    expect((await getBytes(bucket, 'clip.mov')).equals(body)).toBe(true);
  });

  it('runs multipart uploads: ListParts, ListMultipartUploads, Abort and Complete', async () => {
    const bucket = await uniqueBucket('multipart');
    const parts = [pseudoRandomBytes(5 * MiB, 1), pseudoRandomBytes(1000, 2)]; // all but the last part need 5 MiB
    const start = async (key: string): Promise<string> => (await client.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: key }))).UploadId!;
    const upload = (key: string, uploadId: string, partNumber: number) =>
      client.send(new UploadPartCommand({ Bucket: bucket, Key: key, UploadId: uploadId, PartNumber: partNumber, Body: parts[partNumber - 1] }));
    const inProgress = async () => ((await client.send(new ListMultipartUploadsCommand({ Bucket: bucket }))).Uploads ?? []).map((u) => [u.Key, u.UploadId]);

    const kept = await start('kept.mov');
    const dropped = await start('dropped.mov');
    const etags = [(await upload('kept.mov', kept, 1)).ETag, (await upload('kept.mov', kept, 2)).ETag];
    await upload('dropped.mov', dropped, 1);

    const listed = await client.send(new ListPartsCommand({ Bucket: bucket, Key: 'kept.mov', UploadId: kept }));
    expect(listed.Parts!.map((p) => [p.PartNumber, p.Size, p.ETag])).toEqual([
      [1, 5 * MiB, etags[0]],
      [2, 1000, etags[1]],
    ]);
    expect(await inProgress()).toEqual([
      ['dropped.mov', dropped],
      ['kept.mov', kept],
    ]);

    await client.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: 'dropped.mov', UploadId: dropped }));
    expect(await inProgress()).toEqual([['kept.mov', kept]]);
    await expect(client.send(new ListPartsCommand({ Bucket: bucket, Key: 'dropped.mov', UploadId: dropped }))).rejects.toMatchObject({ name: 'NoSuchUpload' });

    await client.send(
      new CompleteMultipartUploadCommand({
        Bucket: bucket,
        Key: 'kept.mov',
        UploadId: kept,
        MultipartUpload: { Parts: etags.map((ETag, i) => ({ ETag, PartNumber: i + 1 })) },
      }),
    );
    expect(await inProgress()).toEqual([]);
    expect((await getBytes(bucket, 'kept.mov')).equals(Buffer.concat(parts))).toBe(true);
  });

  it('pages ListObjectsV2 with MaxKeys and a continuation token, in a bucket no other test sees', async () => {
    const bucket = await uniqueBucket('listing');
    expect((await client.send(new ListObjectsV2Command({ Bucket: bucket }))).KeyCount).toBe(0);
    const keys = ['photos/001.jpg', 'photos/002.jpg', 'photos/003.jpg', 'photos/004.jpg', 'photos/005.jpg'];
    await Promise.all([...keys, 'other.txt'].map((Key) => client.send(new PutObjectCommand({ Bucket: bucket, Key, Body: Key }))));

    const pages: string[][] = [];
    let token: string | undefined;
    do {
      const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'photos/', MaxKeys: 2, ContinuationToken: token }));
      pages.push(page.Contents!.map((c) => c.Key!));
      token = page.NextContinuationToken;
      expect(page.IsTruncated).toBe(token !== undefined);
    } while (token);
    expect(pages).toEqual([keys.slice(0, 2), keys.slice(2, 4), keys.slice(4)]);
  });

  it('through the fault proxy: a cut upload fails in the SDK and stores nothing; after reset() it passes', async () => {
    const bucket = await uniqueBucket('faults');
    const proxy = await startFaultProxy({ host: '127.0.0.1', port: Number(new URL(server.endpoint).port) });
    const viaProxy = s3Client({ ...server, endpoint: proxy.endpoint }, { maxAttempts: 1 });
    const body = pseudoRandomBytes(256 * 1024, 3);
    const put = () => viaProxy.send(new PutObjectCommand({ Bucket: bucket, Key: 'cut.mov', Body: body }));
    try {
      proxy.cutAfterBytes(64 * 1024);
      await expect(put()).rejects.toThrow(/ECONNRESET|EPIPE|socket hang up/);
      await expect(client.send(new HeadObjectCommand({ Bucket: bucket, Key: 'cut.mov' }))).rejects.toMatchObject({ name: 'NotFound' });

      proxy.reset();
      await put();
      expect((await getBytes(bucket, 'cut.mov')).equals(body)).toBe(true);
      expect(proxy.bytesUpstream).toBeGreaterThan(64 * 1024 + body.length);
    } finally {
      viaProxy.destroy();
      await proxy.close();
    }
  });
});
