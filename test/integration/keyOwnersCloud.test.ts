import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import path from 'node:path';
import { protect } from '../../native-helper/engine/protect';
import { loadConfig, saveConfig } from '../../native-helper/config/config';
import { mapSourcePath } from '../../src/paths/mapSourcePath';
import { addCloudDestination } from '../helpers/cloudWorkspace';
import { s3Client, testS3Server } from '../helpers/s3Server';
import { writeFile } from '../helpers/tempDir';
import { makeWorkspace, useTempWorkspace } from '../helpers/workspace';

const t = useTempWorkspace();
const s3 = () => s3Client(testS3Server());

async function objectText(bucket: string, key: string): Promise<string> {
  const got = await s3().send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return Buffer.from(await got.Body!.transformToByteArray()).toString('utf8');
}

/** The bucket key of a cloud copy's location (`s3://bucket/key`). */
const bucketKey = (location: string, bucket: string): string => location.slice(`s3://${bucket}/`.length);

describe('key owners on an S3 destination', () => {
  it('an object Threefold did not write at a source key is never written over', async () => {
    const cloud = await addCloudDestination(t.ws);
    const clip = writeFile(path.join(t.ws.source, 'A001.mov'), 'the source');
    const foreignKey = `threefold/${mapSourcePath(clip)}`;
    await s3().send(new PutObjectCommand({ Bucket: cloud.bucket, Key: foreignKey, Body: 'put there by another tool' }));

    const report = await protect(t.ws, { targets: [clip], only: ['cloud'] });
    expect(report.job.failed).toEqual([]);
    expect(await objectText(cloud.bucket, foreignKey)).toBe('put there by another tool');
    const location = report.assets[0]!.locations.find((l) => l.destination === 'cloud')!.location;
    expect(bucketKey(location, cloud.bucket)).toMatch(/\/A001~[0-9a-f]{8}\.mov$/);
    expect(await objectText(cloud.bucket, bucketKey(location, cloud.bucket))).toBe('the source');
    expect(report.warnings.join('\n')).toContain('a file Threefold has not recorded there');
  });

  it('a second home sharing the bucket sees what the first owns there and keeps its own copy apart', async () => {
    const cloud = await addCloudDestination(t.ws);
    const other = await makeWorkspace(path.join(t.dir, 'other'), []);
    try {
      await saveConfig(other.home, { ...(await loadConfig(other.home)), destinations: [cloud] });
      other.config = await loadConfig(other.home);
      const nfc = writeFile(path.join(t.ws.source, 'Sc\u00e9ne.mov'), 'first home');
      const nfd = writeFile(path.join(t.ws.source, 'Sce\u0301ne.mov'), 'second home');
      const first = await protect(t.ws, { targets: [nfc], only: ['cloud'] });
      const second = await protect(other, { targets: [nfd] });
      expect([first.job.failed, second.job.failed]).toEqual([[], []]);

      const firstKey = bucketKey(first.assets[0]!.locations[0]!.location, cloud.bucket);
      const secondKey = bucketKey(second.assets[0]!.locations[0]!.location, cloud.bucket);
      expect(secondKey).not.toBe(firstKey);
      expect(await objectText(cloud.bucket, firstKey)).toBe('first home');
      expect(await objectText(cloud.bucket, secondKey)).toBe('second home');
      expect(second.warnings.join('\n')).toMatch(/made by another Threefold home/);
    } finally {
      other.close();
    }
  });
});
