import type { ClipRow } from '../../../../panel/model/clipRows';
import { drillLine, drillsDueLine } from '../../../../panel/model/drillSummary';
import { isFinished, jobResultView, offlineMedia, retryProject } from '../../../../panel/model/jobResult';
import {
  clipFixes,
  clipReport,
  listedReports,
  MAX_RESTORE_TARGETS,
  reportHeadline,
  restorableRows,
  restoreOffer,
  restoreTargets,
  type ClipFix,
} from '../../../../panel/model/restorePlan';
import type { RestoredFileMessage, RestoreOutcome } from '../../../../src/protocol/restoreMessages';
import { job } from './fixtures';

const row = (id: string, state: ClipRow['state'], extra: Partial<ClipRow> = {}): ClipRow => ({
  id,
  name: id,
  file: `${id}.mov`,
  folder: '/m',
  bin: [],
  lastVerified: null,
  mediaPath: `/m/${id}.mov`,
  proxyPath: null,
  offline: state === 'missing' || state === 'lost',
  state,
  label: state,
  size: 1000,
  media: null,
  proxy: null,
  ...extra,
});

const file = (path: string, state: RestoredFileMessage['state'], extra: Partial<RestoredFileMessage> = {}): RestoredFileMessage => ({
  path,
  target: state === 'failed' || state === 'not-protected' ? null : path,
  state,
  from: state === 'not-protected' ? null : 'raid',
  location: null,
  bytes: 1_000_000,
  note: null,
  attempts: [],
  ...extra,
});

const outcome = (files: RestoredFileMessage[], extra: Partial<RestoreOutcome> = {}): RestoreOutcome => ({
  dryRun: false,
  to: null,
  totals: {
    files: files.length,
    bytes: 0,
    restored: 0,
    alreadyThere: files.filter((f) => f.state === 'already-there').length,
    failed: 0,
    notProtected: 0,
    waitingForArchive: 0,
  },
  files,
  filesNotListed: 0,
  unreachable: [],
  ...extra,
});

describe('what a restore asks for', () => {
  it('offers the missing clips only, never the lost ones', () => {
    expect(restorableRows([row('a', 'missing'), row('b', 'lost'), row('c', 'protected')]).map((r) => r.id)).toEqual(['a']);
  });

  it('asks for each media file once, and a proxy only when it is missing too', () => {
    const missingProxy = { path: '/p/a.mp4', state: 'missing' } as ClipRow['proxy'];
    const presentProxy = { path: '/p/b.mp4', state: 'protected' } as ClipRow['proxy'];
    const rows = [
      row('a', 'missing', { proxyPath: '/p/a.mp4', proxy: missingProxy }),
      row('b', 'missing', { proxyPath: '/p/b.mp4', proxy: presentProxy }),
      row('a2', 'missing', { mediaPath: '/m/a.mov' }),
    ];
    expect(restoreTargets(rows)).toEqual({ targets: ['/m/a.mov', '/p/a.mp4', '/m/b.mov'], left: 0 });
  });

  it('names at most the protocol’s 1,000 targets and says how many are left', () => {
    const rows = Array.from({ length: MAX_RESTORE_TARGETS + 5 }, (_, i) => row(`c${i}`, 'missing'));
    const chosen = restoreTargets(rows);
    expect(chosen.targets).toHaveLength(MAX_RESTORE_TARGETS);
    expect(chosen.left).toBe(5);
  });
});

describe('the dry run’s offer', () => {
  it('says how many clips, how many bytes, from where and to where', () => {
    const plan = outcome([file('/m/a.mov', 'would-restore', { bytes: 30e9 }), file('/m/b.mov', 'would-restore', { bytes: 18e9, from: 'b2' })]);
    expect(restoreOffer(12, plan, null)).toEqual({ headline: 'Restore 12 missing clips · 48.0 GB from b2 and raid', blocked: [], empty: false });
    expect(restoreOffer(1, plan, '/Volumes/New').headline).toBe('Restore 1 missing clip · 48.0 GB from b2 and raid to /Volumes/New');
  });

  it('lists what cannot come back, with why; nothing to restore is empty', () => {
    const plan = outcome([
      file('/m/a.mov', 'not-protected', { note: 'never protected (unprotected)' }),
      file('/m/b.mov', 'failed', { attempts: [{ destination: 'raid', location: '/r/b.mov', error: 'hash differs' }] }),
    ]);
    const offer = restoreOffer(2, plan, null);
    expect(offer.blocked).toEqual([
      { path: '/m/a.mov', why: 'never protected (unprotected)' },
      { path: '/m/b.mov', why: 'raid: hash differs' },
    ]);
    expect(offer.empty).toBe(true);
    expect(offer.headline).toBe('Restore 2 missing clips · 0 B');
  });
});

describe('what each clip needs once the restore has finished', () => {
  const clips = [
    { id: 'a', name: 'A', mediaPath: '/m/a.mov', proxyPath: '/p/a.mp4' },
    { id: 'b', name: 'B', mediaPath: '/m/b.mov', proxyPath: null },
    { id: 'c', name: 'C', mediaPath: '/m/c.mov', proxyPath: null },
  ];

  it('in place: refreshed; a proxy back at its own path needs nothing', () => {
    const fixes = clipFixes(clips, outcome([file('/m/a.mov', 'restored'), file('/p/a.mp4', 'restored'), file('/m/b.mov', 'already-there')]));
    expect(fixes.map((f) => [f.clipId, f.media, f.proxy])).toEqual([
      ['a', { kind: 'refresh' }, null],
      ['b', { kind: 'refresh' }, null],
      ['c', { kind: 'none', why: 'the restore did not name this file' }, null],
    ]);
  });

  it('elsewhere: relinked to the target the outcome maps its old path to, the proxy attached at its own', () => {
    const fixes = clipFixes(
      clips,
      outcome(
        [
          file('/m/a.mov', 'restored', { target: '/New/m/a.mov' }),
          file('/p/a.mp4', 'restored', { target: '/New/p/a.mp4' }),
          file('/m/b.mov', 'failed', { note: 'every copy failed' }),
        ],
        { filesNotListed: 1 },
      ),
    );
    expect(fixes.map((f) => [f.clipId, f.media, f.proxy])).toEqual([
      ['a', { kind: 'relink', path: '/New/m/a.mov' }, '/New/p/a.mp4'],
      ['b', { kind: 'none', why: 'every copy failed' }, null],
      ['c', { kind: 'none', why: 'not in the restore’s answer (too many files): restore it again' }, null],
    ]);
  });

  it('reports per clip what was done, and why not', () => {
    const fix = (media: ClipFix['media'], proxy: string | null = null): ClipFix => ({ clipId: 'a', clipName: 'A', media, proxy });
    expect(clipReport(fix({ kind: 'refresh' }), { done: true }, null)).toMatchObject({ outcome: 'online', detail: 'Back online' });
    expect(clipReport(fix({ kind: 'relink', path: '/N/a.mov' }, '/N/a.mp4'), { done: true }, { done: true })).toMatchObject({
      outcome: 'relinked',
      detail: 'Relinked to /N/a.mov (and its proxy)',
    });
    expect(clipReport(fix({ kind: 'relink', path: '/N/a.mov' }, '/N/a.mp4'), { done: true }, { done: false, why: 'refused' }).detail).toBe(
      'Relinked to /N/a.mov (its proxy was not attached: refused)',
    );
    expect(clipReport(fix({ kind: 'relink', path: '/N/a.mov' }), { done: false, why: 'locked' }, null)).toMatchObject({ outcome: 'failed' });
    expect(clipReport(fix({ kind: 'none', why: 'no copy' }), null, null)).toMatchObject({ outcome: 'not-restored', detail: 'Not restored: no copy' });
  });

  it('lists what needs the editor first, at most 50, and counts the rest', () => {
    const r = (id: string, outcome: 'online' | 'relinked' | 'failed' | 'not-restored') => ({ clipId: id, clipName: id, outcome, detail: '' });
    const reports = [r('a', 'online'), r('b', 'relinked'), r('c', 'not-restored'), r('d', 'failed'), r('e', 'online')];
    expect(listedReports(reports).listed.map((x) => x.clipId)).toEqual(['d', 'c', 'b', 'a', 'e']);
    expect(listedReports(reports, 2)).toMatchObject({ listed: [{ clipId: 'd' }, { clipId: 'c' }], more: 3 });
  });

  it('sums the reports up', () => {
    const r = (outcome: 'online' | 'relinked' | 'failed' | 'not-restored') => ({ clipId: outcome, clipName: outcome, outcome, detail: '' });
    expect(reportHeadline([r('relinked'), r('relinked'), r('failed')])).toBe('2 clips relinked · 1 not taken by Premiere');
    expect(reportHeadline([r('online')])).toBe('1 clip back online');
    expect(reportHeadline([r('not-restored'), r('online')])).toBe('1 clip back online · 1 not restored');
    expect(reportHeadline([])).toBe('Nothing to restore');
  });
});

describe('offline media in a protect’s result', () => {
  const project = {
    name: 'Doc',
    media: [
      { path: '/m/a.mov', role: 'media' as const, clips: ['A'], offline: false },
      { path: '/m/gone.mov', role: 'media' as const, clips: ['Gone'], offline: true },
    ],
  };
  const finished = (failed: Array<{ path: string; destination: string | null; error: string }>) =>
    job({ state: 'failed', result: { files: 4, bytes: 4_000_000, seconds: 2, upToDate: 0, failed } });
  const offlineFailure = { path: '/m/gone.mov', destination: null, error: 'not found: the project marks it offline' };

  it('is a warning: the job is done, says how many clips are offline, and retries nothing for them', () => {
    const view = jobResultView(finished([offlineFailure]), offlineMedia(project));
    expect(view.done).toBe(true);
    expect(view.summary).toBe('Done, 1 clip offline: 4 files copied (4.0 MB) in 2.0s');
    expect(view.failures).toEqual([]);
    expect(view.offline.map((f) => f.file)).toEqual(['gone.mov']);
    expect(retryProject(finished([offlineFailure]), project)).toBeNull();
  });

  it('leaves other failures failures, and retries them alone', () => {
    const failed = finished([offlineFailure, { path: '/m/a.mov', destination: 'raid', error: 'disk full' }]);
    const view = jobResultView(failed, offlineMedia(project));
    expect(view.done).toBe(false);
    expect(view.summary).toBe('Finished with 1 failure · 1 clip offline: 4 files copied (4.0 MB) in 2.0s');
    expect(retryProject(failed, project)?.media.map((m) => m.path)).toEqual(['/m/a.mov']);
    expect(isFinished(failed)).toBe(true);
  });
});

describe('the last restore test in the summary', () => {
  const now = new Date('2026-12-07T12:00:00Z');
  const drill = (extra: object = {}) => ({
    id: 1,
    jobId: 3,
    at: '2026-12-07T11:00:00Z',
    files: 20,
    bytes: 1_200_000_000,
    seconds: 3,
    failures: 0,
    destinations: [],
    ...extra,
  });

  it('says its date and result', () => {
    expect(drillLine(drill(), now)).toEqual({ text: 'Last restore test 1 h ago: 20 files · 1.2 GB, all verified', passed: true });
    expect(drillLine(drill({ failures: 2 }), now)).toEqual({ text: 'Last restore test 1 h ago failed: 2 of 20 files did not come back right', passed: false });
    expect(drillLine(null, now).passed).toBeNull();
  });

  it('names the destinations due one, with why', () => {
    expect(
      drillsDueLine([
        { destination: 'raid', lastDrilledAt: null, reason: 'never' },
        { destination: 'b2', lastDrilledAt: '2026-01-01', reason: 'failed' },
      ]),
    ).toBe('Due: raid (never tested), b2 (its last test failed)');
    expect(drillsDueLine([])).toBeNull();
  });
});
