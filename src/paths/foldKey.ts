/**
 * The form in which a destination may see a key: two keys with one folded form can be one file there.
 * Each segment is NFC-normalised (HFS+ and APFS compare names by normalisation), case-folded
 * (exFAT, FAT, NTFS, SMB shares and macOS volumes ignore case; `ß` folds to `ss`, more than any of them
 * does, which only keeps more names apart) and loses trailing dots and spaces (Windows and SMB drop
 * them). Folding too much costs a distinct key; folding too little would let one source write over another.
 */
export function foldKey(key: string): string {
  // Most keys are ASCII: no normalisation or full case mapping to do (a job folds every key a few times).
  if (ASCII.test(key)) return key.toLowerCase().replace(TRAILING_DOTS_AND_SPACES, '');
  return key.split('/').map(foldSegment).join('/');
}

export function foldSegment(segment: string): string {
  return segment
    .normalize('NFC')
    .toUpperCase()
    .toLowerCase()
    .normalize('NFC')
    .replace(/[. ]+$/, '');
}

const ASCII = /^[\x00-\x7f]*$/;
const TRAILING_DOTS_AND_SPACES = /[. ]+(?=\/|$)/g;
