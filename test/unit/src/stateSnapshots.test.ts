import fc from 'fast-check';
import {
  catalogSnapshotKey,
  configSnapshotKey,
  namesToPrune,
  snapshotDue,
  snapshotGenerations,
  snapshotStamp,
  STATE_SNAPSHOT_INTERVAL_MS,
  stampDate,
} from '../../../src/paths/stateSnapshots';
import { hasReservedSegment } from '../../../src/paths/reservedNames';
import { withoutSecrets } from '../../../src/records/withoutSecrets';

const HOME = '0123456789abcdef0123456789abcdef';
const at = (iso: string): Date => new Date(iso);

describe('state snapshot names', () => {
  it('stamps a date so that names sort as dates do, and reads it back', () => {
    const date = fc.date({ min: at('2000-01-01T00:00:00Z'), max: at('2999-12-31T23:59:59.999Z'), noInvalidDate: true });
    fc.assert(
      fc.property(date, date, (a, b) => {
        expect(stampDate(snapshotStamp(a))).toEqual(a);
        expect(Math.sign(snapshotStamp(a).localeCompare(snapshotStamp(b)))).toBe(Math.sign(a.getTime() - b.getTime()));
      }),
    );
    expect(snapshotStamp(at('2026-12-07T20:50:50.123Z'))).toBe('20261207T205050123Z');
    expect(stampDate('20261307T205050123Z')).toBeUndefined();
  });

  it('puts the state under the reserved .threefold folder, never at a source key', () => {
    expect(catalogSnapshotKey(HOME, '20261207T205050123Z')).toBe(`.threefold/state/${HOME}/catalog-20261207T205050123Z.sqlite.gz`);
    expect(configSnapshotKey(HOME, '20261207T205050123Z')).toBe(`.threefold/state/${HOME}/config-20261207T205050123Z.json`);
    expect(hasReservedSegment(catalogSnapshotKey(HOME, '20261207T205050123Z'))).toBe(true);
  });

  it('lists generations newest first, from catalog snapshots only', () => {
    const names = [
      'config-20261207T100000000Z.json',
      'catalog-20261207T100000000Z.sqlite.gz',
      'catalog-20261208T100000000Z.sqlite.gz',
      'notes.txt',
      'catalog-x.sqlite.gz',
    ];
    expect(snapshotGenerations(names)).toEqual(['20261208T100000000Z', '20261207T100000000Z']);
  });

  it('is due when there is none, when the newest is old enough, or when it is from the future', () => {
    const now = at('2026-12-07T12:00:00Z');
    expect(snapshotDue([], now, STATE_SNAPSHOT_INTERVAL_MS)).toBe(true);
    expect(snapshotDue([snapshotStamp(at('2026-12-07T11:56:00Z'))], now, STATE_SNAPSHOT_INTERVAL_MS)).toBe(false);
    expect(snapshotDue([snapshotStamp(at('2026-12-07T11:55:00Z'))], now, STATE_SNAPSHOT_INTERVAL_MS)).toBe(true);
    expect(snapshotDue([snapshotStamp(at('2026-12-07T13:00:00Z'))], now, STATE_SNAPSHOT_INTERVAL_MS)).toBe(true);
  });

  it('prunes the catalog and config files of generations not kept, and nothing else', () => {
    const names = [
      'catalog-20261201T000000000Z.sqlite.gz',
      'config-20261201T000000000Z.json',
      'catalog-20261202T000000000Z.sqlite.gz',
      'config-20261202T000000000Z.json',
      'someone-elses.txt',
    ];
    expect(namesToPrune(names, ['20261202T000000000Z'])).toEqual(['catalog-20261201T000000000Z.sqlite.gz', 'config-20261201T000000000Z.json']);
  });
});

describe('withoutSecrets', () => {
  it('drops every field that could carry a secret, at any depth, and the user info of URLs', () => {
    const config = {
      policy: { copies: 3 },
      destinations: [
        {
          name: 'b2',
          kind: 's3',
          endpoint: 'https://KEYID:SECRET@s3.example.com/x',
          profile: 'work',
          secretAccessKey: 'SECRET',
          accessKeyId: 'KEYID',
          sessionToken: 'TOKEN',
          credentials: { a: 1 },
          password: 'p',
          apiKey: 'k',
        },
      ],
    };
    const notifications = {
      desktop: true,
      webhook: { url: 'https://hooks.slack.com/services/T/B/HOOKTOKEN' },
      email: { host: 'smtp.example.com', passwordEnv: 'X' },
    };
    const cleaned = withoutSecrets({ ...config, notifications });
    expect(cleaned).toEqual({
      policy: { copies: 3 },
      destinations: [{ name: 'b2', kind: 's3', endpoint: 'https://s3.example.com/x', profile: 'work' }],
      notifications: { desktop: true, email: { host: 'smtp.example.com' } },
    });
    expect(JSON.stringify(cleaned)).not.toMatch(/SECRET|KEYID|TOKEN/);
  });

  it('keeps a field named __proto__ as a field, as JSON.parse gives it', () => {
    const parsed = JSON.parse('{"__proto__": [], "name": "raid"}') as object;
    expect(Object.keys(withoutSecrets(parsed) as object)).toEqual(['__proto__', 'name']);
    expect(JSON.stringify(withoutSecrets(parsed))).toBe('{"__proto__":[],"name":"raid"}');
  });

  it('keeps a value without secrets as it is', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const names = JSON.stringify(value);
        if (/secret|passw|token|credential|session|private|key|signature|webhook|:\/\//i.test(names)) return;
        expect(withoutSecrets(value)).toEqual(value);
      }),
    );
  });
});
