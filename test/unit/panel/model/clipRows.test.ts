import { mergeStatuses, NO_STATUSES, statusesFromBadges } from '../../../../panel/model/assetStatuses';
import { chipLabel, clipRows, fileName, UNKNOWN_LABEL } from '../../../../panel/model/clipRows';
import { toBadges, type Badges } from '../../../../src/protocol/badges';
import type { StatusDocumentMessage } from '../../../../src/protocol/messages';
import { clip, status } from './fixtures';

function badges(assets: StatusDocumentMessage['assets']): Badges {
  const document = {
    target: [],
    projects: [],
    policy: { copies: 3, media: 2, offsite: 1 },
    summary: { assets: 0, bytes: 0, protected: 0, partial: 0, unprotected: 0, stale: 0, missing: 0, lost: 0, failed: 0 },
    assets,
    warnings: [],
  };
  return toBadges(document, { checkedAt: '2025-01-01T00:00:00.000Z' });
}

describe('fileName', () => {
  it('is the last segment of a POSIX or Windows path', () => {
    expect(fileName('/m/day 1/a.mov')).toBe('a.mov');
    expect(fileName('C:\\Footage\\b.mxf')).toBe('b.mxf');
    expect(fileName('/m/folder/')).toBe('folder');
    expect(fileName('plain.mov')).toBe('plain.mov');
  });
});

describe('statuses', () => {
  it('a badges answer gives one status per path', () => {
    const statuses = statusesFromBadges(badges([status('/m/a.mov', 'protected'), status('/m/b.mov', 'lost')]));
    expect([...statuses.keys()]).toEqual(['/m/a.mov', '/m/b.mov']);
    expect(statuses.get('/m/b.mov')!.state).toBe('lost');
  });

  it('an event replaces its file, keeps what the project said of it, and leaves the rest alone', () => {
    const before = mergeStatuses(NO_STATUSES, [
      status('/m/a.mov', 'unprotected', { role: 'proxy', clips: ['A'], offline: true }),
      status('/m/b.mov', 'partial'),
    ]);
    const after = mergeStatuses(before, [status('/m/a.mov', 'protected'), status('/m/new.mov', 'partial')]);
    expect(after.get('/m/a.mov')).toEqual({ ...status('/m/a.mov', 'protected'), role: 'proxy', clips: ['A'], offline: true });
    expect(after.get('/m/b.mov')).toBe(before.get('/m/b.mov'));
    expect(after.get('/m/new.mov')!.state).toBe('partial');
    expect(before.get('/m/a.mov')!.state).toBe('unprotected'); // not changed in place
    expect(mergeStatuses(before, [])).toBe(before);
  });

  it("an event's own role and clips win over the old ones", () => {
    const before = mergeStatuses(NO_STATUSES, [status('/m/a.mov', 'partial', { role: 'media', clips: ['A'] })]);
    const after = mergeStatuses(before, [status('/m/a.mov', 'protected', { role: 'proxy', clips: ['B'] })]);
    expect(after.get('/m/a.mov')).toMatchObject({ role: 'proxy', clips: ['B'] });
  });
});

describe('clipRows', () => {
  it("one row per clip with media; a row's state and chip are its media's, the proxy's status a detail", () => {
    const clips = [
      clip('1', '/m/a.mov', { name: 'A', proxyPath: '/p/a.mp4', offline: true }),
      clip('2', '/m/a.mov', { name: 'A again' }),
      clip('seq', null),
      clip('3', '/m/b.mov', { name: 'B' }),
    ];
    const statuses = mergeStatuses(NO_STATUSES, [
      status('/m/a.mov', 'protected', { size: 5000 }),
      status('/p/a.mp4', 'unprotected', { label: '1 copy · 1 medium · no offsite' }),
    ]);
    const rows = clipRows(clips, statuses);
    expect(rows.map((r) => [r.id, r.name, r.file, r.state, r.label, r.size, r.offline])).toEqual([
      ['1', 'A', 'a.mov', 'protected', '3-2-1 ✓', 5000, true],
      ['2', 'A again', 'a.mov', 'protected', '3-2-1 ✓', 5000, false],
      ['3', 'B', 'b.mov', 'unknown', UNKNOWN_LABEL, null, false],
    ]);
    expect(rows[0]!.proxy!.label).toBe('1 copy · 1 medium · no offsite');
    // What an editor reads for it: the counts say less than that it has no copy.
    expect(chipLabel(rows[0]!.proxy!)).toBe('Not backed up');
    expect(clipRows([clip('4', '/p/a.mp4')], statuses)[0]!.label).toBe('Not backed up');
    expect(rows[1]!.proxy).toBeNull();
    expect(rows[2]!.media).toBeNull();
  });

  it('follows a live update of the media file', () => {
    const clips = [clip('1', '/m/a.mov')];
    const before = mergeStatuses(NO_STATUSES, [status('/m/a.mov', 'unprotected')]);
    const after = mergeStatuses(before, [status('/m/a.mov', 'protected')]);
    expect(clipRows(clips, before)[0]!.state).toBe('unprotected');
    expect(clipRows(clips, after)[0]!.state).toBe('protected');
  });
});
