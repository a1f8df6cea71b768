import type { ReferencedFile } from '../projectReading';

/** One `<Media>` element once its file has been chosen among its candidates. */
export interface ChosenMedia {
  path: string;
  role: 'media' | 'proxy';
  title: string;
  offline: boolean;
}

/**
 * One entry per file, in order of first appearance. A layered PSD gives several `<Media>` with one file: their
 * titles become the file's clip names. The file is offline only if every element using it is; it is media
 * (not proxy) if any element uses it as media.
 */
export function mergePremiereMedia(chosen: ChosenMedia[]): ReferencedFile[] {
  const byPath = new Map<string, ReferencedFile>();
  for (const media of chosen) {
    const file = byPath.get(media.path);
    if (!file) {
      byPath.set(media.path, {
        path: media.path,
        role: media.role,
        clips: media.title ? [media.title] : [],
        offline: media.offline,
        versioned: false,
      });
      continue;
    }
    if (media.title && !file.clips.includes(media.title)) file.clips.push(media.title);
    file.offline &&= media.offline;
    if (media.role === 'media') file.role = 'media';
  }
  return [...byPath.values()];
}
