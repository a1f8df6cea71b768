import fs from 'node:fs';
import path from 'node:path';
import { mapSourcePath } from '../../src/paths/mapSourcePath';
import { Catalog } from '../../native-helper/catalog/catalog';
import { MARKER_KEY } from '../../native-helper/destinations/identityMarker';
import { makeTempDir } from './tempDir';
import { catalogPath, loadConfig, saveConfig, type DestinationConfig, type LocalDestinationConfig } from '../../native-helper/config/config';
import type { Workspace } from '../../native-helper/engine/workspace';

export interface TestWorkspace extends Workspace {
  root: string;
  source: string;
  destinationPath(name: string): string;
  close(): void;
}

/**
 * A temp home with local destinations (folders under `root`) and an empty source folder, opened
 * the way the CLI opens it.
 */
export async function makeWorkspace(
  root: string,
  destinations: Array<Pick<DestinationConfig, 'name' | 'media'> & { offsite?: boolean }> = [
    { name: 'raid', media: 'raid' },
    { name: 'shuttle', media: 'hdd' },
  ],
): Promise<TestWorkspace> {
  const home = path.join(root, 'home');
  const source = path.join(root, 'Media');
  fs.mkdirSync(source, { recursive: true });
  const configs: LocalDestinationConfig[] = destinations.map((d) => {
    const folder = path.join(root, 'dest', d.name);
    fs.mkdirSync(folder, { recursive: true });
    return { name: d.name, kind: 'local', path: folder, media: d.media, offsite: d.offsite ?? false };
  });
  await saveConfig(home, { ...(await loadConfig(home)), destinations: configs });
  const config = await loadConfig(home);
  const catalog = Catalog.open(catalogPath(home));
  return {
    home,
    config,
    catalog,
    root,
    source,
    destinationPath: (name) => configs.find((d) => d.name === name)!.path,
    close: () => catalog.close(),
  };
}

/** Every file under a folder, relative, `/`-separated, sorted; not a destination's identity marker. */
export function listFiles(folder: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else out.push(path.relative(folder, full).split(path.sep).join('/'));
    }
  };
  if (fs.existsSync(folder)) walk(folder);
  return out.filter((f) => f !== MARKER_KEY).sort();
}

/** Where protect puts a copy of `source` on a destination of the workspace. */
export function copyPathOf(ws: TestWorkspace, destination: string, source: string): string {
  return path.join(ws.destinationPath(destination), ...mapSourcePath(source).split('/'));
}

export interface WorkspaceFixture {
  /** The temp folder of the current test. */
  dir: string;
  ws: TestWorkspace;
  copyPath(destination: string, source: string): string;
  /** Replaces the workspace with one made under `root` with other destinations. */
  reopen(root: string, destinations: Parameters<typeof makeWorkspace>[1]): Promise<TestWorkspace>;
}

/** Registers hooks giving every test of the file a fresh temp folder and workspace, removed afterwards. */
export function useTempWorkspace(): WorkspaceFixture {
  let temp: { dir: string; cleanup: () => void } | undefined;
  const fixture = {
    copyPath: (destination: string, source: string) => copyPathOf(fixture.ws, destination, source),
    reopen: async (root: string, destinations: Parameters<typeof makeWorkspace>[1]) => {
      fixture.ws.close();
      fixture.ws = await makeWorkspace(root, destinations);
      return fixture.ws;
    },
  } as WorkspaceFixture;
  beforeEach(async () => {
    temp = makeTempDir();
    fixture.dir = temp.dir;
    fixture.ws = await makeWorkspace(temp.dir);
  });
  afterEach(() => {
    fixture.ws.close();
    temp?.cleanup();
  });
  return fixture;
}
