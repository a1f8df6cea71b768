import fs from 'node:fs';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { c4Id } from '../../native-helper/mhl/c4';
import { xmllintProblems, xxhsum } from './oracles';
import { listFiles } from './workspace';

export interface ManifestHash {
  path: string;
  size: number;
  xxh64: string;
  action: string;
}

/** Reads a generation's hashes (for checking content, independently of the writer). */
export function readGeneration(file: string): { process: string; hashes: ManifestHash[] } {
  const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', isArray: (n) => n === 'hash', parseTagValue: false }).parse(
    fs.readFileSync(file, 'utf8'),
  );
  const list = doc.hashlist;
  const hashes = (list.hashes?.hash ?? []).map((h: { path: { '#text': string; '@size': string }; xxh64: { '#text': string; '@action': string } }) => ({
    path: h.path['#text'],
    size: Number(h.path['@size']),
    xxh64: h.xxh64['#text'],
    action: h.xxh64['@action'],
  }));
  return { process: list.processinfo.process, hashes };
}

/**
 * Checks a destination's ASC MHL history as an outside verifier would: every manifest and the chain
 * valid against the XSDs (xmllint), generation numbers 1..n without gaps, chain C4s equal to the
 * manifests' bytes, and every file listed by a transfer generation present with that size and hash (xxhsum).
 * Returns the generations' file names.
 */
export function checkHistory(root: string): string[] {
  const folder = path.join(root, 'ascmhl');
  const names = fs
    .readdirSync(folder)
    .filter((n) => n.endsWith('.mhl'))
    .sort();
  const problems: string[] = [];
  names.forEach((name, i) => {
    const expectedPrefix = String(i + 1).padStart(4, '0');
    if (!name.startsWith(`${expectedPrefix}_${path.basename(root)}_`)) problems.push(`${name}: expected generation ${expectedPrefix}`);
    const lint = xmllintProblems(path.join(folder, name), 'ASCMHL.xsd');
    if (lint) problems.push(`${name}: ${lint}`);
  });
  const chainFile = path.join(folder, 'ascmhl_chain.xml');
  const lint = xmllintProblems(chainFile, 'ASCMHLDirectory__combined.xsd');
  if (lint) problems.push(`chain: ${lint}`);
  const chain = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', isArray: (n) => n === 'hashlist', parseTagValue: false }).parse(
    fs.readFileSync(chainFile, 'utf8'),
  ).ascmhldirectory.hashlist as Array<{ '@sequencenr': string; path: string; c4: string }>;
  if (chain.length !== names.length) problems.push(`chain lists ${chain.length} generations, folder has ${names.length}`);
  for (const link of chain) {
    const file = path.join(folder, link.path);
    if (!fs.existsSync(file)) problems.push(`chain names missing ${link.path}`);
    else if (c4Id(fs.readFileSync(file)) !== link.c4) problems.push(`chain C4 of ${link.path} does not match its bytes`);
  }
  // The newest transfer listing of each path is what must be on disk now.
  const current = new Map<string, ManifestHash>();
  for (const name of names) {
    const g = readGeneration(path.join(folder, name));
    if (g.process === 'transfer') for (const h of g.hashes) current.set(h.path, h);
  }
  for (const h of current.values()) {
    const file = path.join(root, ...h.path.split('/'));
    if (!fs.existsSync(file)) problems.push(`listed ${h.path} is missing`);
    else {
      if (fs.statSync(file).size !== h.size) problems.push(`listed ${h.path}: size differs`);
      if (xxhsum(file) !== h.xxh64) problems.push(`listed ${h.path}: xxh64 differs`);
    }
  }
  for (const file of listFiles(root)) {
    if (!file.startsWith('ascmhl/') && !file.startsWith('.threefold/') && !current.has(file))
      problems.push(`${file} is on the destination but in no generation`);
  }
  if (problems.length > 0) throw new Error(`ASC MHL history of ${root} is wrong:\n${problems.join('\n')}`);
  return names;
}
