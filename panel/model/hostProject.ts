/**
 * What the panel sends the helper for the open project: every file its clips use (media, proxies) and the
 * project file itself, each path once, with the names of the clips that use it.
 */
import type { HostClip, HostProjectInfo } from '../host/host';
import type { HostProject, MediaRef } from '../../src/protocol/messages';

/** The protocol's limits (src/protocol/messages.ts): a request outside them is refused whole. */
const MAX_CLIP_NAMES = 10_000;
const MAX_CLIP_NAME = 1024;
const MAX_PROJECT_NAME = 1024;
const MAX_PATH = 4096;

export const UNTITLED_PROJECT = 'Untitled project';

/** An absolute path of either platform, as the protocol accepts it. */
export function isAbsolutePath(p: string): boolean {
  return p.length > 0 && p.length <= MAX_PATH && !p.includes('\0') && (p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\\\'));
}

/** Clips that stand for a file: sequences and synthetic items (no media path) are not listed. */
export function clipsWithMedia(clips: readonly HostClip[]): HostClip[] {
  return clips.filter((c) => c.mediaPath !== null && isAbsolutePath(c.mediaPath));
}

/** A project's media list, or null when it uses no file at all (nothing to check or protect). */
export function buildHostProject(info: HostProjectInfo, clips: readonly HostClip[]): HostProject | null {
  const byPath = new Map<string, MediaRef>();
  const add = (path: string, role: MediaRef['role'], clipName: string | null, offline: boolean): void => {
    if (!isAbsolutePath(path)) return;
    let ref = byPath.get(path);
    if (!ref) {
      ref = { path, role, clips: [], offline: false };
      byPath.set(path, ref);
    }
    // A file used both ways is the stronger role: the project file is versioned, media outranks a proxy.
    if (rank(role) > rank(ref.role)) ref.role = role;
    if (clipName !== null && ref.clips.length < MAX_CLIP_NAMES) {
      const name = clipName.slice(0, MAX_CLIP_NAME);
      if (!ref.clips.includes(name)) ref.clips.push(name);
    }
    if (role === 'media' && offline) ref.offline = true;
  };
  for (const clip of clips) if (clip.mediaPath !== null) add(clip.mediaPath, 'media', clip.name, clip.offline);
  for (const clip of clips) if (clip.proxyPath !== null) add(clip.proxyPath, 'proxy', clip.name, false);
  if (info.path !== null) add(info.path, 'project', null, false);
  if (byPath.size === 0) return null;
  return { name: projectName(info.name), media: [...byPath.values()] };
}

function rank(role: MediaRef['role']): number {
  return role === 'project' ? 2 : role === 'media' ? 1 : 0;
}

function projectName(name: string): string {
  const trimmed = name.trim();
  return trimmed === '' ? UNTITLED_PROJECT : trimmed.slice(0, MAX_PROJECT_NAME);
}

/** The same project narrowed to some of its files (retrying failures); unknown paths come in as media. */
export function projectWithOnly(project: HostProject, paths: readonly string[]): HostProject | null {
  const byPath = new Map(project.media.map((m) => [m.path, m]));
  const media = new Map<string, MediaRef>();
  for (const path of paths) {
    if (media.has(path) || !isAbsolutePath(path)) continue;
    media.set(path, byPath.get(path) ?? { path, role: 'media', clips: [], offline: false });
  }
  return media.size === 0 ? null : { name: project.name, media: [...media.values()] };
}

/** The same files with the same uses: the helper's kept copy of the first stands for the second. */
export function sameHostProject(a: HostProject, b: HostProject): boolean {
  if (a.name !== b.name || a.media.length !== b.media.length) return false;
  return a.media.every((m, i) => {
    const n = b.media[i]!;
    return m.path === n.path && m.role === n.role && m.offline === n.offline && m.clips.length === n.clips.length && m.clips.every((c, j) => c === n.clips[j]);
  });
}
