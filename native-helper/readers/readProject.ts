import path from 'node:path';
import type { ProjectKind, ProjectReading } from '../../src/projects/projectReading';
import { readLightroomCatalog } from './lightroom/readLightroomCatalog';
import { readPremiereProject } from './premiere/readPremiereProject';

export interface ReadOptions {
  /** Lightroom previews are regenerable: protected only when asked. */
  includePreviews?: boolean;
}

/** The project kind a target names, by its extension; null for plain files and folders. */
export function projectKindOf(target: string): ProjectKind | null {
  const extension = path.extname(target).toLowerCase();
  if (extension === '.prproj') return 'premiere';
  if (extension === '.lrcat') return 'lightroom';
  return null;
}

export function readProject(kind: ProjectKind, target: string, options: ReadOptions = {}): Promise<ProjectReading> {
  return kind === 'premiere' ? readPremiereProject(target) : readLightroomCatalog(target, { includePreviews: options.includePreviews ?? false });
}
