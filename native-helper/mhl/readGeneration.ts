import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { MHL_FIELD_MAX_CHARS, MHL_GENERATION_MAX_BYTES, MHL_MAX_DEPTH } from '../../src/limits/inputLimits';
import type { MhlAction, MhlEntry } from './manifest';

export class GenerationError extends Error {}

const ACTIONS: ReadonlySet<string> = new Set(['original', 'verified', 'failed']);

/**
 * The xxh64 entries of an ASC MHL generation, streamed from its chunks (anyone who can write the destination
 * can change it: its size, depth and fields are bounded). Entries without an xxh64 hash are passed over.
 */
export async function readGeneration(chunks: AsyncIterable<Uint8Array>, onEntry: (entry: MhlEntry) => void, name: string): Promise<void> {
  const parser = new SaxesParser({ xmlns: false });
  const stack: string[] = [];
  let hash: { path?: string; size?: string; modified?: string; xxh64?: string; action?: string; hashDate?: string } | undefined;
  let text = '';
  let failure: Error | undefined;
  const fail = (reason: string): never => {
    throw new GenerationError(`${name} is not an ASC MHL generation Threefold can read: ${reason}`);
  };
  parser.on('opentag', (tag: SaxesTagPlain) => {
    const local = tag.name.replace(/^.*:/, '');
    stack.push(local);
    if (stack.length > MHL_MAX_DEPTH) fail(`it nests deeper than ${MHL_MAX_DEPTH}`);
    text = '';
    if (local === 'hash' && stack.length === 3) hash = {};
    else if (hash && local === 'path') {
      hash.size = tag.attributes.size;
      hash.modified = tag.attributes.lastmodificationdate;
    } else if (hash && local === 'xxh64') {
      hash.action = tag.attributes.action;
      hash.hashDate = tag.attributes.hashdate;
    }
  });
  parser.on('text', (t) => {
    if (hash === undefined) return;
    text += t;
    if (text.length > MHL_FIELD_MAX_CHARS) fail(`a field is longer than ${MHL_FIELD_MAX_CHARS} characters`);
  });
  parser.on('closetag', () => {
    const local = stack.pop();
    if (hash && local === 'path') hash.path = text;
    else if (hash && local === 'xxh64') hash.xxh64 = text.trim();
    else if (hash && local === 'hash') {
      const entry = entryOf(hash);
      if (entry) onEntry(entry);
      hash = undefined;
    }
    text = '';
  });
  parser.on('error', (error) => {
    failure ??= error;
  });
  let bytes = 0;
  const decoder = new TextDecoder('utf-8', { fatal: true });
  try {
    for await (const chunk of chunks) {
      bytes += chunk.byteLength;
      if (bytes > MHL_GENERATION_MAX_BYTES) fail(`it is larger than ${MHL_GENERATION_MAX_BYTES} bytes`);
      parser.write(decoder.decode(chunk, { stream: true }));
      if (failure) throw failure;
    }
    parser.write(decoder.decode());
    parser.close();
    if (failure) throw failure;
  } catch (error) {
    if (error instanceof GenerationError) throw error;
    fail((error as Error).message);
  }
}

function entryOf(h: { path?: string; size?: string; modified?: string; xxh64?: string; action?: string; hashDate?: string }): MhlEntry | undefined {
  if (h.path === undefined || h.xxh64 === undefined || h.action === undefined || !ACTIONS.has(h.action)) return undefined;
  const size = Number(h.size);
  const mtimeMs = Date.parse(h.modified ?? '');
  const hashDate = new Date(h.hashDate ?? '');
  if (!Number.isSafeInteger(size) || size < 0 || Number.isNaN(mtimeMs) || Number.isNaN(hashDate.getTime()) || !/^[0-9a-f]{16}$/.test(h.xxh64)) return undefined;
  return { path: h.path, size, mtimeMs, xxh64: h.xxh64, action: h.action as MhlAction, hashDate };
}
