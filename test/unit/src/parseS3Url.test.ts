import { parseS3Url } from '../../../src/paths/parseS3Url';

describe('parseS3Url', () => {
  it.each([
    ['s3://ferry-archive/threefold', { bucket: 'ferry-archive', prefix: 'threefold' }],
    ['s3://ferry-archive', { bucket: 'ferry-archive', prefix: '' }],
    ['s3://ferry-archive/', { bucket: 'ferry-archive', prefix: '' }],
    ['s3://b/a/b/c/', { bucket: 'b', prefix: 'a/b/c' }],
  ])('%s', (url, expected) => expect(parseS3Url(url)).toEqual(expected));

  it.each(['/mnt/raid', 'S3://x', 's3:/x', 'http://x/y', 's3://'])('%s is not an s3:// URL', (url) => expect(parseS3Url(url)).toBeNull());
});
