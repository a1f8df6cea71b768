import fs from 'node:fs/promises';
import type { AssetRow } from '../../catalog/assetStore';
import type { Catalog } from '../../catalog/catalog';
import { projectKindOf, readProject } from '../../readers/readProject';

/** A path a restore was asked about that the catalog has no record of, with what is at it now. */
export interface NotProtected {
  path: string;
  state: string;
}

export interface RestoreSelection {
  assets: AssetRow[];
  notProtected: NotProtected[];
}

/**
 * The recorded assets of plain targets: a file's own record, every record under a folder (present on disk
 * or not: the disk may be gone). A target with none is said, with what is at it.
 */
export async function selectRecorded(catalog: Catalog, targets: readonly string[]): Promise<RestoreSelection> {
  // Targets may overlap (a folder and a file in it): each asset once.
  const assets = new Map<number, AssetRow>();
  const notProtected: NotProtected[] = [];
  for (const target of targets) {
    const found = [...catalog.assets.list({ kind: 'file', path: target }), ...catalog.assets.list({ kind: 'folder', path: target })];
    if (found.length === 0) notProtected.push({ path: target, state: await stateOnDisk(target) });
    for (const asset of found) assets.set(asset.id, asset);
  }
  return { assets: [...assets.values()], notProtected };
}

/**
 * What a project (a `.prproj` or `.lrcat`, read at `readFrom`: in place or where it was just restored)
 * references, as recorded assets; a referenced file without a record is said, with what is at it.
 */
export async function selectProjectFiles(catalog: Catalog, project: string, readFrom: string): Promise<RestoreSelection> {
  const kind = projectKindOf(project)!;
  const reading = await readProject(kind, readFrom);
  const paths = reading.files.map((f) => f.path).filter((p) => p !== readFrom && p !== project);
  const assets = catalog.assets.list({ kind: 'paths', paths });
  const recorded = new Set(assets.map((a) => a.path));
  const notProtected: NotProtected[] = [];
  for (const p of paths) if (!recorded.has(p)) notProtected.push({ path: p, state: `referenced by ${project}; ${await stateOnDisk(p)}` });
  return { assets, notProtected };
}

export function isProject(target: string): boolean {
  return projectKindOf(target) !== null;
}

async function stateOnDisk(p: string): Promise<string> {
  const st = await fs.stat(p).catch(() => undefined);
  if (st === undefined) return 'never protected, and not on disk';
  return `never protected (${st.isDirectory() ? 'a folder with no protected file' : 'present on disk'}); run \`threefold protect\` to protect it`;
}
