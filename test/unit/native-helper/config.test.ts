import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, saveConfig, selectDestinations } from '../../../native-helper/config/config';
import { resolveHome } from '../../../native-helper/config/home';
import { UserError } from '../../../native-helper/errors';
import { makeTempDir } from '../../helpers/tempDir';

let temp: ReturnType<typeof makeTempDir>;
beforeEach(() => (temp = makeTempDir()));
afterEach(() => temp.cleanup());

describe('config', () => {
  it('has the documented defaults when there is no config.json', async () => {
    expect(await loadConfig(temp.dir)).toEqual({ policy: { copies: 3, media: 2, offsite: 1 }, sourceMedia: 'ssd', destinations: [] });
  });

  it('round-trips through config.json, written with mode 0600', async () => {
    const home = path.join(temp.dir, 'h');
    const config = {
      policy: { copies: 4, media: 3, offsite: 2 },
      sourceMedia: 'raid',
      destinations: [{ name: 'nas', kind: 'local' as const, path: '/mnt/nas', media: 'nas', offsite: true }],
    };
    await saveConfig(home, config);
    expect(await loadConfig(home)).toEqual(config);
    expect(fs.statSync(path.join(home, 'config.json')).mode & 0o777).toBe(0o600);
  });

  it.each([
    ['{', 'is not valid JSON'],
    ['{"policy":{"copies":2,"media":3,"offsite":0}}', 'policy.media cannot exceed policy.copies'],
    [
      '{"destinations":[{"name":"a","kind":"local","path":"/x","media":"hdd"},{"name":"a","kind":"local","path":"/y","media":"hdd"}]}',
      'two destinations are named "a"',
    ],
    ['{"destinations":[{"name":"a","kind":"tape","path":"/x","media":"hdd"}]}', 'destinations.0.kind'],
    ['{"sourceMedia":"SSD!"}', 'sourceMedia'],
  ])('refuses %s with a message naming the problem', async (text, message) => {
    fs.writeFileSync(path.join(temp.dir, 'config.json'), text);
    const attempt = loadConfig(temp.dir);
    await expect(attempt).rejects.toThrow(UserError);
    await expect(loadConfig(temp.dir)).rejects.toThrow(message);
  });

  it('selects destinations by name and names the unknown ones', () => {
    const all = ['a', 'b', 'c'].map((name) => ({ name, kind: 'local' as const, path: `/${name}`, media: 'hdd', offsite: false }));
    expect(selectDestinations(all, undefined).map((d) => d.name)).toEqual(['a', 'b', 'c']);
    expect(selectDestinations(all, ['c', 'a']).map((d) => d.name)).toEqual(['a', 'c']);
    expect(() => selectDestinations(all, ['a', 'z'])).toThrow('unknown destination z (configured: a, b, c)');
  });

  it('finds the home: explicit, then THREEFOLD_HOME, then the platform folder', () => {
    const saved = process.env.THREEFOLD_HOME;
    try {
      process.env.THREEFOLD_HOME = '/tmp/env-home';
      expect(resolveHome('rel/home')).toBe(path.resolve('rel/home'));
      expect(resolveHome()).toBe('/tmp/env-home');
      delete process.env.THREEFOLD_HOME;
      const expected =
        process.platform === 'darwin'
          ? path.join(os.homedir(), 'Library', 'Application Support', 'threefold')
          : path.join(process.env.XDG_CONFIG_HOME ?? path.join(os.homedir(), '.config'), 'threefold');
      expect(resolveHome()).toBe(expected);
    } finally {
      if (saved === undefined) delete process.env.THREEFOLD_HOME;
      else process.env.THREEFOLD_HOME = saved;
    }
  });
});
