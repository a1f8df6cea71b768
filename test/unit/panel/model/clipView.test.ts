import fc from 'fast-check';
import { mergeStatuses, NO_STATUSES } from '../../../../panel/model/assetStatuses';
import { clipRows, folderOf, type ClipRow } from '../../../../panel/model/clipRows';
import { binLabel, CLIP_SORTS, clipListEntries, DEFAULT_CLIP_VIEW, matchesSearch, sortRows } from '../../../../panel/model/clipView';
import { clip, status } from './fixtures';

const day1 = ['Footage', 'Day 1'];
const rows = clipRows(
  [
    clip('a', '/m/Footage/Day 1/A001.mov', { name: 'A001', bin: day1 }),
    clip('b', '/m/Footage/Day 1/A010.mov', { name: 'A010', bin: day1 }),
    clip('c', '/m/Footage/Day 2/B001.mov', { name: 'B001', bin: ['Footage', 'Day 2'] }),
    clip('d', '/m/Audio/Score.wav', { name: 'Score', bin: [] }),
    clip('e', '/m/Footage/Day 1/A002.mov', { name: 'A002', bin: day1 }),
  ],
  mergeStatuses(NO_STATUSES, [
    status('/m/Footage/Day 1/A001.mov', 'protected', {
      size: 300,
      locations: [
        { destination: 'raid', location: '/R/A001.mov', verifiedAt: '2025-06-10T00:00:00Z' },
        { destination: 'vault', location: '/V/A001.mov', verifiedAt: '2025-06-03T00:00:00Z' },
      ],
    }),
    status('/m/Footage/Day 1/A010.mov', 'partial', {
      size: 900,
      locations: [{ destination: 'raid', location: '/R/A010.mov', verifiedAt: '2025-06-05T00:00:00Z' }],
    }),
    status('/m/Footage/Day 2/B001.mov', 'lost', { size: 0 }),
    status('/m/Audio/Score.wav', 'unprotected', { size: 500 }),
  ]),
);
const names = (list: readonly ClipRow[]) => list.map((r) => r.name);

describe('a clip row', () => {
  it('says the folder its file is in and its bin', () => {
    expect(rows[0]).toMatchObject({ folder: '/m/Footage/Day 1', bin: day1 });
    expect(folderOf('C:\\Footage\\b.mxf')).toBe('C:\\Footage');
    expect(folderOf('C:\\b.mxf')).toBe('C:\\');
    expect(folderOf('/b.mxf')).toBe('/');
    expect(folderOf('\\\\nas\\share\\b.mxf')).toBe('\\\\nas\\share');
    expect(binLabel([])).toBe('Project');
    expect(binLabel(day1)).toBe('Footage / Day 1');
  });

  it("knows its media's oldest verification; null with no copy, or before the helper answered", () => {
    expect(rows.map((r) => r.lastVerified)).toEqual([Date.parse('2025-06-03T00:00:00Z'), Date.parse('2025-06-05T00:00:00Z'), null, null, null]);
  });
});

describe('search', () => {
  it("finds the phrase, in any case and however spaced, in the name, the file's path or the bin", () => {
    const found = (search: string) => names(rows.filter((r) => matchesSearch(r, search)));
    expect(found('')).toHaveLength(5);
    expect(found('a00')).toEqual(['A001', 'A002']);
    expect(found('day 2')).toEqual(['B001']);
    expect(found('  DAY   1/a01 ')).toEqual(['A010']);
    expect(found('footage a001')).toEqual([]); // a phrase, not words anywhere
    expect(found('.wav')).toEqual(['Score']);
    expect(found('project')).toEqual(['Score']); // the root bin's name
    expect(found('nothing')).toEqual([]);
  });
});

describe('sort', () => {
  it('by name with numbers in order, by state worst first, by size largest first, by last verified oldest first', () => {
    expect(names(sortRows(rows, 'name'))).toEqual(['A001', 'A002', 'A010', 'B001', 'Score']);
    expect(names(sortRows(rows, 'state'))).toEqual(['B001', 'Score', 'A010', 'A001', 'A002']);
    expect(names(sortRows(rows, 'size'))).toEqual(['A010', 'Score', 'A001', 'B001', 'A002']);
    // Never verified (or not known yet) first: those need a look most.
    expect(names(sortRows(rows, 'verified'))).toEqual(['A002', 'B001', 'Score', 'A001', 'A010']);
  });

  it('is a total order: any input order gives the same list, of the same rows', () => {
    fc.assert(
      fc.property(fc.shuffledSubarray(rows, { minLength: rows.length }), fc.constantFrom(...CLIP_SORTS), (shuffled, sort) => {
        expect(names(sortRows(shuffled, sort))).toEqual(names(sortRows(rows, sort)));
      }),
    );
  });
});

describe('the list entries', () => {
  it('without grouping: the searched rows in order, no headings', () => {
    const entries = clipListEntries(rows, { ...DEFAULT_CLIP_VIEW, search: 'footage', sort: 'size' });
    expect(entries.map((e) => (e.kind === 'clip' ? e.row.name : e.bin))).toEqual(['A010', 'A001', 'B001', 'A002']);
  });

  it('grouped by bin: the root bin first, then bins by name, each heading counting its clips', () => {
    const entries = clipListEntries(rows, { ...DEFAULT_CLIP_VIEW, groupByBin: true });
    expect(entries.map((e) => (e.kind === 'clip' ? e.row.name : `[${e.bin} ${e.count}]`))).toEqual([
      '[Project 1]',
      'Score',
      '[Footage / Day 1 3]',
      'A001',
      'A002',
      'A010',
      '[Footage / Day 2 1]',
      'B001',
    ]);
    expect(clipListEntries(rows, { search: 'zzz', sort: 'name', groupByBin: true })).toEqual([]);
  });
});
