import { once } from 'node:events';

/** Pieces are joined up to about this many characters per write. */
const WRITE_CHARS = 64 * 1024;

/** Writes text given in pieces (lines of a table, parts of a JSON document), waiting whenever the stream is full. */
export async function writeText(stream: NodeJS.WritableStream, pieces: Iterable<string>): Promise<void> {
  let pending = '';
  for (const piece of pieces) {
    pending += piece;
    if (pending.length >= WRITE_CHARS) {
      if (!stream.write(pending)) await once(stream, 'drain');
      pending = '';
    }
  }
  if (pending !== '' && !stream.write(pending)) await once(stream, 'drain');
}

/** Each line followed by a newline. */
export function* asLines(lines: Iterable<string>): Generator<string> {
  for (const line of lines) yield `${line}\n`;
}

/** The pieces, then a newline (a JSON document printed on its own). */
export function* endingWithNewline(pieces: Iterable<string>): Generator<string> {
  yield* pieces;
  yield '\n';
}
