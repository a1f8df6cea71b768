import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { VERSIONS_FOLDER } from '../../src/paths/versionedKey';
import { KEEP_VERSIONS } from '../../native-helper/engine/keptVersions';
import { protect } from '../../native-helper/engine/protect';
import { scanTarget } from '../../native-helper/engine/scan';
import { statusOfTargets } from '../../native-helper/engine/status';
import { UserError } from '../../native-helper/errors';
import { buildLightroomCatalog } from '../helpers/lightroomCatalogBuilder';
import { checkHistory } from '../helpers/mhlCheck';
import { xxhsum } from '../helpers/oracles';
import { syntheticMedia, writePremiereProject } from '../../native-helper/demo/premiereProjectWriter';
import { pseudoRandomBytes, writeFile } from '../helpers/tempDir';
import { listFiles, useTempWorkspace } from '../helpers/workspace';

const t = useTempWorkspace();

/** A project beside its media: two clips, a proxy, a clip whose file is gone, a title. */
async function makeFerryProject(): Promise<{ project: string; clips: string[]; proxy: string; gone: string }> {
  const media = t.ws.source;
  const clips = [
    writeFile(path.join(media, 'A001 Scène.mov'), pseudoRandomBytes(3 * 1024 * 1024 + 5, 1)),
    writeFile(path.join(media, 'Audio', 'Zoë.wav'), pseudoRandomBytes(200_000, 2)),
  ];
  const proxy = writeFile(path.join(media, 'Proxies', 'A001 Scène_Proxy.mp4'), pseudoRandomBytes(50_000, 3));
  const gone = path.join(media, 'Lost', 'B007.mov');
  const project = await writePremiereProject(path.join(t.dir, 'Projects', 'Ferry Doc.prproj'), [
    { actualMediaFilePath: clips[0], title: 'A001 Scène' },
    { actualMediaFilePath: clips[0], title: 'A001 Scène (layer 2)' },
    { actualMediaFilePath: clips[1], title: 'Zoë' },
    { actualMediaFilePath: proxy, title: 'A001 Scène proxy', isProxy: true },
    { actualMediaFilePath: gone, title: 'B007', offlineReason: 6 },
    syntheticMedia('Black Video'),
  ]);
  return { project, clips, proxy, gone };
}

/** Saves the project again as Premiere does: new content, a later mtime. */
function resave(project: string, secondsLater: number): void {
  const st = fs.statSync(project);
  const xml = zlib.gunzipSync(fs.readFileSync(project)).toString('utf8');
  fs.writeFileSync(project, zlib.gzipSync(xml.replace('</PremiereData>', `<!-- saved ${st.mtimeMs} -->\n</PremiereData>`)));
  const when = new Date(st.mtimeMs + secondsLater * 1000);
  fs.utimesSync(project, when, when);
}

function versionsOn(destination: string, project: string): string[] {
  const folder = path.join(path.dirname(t.copyPath(destination, project)), VERSIONS_FOLDER);
  return fs.existsSync(folder) ? fs.readdirSync(folder).sort() : [];
}

describe('protect a Premiere project', () => {
  it('copies the media, the proxy and a version of the project file; reports the missing clip', async () => {
    const { project, clips, proxy, gone } = await makeFerryProject();
    const report = await protect(t.ws, { targets: [project] });

    expect(report.job.failed).toEqual([{ path: gone, destination: null, error: expect.stringMatching(/offline/) }]);
    expect(report.job.files).toBe(4);
    for (const file of [...clips, proxy]) {
      for (const d of ['raid', 'shuttle']) expect(xxhsum(t.copyPath(d, file))).toBe(xxhsum(file));
    }
    // The project file is kept as a version, never at a key a later save would overwrite.
    for (const d of ['raid', 'shuttle']) {
      expect(fs.existsSync(t.copyPath(d, project))).toBe(false);
      const versions = versionsOn(d, project);
      expect(versions).toEqual([expect.stringMatching(/^Ferry Doc\.\d{4}-\d\d-\d\dT\d{6}(\.\d{3})?Z\.prproj$/)]);
      const copy = path.join(path.dirname(t.copyPath(d, project)), VERSIONS_FOLDER, versions[0]!);
      expect(xxhsum(copy)).toBe(xxhsum(project));
      checkHistory(t.ws.destinationPath(d));
    }

    const byPath = new Map(report.assets.map((a) => [a.path, a]));
    expect(byPath.get(project)).toMatchObject({ role: 'project', copies: 3 });
    expect(byPath.get(proxy)).toMatchObject({ role: 'proxy' });
    expect(byPath.get(clips[0]!)!.clips).toEqual(['A001 Scène', 'A001 Scène (layer 2)']);
    expect(byPath.get(gone)).toMatchObject({ state: 'lost', offline: true, role: 'media' });
    expect(report.projects).toEqual([{ target: project, kind: 'premiere', name: 'Ferry Doc', version: expect.stringMatching(/^38/) }]);
    expect(report.warnings.join('\n')).toMatch(/synthetic/);
  });

  it('a second run copies nothing; a new save adds a version and keeps the older one', async () => {
    const { project } = await makeFerryProject();
    await protect(t.ws, { targets: [project] });
    const again = await protect(t.ws, { targets: [project] });
    expect(again.job.files).toBe(0);
    expect(again.job.upToDate).toBe(4);

    resave(project, 90);
    const third = await protect(t.ws, { targets: [project] });
    expect(third.job.files).toBe(1);
    for (const d of ['raid', 'shuttle']) expect(versionsOn(d, project)).toHaveLength(2);
    const status = await statusOfTargets(t.ws.config, t.ws.catalog, [project]);
    expect(status.assets.find((a) => a.path === project)).toMatchObject({ state: 'partial', xxh64: xxhsum(project) });
  });

  it(`keeps the newest ${KEEP_VERSIONS} versions of the project file and removes older ones`, async () => {
    const { project } = await makeFerryProject();
    const saves = KEEP_VERSIONS + 2;
    for (let i = 0; i < saves; i += 1) {
      if (i > 0) resave(project, 60);
      const report = await protect(t.ws, { targets: [project], only: ['raid'] });
      expect(report.job.failed.filter((f) => f.destination !== null)).toEqual([]);
    }
    const versions = versionsOn('raid', project);
    expect(versions).toHaveLength(KEEP_VERSIONS);
    // The newest is the project as it is now; the two oldest are the ones removed.
    const newest = path.join(path.dirname(t.copyPath('raid', project)), VERSIONS_FOLDER, versions[versions.length - 1]!);
    expect(xxhsum(newest)).toBe(xxhsum(project));
    const assetId = t.ws.catalog.assets.list({ kind: 'file', path: project })[0]!.id;
    const raidId = t.ws.catalog.destinations.id({ url: `local:${t.ws.destinationPath('raid')}`, name: 'raid', kind: 'local', media: 'raid', offsite: false });
    expect(t.ws.catalog.versions.list(assetId, raidId)).toHaveLength(KEEP_VERSIONS);
  });

  it('refuses a project none of whose media is here, and writes nothing anywhere', async () => {
    const project = await writePremiereProject(path.join(t.dir, 'Projects', 'Elsewhere.prproj'), [
      { actualMediaFilePath: '/Volumes/Gone/A.mov', title: 'A' },
      { actualMediaFilePath: 'D:\\Footage\\B.mov', title: 'B' },
    ]);
    await expect(protect(t.ws, { targets: [project] })).rejects.toThrow(/none of the 2 media files .* is on this machine/);
    for (const d of ['raid', 'shuttle']) expect(listFiles(t.ws.destinationPath(d))).toEqual([]);
    expect(t.ws.catalog.assets.list({ kind: 'all' })).toEqual([]);
  });

  it('refuses a damaged project with a clear message and leaves what was protected untouched', async () => {
    const { project } = await makeFerryProject();
    await protect(t.ws, { targets: [project] });
    const before = listFiles(t.ws.destinationPath('raid'));
    const recorded = t.ws.catalog.assets.list({ kind: 'all' });

    const bytes = fs.readFileSync(project);
    fs.writeFileSync(project, bytes.subarray(0, Math.floor(bytes.length / 2)));
    const error = await protect(t.ws, { targets: [project] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).toContain(project);
    expect(listFiles(t.ws.destinationPath('raid'))).toEqual(before);
    expect(t.ws.catalog.assets.list({ kind: 'all' })).toEqual(recorded);
  });

  it('scan lists what protect would copy, by role, without copying anything', async () => {
    const { project, clips, proxy, gone } = await makeFerryProject();
    const scan = await scanTarget(t.ws.config, project);
    expect(scan).toMatchObject({ target: project, kind: 'premiere', project: { name: 'Ferry Doc' } });
    expect(scan.media.map((m) => [m.role, m.path, m.exists])).toEqual([
      ['project', project, true],
      ['media', clips[0], true],
      ['media', clips[1], true],
      ['media', gone, false],
      ['proxy', proxy, true],
    ]);
    expect(scan.media.find((m) => m.path === gone)!.offline).toBe(true);
    expect(scan.media.find((m) => m.path === clips[1])!.size).toBe(200_000);
    for (const d of ['raid', 'shuttle']) expect(listFiles(t.ws.destinationPath(d))).toEqual([]);
  });

  it('finds a file whose name the project spells NFC but the disk spells NFD', async () => {
    const nfd = path.join(t.ws.source, 'Cafe\u0301.mov');
    writeFile(nfd, pseudoRandomBytes(1000, 9));
    const project = await writePremiereProject(path.join(t.dir, 'P.prproj'), [{ actualMediaFilePath: nfd.normalize('NFC'), title: 'Café' }]);
    const report = await protect(t.ws, { targets: [project] });
    expect(report.job.failed).toEqual([]);
    expect(report.assets.map((a) => a.path)).toContain(nfd);
  });
});

describe('protect a Lightroom Classic catalog', () => {
  function makeCatalog(lockPid?: number): { catalog: string; raw: string; xmp: string; jpg: string } {
    const photos = path.join(t.ws.source, 'Photos', '2026');
    const raw = writeFile(path.join(photos, 'IMG_1.CR2'), pseudoRandomBytes(100_000, 4));
    const xmp = writeFile(path.join(photos, 'IMG_1.xmp'), Buffer.from('<x:xmpmeta/>'));
    const jpg = writeFile(path.join(photos, 'IMG_2.jpg'), pseudoRandomBytes(30_000, 5));
    const built = buildLightroomCatalog(path.join(t.dir, 'Lightroom'), {
      photos: [
        { root: `${t.ws.source}/`, folder: 'Photos/2026/', baseName: 'IMG_1', extension: 'CR2', sidecarExtensions: 'xmp', virtualCopies: ['B&W'] },
        { root: `${t.ws.source}/`, folder: 'Photos/2026/', baseName: 'IMG_2', extension: 'jpg' },
      ],
      ...(lockPid !== undefined ? { lockPid } : {}),
    });
    built.close();
    return { catalog: built.path, raw, xmp, jpg };
  }

  it('copies originals, sidecars and a version of the catalog', async () => {
    const { catalog, raw, xmp, jpg } = makeCatalog();
    const report = await protect(t.ws, { targets: [catalog] });
    expect(report.job.failed).toEqual([]);
    expect(report.job.files).toBe(4);
    for (const file of [raw, xmp, jpg]) expect(xxhsum(t.copyPath('raid', file))).toBe(xxhsum(file));
    expect(versionsOn('raid', catalog)).toHaveLength(1);
    const roles = Object.fromEntries(report.assets.map((a) => [a.path, a.role]));
    expect(roles).toEqual({ [catalog]: 'catalog', [raw]: 'media', [xmp]: 'sidecar', [jpg]: 'media' });
  });

  it('while Lightroom has the catalog open: originals now, the catalog once the lock is gone', async () => {
    const { catalog, raw } = makeCatalog(process.pid);
    const first = await protect(t.ws, { targets: [catalog] });
    expect(first.job.failed).toEqual([]);
    expect(first.job.files).toBe(3);
    expect(fs.existsSync(t.copyPath('raid', raw))).toBe(true);
    expect(versionsOn('raid', catalog)).toEqual([]);
    expect(first.assets.find((a) => a.path === catalog)).toMatchObject({ busy: expect.stringMatching(/Lightroom Classic has this catalog open/) });
    expect(first.warnings.join('\n')).toMatch(/not copied now/);

    fs.rmSync(`${catalog}.lock`);
    const second = await protect(t.ws, { targets: [catalog] });
    expect(second.job.files).toBe(1);
    expect(versionsOn('raid', catalog)).toHaveLength(1);
  });
});
