/** What a restore does when something is at the target already. */
export type ClobberRule = 'beside' | 'no-clobber' | 'overwrite';

export type TargetAction =
  | { action: 'write' }
  | { action: 'already-there' }
  | { action: 'beside' }
  | { action: 'refuse'; reason: string }
  | { action: 'replace' };

/**
 * Nothing at the target: written. The recorded content there: already there. Anything else (other bytes,
 * a link, a folder) is never lost: the restored file goes beside it, or the file is refused
 * (`--no-clobber`); only `--overwrite` replaces a file, and never a folder.
 */
export function existingTargetAction(existing: 'none' | 'same' | 'other-file' | 'not-a-file', rule: ClobberRule): TargetAction {
  if (existing === 'none') return { action: 'write' };
  if (existing === 'same') return { action: 'already-there' };
  if (rule === 'no-clobber') return { action: 'refuse', reason: 'another file is at the target (--no-clobber): nothing was written' };
  if (rule === 'overwrite' && existing === 'other-file') return { action: 'replace' };
  return { action: 'beside' };
}

/**
 * The name a restored file takes beside another file at its target: `A001.mov` → `A001.restored-2026-12-07.mov`,
 * then `A001.restored-2026-12-07-2.mov` while `isTaken` says a name is in use. A name without an extension
 * (or a dot file) takes the tag at its end.
 */
export function besideName(fileName: string, day: string, isTaken: (name: string) => boolean): string {
  const dot = fileName.lastIndexOf('.');
  const [stem, extension] = dot > 0 ? [fileName.slice(0, dot), fileName.slice(dot)] : [fileName, ''];
  for (let n = 1; ; n++) {
    const name = `${stem}.restored-${day}${n === 1 ? '' : `-${n}`}${extension}`;
    if (!isTaken(name)) return name;
  }
}
