import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { formatBytes } from '../../src/format/formatBytes';
import { MHL_CHAIN_MAX_BYTES } from '../../src/limits/inputLimits';
import type { Destination } from '../destinations/destination';
import { ChainError, chainXml, parseChain, type ChainLink } from './chain';
import { writeGenerationFile } from './generationFile';
import type { MhlEntry, MhlProcess } from './manifest';
import { TOOL_VERSION } from '../version';

export const HISTORY_FOLDER = 'ascmhl';
const CHAIN_KEY = `${HISTORY_FOLDER}/ascmhl_chain.xml`;
const GENERATION_NAME = /^(\d{4,})_.*\.mhl$/;

/**
 * Appends one generation to a destination's ASC MHL history and links it in the chain file.
 * The generation is written to a local temporary file as its entries come, then put on the destination
 * from there. Returns the generation's key.
 */
export async function appendGeneration(
  destination: Destination,
  rootName: string,
  process: MhlProcess,
  startedAt: Date,
  entries: AsyncIterable<MhlEntry> | Iterable<MhlEntry>,
): Promise<string> {
  const chain = await readChain(destination);
  let sequence = Math.max(0, ...chain.map((l) => l.sequence), ...(await existingSequences(destination))) + 1;

  const folder = await fs.mkdtemp(path.join(os.tmpdir(), 'threefold-mhl-'));
  try {
    const file = path.join(folder, 'generation.mhl');
    const header = { process, creationDate: startedAt, hostname: os.hostname(), toolVersion: TOOL_VERSION };
    const { c4 } = await writeGenerationFile(file, header, entries);
    for (;;) {
      const name = generationName(sequence, rootName, startedAt);
      try {
        await destination.putFile(`${HISTORY_FOLDER}/${name}`, file, { exclusive: true });
      } catch (error) {
        // Another writer took this number first: the next one is ours.
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
          sequence += 1;
          continue;
        }
        throw error;
      }
      const links = [...chain, { sequence, path: name, c4 }].sort((a, b) => a.sequence - b.sequence);
      await destination.putSmall(CHAIN_KEY, Buffer.from(chainXml(links), 'utf8'));
      return `${HISTORY_FOLDER}/${name}`;
    }
  } finally {
    await fs.rm(folder, { recursive: true, force: true });
  }
}

/**
 * The links of the destination's chain file, none when it has none. Anyone who can write the destination can
 * replace that file: its size is checked before it is read whole.
 */
async function readChain(destination: Destination): Promise<ChainLink[]> {
  const stored = await destination.stat(CHAIN_KEY);
  if (stored !== undefined && stored.size > MHL_CHAIN_MAX_BYTES) {
    throw new ChainError(
      `${destination.locate(CHAIN_KEY)} is ${formatBytes(stored.size)}, larger than any chain Threefold writes (${formatBytes(MHL_CHAIN_MAX_BYTES)}): not read; move it aside to start a new chain`,
    );
  }
  const bytes = await destination.getSmall(CHAIN_KEY);
  return bytes ? parseChain(bytes.toString('utf8')) : [];
}

/** `0001_<rootfoldername>_<YYYY-MM-DD>_<HHMMSS>Z.mhl`, in UTC. */
export function generationName(sequence: number, rootName: string, at: Date): string {
  const iso = at.toISOString();
  const date = iso.slice(0, 10);
  const time = iso.slice(11, 19).replace(/:/g, '');
  const safeRoot = rootName.replace(/[\\/:*?"<>|\s]+/g, '-') || 'root';
  return `${String(sequence).padStart(4, '0')}_${safeRoot}_${date}_${time}Z.mhl`;
}

export function historyRootName(rootPath: string): string {
  return path.basename(rootPath);
}

async function existingSequences(destination: Destination): Promise<number[]> {
  const found: number[] = [];
  for await (const object of destination.list(HISTORY_FOLDER)) {
    const match = GENERATION_NAME.exec(object.key.slice(HISTORY_FOLDER.length + 1));
    if (match) found.push(Number(match[1]));
  }
  return found;
}
