import fc from 'fast-check';
import { s3PlacesOverlap, s3StorageKey, type S3Location } from '../../../src/paths/s3StorageKey';

const key = (endpoint: string | undefined, bucket = 'media', prefix = 'threefold'): string => s3StorageKey({ endpoint, bucket, prefix });

describe('s3StorageKey', () => {
  it.each([
    ['http://localhost:9000', 'http://127.0.0.1:9000'],
    ['http://127.0.0.1:9000', 'http://[::1]:9000'],
    ['http://127.0.0.1:9000', 'http://127.8.9.10:9000'],
    ['http://127.0.0.1:9000', 'http://[0:0:0:0:0:0:0:1]:9000'],
    ['http://127.0.0.1:9000', 'http://[::ffff:127.0.0.1]:9000'],
    ['http://127.0.0.1:9000', 'http://minio.localhost:9000/'],
    ['https://S3.Example.COM', 'https://s3.example.com.:443/'],
    ['http://s3.example.com', 'https://s3.example.com'],
    ['http://s3.example.com:9000', 'HTTPS://s3.example.com:09000'],
    ['https://media.s3.wasabisys.com', 'https://s3.wasabisys.com'],
    ['https://user@s3.example.com', 'https://s3.example.com'],
    ['https://s3.example.com/base/', 'https://s3.example.com//base'],
    [undefined, 'https://s3.amazonaws.com'],
    [undefined, 'https://s3.eu-west-3.amazonaws.com'],
    [undefined, 'https://media.s3.us-east-1.amazonaws.com/'],
  ])('%s and %s are one storage', (a, b) => expect(key(a)).toBe(key(b)));

  it.each([
    ['http://127.0.0.1:9000', 'http://127.0.0.1:9001'],
    ['http://127.0.0.1:9000', 'http://10.0.0.1:9000'],
    ['http://s3.example.com:8080', 'http://s3.example.com'],
    ['https://s3.example.com', 'https://s3.example.org'],
    ['https://s3.example.com/a', 'https://s3.example.com/b'],
    [undefined, 'https://s3.wasabisys.com'],
    ['http://[::2]:9000', 'http://[::1]:9000'],
    ['s3.example.com', 'https://s3.example.com'],
  ])('%s and %s are different storages', (a, b) => expect(key(a)).not.toBe(key(b)));

  it('a prefix with or without its slashes is one prefix; another prefix or bucket is another place', () => {
    expect(key('http://h', 'b', 'a/b')).toBe(key('http://h', 'b', '/a//b/'));
    expect(key('http://h', 'b', '')).toBe(key('http://h', 'b', '/'));
    expect(key('http://h', 'b', 'a')).not.toBe(key('http://h', 'b', 'a/b'));
    expect(key('http://h', 'b', 'a')).not.toBe(key('http://h', 'c', 'a'));
  });

  const host = fc.oneof(fc.constantFrom('localhost', '127.0.0.1', '[::1]'), fc.stringMatching(/^[a-z][a-z0-9-]{0,10}(\.[a-z][a-z0-9-]{0,10}){1,3}$/));
  const location = fc.record({
    scheme: fc.constantFrom('http', 'https'),
    host,
    port: fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }),
    bucket: fc.stringMatching(/^[a-z0-9][a-z0-9-]{1,10}[a-z0-9]$/),
    prefix: fc.array(fc.stringMatching(/^[A-Za-z0-9._-]{1,6}$/), { maxLength: 3 }),
  });
  const asLocation = (l: typeof location extends fc.Arbitrary<infer T> ? T : never): S3Location => ({
    endpoint: `${l.scheme}://${l.host}${l.port === undefined ? '' : `:${l.port}`}`,
    bucket: l.bucket,
    prefix: l.prefix.join('/'),
  });

  it('property: respelling an endpoint (case, default port, loopback name, slashes) never changes the key', () => {
    fc.assert(
      fc.property(location, fc.boolean(), fc.boolean(), (l, upper, slashes) => {
        const plain = asLocation(l);
        const loopbacks: Record<string, string> = { localhost: '127.0.0.1', '127.0.0.1': '[::1]', '[::1]': 'localhost' };
        const host = loopbacks[l.host] ?? (upper ? l.host.toUpperCase() : l.host);
        const port = l.port ?? (slashes ? (l.scheme === 'http' ? 80 : 443) : undefined);
        const respelled: S3Location = {
          endpoint: `${upper ? l.scheme.toUpperCase() : l.scheme}://${host}${port === undefined ? '' : `:${port}`}${slashes ? '/' : ''}`,
          bucket: l.bucket,
          prefix: slashes ? `/${l.prefix.join('//')}/` : plain.prefix,
        };
        expect(s3StorageKey(respelled)).toBe(s3StorageKey(plain));
      }),
    );
  });

  it('property: two locations with the same key name the same host, port, bucket and prefix', () => {
    const loopback = (h: string): boolean => ['localhost', '127.0.0.1', '[::1]'].includes(h);
    fc.assert(
      fc.property(location, location, (a, b) => {
        if (s3StorageKey(asLocation(a)) !== s3StorageKey(asLocation(b))) return;
        const port = (l: typeof a): number => l.port ?? (l.scheme === 'http' ? 80 : 443);
        expect(loopback(a.host) ? loopback(b.host) : a.host === b.host || a.host.endsWith(b.host) || b.host.endsWith(a.host)).toBe(true);
        expect([port(a) === port(b) || ([80, 443].includes(port(a)) && [80, 443].includes(port(b))), a.bucket, a.prefix.join('/')]).toEqual([
          true,
          b.bucket,
          b.prefix.join('/'),
        ]);
      }),
    );
  });
});

describe('s3PlacesOverlap', () => {
  const at = (endpoint: string | undefined, bucket: string, prefix: string): S3Location => ({ endpoint, bucket, prefix });

  it('a prefix inside another, or the bucket root above it, overlaps it however the endpoint is spelled', () => {
    const outer = at('http://127.0.0.1:9000', 'media', 'threefold');
    expect(s3PlacesOverlap(outer, at('http://localhost:9000/', 'media', 'threefold/inner'))).toBe(true);
    expect(s3PlacesOverlap(outer, at('http://LOCALHOST:9000', 'media', ''))).toBe(true);
    expect(s3PlacesOverlap(at('http://localhost:9000', 'media', '/threefold//inner/'), outer)).toBe(true);
    expect(s3PlacesOverlap(outer, outer)).toBe(true);
  });

  it('a sibling prefix, a longer name, another bucket or another store does not', () => {
    const outer = at('http://127.0.0.1:9000', 'media', 'threefold');
    expect(s3PlacesOverlap(outer, at('http://127.0.0.1:9000', 'media', 'threefold-2'))).toBe(false);
    expect(s3PlacesOverlap(at(undefined, 'b', ''), at(undefined, 'bc', ''))).toBe(false);
    expect(s3PlacesOverlap(outer, at('http://127.0.0.1:9000', 'media2', 'threefold'))).toBe(false);
    expect(s3PlacesOverlap(outer, at('http://127.0.0.1:9001', 'media', 'threefold/inner'))).toBe(false);
  });
});
