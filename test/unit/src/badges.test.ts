import { badgedFiles, badgesInconsistency, summarizeBadges, toBadges, type BadgeSource } from '../../../src/protocol/badges';
import { badgesSchema } from '../../../src/protocol/messages';
import { summarize } from '../../../src/policy/summarize';

const protectedBadge = { state: 'protected', label: '3-2-1 ✓', copies: 3, media: ['raid', 'cloud'], offsite: 1, missing: [] } as const;
const partialBadge = { state: 'partial', label: '2 of 3 copies', copies: 2, media: ['raid'], offsite: 0, missing: ['copies', 'media', 'offsite'] } as const;

type Source = BadgeSource & { role?: 'media' | 'proxy'; clips?: string[] };

function file(path: string, badge: typeof protectedBadge | typeof partialBadge, extra: Partial<Source> = {}): Source {
  return { ...badge, media: [...badge.media], missing: [...badge.missing], path, size: path.length, ...extra };
}

function documentOf(assets: Source[]) {
  return { target: '/p/film.prproj', projects: [], policy: { copies: 3, media: 2, offsite: 1 }, summary: summarize(assets), warnings: ['w'], assets };
}

describe('toBadges', () => {
  const assets = [
    file('/m/a.mov', protectedBadge, { role: 'media', clips: ['A'] }),
    file('/m/b.mov', partialBadge, { role: 'proxy', clips: [] }),
    file('/m/c.mov', protectedBadge, { problem: 'copy on nas: disk full', offline: true, busy: 'open in Lightroom' }),
    file('/m/d.mov', partialBadge),
  ];

  it('keeps each distinct badge once and gives every file the index of its own', () => {
    const badges = toBadges(documentOf(assets), { checkedAt: 'T' });
    expect(badges.badges).toEqual([protectedBadge, partialBadge]);
    expect(badges.files).toEqual({
      path: ['/m/a.mov', '/m/b.mov', '/m/c.mov', '/m/d.mov'],
      size: [8, 8, 8, 8],
      badge: [0, 1, 0, 1],
      verified: [null, null, null, null],
    });
    expect(badges.checkedAt).toBe('T');
    expect(badges.project).toBeUndefined();
  });

  it('gives back every file as the document had it, but for how the project uses it (role, clip names)', () => {
    const back = badgedFiles(toBadges(documentOf(assets), { checkedAt: 'T', project: 'ref-1' }));
    expect(back).toEqual(assets.map((a) => withoutUndefined({ ...a, role: undefined, clips: undefined, lastVerified: null })));
  });

  it("gives each file its copies' oldest last verification, and takes an answer without that column", () => {
    const dated = [
      { ...file('/m/a.mov', protectedBadge), locations: [{ verifiedAt: '2025-06-02T00:00:00Z' }, { verifiedAt: '2025-06-01T00:00:00Z' }] },
      { ...file('/m/b.mov', partialBadge), locations: [] },
    ];
    const badges = toBadges(documentOf(dated), { checkedAt: 'T' });
    expect(badges.files.verified).toEqual([Date.parse('2025-06-01T00:00:00Z'), null]);
    expect(badgedFiles(badges).map((f) => f.lastVerified)).toEqual([Date.parse('2025-06-01T00:00:00Z'), null]);
    expect(badgesSchema.safeParse(badges).success).toBe(true);
    expect(badgesInconsistency({ ...badges, files: { ...badges.files, verified: [null] } })).toBe('the file columns differ in length');
    const older = { ...badges, files: { path: badges.files.path, size: badges.files.size, badge: badges.files.badge } };
    expect(badgesSchema.safeParse(older).success).toBe(true);
    expect(badgedFiles(older).map((f) => f.lastVerified)).toEqual([undefined, undefined]);
  });

  it('notes only problems, busy and offline marks, for the files that have them', () => {
    const badges = toBadges(documentOf(assets), { checkedAt: 'T', project: 'ref-1' });
    expect(badges.project).toBe('ref-1');
    expect(badges.notes).toEqual([{ at: 2, problem: 'copy on nas: disk full', busy: 'open in Lightroom', offline: true }]);
  });

  it('passes the protocol schema, and the schema refuses inconsistent columns', () => {
    const badges = toBadges(documentOf(assets), { checkedAt: 'T' });
    expect(badgesSchema.safeParse(badges).success).toBe(true);
    const short = { ...badges, files: { ...badges.files, size: [1] } };
    expect(badgesInconsistency(short)).toBe('the file columns differ in length');
    expect(badgesSchema.safeParse(short).success).toBe(false);
    const outOfRange = { ...badges, files: { ...badges.files, badge: [0, 1, 0, 2] } };
    expect(badgesInconsistency(outOfRange)).toBe('badge 2 is not in the table of 2');
    expect(badgesInconsistency({ ...badges, notes: [{ at: 4 }] })).toBe('a note is for file 4 of 4');
  });

  it('counts the same summary as the full document', () => {
    const badges = toBadges(documentOf(assets), { checkedAt: 'T' });
    expect(summarizeBadges(badges)).toEqual(summarize(assets));
    expect(summarizeBadges(badges)).toMatchObject({ assets: 4, protected: 2, partial: 2, bytes: 32 });
  });

  it('an empty project has no badges and no files', () => {
    const badges = toBadges(documentOf([]), { checkedAt: 'T' });
    expect(badges.badges).toEqual([]);
    expect(badges.files).toEqual({ path: [], size: [], badge: [], verified: [] });
    expect(badgesInconsistency(badges)).toBeNull();
  });
});

function withoutUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
