/**
 * The project the simulated host shows, as plain JSON (the e2e tests hand one to the browser build): the
 * project's name and file, and its items, each with the bins it sits in. Items without a media file (a
 * sequence, a synthetic item such as a color matte) are listed too: the host skips them, as Premiere's does.
 */
import { z } from 'zod';
import { absolutePathSchema } from '../../src/protocol/messages';
import type { HostClip } from './host';

/** A project item as the host lists it, and whether it is a sequence (skipped, as Premiere's host skips it). */
export interface SimulatedClip extends HostClip {
  sequence: boolean;
  /** The editor's own color label (an index of the host's labels), if any. */
  colorLabel?: number;
  /** What `canChangeMediaPath()` answers (false: a merged clip, a locked item); true when left out. */
  relinkable?: boolean;
}

export interface SimulatedProject {
  /** Premiere's project guid; defaults to the project's path, else its name. */
  id: string;
  name: string;
  /** The .prproj; null for a project never saved. */
  path: string | null;
  clips: SimulatedClip[];
}

const text = z.string().min(1).max(1024);

const clipSchema = z.strictObject({
  id: text,
  name: text,
  bin: z.array(text).default([]),
  mediaPath: absolutePathSchema.nullable(),
  proxyPath: absolutePathSchema.nullable().default(null),
  offline: z.boolean().default(false),
  sequence: z.boolean().default(false),
  colorLabel: z.number().int().min(0).optional(),
  relinkable: z.boolean().optional(),
});

export const simulatedProjectSchema = z
  .strictObject({ id: text.optional(), name: text, path: absolutePathSchema.nullable().default(null), clips: z.array(clipSchema) })
  .transform((p): SimulatedProject => ({ ...p, id: p.id ?? p.path ?? p.name }));

/** The JSON a test may write: defaults (`bin: []`, `proxyPath: null`, `offline: false`, …) may be left out. */
export type SimulatedProjectInput = z.input<typeof simulatedProjectSchema>;

/** Validates a project given as JSON text (a URL parameter, a file); throws saying what is wrong. */
export function parseSimulatedProject(json: string): SimulatedProject {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    throw new Error(`simulated project: not JSON (${(error as Error).message})`);
  }
  const parsed = simulatedProjectSchema.safeParse(value);
  if (!parsed.success) throw new Error(`simulated project: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

/** A bin of the project's tree, as Premiere's Project panel would show it. */
export interface SimulatedBin {
  readonly name: string;
  readonly bins: SimulatedBin[];
  readonly clips: SimulatedClip[];
}

/** The project's bin tree: bins and their items in the order the list first names them. */
export function binTree(clips: readonly SimulatedClip[]): SimulatedBin {
  const root: SimulatedBin = { name: '', bins: [], clips: [] };
  for (const clip of clips) {
    let bin = root;
    for (const name of clip.bin) {
      let sub = bin.bins.find((b) => b.name === name);
      if (!sub) {
        sub = { name, bins: [], clips: [] };
        bin.bins.push(sub);
      }
      bin = sub;
    }
    bin.clips.push(clip);
  }
  return root;
}

/** A file the project refers to, for tests that must create (or withhold) it. */
export interface SimulatedProjectFile {
  path: string;
  role: 'media' | 'proxy' | 'project';
  /** The clip is offline in the project: its media is expected to be missing. */
  offline: boolean;
}

/** Every file the project refers to: the project file, then each clip's media and proxy. */
export function referencedFiles(project: SimulatedProject): SimulatedProjectFile[] {
  const files: SimulatedProjectFile[] = project.path ? [{ path: project.path, role: 'project', offline: false }] : [];
  for (const clip of project.clips) {
    if (clip.sequence || !clip.mediaPath) continue;
    files.push({ path: clip.mediaPath, role: 'media', offline: clip.offline });
    if (clip.proxyPath) files.push({ path: clip.proxyPath, role: 'proxy', offline: false });
  }
  return files;
}

/** `relative` ('a/b.mov') under `root`, with the root's own separator (a Windows root keeps backslashes). */
function under(root: string, relative: string): string {
  const separator = root.includes('\\') && !root.includes('/') ? '\\' : '/';
  const base = root.endsWith(separator) ? root.slice(0, -1) : root;
  return [base, ...relative.split('/')].join(separator);
}

/**
 * The demo project with its files under `mediaRoot` (absolute): clips in nested bins, two with proxies, one
 * offline, a sequence and two synthetic items (which no host lists), and the project file itself.
 */
export function demoProject(mediaRoot: string): SimulatedProject {
  const file = (relative: string) => under(mediaRoot, relative);
  const clip = (id: string, name: string, bin: string[], media: string | null, more: Partial<SimulatedClip> = {}): SimulatedClip => ({
    id,
    name,
    bin,
    mediaPath: media && file(media),
    proxyPath: null,
    offline: false,
    sequence: false,
    ...more,
  });
  return {
    id: 'demo-project',
    name: 'Harbour Documentary',
    path: file('Harbour Documentary.prproj'),
    clips: [
      clip('seq-main', 'Main edit', [], null, { sequence: true }),
      clip('clip-score', 'Score.wav', [], 'Audio/Score.wav'),
      clip('synthetic-matte', 'Color Matte', [], null),
      clip('clip-a001', 'A001_C001.mov', ['Footage', 'Day 1'], 'Footage/Day 1/A001_C001.mov', { proxyPath: file('Proxies/A001_C001_Proxy.mov') }),
      clip('clip-a002', 'A001_C002.mov', ['Footage', 'Day 1'], 'Footage/Day 1/A001_C002.mov', { proxyPath: file('Proxies/A001_C002_Proxy.mov') }),
      clip('clip-b001', 'B001_C001.mov', ['Footage', 'Day 2'], 'Footage/Day 2/B001_C001.mov', { offline: true }),
      clip('clip-drone', 'Drone harbour.mp4', ['Footage'], 'Footage/Drone harbour.mp4'),
      clip('clip-logo', 'Logo.png', ['Graphics'], 'Graphics/Logo.png'),
      clip('synthetic-bars', 'Bars and Tone', ['Graphics'], null),
    ],
  };
}
