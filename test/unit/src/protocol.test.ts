import { PROTOCOL_VERSION as constantsVersion } from '../../../src/protocol/constants';
import { eventSchema, PROTOCOL_VERSION as messagesVersion, requestSchema, responseSchema, resultSchemas } from '../../../src/protocol/messages';

const host = { name: 'Ferry Doc', media: [{ path: '/m/a.mov' }] };
const long = (n: number) => 'x'.repeat(n);

describe('requestSchema', () => {
  it.each<[string, Record<string, unknown>]>([
    ['hello', { protocol: 1, client: 'panel' }],
    ['hello with token', { protocol: 1, client: 'panel', token: 't' }],
    ['pair', { code: 'ABCD-EFGH', client: 'panel' }],
    ['scan', { target: '/p/Ferry Doc.prproj' }],
    ['status', { target: '/p/Ferry Doc.prproj' }],
    ['status', { host }],
    ['protect', { targets: ['/p/a.prproj', '/m'] }],
    ['protect', { host, destinations: ['raid'], includePreviews: true }],
    ['cancel', { jobId: 3 }],
    ['jobs', {}],
    ['destinations.list', {}],
    ['destinations.add', { name: 'raid', where: '/mnt/raid' }],
    ['destinations.add', { name: 'b2', where: 's3://b/p', offsite: true, endpoint: 'https://s3.example', region: 'r', pathStyle: true }],
    ['destinations.remove', { name: 'raid' }],
    ['destinations.test', { name: 'raid' }],
    ['verify', {}],
    ['verify', { targets: ['/m'], destinations: ['raid'], read: true, sources: true }],
    ['drill', {}],
    ['drill', { files: 20, bytes: 2e9, destinations: ['raid', 'b2'] }],
    ['verify', { repair: true }],
    ['scrub', {}],
    ['scrub', { days: 30, budget: '50MB/s', maxSeconds: 3600, hours: '01:00-06:00', destinations: ['raid'], repair: true }],
    ['versions', { target: '/p/Ferry Doc.prproj' }],
    ['report', { jobId: 12 }],
  ])('accepts %s %j', (type, params) => {
    const request = { id: 'r1', type: type.split(' ')[0], ...params };
    expect(requestSchema.parse(request)).toMatchObject(request);
  });

  it('fills the defaults of a host media reference', () => {
    const parsed = requestSchema.parse({ id: '1', type: 'status', host });
    expect(parsed).toEqual({ id: '1', type: 'status', host: { name: 'Ferry Doc', media: [{ path: '/m/a.mov', role: 'media', clips: [], offline: false }] } });
  });

  it.each(['/m/a.mov', 'C:\\Media\\a.mov', 'c:/Media/a.mov', '\\\\server\\share\\a.mov'])('accepts the absolute path %s', (target) => {
    expect(requestSchema.safeParse({ id: '1', type: 'scan', target }).success).toBe(true);
  });

  it.each<[string, unknown]>([
    ['an unknown type', { id: '1', type: 'format' }],
    ['a drill of no files', { id: '1', type: 'drill', files: 0 }],
    ['a drill of a fraction of a file', { id: '1', type: 'drill', files: 1.5 }],
    ['a drill of negative bytes', { id: '1', type: 'drill', bytes: -1 }],
    ['a drill with a target', { id: '1', type: 'drill', targets: ['/m'] }],
    ['a scrub of 0 days', { id: '1', type: 'scrub', days: 0 }],
    ['a scrub with no time', { id: '1', type: 'scrub', maxSeconds: 0 }],
    ['a scrub budget as a number', { id: '1', type: 'scrub', budget: 50 }],
    ['a missing id', { type: 'jobs' }],
    ['an empty id', { id: '', type: 'jobs' }],
    ['a too long id', { id: long(65), type: 'jobs' }],
    ['an unknown key', { id: '1', type: 'jobs', extra: 1 }],
    ['an unknown key on scan', { id: '1', type: 'scan', target: '/m', recursive: true }],
    ['a relative path', { id: '1', type: 'scan', target: 'media/a.mov' }],
    ['a dot path', { id: '1', type: 'scan', target: './a.mov' }],
    ['a drive-relative path', { id: '1', type: 'scan', target: 'C:a.mov' }],
    ['a path with NUL', { id: '1', type: 'scan', target: '/m/a\0.mov' }],
    ['a relative path in targets', { id: '1', type: 'protect', targets: ['/m', 'b'] }],
    ['a relative media path', { id: '1', type: 'status', host: { name: 'P', media: [{ path: 'a.mov' }] } }],
    ['a too long path', { id: '1', type: 'scan', target: `/${long(4096)}` }],
    ['status with target and host', { id: '1', type: 'status', target: '/m', host }],
    ['status with neither', { id: '1', type: 'status' }],
    ['protect with targets and host', { id: '1', type: 'protect', targets: ['/m'], host }],
    ['protect with neither', { id: '1', type: 'protect' }],
    ['a host without media', { id: '1', type: 'status', host: { name: 'P', media: [] } }],
    ['an unknown media role', { id: '1', type: 'status', host: { name: 'P', media: [{ path: '/a', role: 'audio' }] } }],
    ['a too long client', { id: '1', type: 'hello', protocol: 1, client: long(201) }],
    ['a fractional protocol', { id: '1', type: 'hello', protocol: 1.5, client: 'c' }],
    ['a too long pairing code', { id: '1', type: 'pair', code: long(33), client: 'c' }],
    ['a too long destination name', { id: '1', type: 'destinations.remove', name: long(65) }],
    ['an empty destination name', { id: '1', type: 'destinations.test', name: '' }],
    ['a job id of 0', { id: '1', type: 'cancel', jobId: 0 }],
    ['a job id as text', { id: '1', type: 'cancel', jobId: '3' }],
    ['repair as text', { id: '1', type: 'verify', repair: 'yes' }],
    ['versions of a relative path', { id: '1', type: 'versions', target: 'Ferry Doc.prproj' }],
    ['versions without a target', { id: '1', type: 'versions' }],
  ])('refuses %s', (_, request) => {
    expect(requestSchema.safeParse(request).success).toBe(false);
  });
});

const job = {
  id: 1,
  kind: 'protect',
  state: 'running',
  title: 'Ferry Doc',
  createdAt: '2026-01-01T00:00:00Z',
  finishedAt: null,
  progress: {
    filesDone: 1,
    filesTotal: 2,
    bytesDone: 10,
    bytesTotal: 20,
    rate: 5,
    etaSeconds: 2,
    destinations: [{ name: 'raid', filesDone: 1, filesFailed: 0, filesTotal: 2, bytesDone: 10, bytesTotal: 20, rate: 5, etaSeconds: null }],
  },
  result: null,
  error: null,
};
const asset = {
  path: '/m/a.mov',
  size: 10,
  xxh64: '00000000000000ff',
  state: 'partial',
  label: '2-1-0',
  copies: 2,
  media: ['raid'],
  offsite: 0,
  missing: ['media', 'offsite'],
  locations: [{ destination: 'raid', location: '/mnt/raid/a.mov', verifiedAt: '2026-01-01T00:00:00Z' }],
};
const summary = { assets: 1, bytes: 10, protected: 0, partial: 1, unprotected: 0, stale: 0, missing: 0, lost: 0, failed: 0 };
const destination = { name: 'raid', kind: 'local', where: '/mnt/raid', media: 'raid', offsite: false };

describe('resultSchemas', () => {
  it.each<[keyof typeof resultSchemas, unknown, unknown]>([
    ['hello', { protocol: 1, helperVersion: '0.1.0', paired: true }, { protocol: 1, helperVersion: '0.1.0' }],
    ['pair', { token: 't' }, { token: 1 }],
    [
      'scan',
      {
        target: '/p.prproj',
        kind: 'premiere',
        project: { name: 'P', version: null },
        media: [{ path: '/m/a.mov', role: 'media', exists: true, size: 1, clips: ['a'], offline: false }],
        warnings: [],
      },
      {
        target: '/p.prproj',
        kind: 'premiere',
        project: { name: 'P', version: null },
        media: [{ path: '/m/a.mov', role: 'audio', exists: true, clips: [], offline: false }],
        warnings: [],
      },
    ],
    [
      'status',
      { target: ['/m'], projects: [], policy: { copies: 3, media: 2, offsite: 1 }, summary, assets: [asset], warnings: [] },
      { target: '/m', projects: [], policy: { copies: 3, media: 2, offsite: 1 }, summary, assets: [{ ...asset, state: 'safe' }], warnings: [] },
    ],
    ['protect', { job }, { job: { ...job, state: 'done' } }],
    ['cancel', { job: { ...job, state: 'cancelled', finishedAt: '2026-01-01T00:01:00Z', progress: null } }, { job: { ...job, progress: undefined } }],
    [
      'jobs',
      {
        jobs: [
          {
            ...job,
            state: 'succeeded',
            result: { files: 2, bytes: 20, seconds: 1, upToDate: 0, failed: [{ path: '/m/b.mov', destination: null, error: 'gone' }] },
          },
        ],
      },
      { jobs: [{ ...job, kind: 'scan' }] },
    ],
    ['destinations.list', { destinations: [destination] }, { destinations: [{ ...destination, kind: 'ftp' }] }],
    ['destinations.add', { destination }, { destination: { ...destination, offsite: 'no' } }],
    ['destinations.remove', { removed: 'raid' }, {}],
    ['destinations.test', { ok: false, error: 'no such bucket' }, { ok: 'false' }],
    ['verify', { job: { ...job, kind: 'verify' } }, { job: { ...job, result: { files: 1 } } }],
    [
      'versions',
      {
        path: '/p/F.prproj',
        file: { exists: true, size: 10, mtime: '2026-11-23T11:00:00.000Z', recorded: { size: 10, mtime: '2026-11-23T11:00:00.000Z', xxh64: 'ab' } },
        versions: [
          {
            id: '2026-11-23T101500Z',
            mtime: '2026-11-23T10:15:00.000Z',
            mtimeMs: 1,
            size: 9,
            xxh64: 'cd',
            current: false,
            copies: [
              {
                destination: 'raid',
                key: 'p/.threefold-versions/F.2026-11-23T101500Z.prproj',
                stamp: '2026-11-23T101500Z',
                mtimeMs: 1,
                xxh64: 'cd',
                size: 9,
                location: '/r/p',
                local: true,
                copiedAt: 'x',
                failed: null,
              },
            ],
          },
        ],
        note: null,
      },
      { path: '/p/F.prproj', versions: [{ id: 'x' }], note: null },
    ],
  ])('%s: parses a good result, refuses a malformed one', (type, good, bad) => {
    const schema = resultSchemas[type];
    expect(schema.safeParse(good).success).toBe(true);
    expect(schema.safeParse(bad).success).toBe(false);
  });
});

describe('a job failure', () => {
  it("keeps the files a whole destination missed (a client that dropped them would retry the destination's folder)", () => {
    const failed = [{ path: '/Volumes/Shuttle', destination: 'shuttle', error: 'not reachable', missed: ['/m/a.mov'] }];
    const parsed = resultSchemas.jobs.parse({ jobs: [{ ...job, state: 'failed', result: { files: 0, bytes: 0, seconds: 1, upToDate: 0, failed } }] });
    expect(parsed.jobs[0]!.result!.failed).toEqual(failed);
  });
});

describe('responseSchema and eventSchema', () => {
  it.each<[string, unknown]>([
    ['an ok response', { type: 'response', id: 'r1', ok: true, result: { jobs: [] } }],
    ['an error response', { type: 'response', id: 'r1', ok: false, error: { code: 'unauthorized', message: 'pair first' } }],
  ])('responseSchema parses %s', (_, message) => expect(responseSchema.parse(message)).toEqual(message));

  it.each<[string, unknown]>([
    ['an unknown error code', { type: 'response', id: 'r1', ok: false, error: { code: 'teapot', message: 'x' } }],
    ['an error without message', { type: 'response', id: 'r1', ok: false, error: { code: 'internal' } }],
    ['ok as text', { type: 'response', id: 'r1', ok: 'true', result: {} }],
    ['a missing id', { type: 'response', ok: true, result: {} }],
    ['another type', { type: 'event', id: 'r1', ok: true, result: {} }],
  ])('responseSchema refuses %s', (_, message) => expect(responseSchema.safeParse(message).success).toBe(false));

  it.each<[string, unknown]>([
    ['job.state', { type: 'job.state', job }],
    ['job.progress', { type: 'job.progress', jobId: 1, progress: job.progress }],
    ['job.finished', { type: 'job.finished', job: { ...job, state: 'failed', error: 'no destinations' } }],
    ['asset.status', { type: 'asset.status', jobId: 1, asset: { ...asset, role: 'media', clips: ['a'], offline: false } }],
    ['error', { type: 'error', error: { code: 'bad-request', message: 'not JSON' } }],
  ])('eventSchema parses %s', (_, event) => expect(eventSchema.parse(event)).toEqual(event));

  it.each<[string, unknown]>([
    ['an unknown type', { type: 'job.deleted', jobId: 1 }],
    ['job.progress without progress', { type: 'job.progress', jobId: 1 }],
    ['job.state with an unknown state', { type: 'job.state', job: { ...job, state: 'paused' } }],
    ['asset.status with an unknown shortfall', { type: 'asset.status', jobId: 1, asset: { ...asset, missing: ['luck'] } }],
    ['error with an unknown code', { type: 'error', error: { code: 'oops', message: 'x' } }],
  ])('eventSchema refuses %s', (_, event) => expect(eventSchema.safeParse(event).success).toBe(false));
});

it('PROTOCOL_VERSION is exported by constants.ts and messages.ts, the same positive integer', () => {
  expect(messagesVersion).toBe(constantsVersion);
  expect(Number.isInteger(constantsVersion) && constantsVersion > 0).toBe(true);
});
