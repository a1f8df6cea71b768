import fc from 'fast-check';
import {
  catalogLine,
  clientKind,
  clientLine,
  type DoctorLevel,
  type DoctorLine,
  destinationLine,
  doctorReport,
  helperLine,
  type HelperFacts,
  LOW_FREE_BYTES,
  luaPluginVersion,
  runtimeLine,
  servicePort,
} from '../../../src/doctor/doctorChecks';
import { launchdPlist, systemdUnit, windowsTask } from '../../../native-helper/service/loginService';

const line = (level: DoctorLevel): DoctorLine => ({ subject: 'x', level, found: 'y' });

describe('the report', () => {
  it('takes the worst level of its lines: a fail anywhere fails it, warnings alone do not', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom<DoctorLevel>('ok', 'warn', 'fail')), (levels) => {
        const { level } = doctorReport(levels.map(line));
        expect(level).toBe(levels.includes('fail') ? 'fail' : levels.includes('warn') ? 'warn' : 'ok');
      }),
    );
  });
});

describe('runtime', () => {
  it('fails an old Node with what to install, accepts a supported one', () => {
    expect(runtimeLine({ nodeVersion: 'v20.19.4', platform: 'linux', arch: 'x64' })).toMatchObject({
      level: 'fail',
      next: expect.stringContaining('Node LTS'),
    });
    expect(runtimeLine({ nodeVersion: 'v24.0.0', platform: 'darwin', arch: 'arm64' })).toEqual({
      subject: 'runtime',
      level: 'ok',
      found: 'Node v24.0.0 on darwin arm64',
    });
    expect(runtimeLine({ nodeVersion: 'v24.11.0', platform: 'win32', arch: 'x64' }).level).toBe('ok');
  });
});

describe('helper', () => {
  const facts = (over: Partial<HelperFacts>): HelperFacts => ({
    port: 7737,
    answer: { kind: 'helper', version: '0.1.0', protocol: 1 },
    serviceFile: '/u/.config/systemd/user/threefold-helper.service',
    toolVersion: '0.1.0',
    protocol: 1,
    logFile: '/h/logs/helper.log',
    ...over,
  });

  it('ok when this version answers and starts at login', () => {
    expect(helperLine(facts({}))).toMatchObject({ level: 'ok', found: expect.stringContaining('helper 0.1.0 answers on 127.0.0.1:7737; starts at login') });
  });

  it('warns when it runs without a login service, or is another version', () => {
    expect(helperLine(facts({ serviceFile: null }))).toMatchObject({ level: 'warn', next: expect.stringContaining('threefold setup') });
    expect(helperLine(facts({ answer: { kind: 'helper', version: '0.0.9', protocol: 1 } }))).toMatchObject({
      level: 'warn',
      found: expect.stringContaining('0.0.9'),
    });
  });

  it('fails another protocol, a port held by something else, an installed helper that does not answer', () => {
    expect(helperLine(facts({ answer: { kind: 'helper', version: null, protocol: null } }))).toMatchObject({
      level: 'fail',
      found: expect.stringContaining('another protocol'),
    });
    expect(helperLine(facts({ answer: { kind: 'other', reason: 'Unexpected server response: 404' } }))).toMatchObject({
      level: 'fail',
      found: expect.stringContaining('404'),
      next: expect.stringMatching(/threefold setup --port N, then give the panel .* and the Lightroom plug-in .* that port$/),
    });
    expect(helperLine(facts({ answer: { kind: 'nothing' } }))).toMatchObject({ level: 'fail', next: expect.stringContaining('/h/logs/helper.log') });
  });

  it('only warns when nothing answers and nothing was installed: the command line works without it', () => {
    expect(helperLine(facts({ answer: { kind: 'nothing' }, serviceFile: null }))).toMatchObject({
      level: 'warn',
      found: expect.stringContaining('the command line does not'),
    });
  });
});

describe('catalog', () => {
  const intact = {
    file: '/h/catalog.sqlite',
    exists: true as const,
    quickCheck: ['ok'],
    schemaVersion: 12,
    counts: { assets: 3, copies: 6, verifiedCopies: 5, jobs: 2 },
  };

  it('says what an intact catalog holds', () => {
    expect(catalogLine(intact)).toEqual({
      subject: 'catalog',
      level: 'ok',
      found: '/h/catalog.sqlite: intact (quick_check), schema 12; 3 files, 6 copies (5 verified), 2 jobs',
    });
    expect(catalogLine({ file: '/h/catalog.sqlite', exists: false }).level).toBe('ok');
  });

  it('fails a damaged one with how to set it aside and rebuild, listing at most three problems', () => {
    const damaged = catalogLine({ ...intact, quickCheck: ['p1', 'p2', 'p3', 'p4', 'p5'] });
    expect(damaged).toMatchObject({
      level: 'fail',
      found: expect.stringContaining('p1; p2; p3 (and 2 more)'),
      next: expect.stringContaining('threefold catalog rebuild'),
    });
    expect(catalogLine({ file: '/h/c', exists: true, error: 'cannot open' })).toMatchObject({
      level: 'fail',
      found: 'cannot open',
      next: expect.stringMatching(/^do what the line says, then run threefold doctor again/),
    });
  });
});

describe('destinations', () => {
  const base = { name: 'raid', where: '/mnt/raid', note: '', freeBytes: 2e12 };

  it('ok with free space; warns when space runs low or the disk is unplugged; fails a refused probe', () => {
    expect(destinationLine({ ...base, connected: true, probe: { ok: true } })).toMatchObject({ level: 'ok', found: expect.stringContaining('2.0 TB free') });
    expect(destinationLine({ ...base, connected: true, probe: { ok: true }, freeBytes: LOW_FREE_BYTES - 1 }).level).toBe('warn');
    expect(destinationLine({ ...base, connected: true, probe: { ok: true }, freeBytes: LOW_FREE_BYTES }).level).toBe('ok');
    expect(destinationLine({ ...base, connected: false })).toMatchObject({ level: 'warn', next: 'connect it, then check it: threefold dest test raid' });
    expect(destinationLine({ ...base, connected: true, probe: { ok: false, error: 'permission denied' } })).toMatchObject({
      level: 'fail',
      found: expect.stringContaining('permission denied'),
    });
  });

  it('says where a bucket’s keys are, and that a bucket reports no free space', () => {
    const s3 = destinationLine({ name: 'b2', where: 's3://b/p', note: ' (keys in the keychain)', freeBytes: null, connected: true, probe: { ok: true } });
    expect(s3.found).toBe('s3://b/p (keys in the keychain) writes, reads back and deletes; free space not reported');
  });
});

describe('panel and plug-in', () => {
  it('reads the plug-in version from Info.lua', () => {
    expect(luaPluginVersion('return {\n  VERSION = { major = 2, minor = 10, revision = 3, build = 1 },\n}')).toBe('2.10.3');
    expect(luaPluginVersion('return { LrPluginName = "x" }')).toBeNull();
  });

  it('tells the panel from the plug-in by the name each gives when pairing', () => {
    expect(clientKind('Threefold panel (Premiere Pro)')).toBe('panel');
    expect(clientKind('Threefold panel (browser)')).toBe('panel');
    expect(clientKind('Lightroom Classic')).toBe('lightroom');
    expect(clientKind('threefold jobs --watch')).toBe('other');
  });

  it('says which version ships and which clients are paired, warning when none is', () => {
    const paired = clientLine({
      subject: 'panel',
      packagedVersion: '0.1.0',
      packagedFrom: '/r/manifest.json',
      paired: [{ client: 'Threefold panel (Premiere Pro)', lastUsedAt: '2026-12-01T10:00:00.000Z' }],
    });
    expect(paired).toMatchObject({
      level: 'ok',
      found: expect.stringContaining('0.1.0 ships with this Threefold (/r/manifest.json); paired: "Threefold panel (Premiere Pro)" last seen 2026-12-01'),
    });
    expect(clientLine({ subject: 'panel', packagedVersion: null, packagedFrom: 'manifest.json', paired: [] })).toMatchObject({
      level: 'warn',
      found: expect.stringContaining('version unknown (manifest.json not found); none paired'),
    });
  });
});

describe('the port of an installed helper', () => {
  it('is read from each service manager’s file as helper install writes it', () => {
    const launch = { nodePath: '/n/node', scriptPath: '/t/threefold.js', args: ['helper', '--port', '8123'], logDir: '/h/logs', home: '/h' };
    expect(servicePort(systemdUnit(launch))).toBe(8123);
    expect(servicePort(launchdPlist(launch))).toBe(8123);
    expect(servicePort(windowsTask(launch, 'EDIT\\ann'))).toBe(8123);
    expect(servicePort('[Service]\n')).toBeNull();
    expect(servicePort('"--port" "99999"')).toBeNull();
  });
});
