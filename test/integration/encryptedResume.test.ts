import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Catalog } from '../../native-helper/catalog/catalog';
import { generateIdentity } from '../../native-helper/destinations/crypt/ageIdentity';
import { EncryptedDestination } from '../../native-helper/destinations/crypt/encryptedDestination';
import type { ObjectWriter } from '../../native-helper/destinations/destination';
import { S3Destination } from '../../native-helper/destinations/s3/s3Destination';
import type { S3ObjectWriter } from '../../native-helper/destinations/s3/s3Object';
import { hashChunks } from '../../native-helper/hash/hashChunks';
import { testS3Server, uniqueBucket } from '../helpers/s3Server';
import { makeTempDir, pseudoRandomBytes } from '../helpers/tempDir';

const MiB = 1024 * 1024;

// An encrypted multipart upload cut short resumes at a part boundary: the journal keeps its age header and
// nonce, so the parts are encrypted again byte for byte and the store's are reused (the real catalog journal,
// the S3 test server, the age tool reading the result).
describe('an encrypted upload interrupted and resumed', () => {
  let temp: ReturnType<typeof makeTempDir>;
  let catalog: Catalog;
  beforeEach(() => {
    temp = makeTempDir();
    catalog = Catalog.open(path.join(temp.dir, 'catalog.sqlite'));
  });
  afterEach(() => {
    catalog.close();
    temp.cleanup();
  });

  it('reuses the parts the interrupted run sent, and the object decrypts to the source', async () => {
    const server = testS3Server();
    const config = {
      name: 'vault',
      kind: 's3' as const,
      bucket: await uniqueBucket('crypt-resume'),
      prefix: 'tf',
      endpoint: server.endpoint,
      region: server.region,
      pathStyle: true,
      media: 'cloud',
      offsite: true,
    };
    const journal = catalog.uploads.journal(
      catalog.destinations.id({ url: `s3:test/${config.bucket}`, name: 'vault', kind: 's3', media: 'cloud', offsite: true }),
    );
    const inner = new S3Destination(config, journal, {
      partSize: 5 * MiB,
      credentials: { accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey },
    });
    const sent: S3ObjectWriter[] = [];
    const createInner = inner.createWriter.bind(inner);
    inner.createWriter = async (key, source) => {
      const writer = await createInner(key, source);
      sent.push(writer);
      return writer;
    };
    const identity = generateIdentity();
    const d = new EncryptedDestination(inner, { recipient: identity.recipient, names: false, key: 'file' }, () => identity);
    try {
      const data = pseudoRandomBytes(23 * MiB + 777, 11);
      const { xxh64 } = await hashChunks(
        (async function* () {
          yield data;
        })(),
      );
      const source = { size: data.length, mtimeMs: 1_700_000_000_000, xxh64 };
      const writeRange = async (w: ObjectWriter, from: number, to: number): Promise<void> => {
        for (let at = from; at < to; at += MiB) await w.write(data.subarray(at, Math.min(at + MiB, to)));
      };

      const first = await d.createWriter('Vol/A001.mov', source);
      await writeRange(first, 0, 12 * MiB);
      await first.abort(true);
      expect(sent[0]!.stats.partsSent).toBe(2);

      const second = await d.createWriter('Vol/A001.mov', source);
      await writeRange(second, 0, data.length);
      await second.seal();
      await second.verify(xxh64);
      await second.commit();
      expect(sent[1]!.stats).toMatchObject({ uploadId: sent[0]!.stats.uploadId, partsReused: 2, partsSent: 3 });

      const back = await hashChunks(d.readChunks('Vol/A001.mov'));
      expect(back).toMatchObject({ xxh64, size: data.length });
      const object = path.join(temp.dir, 'object.age');
      const stored: Buffer[] = [];
      for await (const chunk of inner.readChunks('Vol/A001.mov')) stored.push(Buffer.from(chunk));
      fs.writeFileSync(object, Buffer.concat(stored));
      const identityFile = path.join(temp.dir, 'identity.txt');
      fs.writeFileSync(identityFile, `${identity.phrase}\n`);
      expect(execFileSync('age', ['-d', '-i', identityFile, object], { maxBuffer: 64 * MiB }).equals(data)).toBe(true);
    } finally {
      d.close();
    }
  });
});
