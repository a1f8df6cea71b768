import { foldKey } from './foldKey';
import { escapeReserved, hasReservedSegment } from './reservedNames';

/**
 * The key a source's copies get on a destination, given which keys are free there for it (`isFree`
 * answers for a key on every destination concerned: no other source owns its folded form, no file
 * Threefold did not write is there, it is not given to another source in this job).
 *
 * In order, the first free one of:
 *  1. a key the source already owns (its copies stay where they are);
 *  2. its natural key (mapSourcePath), each reserved name in it followed by `~` (`ascmhl/x` → `ascmhl~/x`);
 *  3. that key with a tag before the extension: `Proj/a.mov` → `Proj/a~1f0c3a9e.mov`, the tag being 8 hex
 *     digits of a hash of the full source path (and of the attempt, from the second on).
 * Keys with a reserved name are never returned, and no key leaves the root: segments are only appended to.
 * Throws KeyAllocationError when no tagged key is free either.
 */
export function allocateKey(naturalKey: string, sourcePath: string, isFree: (key: string) => boolean, ownKeys: readonly string[] = []): string {
  for (const own of ownKeys) if (!hasReservedSegment(own) && isFree(own)) return own;
  const escaped = escapeReserved(naturalKey);
  if (isFree(escaped)) return escaped;
  for (let attempt = 0; attempt < TAGS_TRIED; attempt++) {
    const tagged = taggedKey(escaped, keyTag(sourcePath, attempt));
    if (!hasReservedSegment(tagged) && isFree(tagged)) return tagged;
  }
  throw new KeyAllocationError(sourcePath, `none of ${TAGS_TRIED} tagged keys beside ${JSON.stringify(escaped)} is free`);
}

/** Tagged keys tried before giving up: with 8 hex digits each, only a folder that refuses every name fills them. */
const TAGS_TRIED = 64;

export class KeyAllocationError extends Error {
  constructor(
    readonly sourcePath: string,
    reason: string,
  ) {
    super(`no destination path could be given to ${JSON.stringify(sourcePath)}: ${reason}`);
    this.name = 'KeyAllocationError';
  }
}

/** `Proj/a.mov` with tag t → `Proj/a~t.mov`; a name without an extension (or a dot file) gets it at the end. */
export function taggedKey(key: string, tag: string): string {
  const slash = key.lastIndexOf('/');
  const folder = key.slice(0, slash + 1);
  const name = key.slice(slash + 1);
  const dot = name.lastIndexOf('.');
  return dot > 0 ? `${folder}${name.slice(0, dot)}~${tag}${name.slice(dot)}` : `${folder}${name}~${tag}`;
}

/** 8 hex digits of FNV-1a (32 bits) over the path's UTF-16 code units, and the attempt after the first. */
export function keyTag(sourcePath: string, attempt: number): string {
  const text = attempt === 0 ? sourcePath : `${sourcePath}\u0000${attempt}`;
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

/** Keys given out so far, by folded form: what makes two keys one file on a destination. */
export class FoldedKeys {
  private readonly owners = new Map<string, string>();

  owner(key: string): string | undefined {
    return this.owners.get(foldKey(key));
  }

  add(key: string, owner: string): void {
    this.owners.set(foldKey(key), owner);
  }
}
