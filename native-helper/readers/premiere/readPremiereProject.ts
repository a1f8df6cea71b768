import path from 'node:path';
import { classifyPremiereMedia, type PremiereMediaClass } from '../../../src/projects/premiere/classifyPremiereMedia';
import { describePremiereVersion } from '../../../src/projects/premiere/describePremiereVersion';
import { describeSkippedMedia, type SkippedMediaCounts } from '../../../src/projects/premiere/describeSkippedMedia';
import { mergePremiereMedia } from '../../../src/projects/premiere/mergePremiereMedia';
import type { ProjectReading } from '../../../src/projects/projectReading';
import { chooseExistingCandidates } from './chooseExistingCandidates';
import { createPremiereMediaCollector } from './premiereMediaCollector';
import { streamProjectXml } from './streamProjectXml';

export interface ReadPremiereOptions {
  /** Refuse the project when its XML is larger than this (default: see streamProjectXml). */
  maxXmlBytes?: number;
}

/**
 * Every file a Premiere Pro project depends on: the project itself (first, versioned), then each media and
 * proxy file, once, with the names of the clips using it. Throws a UserError naming the project when it
 * cannot be read or is not a sound Premiere project.
 */
export async function readPremiereProject(projectPath: string, options: ReadPremiereOptions = {}): Promise<ProjectReading> {
  const projectFile = path.resolve(projectPath);
  // Each element is classified as it is read: only what a backup needs of it is kept.
  const projectFolder = path.dirname(projectFile);
  const usable: UsableMedia[] = [];
  const skipped: SkippedMediaCounts = { synthetic: 0, cache: 0, 'no-path': 0 };
  const collector = createPremiereMediaCollector(projectFile, (fields) => {
    const found = classifyPremiereMedia(fields, projectFolder);
    if ('skip' in found) skipped[found.skip] += 1;
    else usable.push(found);
  });
  await streamProjectXml(projectFile, collector.write, options.maxXmlBytes);
  const { projectVersion } = collector.close();
  const chosenPaths = await chooseExistingCandidates(usable.map((u) => u.candidates));
  const mediaFiles = mergePremiereMedia(usable.map((u, i) => ({ path: chosenPaths[i], role: u.role, title: u.title, offline: u.offline })));

  return {
    kind: 'premiere',
    project: {
      name: path
        .basename(projectFile)
        .replace(/\.prproj$/i, '')
        .normalize('NFC'),
      version: projectVersion === null ? null : describePremiereVersion(projectVersion),
    },
    files: [{ path: projectFile, role: 'project', clips: [], offline: false, versioned: true }, ...mediaFiles],
    warnings: describeSkippedMedia(skipped),
  };
}

type UsableMedia = Exclude<PremiereMediaClass, { skip: string }>;
