/** The projects the simulated host serves to the page in the end-to-end tests, over real files in a temp dir. */
import fs from 'node:fs';
import path from 'node:path';
import { pseudoRandomBytes, writeFile } from '../helpers/tempDir';
import type { SimulatedProjectInput } from '../../panel/host/simulatedProject';

/** simulated-project.json, as SimulatedHost.fromLocation reads it (its schema's input: defaults may be left out). */
export type SimulatedProject = SimulatedProjectInput;
export type SimulatedClip = SimulatedProjectInput['clips'][number];

const MiB = 1024 * 1024;

export interface Documentary {
  project: SimulatedProject;
  /** Clip name → its media file, for the clips whose file is there. */
  online: Record<string, string>;
  /** The clip whose file is gone (Premiere shows it offline). */
  offlineClip: SimulatedClip;
}

/** A small project: clips in bins (one with a proxy), an offline clip whose file is gone, a sequence. */
export function documentary(root: string): Documentary {
  const media = (relative: string, size: number, seed: number): string => writeFile(path.join(root, relative), pseudoRandomBytes(size, seed));
  const a001 = media('Footage/Day 1/A001.mov', 3 * MiB, 1);
  const a002 = media('Footage/Day 1/A002.mov', 2 * MiB, 2);
  const a002Proxy = media('Proxies/A002_Proxy.mp4', MiB / 2, 3);
  const b001 = media('Footage/Day 2/B001.mov', 4 * MiB, 4);
  const interview = media('Audio/Interview.wav', MiB, 5);
  const projectFile = writeFile(path.join(root, 'Projects/Documentary.prproj'), 'not read: the host lists the media');
  const offlineClip: SimulatedClip = {
    id: 'clip-b002',
    name: 'B002',
    bin: ['Footage', 'Day 2'],
    mediaPath: path.join(root, 'Footage/Day 2/B002.mov'),
    proxyPath: null,
    offline: true,
  };
  const clips: SimulatedClip[] = [
    { id: 'clip-a001', name: 'A001', bin: ['Footage', 'Day 1'], mediaPath: a001, proxyPath: null, offline: false },
    { id: 'clip-a002', name: 'A002', bin: ['Footage', 'Day 1'], mediaPath: a002, proxyPath: a002Proxy, offline: false },
    { id: 'clip-b001', name: 'B001', bin: ['Footage', 'Day 2'], mediaPath: b001, proxyPath: null, offline: false },
    offlineClip,
    { id: 'clip-interview', name: 'Interview', bin: ['Audio'], mediaPath: interview, proxyPath: null, offline: false },
    // A sequence has no file of its own: no row, nothing to protect.
    { id: 'seq-assembly', name: 'Assembly', bin: [], mediaPath: null, proxyPath: null, offline: false, sequence: true },
  ];
  return {
    project: { name: 'Documentary', path: projectFile, clips },
    online: { A001: a001, A002: a002, B001: b001, Interview: interview },
    offlineClip,
  };
}

/**
 * A project big enough that protecting it takes seconds: `count` clips of `size` bytes each. Each file is a
 * distinct random head and then a hole: the test writes almost nothing, the job still copies every byte.
 */
export function feature(root: string, count: number, size: number): SimulatedProject {
  const clips = Array.from({ length: count }, (_, i): SimulatedClip => {
    const name = `F${String(i + 1).padStart(3, '0')}`;
    const mediaPath = writeFile(path.join(root, `Reels/${name}.mov`), pseudoRandomBytes(64 * 1024, 100 + i));
    fs.truncateSync(mediaPath, size);
    return { id: `clip-${name}`, name, bin: ['Reels'], mediaPath, proxyPath: null, offline: false };
  });
  return { name: 'Feature', path: null, clips };
}
