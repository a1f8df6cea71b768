import fs from 'node:fs';
import path from 'node:path';

/** How many files are looked up at once: a project can name 100,000 media, and a NAS answers slowly. */
const CONCURRENT_LOOKUPS = 64;

/**
 * For each list of candidate paths (most trusted first), the first that is a file on this machine, else the
 * first candidate. Each distinct path is looked up once; paths of another platform (`D:\…` here on a Mac)
 * are never looked up, since Node would take them as relative to the working folder.
 */
export async function chooseExistingCandidates(candidateLists: string[][]): Promise<string[]> {
  const lookups = new Map<string, Promise<boolean>>();
  const isFileHere = (candidate: string): Promise<boolean> => {
    let lookup = lookups.get(candidate);
    if (!lookup) {
      lookup = path.isAbsolute(candidate) ? isFile(candidate) : Promise.resolve(false);
      lookups.set(candidate, lookup);
    }
    return lookup;
  };
  const choose = async (candidates: string[]): Promise<string> => {
    if (candidates.length === 1) return candidates[0];
    for (const candidate of candidates) if (await isFileHere(candidate)) return candidate;
    return candidates[0];
  };

  const chosen: string[] = new Array(candidateLists.length);
  let next = 0;
  const lookupWorker = async (): Promise<void> => {
    while (next < candidateLists.length) {
      const index = next++;
      chosen[index] = await choose(candidateLists[index]);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENT_LOOKUPS }, lookupWorker));
  return chosen;
}

// The callback API: fs.promises.stat builds a stack trace for every missing file, four times slower here.
function isFile(candidate: string): Promise<boolean> {
  return new Promise((resolve) => fs.stat(candidate, (error, stats) => resolve(!error && stats.isFile())));
}
