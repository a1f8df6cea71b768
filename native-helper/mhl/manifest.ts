import { create } from 'xmlbuilder2';

export type MhlProcess = 'transfer' | 'in-place';
export type MhlAction = 'original' | 'verified' | 'failed';

export interface MhlEntry {
  /** Relative to the history's root, `/`-separated. */
  path: string;
  size: number;
  mtimeMs: number;
  xxh64: string;
  action: MhlAction;
  hashDate: Date;
}

export interface Generation {
  process: MhlProcess;
  creationDate: Date;
  hostname: string;
  toolVersion: string;
  entries: readonly MhlEntry[];
}

/** Threefold's own transient files: declared so that a verifier does not call them "new". */
export const IGNORE_PATTERNS = ['.DS_Store', 'ascmhl', 'ascmhl/', '*.threefold-partial'];

/** An ASC MHL v2 generation (ASCMHL.xsd), hashes xxh64 in canonical big-endian hex. */
export function generationXml(g: Generation): string {
  const root = create({ version: '1.0', encoding: 'UTF-8' }).ele('urn:ASC:MHL:v2.0', 'hashlist', { version: '2.0' });
  const creator = root.ele('creatorinfo');
  creator.ele('creationdate').txt(isoWithOffset(g.creationDate));
  creator.ele('hostname').txt(g.hostname);
  creator.ele('tool', { version: g.toolVersion }).txt('threefold');
  const processInfo = root.ele('processinfo');
  processInfo.ele('process').txt(g.process);
  const ignore = processInfo.ele('ignore');
  for (const pattern of IGNORE_PATTERNS) ignore.ele('pattern').txt(pattern);
  if (g.entries.length > 0) {
    const hashes = root.ele('hashes');
    for (const e of g.entries) {
      const hash = hashes.ele('hash');
      hash.ele('path', { size: String(e.size), lastmodificationdate: isoWithOffset(new Date(e.mtimeMs)) }).txt(e.path);
      hash.ele('xxh64', { action: e.action, hashdate: isoWithOffset(e.hashDate) }).txt(e.xxh64);
    }
  }
  return root.end({ prettyPrint: true });
}

/** xs:dateTime with an explicit UTC offset, to the second, as the ASC's tools write it. */
export function isoWithOffset(date: Date): string {
  return `${date.toISOString().slice(0, 19)}+00:00`;
}
