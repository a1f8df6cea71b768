import { randomFillSync } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export interface SampleSize {
  clips: number;
  clipBytes: number;
  smallFiles: number;
}

export const FULL_SAMPLE: SampleSize = { clips: 12, clipBytes: 24 * 1000 * 1000, smallFiles: 240 };
export const SMALL_SAMPLE: SampleSize = { clips: 3, clipBytes: 1_000_000, smallFiles: 12 };

const CLIP_NAMES = [
  'A001_C001 Quai des Brumes.mov',
  'A001_C002 Entrevue – Zoë Müller.mov',
  'A002_C001 Scène 12 (take 3).mxf',
  'A002_C004 Ferry arriving "wide".mov',
  'B001_C001 Pont-Aven drone.mp4',
  'B001_C007 Ça tourne.mov',
  'A003_C002 Crew & gear.mov',
  'A003_C009 Niño en el muelle.mov',
  'B002_C003 Lighthouse night.braw',
  'A004_C001 Øresund crossing.mov',
  'A004_C005 Sunset timelapse.mov',
  'B003_C002 Interview room tone.mov',
];

/**
 * A media tree like an editor's: clips of a few tens of MB with spaces and accents in their names
 * (one folder name in decomposed Unicode, as macOS writes it), and many small sidecar files.
 */
export function writeSampleMedia(root: string, size: SampleSize): { paths: string[]; bytes: number } {
  const buffer = Buffer.allocUnsafe(4 * 1024 * 1024);
  const paths: string[] = [];
  let bytes = 0;
  const write = (file: string, length: number): void => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const fd = fs.openSync(file, 'w');
    try {
      for (let left = length; left > 0; left -= buffer.length) {
        const chunk = buffer.subarray(0, Math.min(left, buffer.length));
        randomFillSync(chunk);
        fs.writeSync(fd, chunk);
      }
    } finally {
      fs.closeSync(fd);
    }
    paths.push(file);
    bytes += length;
  };

  for (let i = 0; i < size.clips; i++) {
    const name = CLIP_NAMES[i % CLIP_NAMES.length]!;
    const folder = i % 2 === 0 ? 'Footage/Day 1' : 'Footage/Jour 2 – Le Havre'.normalize('NFD');
    write(path.join(root, folder, i < CLIP_NAMES.length ? name : `${i} ${name}`), size.clipBytes + i * 7919);
  }
  for (let i = 0; i < size.smallFiles; i++) {
    const kind = i % 3;
    const file =
      kind === 0
        ? path.join(root, 'Stills', `IMG_${String(4000 + i).padStart(4, '0')}.jpg`)
        : kind === 1
          ? path.join(root, 'Audio', 'Sound Rolls', `SR${String(i).padStart(3, '0')} Zoom F8.wav`)
          : path.join(root, 'Sidecars', `A00${i % 4}_C${String(i).padStart(3, '0')}.xml`);
    write(file, 8_000 + ((i * 7_919) % 56_000));
  }
  return { paths, bytes };
}
