import fc from 'fast-check';
import { resolveS3Place, S3_PROVIDERS } from '../../../src/providers/s3Providers';

describe('S3 provider presets', () => {
  it('fill the endpoint and addressing style from the provider and region', () => {
    expect(resolveS3Place({ provider: 'b2', region: 'us-west-004' })).toEqual({
      ok: true,
      region: 'us-west-004',
      endpoint: 'https://s3.us-west-004.backblazeb2.com',
      pathStyle: false,
    });
    expect(resolveS3Place({ provider: 'wasabi', region: 'eu-central-1' })).toMatchObject({ endpoint: 'https://s3.eu-central-1.wasabisys.com' });
    expect(resolveS3Place({ provider: 'aws', region: 'eu-west-1' })).toEqual({ ok: true, region: 'eu-west-1', pathStyle: false });
  });

  it('let explicit flags win over the preset', () => {
    fc.assert(
      fc.property(fc.constantFrom(...S3_PROVIDERS), fc.webUrl(), fc.boolean(), (provider, endpoint, pathStyle) => {
        const region = provider.regions?.[0] ?? 'anywhere-1';
        expect(resolveS3Place({ provider: provider.id, region, endpoint, pathStyle })).toEqual({ ok: true, region, endpoint, pathStyle });
      }),
    );
  });

  it('refuse a region a provider does not have, naming the ones it has', () => {
    fc.assert(
      fc.property(fc.constantFrom(...S3_PROVIDERS.filter((p) => p.regions)), fc.string({ minLength: 1 }), (provider, region) => {
        fc.pre(!provider.regions!.includes(region));
        const resolved = resolveS3Place({ provider: provider.id, region });
        expect(resolved.ok).toBe(false);
        if (!resolved.ok) expect(resolved.error).toContain(provider.regions!.join(', '));
      }),
    );
  });

  it('refuse an unknown provider with the choices, and ask for the endpoint of a self-hosted store', () => {
    expect(resolveS3Place({ provider: 'dropbox' })).toEqual({ ok: false, error: expect.stringContaining('aws, b2, wasabi, r2, gcs, minio, ceph, other') });
    expect(resolveS3Place({ provider: 'minio' })).toEqual({ ok: false, error: 'MinIO needs --endpoint (the address of your store)' });
    expect(resolveS3Place({ provider: 'minio', endpoint: 'http://nas:9000' })).toEqual({
      ok: true,
      region: 'us-east-1',
      endpoint: 'http://nas:9000',
      pathStyle: true,
    });
  });

  it('give every closed region list its default region, and every template a region or a fixed host', () => {
    for (const p of S3_PROVIDERS) {
      if (p.regions) expect(p.regions).toContain(p.defaultRegion);
      const resolved = resolveS3Place({ provider: p.id, endpoint: p.endpointTemplate ? undefined : 'http://store:9000' });
      expect(resolved).toMatchObject({ ok: true });
      if (resolved.ok && resolved.endpoint) expect(() => new URL(resolved.endpoint!)).not.toThrow();
    }
  });

  it('without a provider, keep what dest add did before: us-east-1, virtual-host style', () => {
    expect(resolveS3Place({})).toEqual({ ok: true, region: 'us-east-1', pathStyle: false });
  });
});
