import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { c4FromDigest } from './c4';
import { generationText, type GenerationHeader, type MhlEntry } from './manifest';

/**
 * Writes a generation into a new file as its text is produced (the file's stream sets the pace), and
 * returns the C4 ID of exactly the bytes written, hashed on the way: the chain file names the generation by it.
 */
export async function writeGenerationFile(
  file: string,
  header: GenerationHeader,
  entries: AsyncIterable<MhlEntry> | Iterable<MhlEntry>,
): Promise<{ c4: string; bytes: number }> {
  const sha512 = createHash('sha512');
  let bytes = 0;
  await pipeline(
    generationText(header, entries),
    async function* hashed(pieces: AsyncIterable<string>) {
      for await (const piece of pieces) {
        const data = Buffer.from(piece, 'utf8');
        sha512.update(data);
        bytes += data.byteLength;
        yield data;
      }
    },
    fs.createWriteStream(file, { flags: 'wx' }),
  );
  return { c4: c4FromDigest(sha512.digest()), bytes };
}
