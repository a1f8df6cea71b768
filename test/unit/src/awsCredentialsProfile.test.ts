import fc from 'fast-check';
import { hasProfile, profileKeys, withoutProfile, withProfile } from '../../../src/providers/awsCredentialsProfile';

const keys = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalr/XUtnFEMI+K7MDENG' };
const others = '# my keys\n[default]\naws_access_key_id = A\naws_secret_access_key = B\n\n[work]\r\naws_access_key_id = C\r\n';

describe('the shared AWS credentials file', () => {
  it('gets a profile appended, the other profiles kept byte for byte', () => {
    const written = withProfile(others, 'threefold-b2', keys);
    expect(written.startsWith(others)).toBe(true);
    expect(written.slice(others.length)).toBe('[threefold-b2]\naws_access_key_id = AKIDEXAMPLE\naws_secret_access_key = wJalr/XUtnFEMI+K7MDENG\n');
    expect(withProfile('', 'p', keys).startsWith('[p]\n')).toBe(true);
    expect(withProfile('[a]\nx = 1', 'p', keys)).toMatch(/^\[a\]\nx = 1\n\[p\]\n/);
  });

  it('replaces the profile on rotation and removes it, leaving the file as it was', () => {
    const rotated = withProfile(withProfile(others, 'threefold-b2', keys), 'threefold-b2', { accessKeyId: 'NEW', secretAccessKey: 'NEWSECRET' });
    expect(rotated).not.toContain(keys.secretAccessKey);
    expect(rotated).toContain('aws_secret_access_key = NEWSECRET');
    expect(withoutProfile(rotated, 'threefold-b2')).toBe(others);
    expect(hasProfile(rotated, 'threefold-b2')).toBe(true);
    expect(hasProfile(others, 'threefold-b2')).toBe(false);
  });

  it('round-trips any file of other profiles', () => {
    const line = fc.string().filter((s) => !/[\r\n[]/.test(s));
    const section = fc.tuple(fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/), fc.array(line, { maxLength: 3 }));
    fc.assert(
      fc.property(fc.array(section, { maxLength: 4 }), fc.boolean(), (sections, trailingNewline) => {
        const named = sections.filter(([name]) => name !== 'threefold-x');
        const body = named.map(([name, lines]) => [`[${name}]`, ...lines].join('\n')).join('\n');
        const text = body + (trailingNewline && body ? '\n' : '');
        const added = withProfile(text, 'threefold-x', keys);
        expect(added.startsWith(text)).toBe(true);
        const removed = withoutProfile(added, 'threefold-x');
        expect(removed === text || removed === `${text}\n`).toBe(true);
      }),
    );
  });

  it('reads back the pair a profile holds, and nothing from another profile', () => {
    const written = withProfile(others, 'threefold-b2', keys);
    expect(profileKeys(written, 'threefold-b2')).toEqual(keys);
    expect(profileKeys(written, 'default')).toEqual({ accessKeyId: 'A', secretAccessKey: 'B' });
    expect(profileKeys(written, 'work')).toBeUndefined();
    expect(profileKeys(others, 'threefold-b2')).toBeUndefined();
  });

  it('refuses a key that would break the file', () => {
    expect(() => withProfile('', 'p', { accessKeyId: 'A', secretAccessKey: 'x\n[default]' })).toThrow(/span lines/);
  });
});
