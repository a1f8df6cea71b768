import fs from 'node:fs/promises';
import path from 'node:path';
import { parseMountInfo, physicalPath, type MountEntry, type RootIdentity } from '../../src/paths/rootOverlap';

/**
 * Where a folder really is: its real path, the device and inode of it and each parent, and (on Linux)
 * its place inside its filesystem, which a bind mount shares with the folder it shows. A folder that
 * cannot be reached (an unplugged disk) is known by its path alone.
 */
export async function localRootIdentity(folder: string, mounts?: readonly MountEntry[]): Promise<RootIdentity> {
  let realPath: string;
  try {
    realPath = await fs.realpath(folder);
  } catch {
    return { realPath: path.resolve(folder) };
  }
  const chain: string[] = [];
  for (let at = realPath; ; at = path.dirname(at)) {
    const st = await fs.stat(at).catch(() => undefined);
    if (st === undefined) break;
    chain.push(`${st.dev}:${st.ino}`);
    if (path.dirname(at) === at) break;
  }
  const physical = physicalPath(realPath, mounts ?? (await readMounts()));
  return { realPath, chain, ...(physical ? { physical } : {}) };
}

/** This process's mounts (Linux); none elsewhere, where bind mounts do not exist. */
export async function readMounts(): Promise<MountEntry[]> {
  if (process.platform !== 'linux') return [];
  return parseMountInfo(await fs.readFile('/proc/self/mountinfo', 'utf8').catch(() => ''));
}
