import fs from 'node:fs';
import { once } from 'node:events';
import zlib from 'node:zlib';

/**
 * Writes a gzip file whose XML is `head`, then `piece` `count` times, then `tail`, streamed: the XML is never
 * held whole (30 million nested elements are 90 MB of text, 88 KB of gzip).
 */
export async function writeGzipRepeating(file: string, head: string, piece: string, count: number, tail = ''): Promise<void> {
  const gzip = zlib.createGzip({ level: 9 });
  const out = fs.createWriteStream(file);
  const finished = once(out, 'finish');
  gzip.pipe(out);
  const perChunk = Math.max(1, Math.floor((1024 * 1024) / Math.max(1, piece.length)));
  const chunk = Buffer.from(piece.repeat(perChunk), 'utf8');
  gzip.write(head);
  let left = piece.length === 0 ? 0 : count;
  while (left > 0) {
    const n = Math.min(left, perChunk);
    const ok = gzip.write(n === perChunk ? chunk : Buffer.from(piece.repeat(n), 'utf8'));
    left -= n;
    if (!ok) await once(gzip, 'drain');
  }
  gzip.end(tail);
  await finished;
}

/** The case: `<PremiereData>` then 30 million nested `<a>` (~88 KB of gzip). */
export function writeNestingBomb(file: string, depth = 30_000_000): Promise<void> {
  return writeGzipRepeating(file, '<?xml version="1.0" encoding="UTF-8"?>\n<PremiereData Version="3">', '<a>', depth);
}
