import fc from 'fast-check';
import {
  addDestinationParams,
  chooseProvider,
  type DestinationForm,
  EMPTY_DESTINATION_FORM,
  needsEndpoint,
  presetEndpoint,
  regionChoices,
  storageClassChoices,
} from '../../../../panel/model/destinationForm';
import { requestSchema } from '../../../../src/protocol/messages';

const form = (extra: Partial<DestinationForm>): DestinationForm => ({ ...EMPTY_DESTINATION_FORM, name: 'b2', where: 's3://bucket/tf', ...extra });

describe('the S3 part of the Add destination form', () => {
  it('a provider gives the region list, the endpoint shown for the region, and the classes offered', () => {
    expect(regionChoices({ provider: 'b2' })).toContain('us-west-004');
    expect(presetEndpoint({ provider: 'b2', region: '' })).toBe('https://s3.us-west-004.backblazeb2.com');
    expect(presetEndpoint({ provider: 'wasabi', region: 'eu-central-1' })).toBe('https://s3.eu-central-1.wasabisys.com');
    expect(needsEndpoint({ provider: 'b2' })).toBe(false);
    expect(needsEndpoint({ provider: 'aws' })).toBe(false);
    expect(needsEndpoint({ provider: 'minio' })).toBe(true);
    expect(needsEndpoint({ provider: '' })).toBe(true);
    expect(storageClassChoices({ provider: 'aws', endpoint: '' })).toContain('DEEP_ARCHIVE');
    expect(storageClassChoices({ provider: '', endpoint: '' })).toContain('GLACIER_IR');
    expect(storageClassChoices({ provider: '', endpoint: 'http://nas:9000' })).toBeUndefined();
  });

  it('a provider change keeps a class and an endpoint only where the new provider takes them', () => {
    const aws = form({ provider: 'aws', region: 'eu-west-1', storageClass: 'DEEP_ARCHIVE' });
    expect(chooseProvider(aws, 'b2')).toMatchObject({ provider: 'b2', region: '', storageClass: '' });
    expect(chooseProvider(form({ provider: 'r2', storageClass: 'STANDARD_IA', endpoint: 'https://acct.r2.cloudflarestorage.com' }), 'aws')).toMatchObject({
      storageClass: 'STANDARD_IA',
      endpoint: '',
    });
    expect(chooseProvider(form({ endpoint: 'http://nas:9000' }), 'minio')).toMatchObject({ endpoint: 'http://nas:9000' });
  });

  it('sends the provider, region, keys, encryption and class; a provider knows its addressing style', () => {
    expect(
      addDestinationParams(
        form({ provider: 'b2', region: 'eu-central-003', accessKeyId: ' 0042 ', secretAccessKey: 'K00 secret', sse: 'AES256', storageClass: 'STANDARD' }),
      ),
    ).toEqual({
      params: {
        name: 'b2',
        where: 's3://bucket/tf',
        provider: 'b2',
        region: 'eu-central-003',
        keys: { accessKeyId: '0042', secretAccessKey: 'K00 secret' },
        sse: 'AES256',
      },
    });
    expect(addDestinationParams(form({ provider: 'aws', sse: 'aws:kms', kmsKeyId: 'alias/backups', storageClass: 'GLACIER_IR' }))).toEqual({
      params: { name: 'b2', where: 's3://bucket/tf', provider: 'aws', sse: 'aws:kms', kmsKeyId: 'alias/backups', storageClass: 'GLACIER_IR' },
    });
    expect(addDestinationParams(form({ provider: 'minio', endpoint: 'http://nas:9000' }))).toEqual({
      params: { name: 'b2', where: 's3://bucket/tf', provider: 'minio', endpoint: 'http://nas:9000' },
    });
  });

  it('says what to fix first: half a key pair, a class or region the provider lacks, a store without its endpoint', () => {
    expect(addDestinationParams(form({ accessKeyId: 'id' }))).toEqual({ error: expect.stringContaining('Give both the access key id and its secret key') });
    expect(addDestinationParams(form({ secretAccessKey: 's' }))).toEqual({ error: expect.stringContaining('Give both') });
    expect(addDestinationParams(form({ provider: 'b2', storageClass: 'GLACIER' }))).toEqual({
      error: 'Backblaze B2 has no storage class "GLACIER": choose one of STANDARD.',
    });
    expect(addDestinationParams(form({ provider: 'b2', region: 'mars-1' }))).toEqual({ error: expect.stringContaining('Backblaze B2 has no region "mars-1"') });
    expect(addDestinationParams(form({ provider: 'minio' }))).toEqual({ error: 'MinIO needs the endpoint (the address of your store).' });
  });

  it('never puts the secret in what it says to fix, and sends it only as the key pair', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 8, maxLength: 40 }).filter((s) => s.trim().length >= 8),
        fc.constantFrom<Partial<DestinationForm>>({ provider: 'b2', storageClass: 'GLACIER' }, { provider: 'minio' }, { accessKeyId: '' }, { sse: 'AES256' }),
        (secret, extra) => {
          const made = addDestinationParams(form({ accessKeyId: 'id', ...extra, secretAccessKey: secret }));
          if ('error' in made) expect(made.error).not.toContain(secret);
          else {
            const { keys, ...rest } = made.params;
            expect(keys?.secretAccessKey).toBe(secret);
            expect(JSON.stringify(rest)).not.toContain(JSON.stringify(secret).slice(1, -1));
          }
        },
      ),
    );
  });

  it('every request it makes is a valid protocol request', () => {
    const forms = [
      form({ provider: 'b2', accessKeyId: 'id', secretAccessKey: 'secret', sse: 'AES256' }),
      form({ provider: 'aws', region: 'eu-west-1', sse: 'aws:kms', kmsKeyId: 'k', storageClass: 'DEEP_ARCHIVE' }),
      form({ provider: 'r2', endpoint: 'https://acct.r2.cloudflarestorage.com', storageClass: 'STANDARD_IA' }),
      form({ endpoint: 'http://127.0.0.1:9000', storageClass: 'COLD' }),
    ];
    for (const f of forms) {
      const made = addDestinationParams(f);
      if (!('params' in made)) throw new Error(made.error);
      expect(requestSchema.safeParse({ id: '1', type: 'destinations.add', ...made.params }).success).toBe(true);
    }
  });
});
