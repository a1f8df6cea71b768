import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { TOOL_VERSION } from '../version';
import { DestinationError, type Destination } from './destination';

/** Where each destination keeps its identity: under the reserved `.threefold/` folder at its root. */
export const MARKER_KEY = '.threefold/identity.json';
const FORMAT = 'threefold-destination-identity/1';

/** A small record of which storage this is. Nothing secret: no credentials, no endpoint. */
export interface IdentityMarker {
  format: typeof FORMAT;
  /** 128 random bits, hex: the same for every path or endpoint that reaches this root. */
  id: string;
  /** The destination's kind in config.json (`local`, `s3`). */
  kind: string;
  /** Where the destination was when the marker was written (a folder, s3://bucket/prefix). */
  where: string;
  createdAt: string;
  /** The computer and Threefold version that wrote it. */
  createdOn: string;
  createdBy: string;
}

/** The marker at the destination's root, or undefined when there is none; unreachable storage throws. */
export async function readMarker(destination: Destination): Promise<IdentityMarker | undefined> {
  const data = await destination.getSmall(MARKER_KEY);
  if (data === undefined) return undefined;
  let marker: Partial<IdentityMarker> | undefined;
  try {
    marker = JSON.parse(data.toString('utf8')) as Partial<IdentityMarker>;
  } catch {
    marker = undefined;
  }
  if (marker?.format !== FORMAT || typeof marker.id !== 'string' || !/^[0-9a-f]{32}$/.test(marker.id)) {
    throw new DestinationError(destination.info.name, `${destination.locate(MARKER_KEY)} is not a Threefold identity marker; move it away and try again`);
  }
  return marker as IdentityMarker;
}

/**
 * Writes a new marker, never over one that exists (another writer may have been first: then its marker
 * is the one), and returns the marker read back from the storage.
 */
export async function writeMarker(destination: Destination, kind: IdentityMarker['kind'], where: string): Promise<IdentityMarker> {
  const marker: IdentityMarker = {
    format: FORMAT,
    id: randomBytes(16).toString('hex'),
    kind,
    where,
    createdAt: new Date().toISOString(),
    createdOn: os.hostname(),
    createdBy: `threefold ${TOOL_VERSION}`,
  };
  try {
    await destination.putSmall(MARKER_KEY, Buffer.from(`${JSON.stringify(marker, null, 2)}\n`), { exclusive: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const back = await readMarker(destination);
  if (back === undefined) throw new DestinationError(destination.info.name, `${destination.locate(MARKER_KEY)} was written but cannot be read back`);
  return back;
}
