// A protect to a destination that asks for server-side encryption, through a proxy that makes the store
// report the encryption of every object on HEAD (as AWS does): a copy reported otherwise is no copy.
import path from 'node:path';
import { loadConfig, saveConfig } from '../../native-helper/config/config';
import { protect } from '../../native-helper/engine/protect';
import { addCloudDestination } from '../helpers/cloudWorkspace';
import { type HeaderProxy, startHeaderProxy } from '../helpers/headerProxy';
import { testS3Server, useServerWithEncryptionAtRest } from '../helpers/s3Server';
import { pseudoRandomBytes, writeFile } from '../helpers/tempDir';
import { useTempWorkspace } from '../helpers/workspace';

// SSE-S3 needs Swift's encryption at rest.
useServerWithEncryptionAtRest();

const t = useTempWorkspace();
let proxy: HeaderProxy;
beforeEach(async () => {
  proxy = await startHeaderProxy(testS3Server().endpoint);
});
afterEach(() => proxy.close());

async function encryptedCloud(): Promise<void> {
  await t.reopen(path.join(t.dir, 'only-cloud'), []);
  await addCloudDestination(t.ws, 'cloud', proxy.endpoint);
  const config = await loadConfig(t.ws.home);
  await saveConfig(t.ws.home, { ...config, destinations: config.destinations.map((d) => ({ ...d, sse: 'AES256' as const })) });
  t.ws.config = await loadConfig(t.ws.home);
}

describe('protect to a destination that asks for server-side encryption', () => {
  it('records no copy the store reports with another encryption, and says why', async () => {
    await encryptedCloud();
    const small = writeFile(path.join(t.ws.source, 'Shoot', 'small.wav'), pseudoRandomBytes(300_000, 41));
    const large = writeFile(path.join(t.ws.source, 'Shoot', 'large.mov'), pseudoRandomBytes(24 * 1024 * 1024, 42));
    proxy.reportOnHead({ 'x-amz-server-side-encryption': 'aws:kms' });
    const { job } = await protect(t.ws, { targets: [t.ws.source] });
    expect(job.failed.map((f) => [f.path, f.error]).sort()).toEqual(
      [large, small].map((file) => [file, expect.stringMatching(/is not encrypted as this destination asks: the store encrypted it with aws:kms, not AES256/)]),
    );
    for (const file of [small, large]) expect(t.ws.catalog.copies.list({ kind: 'file', path: file }).filter((c) => c.status === 'verified')).toEqual([]);
  });

  it('records the copies the store reports encrypted as asked', async () => {
    await encryptedCloud();
    const file = writeFile(path.join(t.ws.source, 'Shoot', 'small.wav'), pseudoRandomBytes(300_000, 43));
    proxy.reportOnHead({ 'x-amz-server-side-encryption': 'AES256' });
    const { job } = await protect(t.ws, { targets: [t.ws.source] });
    expect(job.failed).toEqual([]);
    expect(t.ws.catalog.copies.list({ kind: 'file', path: file }).map((c) => c.status)).toEqual(['verified']);
  });
});
