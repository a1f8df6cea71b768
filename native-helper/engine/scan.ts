import type { AssetRole } from '../../src/projects/projectReading';
import { localDestinationFolders, type ThreefoldConfig } from '../config/config';
import { UserError } from '../errors';
import { projectKindOf, type ReadOptions } from '../readers/readProject';
import { targetKind } from '../fsutil/collectSources';
import { selectTargets, type TargetType } from '../targets/selectTargets';

export interface ScannedFile {
  path: string;
  role: AssetRole;
  exists: boolean;
  size?: number;
  clips: string[];
  offline: boolean;
  busy?: string;
  /** Present but unreadable, and why. */
  error?: string;
}

export interface ScanDocument {
  target: string;
  kind: TargetType;
  project: { name: string; version: string | null };
  media: ScannedFile[];
  warnings: string[];
}

const ROLE_ORDER: readonly AssetRole[] = ['project', 'catalog', 'media', 'proxy', 'sidecar'];

/** What a target depends on, as protect would see it: the same reader, nothing copied, nothing recorded. */
export async function scanTarget(config: ThreefoldConfig, target: string, options: ReadOptions = {}): Promise<ScanDocument> {
  // A project's reader names what is wrong with it; a plain target must at least be there.
  if (projectKindOf(target) === null && (await targetKind(target)) === 'absent') throw new UserError(`${target}: no such file or folder`);
  const selection = await selectTargets([target], localDestinationFolders(config.destinations), options);
  const selected = selection.targets[0]!;
  const media: ScannedFile[] = [
    ...selection.files.map((f) => ({ path: f.path, role: f.role, exists: true, size: f.size, clips: f.clips, offline: false })),
    ...selection.busy.map((f) => ({ path: f.path, role: f.role, exists: true, size: f.size, clips: f.clips, offline: false, busy: f.busy })),
    ...selection.absent.map((f) => ({ path: f.path, role: f.role, exists: false, clips: f.clips, offline: f.offline })),
    ...selection.errors.map((e) => ({ path: e.path, role: 'media' as const, exists: true, clips: [], offline: false, error: e.error })),
  ];
  media.sort((a, b) => ROLE_ORDER.indexOf(a.role) - ROLE_ORDER.indexOf(b.role) || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return {
    target,
    kind: selected.kind,
    project: selected.project ?? { name: baseName(target), version: null },
    media,
    warnings: selection.warnings,
  };
}

function baseName(target: string): string {
  return target.split(/[\\/]/).filter(Boolean).pop() ?? target;
}
