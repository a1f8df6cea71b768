import fc from 'fast-check';
import { jobInfoSchema, requestSchema, resultSchemas } from '../../../src/protocol/messages';
import { listedRestoreFiles, RESTORED_FILE_STATES, type RestoredFileMessage, type RestoreOutcome } from '../../../src/protocol/restoreMessages';

const HOME_ID = '0123456789abcdef0123456789abcdef';

describe('restore and catalog.rebuild requests', () => {
  it.each<[string, Record<string, unknown>]>([
    ['restore', { targets: ['/m/a.mov'] }],
    ['restore', { targets: ['/p/Ferry Doc.prproj', 'D:\\Media'], to: '/Volumes/New', from: 'b2', dryRun: true, clobber: 'no-clobber' }],
    ['restore', { targets: ['/m'], clobber: 'overwrite' }],
    ['catalog.rebuild', { from: 'b2' }],
    ['catalog.rebuild', { from: 'b2', homeId: HOME_ID, historyOnly: true }],
  ])('accepts %s %j', (type, params) => {
    const request = { id: 'r1', type, ...params };
    expect(requestSchema.parse(request)).toEqual(request);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['no targets', { type: 'restore', targets: [] }, 'targets'],
    ['a relative target', { type: 'restore', targets: ['media/a.mov'] }, 'targets'],
    ['a relative to', { type: 'restore', targets: ['/m'], to: 'restored' }, 'to'],
    ['a drive-relative to', { type: 'restore', targets: ['/m'], to: 'C:restored' }, 'to'],
    ['an unknown clobber rule', { type: 'restore', targets: ['/m'], clobber: 'replace' }, 'clobber'],
    ['an empty from', { type: 'restore', targets: ['/m'], from: '' }, 'from'],
    ['an unknown key', { type: 'restore', targets: ['/m'], version: '2026-11-23' }, ''],
    ['a rebuild without from', { type: 'catalog.rebuild' }, 'from'],
    ['a home id that is not one', { type: 'catalog.rebuild', from: 'b2', homeId: 'ABC' }, 'homeId'],
    ['a home id in capitals', { type: 'catalog.rebuild', from: 'b2', homeId: HOME_ID.toUpperCase() }, 'homeId'],
  ])('refuses %s', (_what, request, field) => {
    const parsed = requestSchema.safeParse({ id: '1', ...request });
    expect(parsed.success).toBe(false);
    if (field !== '') expect(parsed.error!.issues.map((i) => i.path.join('.'))).toContainEqual(expect.stringContaining(field));
  });
});

const restoredFile = (path: string, state: RestoredFileMessage['state']): RestoredFileMessage => ({
  path,
  target: path,
  state,
  from: state === 'not-protected' ? null : 'raid',
  location: null,
  bytes: 1,
  note: null,
  attempts: state === 'failed' ? [{ destination: 'raid', location: `/r${path}`, error: 'content changed' }] : [],
});

const outcome: RestoreOutcome = {
  dryRun: false,
  to: '/Volumes/New',
  totals: { files: 1, bytes: 1, restored: 1, alreadyThere: 0, failed: 1, notProtected: 0, waitingForArchive: 0 },
  files: [restoredFile('/m/a.mov', 'restored'), restoredFile('/m/b.mov', 'failed')],
  filesNotListed: 0,
  unreachable: [{ destination: 'b2', error: 'no network' }],
};

const job = { id: 4, kind: 'restore', state: 'succeeded', title: 'restore /m', createdAt: 'now', finishedAt: 'later', progress: null, error: null };

describe('restore and rebuild results', () => {
  it('a restore job carries its outcome and warnings; a dry run its plan; anything else is refused', () => {
    const result = { files: 1, bytes: 1, seconds: 1, upToDate: 0, failed: [], warnings: ['a project could not be read'], restore: outcome };
    expect(resultSchemas.restore.parse({ job: { ...job, result } })).toEqual({ job: { ...job, result } });
    expect(resultSchemas.restore.parse({ plan: outcome, warnings: [] })).toEqual({ plan: outcome, warnings: [] });
    expect(resultSchemas.restore.safeParse({ plan: { ...outcome, filesNotListed: -1 }, warnings: [] }).success).toBe(false);
    expect(resultSchemas.restore.safeParse({ plan: { ...outcome, files: [restoredFile('/m/a.mov', 'lost' as 'failed')] }, warnings: [] }).success).toBe(false);
    expect(resultSchemas.restore.safeParse({}).success).toBe(false);
  });

  it('a rebuild job carries what the CLI says of it', () => {
    const rebuild = {
      destination: 'b2',
      home: HOME_ID,
      catalogWasEmpty: true,
      snapshot: null,
      history: { generations: 2, proven: 3, added: { assets: 3, copies: 3 }, differing: 0, unproven: 1 },
      notConfigured: [],
    };
    const rebuilt = { job: { ...job, kind: 'rebuild', result: { files: 3, bytes: 0, seconds: 1, upToDate: 0, failed: [], rebuild } } };
    expect(resultSchemas['catalog.rebuild'].parse(rebuilt)).toEqual(rebuilt);
    expect(jobInfoSchema.safeParse({ ...job, kind: 'drill-sergeant' }).success).toBe(false);
  });

  it('a restore outcome survives JSON as it was', () => {
    const file = fc.record({
      path: fc.string(),
      target: fc.option(fc.string(), { nil: null }),
      state: fc.constantFrom(...RESTORED_FILE_STATES),
      from: fc.option(fc.string(), { nil: null }),
      location: fc.option(fc.string(), { nil: null }),
      bytes: fc.nat(),
      note: fc.option(fc.string(), { nil: null }),
      attempts: fc.array(fc.record({ destination: fc.string(), location: fc.string(), error: fc.string() }), { maxLength: 3 }),
    });
    const outcomes = fc.record({
      dryRun: fc.boolean(),
      to: fc.option(fc.string(), { nil: null }),
      totals: fc.record({
        files: fc.nat(),
        bytes: fc.nat(),
        restored: fc.nat(),
        alreadyThere: fc.nat(),
        failed: fc.nat(),
        notProtected: fc.nat(),
        waitingForArchive: fc.nat(),
      }),
      files: fc.array(file, { maxLength: 5 }),
      filesNotListed: fc.nat(),
      unreachable: fc.array(fc.record({ destination: fc.string(), error: fc.string() }), { maxLength: 2 }),
    });
    fc.assert(
      fc.property(outcomes, (o) => {
        expect(resultSchemas.restore.parse(JSON.parse(JSON.stringify({ plan: o, warnings: [] })))).toEqual({ plan: o, warnings: [] });
      }),
    );
  });
});

describe('listedRestoreFiles', () => {
  const files = fc.array(fc.record({ id: fc.nat(), state: fc.constantFrom(...RESTORED_FILE_STATES) }), { maxLength: 60 });
  const rank = (state: string): number => ['failed', 'waiting-for-archive', 'not-protected'].indexOf(state) + 1 || (state === 'already-there' ? 5 : 4);

  it('lists at most max files, says how many it left out, and keeps every file it lists as given', () => {
    fc.assert(
      fc.property(files, fc.nat(70), (all, max) => {
        const listed = listedRestoreFiles(all, max);
        expect(listed.files).toHaveLength(Math.min(max, all.length));
        expect(listed.notListed).toBe(all.length - listed.files.length);
        for (const f of listed.files) expect(all).toContain(f);
        expect(new Set(listed.files).size).toBe(listed.files.length);
      }),
    );
  });

  it('the failed come first, then those waiting for the archive, then those not protected, then the rest; each group in the order given', () => {
    fc.assert(
      fc.property(files, fc.nat(70), (all, max) => {
        const listed = listedRestoreFiles(all, max).files;
        const ranks = listed.map((f) => rank(f.state));
        expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
        for (let r = 1; r <= 5; r++) {
          const given = all.filter((f) => rank(f.state) === r);
          const kept = listed.filter((f) => rank(f.state) === r);
          expect(kept).toEqual(given.slice(0, kept.length));
        }
        // No file needing attention is left out while a file that does not is listed.
        const failedLeftOut = all.filter((f) => f.state === 'failed').length - listed.filter((f) => f.state === 'failed').length;
        if (failedLeftOut > 0) expect(listed.every((f) => f.state === 'failed')).toBe(true);
      }),
    );
  });

  it('lists 1000 of 100,000 files by default, the 3 failed among them', () => {
    const many = Array.from({ length: 100_000 }, (_, i) => restoredFile(`/m/${i}.mov`, i % 40_000 === 7 ? 'failed' : 'restored'));
    const listed = listedRestoreFiles(many);
    expect(listed.notListed).toBe(99_000);
    expect(listed.files.slice(0, 3).map((f) => f.path)).toEqual(['/m/7.mov', '/m/40007.mov', '/m/80007.mov']);
    expect(listed.files[3]!.path).toBe('/m/0.mov');
  });
});
