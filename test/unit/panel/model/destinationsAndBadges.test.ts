import { changedBadges, clipBadges, rememberBadges } from '../../../../panel/model/clipBadges';
import { mergeStatuses, NO_STATUSES } from '../../../../panel/model/assetStatuses';
import { clipRows } from '../../../../panel/model/clipRows';
import { addDestinationParams, EMPTY_DESTINATION_FORM, isS3, offsiteChecked, type DestinationForm } from '../../../../panel/model/destinationForm';
import { verifiedAtText } from '../../../../panel/model/verifiedAt';
import { requestSchema } from '../../../../src/protocol/messages';
import { clip, status } from './fixtures';

const form = (extra: Partial<DestinationForm>): DestinationForm => ({ ...EMPTY_DESTINATION_FORM, ...extra });

describe('addDestinationParams', () => {
  it('a local folder: name, folder and media label; onsite unless ticked', () => {
    expect(addDestinationParams(form({ name: ' raid ', where: ' /Volumes/RAID/backup ', media: 'raid' }))).toEqual({
      params: { name: 'raid', where: '/Volumes/RAID/backup', media: 'raid' },
    });
    expect(addDestinationParams(form({ name: 'home', where: 'D:\\Backup', media: 'hdd', offsite: true }))).toEqual({
      params: { name: 'home', where: 'D:\\Backup', media: 'hdd', offsite: true },
    });
  });

  it('S3: media defaults (cloud), offsite by default, an endpoint addresses buckets by path', () => {
    expect(addDestinationParams(form({ name: 'b2', where: 's3://bucket/prefix' }))).toEqual({ params: { name: 'b2', where: 's3://bucket/prefix' } });
    expect(addDestinationParams(form({ name: 'nas', where: 's3://bucket', endpoint: 'http://nas.local:9000', media: 'nas', offsite: false }))).toEqual({
      params: { name: 'nas', where: 's3://bucket', media: 'nas', endpoint: 'http://nas.local:9000', pathStyle: true, onsite: true },
    });
  });

  it('says what to fix first', () => {
    expect(addDestinationParams(form({ where: '/x', media: 'ssd' }))).toEqual({ error: expect.stringContaining('name') });
    expect(addDestinationParams(form({ name: 'x' }))).toEqual({ error: expect.stringContaining('folder, or s3://') });
    expect(addDestinationParams(form({ name: 'x', where: '/x' }))).toEqual({ error: expect.stringContaining('kind of medium') });
    expect(addDestinationParams(form({ name: 'x', where: '/x', media: 'ssd', endpoint: 'http://e' }))).toEqual({
      error: expect.stringContaining('S3 destinations only'),
    });
  });

  it('every request it makes is a valid protocol request', () => {
    const forms = [
      form({ name: 'a', where: '/a', media: 'ssd' }),
      form({ name: 'b', where: 's3://b/p', endpoint: 'http://127.0.0.1:9000', offsite: false }),
      form({ name: 'c', where: 'E:\\c', media: 'hdd', offsite: true }),
    ];
    for (const f of forms) {
      const made = addDestinationParams(f);
      if (!('params' in made)) throw new Error(made.error);
      expect(requestSchema.safeParse({ id: '1', type: 'destinations.add', ...made.params }).success).toBe(true);
    }
  });

  it('the offsite box follows the kind until it is ticked or unticked', () => {
    expect(isS3('S3://x')).toBe(true);
    expect(offsiteChecked(form({ where: 's3://x' }))).toBe(true);
    expect(offsiteChecked(form({ where: '/x' }))).toBe(false);
    expect(offsiteChecked(form({ where: 's3://x', offsite: false }))).toBe(false);
  });
});

describe('badges', () => {
  const clips = [clip('1', '/m/a.mov'), clip('2', '/m/b.mov'), clip('3', '/m/c.mov')];
  const rows = (statuses: Parameters<typeof mergeStatuses>[1]) => clipRows(clips, mergeStatuses(NO_STATUSES, statuses));

  it('one per clip the helper has answered for, with the chip text', () => {
    expect(clipBadges(rows([status('/m/a.mov', 'protected'), status('/m/b.mov', 'lost', { label: 'lost: source missing, no copy' })]))).toEqual([
      { clipId: '1', text: '3-2-1 ✓', state: 'protected' },
      { clipId: '2', text: 'lost: source missing, no copy', state: 'lost' },
    ]);
  });

  it('only badges that changed are written again: a rescan after a write writes nothing', () => {
    const first = clipBadges(rows([status('/m/a.mov', 'partial'), status('/m/b.mov', 'partial')]));
    const written = rememberBadges(new Map(), changedBadges(new Map(), first, undefined), undefined);
    expect(changedBadges(written, first, undefined)).toEqual([]);
    const later = clipBadges(rows([status('/m/a.mov', 'protected'), status('/m/b.mov', 'partial'), status('/m/c.mov', 'lost')]));
    expect(changedBadges(written, later, undefined).map((b) => b.clipId)).toEqual(['1', '3']);
  });

  it('a label turned on, chosen anew or turned off writes the clips of that state again, with no status change', () => {
    const badges = clipBadges(rows([status('/m/a.mov', 'protected'), status('/m/b.mov', 'lost'), status('/m/c.mov', 'protected')]));
    const off = rememberBadges(new Map(), badges, undefined);
    expect(changedBadges(off, badges, {}).map((b) => b.clipId)).toEqual([]);

    const rose = { protected: 5 };
    expect(changedBadges(off, badges, rose).map((b) => b.clipId)).toEqual(['1', '3']);
    const on = rememberBadges(off, changedBadges(off, badges, rose), rose);
    expect(changedBadges(on, badges, rose)).toEqual([]);

    expect(changedBadges(on, badges, { protected: 9, lost: 2 }).map((b) => b.clipId)).toEqual(['1', '2', '3']);
    expect(changedBadges(on, badges, undefined).map((b) => b.clipId)).toEqual(['1', '3']);
  });
});

describe('verifiedAtText', () => {
  const now = new Date('2025-06-15T12:00:00Z');
  it('recent times relative, older ones as a date', () => {
    expect(verifiedAtText('2025-06-15T11:59:30Z', now)).toBe('just now');
    expect(verifiedAtText('2025-06-15T11:55:00Z', now)).toBe('5 min ago');
    expect(verifiedAtText('2025-06-15T09:00:00Z', now)).toBe('3 h ago');
    const old = new Date(2025, 0, 9, 12, 0, 0); // local noon: the same date in any time zone's formatting
    expect(verifiedAtText(old.toISOString(), now)).toBe('on 2025-01-09');
    expect(verifiedAtText('not a date', now)).toBe('not a date');
  });
});
