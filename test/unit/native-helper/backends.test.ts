import fc from 'fast-check';
import {
  backendForPlace,
  backendOf,
  type DestinationConfig,
  destinationSchema,
  destinationUrl,
  localFolderOf,
} from '../../../native-helper/destinations/backends';

const local: DestinationConfig = { name: 'raid', kind: 'local', path: '/mnt/raid', media: 'raid', offsite: false };
const s3: DestinationConfig = {
  name: 'b2',
  kind: 's3',
  bucket: 'ferry-archive',
  prefix: 'threefold',
  endpoint: 'https://s3.eu-central-003.backblazeb2.com',
  region: 'eu-central-003',
  pathStyle: false,
  media: 'cloud',
  offsite: true,
};

describe('the registry of backends', () => {
  it.each([
    ['/Volumes/Backup', 'local'],
    ['relative/folder', 'local'],
    ['s3://ferry-archive/threefold', 's3'],
    ['s3://ferry-archive', 's3'],
  ])('%s is written in the URL form of %s', (where, kind) => expect(backendForPlace(where).kind).toBe(kind));

  it.each([
    ['a folder', local, '/mnt/raid', 'local:/mnt/raid', '/mnt/raid', ''],
    [
      'a bucket',
      s3,
      's3://ferry-archive/threefold',
      's3:https://s3.eu-central-003.backblazeb2.com/ferry-archive/threefold',
      undefined,
      ' at https://s3.eu-central-003.backblazeb2.com (AWS credentials chain)',
    ],
  ])('%s: where, catalog url, local folder and dest list note', (_label, config, where, url, folder, note) => {
    expect(backendOf(config).where(config)).toBe(where);
    expect(destinationUrl(config)).toBe(url);
    expect(localFolderOf(config)).toBe(folder);
    expect(backendOf(config).listNote(config)).toBe(note);
  });

  it('property: the place a destination is written at is parsed back by its own backend', () => {
    const segment = fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,10}$/);
    const s3Config = fc.record({
      bucket: fc.stringMatching(/^[a-z0-9][a-z0-9-]{1,20}[a-z0-9]$/),
      prefix: fc.array(segment, { maxLength: 3 }).map((s) => s.join('/')),
    });
    const folder = fc.array(segment, { minLength: 1, maxLength: 4 }).map((s) => `/${s.join('/')}`);
    fc.assert(
      fc.property(
        fc.oneof(
          s3Config.map((c) => ({ ...s3, ...c })),
          folder.map((path) => ({ ...local, path })),
        ),
        (config) => {
          const parsed = destinationSchema.parse(config);
          expect(backendForPlace(backendOf(parsed).where(parsed)).kind).toBe(parsed.kind);
        },
      ),
    );
  });

  it('knows no kind it has no backend for', () => {
    expect(() => backendOf({ name: 'x', kind: 'ftp', media: 'nas', offsite: false })).toThrow(/no backend for destinations of kind ftp/);
  });
});
