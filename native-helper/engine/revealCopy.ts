/**
 * Which file the file manager may show for a client: only a copy the catalog records, of that source, on a
 * configured local destination, inside its root, and there now. A client names a source and a destination,
 * never the path to open.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { isSameOrInside } from '../../src/paths/containment';
import type { Catalog } from '../catalog/catalog';
import { localDestinationFolders, type ThreefoldConfig } from '../config/config';
import { destinationUrl } from '../destinations/openDestinations';
import { UserError } from '../errors';

export async function revealableCopy(config: ThreefoldConfig, catalog: Catalog, source: string, destinationName: string): Promise<string> {
  const destination = config.destinations.find((d) => d.name === destinationName);
  if (!destination) throw new UserError(`no destination is named ${destinationName}`);
  const [root] = localDestinationFolders([destination]);
  if (root === undefined) throw new UserError(`${destinationName} is a bucket: its copies are not in a folder to show (copy the location instead)`);
  const url = destinationUrl(destination);
  const copy = catalog.copies.list({ kind: 'file', path: source }).find((c) => c.destinationUrl === url);
  if (!copy) throw new UserError(`${source} has no recorded copy on ${destinationName}`);
  if (!path.isAbsolute(copy.location) || !isSameOrInside(path.resolve(copy.location), root) || path.resolve(copy.location) === path.resolve(root)) {
    throw new UserError(`the copy on ${destinationName} is recorded outside its folder: not shown`);
  }
  const stats = await fs.lstat(copy.location).catch(() => null);
  if (!stats?.isFile()) throw new UserError(`the copy on ${destinationName} is not there now (is ${root} connected?)`);
  return copy.location;
}
