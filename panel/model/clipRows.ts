/** One row per clip: a clip's state is its media file's state; its proxy's state is a detail. */
import type { AssetState } from '../../src/policy/assetState';
import { lastVerifiedOf } from '../../src/protocol/badges';
import type { HostClip } from '../host/host';
import type { AssetStatuses, KnownStatus } from './assetStatuses';
import { clipsWithMedia } from './hostProject';

/** `unknown` until the helper has answered for the clip's file. */
export type ClipState = AssetState | 'unknown';

export interface ClipRow {
  id: string;
  name: string;
  /** The media file's name, without its folders. */
  file: string;
  /** The folder the media file is in. */
  folder: string;
  /** Bins from the project's root. */
  bin: readonly string[];
  mediaPath: string;
  proxyPath: string | null;
  /** Premiere says the media is offline. */
  offline: boolean;
  state: ClipState;
  /** The chip text: `3-2-1 ✓`, or what is missing. */
  label: string;
  size: number | null;
  /** The oldest of its media's copies' last verifications (ms since the epoch); null with none or not known yet. */
  lastVerified: number | null;
  media: KnownStatus | null;
  proxy: KnownStatus | null;
}

export const UNKNOWN_LABEL = 'checking…';
/** An unprotected file has no copy but itself: the helper's counts ("1 copy · 1 medium · no offsite") say less. */
export const NOT_BACKED_UP = 'Not backed up';

/** The chip an editor reads for a file's status. */
export function chipLabel(status: { state: ClipState; label: string }): string {
  return status.state === 'unprotected' ? NOT_BACKED_UP : status.label;
}

export function clipRows(clips: readonly HostClip[], statuses: AssetStatuses): ClipRow[] {
  return clipsWithMedia(clips).map((clip) => {
    const mediaPath = clip.mediaPath!;
    const media = statuses.get(mediaPath) ?? null;
    return {
      id: clip.id,
      name: clip.name,
      file: fileName(mediaPath),
      folder: folderOf(mediaPath),
      bin: clip.bin,
      mediaPath,
      proxyPath: clip.proxyPath,
      offline: clip.offline,
      state: media?.state ?? 'unknown',
      label: media ? chipLabel(media) : UNKNOWN_LABEL,
      size: media?.size ?? null,
      lastVerified: media ? lastVerifiedOf(media) : null,
      media,
      proxy: clip.proxyPath === null ? null : (statuses.get(clip.proxyPath) ?? null),
    };
  });
}

/** The last segment of a path of either platform. */
export function fileName(path: string): string {
  const trimmed = path.replace(/[\\/]+$/, '');
  const cut = Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('\\'));
  return cut < 0 ? trimmed : trimmed.slice(cut + 1);
}

/** The folder a file of either platform is in, as that platform spells it (a root keeps its separator). */
export function folderOf(path: string): string {
  const cut = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  if (cut < 0) return '';
  const folder = path.slice(0, cut);
  return folder === '' || /^[A-Za-z]:$/.test(folder) ? path.slice(0, cut + 1) : folder;
}
