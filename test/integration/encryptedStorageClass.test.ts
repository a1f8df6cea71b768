import type { S3DestinationConfig } from '../../native-helper/config/config';
import { generateIdentity } from '../../native-helper/destinations/crypt/ageIdentity';
import { EncryptedDestination } from '../../native-helper/destinations/crypt/encryptedDestination';
import { S3Destination } from '../../native-helper/destinations/s3/s3Destination';
import { testDestination } from '../../native-helper/destinations/testDestination';
import { nullUploadJournal } from '../../native-helper/destinations/uploadJournal';
import { hashChunks } from '../../native-helper/hash/hashChunks';
import { startHeaderProxy } from '../helpers/headerProxy';
import { testS3Server, uniqueBucket } from '../helpers/s3Server';

// The storage class under the encryption layer, with names encrypted: the backend must still tell the
// read-back probe (`dest test`), which stays STANDARD, from a copy. A probe in an archive class could not
// be read back at once.
describe('an encrypted destination with names encrypted and a storage class', () => {
  it('sends the class with a copy, never with the probe of dest test', async () => {
    const proxy = await startHeaderProxy(testS3Server().endpoint);
    const server = testS3Server();
    const identity = generateIdentity();
    // STANDARD is the one class Swift takes: a destination given it explicitly sends it.
    const config: S3DestinationConfig = {
      name: 'vault',
      kind: 's3',
      bucket: await uniqueBucket('cryptclass'),
      prefix: 'tf',
      endpoint: proxy.endpoint,
      region: server.region,
      pathStyle: true,
      media: 'cloud',
      offsite: true,
      storageClass: 'STANDARD',
      encryption: { recipient: identity.recipient, names: true, key: 'file' },
    };
    const d = new EncryptedDestination(new S3Destination(config, nullUploadJournal(), { credentials: server }), config.encryption!, () => identity);
    try {
      const bytes = Buffer.from('scene 12, take 3\n');
      const { xxh64 } = await hashChunks(
        (async function* () {
          yield bytes;
        })(),
      );
      const writer = await d.createWriter('MEDIA/Shoot/take3.wav', { size: bytes.length, mtimeMs: Date.now(), xxh64 });
      await writer.write(bytes);
      await writer.seal();
      await writer.verify(xxh64);
      await writer.commit();
      expect(await testDestination(d)).toEqual({ ok: true });
    } finally {
      d.close();
      await proxy.close();
    }
    const puts = proxy.seen.filter((r) => r.method === 'PUT').map((r) => r.headers['x-amz-storage-class']);
    expect(puts).toEqual(['STANDARD', undefined]);
  });
});
