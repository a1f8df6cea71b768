import fc from 'fast-check';

/**
 * Source paths from every family that can exist together on one machine (`/Volumes`, `/home`, other POSIX
 * roots, Windows drives, UNC shares, long paths), built from names that collide on a destination: case,
 * NFC/NFD, trailing dots and spaces, `ß`/`ss`, Threefold's reserved names, names that look like tagged keys.
 */
const trickyName = fc.constantFrom(
  'Proj',
  'proj',
  'PROJ',
  'a.bin',
  'A.bin',
  'a.BIN',
  'Sc\u00e9ne.mov',
  'Sce\u0301ne.mov',
  'SC\u00c9NE.mov',
  'ascmhl',
  'ASCMHL',
  'ascmhl~',
  'ascmhl.',
  '.threefold',
  '.Threefold',
  '.threefold-versions',
  'x.threefold-partial',
  'x.threefold-partial~',
  '.threefold-probe-1a',
  '.threefold-probe-',
  'a~00000000.bin',
  'a~',
  'a.',
  'a ',
  'stra\u00dfe.mov',
  'STRASSE.mov',
  'Volumes',
  'home',
  'C',
  'c',
  'nas',
  'MEDIA',
  'media',
  '~',
  '.hidden',
  'noext',
);
const plainName = fc.stringMatching(/^[aAbB~. \u00e9]{1,4}$/).filter((s) => s !== '.' && s !== '..');
const name = fc.oneof({ weight: 3, arbitrary: trickyName }, { weight: 1, arbitrary: plainName });
const names = fc.array(name, { minLength: 1, maxLength: 4 });
const drive = fc.constantFrom('C', 'c', 'D');

export const sourcePath: fc.Arbitrary<string> = fc.oneof(
  names.map((s) => `/${s.join('/')}`),
  names.map((s) => `/Volumes/${s.join('/')}`),
  names.map((s) => `/home/${s.join('/')}`),
  fc.tuple(drive, names).map(([d, s]) => `${d}:\\${s.join('\\')}`),
  names.map((s) => `\\\\${s.join('\\')}`),
  fc.tuple(drive, names).map(([d, s]) => `\\\\?\\${d}:\\${s.join('\\')}`),
  names.map((s) => `\\\\?\\UNC\\${s.join('\\')}`),
);

export const distinctSourcePaths = fc.uniqueArray(sourcePath, { minLength: 1, maxLength: 40 });
