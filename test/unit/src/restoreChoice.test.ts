import fc from 'fast-check';
import { noCandidateReason, orderCandidates, type RecordedCandidate } from '../../../src/restore/candidates';
import { besideName, existingTargetAction } from '../../../src/restore/existingTarget';
import { restoreTargetPath, restoreTargets, volumeMountPoint } from '../../../src/restore/targetPath';
import { isSameOrInside } from '../../../src/paths/containment';
import { foldKey } from '../../../src/paths/foldKey';
import { distinctSourcePaths, sourcePath } from './sourcePaths.arbitrary';

const copy = (destination: string, local: boolean, more: Partial<RecordedCandidate> = {}): RecordedCandidate => ({
  destination,
  local,
  status: 'verified',
  absent: false,
  current: true,
  ...more,
});

describe('orderCandidates', () => {
  it('puts local copies before cloud ones, then follows the preference', () => {
    const copies = [copy('b2', false), copy('raid', true), copy('s3', false), copy('usb', true)];
    const ordered = orderCandidates(copies, { preference: ['s3', 'usb', 'b2', 'raid'] });
    expect(ordered.map((c) => c.destination)).toEqual(['usb', 'raid', 's3', 'b2']);
  });

  it('leaves out failed, absent, older and unconfigured copies', () => {
    const copies = [
      copy('a', true, { status: 'failed' }),
      copy('b', true, { absent: true }),
      copy('c', true, { current: false }),
      copy('gone', true),
      copy('d', false),
    ];
    expect(orderCandidates(copies, { preference: ['a', 'b', 'c', 'd'] }).map((c) => c.destination)).toEqual(['d']);
  });

  it('keeps only the chosen destination with --from', () => {
    const copies = [copy('raid', true), copy('b2', false)];
    expect(orderCandidates(copies, { from: 'b2', preference: ['raid', 'b2'] }).map((c) => c.destination)).toEqual(['b2']);
  });

  it('never offers a copy that is not verified, whatever the input', () => {
    const candidate = fc.record({
      destination: fc.constantFrom('a', 'b', 'c', 'd'),
      local: fc.boolean(),
      status: fc.constantFrom('verified' as const, 'failed' as const),
      absent: fc.boolean(),
      current: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(candidate), fc.shuffledSubarray(['a', 'b', 'c', 'd']), (copies, preference) => {
        const ordered = orderCandidates(copies, { preference });
        expect(ordered.every((c) => c.status === 'verified' && !c.absent && c.current && preference.includes(c.destination))).toBe(true);
        const firstCloud = ordered.findIndex((c) => !c.local);
        expect(firstCloud === -1 || ordered.slice(firstCloud).every((c) => !c.local)).toBe(true);
      }),
    );
  });

  it('says why no copy can be tried', () => {
    expect(noCandidateReason([], undefined)).toBe('no copy of it is recorded');
    expect(noCandidateReason([copy('raid', true, { status: 'failed' }), copy('b2', false, { absent: true })], undefined)).toBe(
      'no verified copy of it (raid: failed its last check; b2: not there any more)',
    );
    expect(noCandidateReason([copy('raid', true)], 'b2')).toBe('no copy of it is recorded on "b2"');
  });
});

describe('restoreTargetPath', () => {
  it.each([
    ['/Volumes/Media/Ferry/A001.mov', '/Volumes/New', '/Volumes/New/Media/Ferry/A001.mov'],
    ['/Volumes/Media/Ferry/A001.mov', '/Volumes/New/', '/Volumes/New/Media/Ferry/A001.mov'],
    ['/home/ana/x.mov', '/', '/home/ana/x.mov'],
    ['C:\\Media\\x.mov', 'D:\\Restore', 'D:\\Restore\\C\\Media\\x.mov'],
    ['C:\\Media\\x.mov', 'D:\\', 'D:\\C\\Media\\x.mov'],
    ['\\\\nas\\share\\x.mov', '/restore', '/restore/nas/share/x.mov'],
  ])('%s under %s is %s', (source, root, target) => {
    expect(restoreTargetPath(source, root)).toEqual({ ok: true, target });
  });

  it('keeps the source path in place, unless it climbs out of its folders', () => {
    expect(restoreTargetPath('/Volumes/Media/A001.mov', undefined)).toEqual({ ok: true, target: '/Volumes/Media/A001.mov' });
    expect(restoreTargetPath('/Volumes/Media/../../etc/passwd', undefined)).toEqual({ ok: false, reason: expect.stringMatching(/".." segment/) });
    const inPlace = restoreTargets(['/a/A.mov', '/a/a.mov'], undefined);
    expect([...inPlace.values()]).toEqual([
      { ok: true, target: '/a/A.mov' },
      { ok: true, target: '/a/a.mov' },
    ]);
  });

  it.each(['/Volumes/Media/../../etc/passwd', '/a/./b', 'relative/x.mov', '/a//b'])('refuses %s, which could escape the root', (source) => {
    const mapped = restoreTargetPath(source, '/restore');
    expect(mapped.ok).toBe(false);
    if (!mapped.ok) expect(mapped.reason).toMatch(/would not stay inside \/restore/);
  });

  it('always lands strictly inside the root', () => {
    const root = fc.constantFrom('/restore', '/Volumes/New/', 'D:\\Restore', 'E:\\');
    fc.assert(
      fc.property(sourcePath, root, (source, r) => {
        const mapped = restoreTargetPath(source, r);
        if (mapped.ok) {
          expect(isSameOrInside(mapped.target, r)).toBe(true);
          expect(mapped.target.length).toBeGreaterThan(r.length);
        }
      }),
    );
  });

  it('gives distinct sources targets no file system takes for one file', () => {
    fc.assert(
      fc.property(distinctSourcePaths, (sources) => {
        const mapped = restoreTargets(sources, '/restore');
        const targets = [...mapped.values()].flatMap((m) => (m.ok ? [foldKey(m.target)] : []));
        expect(new Set(targets).size).toBe(targets.length);
        // Only a collision refuses a path that maps on its own.
        for (const source of sources)
          if (restoreTargetPath(source, '/restore').ok && !mapped.get(source)!.ok) {
            const reason = (mapped.get(source) as { reason: string }).reason;
            expect(reason).toMatch(/would land where/);
          }
      }),
    );
  });
});

describe('volumeMountPoint', () => {
  it.each([
    ['/Volumes/Media/Ferry/A001.mov', '/Volumes/Media'],
    ['/media/ana/Disk/x', '/media/ana/Disk'],
    ['/run/media/ana/Disk/x', '/run/media/ana/Disk'],
    ['/mnt/raid/x', '/mnt/raid'],
    ['/home/ana/x', null],
  ])('%s is on %s', (p, mount) => {
    expect(volumeMountPoint(p)).toBe(mount);
  });
});

describe('existing targets', () => {
  it('writes, finds it there, puts it beside, refuses or replaces', () => {
    expect(existingTargetAction('none', 'no-clobber')).toEqual({ action: 'write' });
    expect(existingTargetAction('same', 'overwrite')).toEqual({ action: 'already-there' });
    expect(existingTargetAction('other-file', 'beside')).toEqual({ action: 'beside' });
    expect(existingTargetAction('other-file', 'overwrite')).toEqual({ action: 'replace' });
    expect(existingTargetAction('not-a-file', 'overwrite')).toEqual({ action: 'beside' });
    expect(existingTargetAction('other-file', 'no-clobber').action).toBe('refuse');
  });

  it('names the restored file beside the other one', () => {
    expect(besideName('A001.mov', '2026-12-07', () => false)).toBe('A001.restored-2026-12-07.mov');
    expect(besideName('README', '2026-12-07', () => false)).toBe('README.restored-2026-12-07');
    expect(besideName('.hidden', '2026-12-07', () => false)).toBe('.hidden.restored-2026-12-07');
    const taken = new Set(['A001.restored-2026-12-07.mov', 'A001.restored-2026-12-07-2.mov']);
    expect(besideName('A001.mov', '2026-12-07', (n) => taken.has(n))).toBe('A001.restored-2026-12-07-3.mov');
  });
});
