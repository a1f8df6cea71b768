/** A destination's state in words: whether it is there now, its free space, when it last received a copy. */
import { formatBytes } from '../../src/format/formatBytes';
import type { DestinationInfo } from '../../src/protocol/messages';
import { verifiedAtText } from './verifiedAt';

export interface DestinationStateText {
  /** null: not known (a bucket is not asked to be listed; an older helper does not say). */
  connection: { connected: boolean; text: string } | null;
  free: string | null;
  lastCopy: string | null;
}

export function destinationStateText(d: DestinationInfo, now: Date): DestinationStateText {
  const connection =
    d.connected === true ? { connected: true, text: 'Connected' } : d.connected === false ? { connected: false, text: 'Not connected now' } : null;
  const free = d.connected === true && typeof d.freeBytes === 'number' ? `${formatBytes(d.freeBytes)} free` : null;
  const lastCopy = d.lastCopyAt === undefined ? null : d.lastCopyAt === null ? 'No copy yet' : `Last copy ${verifiedAtText(d.lastCopyAt, now)}`;
  return { connection, free, lastCopy };
}
