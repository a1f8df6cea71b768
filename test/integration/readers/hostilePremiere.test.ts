import fc from 'fast-check';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { UserError } from '../../../native-helper/errors';
import { createPremiereMediaCollector } from '../../../native-helper/readers/premiere/premiereMediaCollector';
import { readPremiereProject } from '../../../native-helper/readers/premiere/readPremiereProject';
import {
  PROJECT_MAX_MEDIA,
  PROJECT_MEDIA_FIELD_MAX_CHARS,
  PROJECT_XML_MAX_ATTRIBUTES,
  PROJECT_XML_MAX_DEPTH,
  PROJECT_XML_MAX_ELEMENTS,
  PROJECT_XML_MAX_TOKEN_CHARS,
} from '../../../src/limits/inputLimits';
import { writeGzipRepeating, writeNestingBomb } from '../../helpers/hostileProjects';
import { makeTempDir, writeFile } from '../../helpers/tempDir';

const FIXTURES = path.resolve(__dirname, '../../fixtures/prproj');
const FIXTURE_FILES = fs
  .readdirSync(FIXTURES)
  .filter((name) => name.endsWith('.prproj'))
  .map((name) => path.join(FIXTURES, name));

let temp: ReturnType<typeof makeTempDir>;
beforeEach(() => (temp = makeTempDir('threefold-hostile-prproj-')));
afterEach(() => temp.cleanup());

/** The reader's outcome: a reading, or the UserError it refused the file with; anything else is a crash. */
async function outcome(file: string): Promise<{ read: true } | { refused: string }> {
  try {
    await readPremiereProject(file);
    return { read: true };
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    expect(error.message).toContain(file);
    return { refused: error.message };
  }
}

/** Feeds `head`, `piece` × `count`, `tail` to the collector in 64 KiB texts, as the reader does; its refusal or null. */
function collect(head: string, piece: string, count: number, tail = ''): string | null {
  const collector = createPremiereMediaCollector('/p/hostile.prproj', () => undefined);
  const perChunk = Math.max(1, Math.floor(65536 / piece.length));
  const chunk = piece.repeat(perChunk);
  try {
    collector.write(head);
    for (let left = count; left > 0; left -= perChunk) collector.write(left >= perChunk ? chunk : piece.repeat(left));
    collector.write(tail);
    collector.close();
    return null;
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    return error.message;
  }
}

describe('each limit of the Premiere reader is checked before what it counts is held', () => {
  const ROOT = '<?xml version="1.0"?><PremiereData Version="3">';

  it("the issue's case: an 88 KB gzip of 30 million nested elements is refused at once", async () => {
    const bomb = path.join(temp.dir, 'nested.prproj');
    await writeNestingBomb(bomb);
    expect(fs.statSync(bomb).size).toBeLessThan(100_000);
    const started = performance.now();
    const result = await outcome(bomb);
    expect(result).toEqual({ refused: `${bomb}: not a project Threefold can read: its XML nests deeper than ${PROJECT_XML_MAX_DEPTH} elements` });
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('depth: the limit itself is read, one more is refused', () => {
    const nest = (depth: number) => collect(ROOT, '<a>', depth - 1, `${'</a>'.repeat(depth - 1)}</PremiereData>`);
    expect(nest(PROJECT_XML_MAX_DEPTH)).toBeNull();
    expect(nest(PROJECT_XML_MAX_DEPTH + 1)).toMatch(/its XML nests deeper than 256 elements/);
  });

  it('elements: millions of tiny ones are refused past the limit', () => {
    expect(collect(ROOT, '<a/>', PROJECT_XML_MAX_ELEMENTS, '</PremiereData>')).toMatch(/its XML has more than 10,000,000 elements/);
  });

  it('attributes on one element', () => {
    const attributes = (n: number) => collect(`${ROOT}<Media`, ' a=""', 0, `${Array.from({ length: n }, (_, i) => ` a${i}="1"`).join('')}/></PremiereData>`);
    expect(attributes(PROJECT_XML_MAX_ATTRIBUTES)).toBeNull();
    expect(attributes(PROJECT_XML_MAX_ATTRIBUTES + 1)).toMatch(/an element of its XML has more than 256 attributes/);
  });

  it.each([
    ['an attribute value', `${ROOT}<Media a="`, 'x'],
    ['an attribute value full of entities', `${ROOT}<Media a="`, '&amp;'],
    ['a comment', `${ROOT}<!--`, '<>-'],
    ['a CDATA section', `${ROOT}<Blob><![CDATA[`, '<]x>'],
    ['an element name', `${ROOT}<a`, 'b'],
    ['an entity name', `${ROOT}<Blob>&`, 'l'],
    ['a processing instruction', `${ROOT}<?pi `, '?'],
    ['a DOCTYPE', `<!DOCTYPE PremiereData [<!--`, 'x'],
    ['a text in a media field', `${ROOT}<Media><Title>`, '&lt;'],
  ])('a thing the parser gathers whole: %s', (_label, head, piece) => {
    // Each piece adds at least one character to what is gathered (an entity adds one for five).
    const refusal = collect(head, piece, PROJECT_XML_MAX_TOKEN_CHARS + 128 * 1024);
    expect(refusal).toMatch(
      /^\/p\/hostile\.prproj: not a project Threefold can read: a name, attribute, comment, CDATA section, processing instruction or media field of its XML is longer than 1,048,576 characters$/,
    );
  });

  it('texts outside the fields read are not gathered: real projects embed long ones, full of entities', () => {
    expect(collect(`${ROOT}<WorkspaceDefinition>`, '&lt;prop.map version=&apos;4&apos;&gt;', 500_000, '</WorkspaceDefinition></PremiereData>')).toBeNull();
  });

  it('one media field', () => {
    const field = (chars: number) => collect(`${ROOT}<Media><FilePath>/`, 'x', chars - 1, '</FilePath></Media></PremiereData>');
    expect(field(PROJECT_MEDIA_FIELD_MAX_CHARS)).toBeNull();
    expect(field(PROJECT_MEDIA_FIELD_MAX_CHARS + 1)).toMatch(/a media's <FilePath> is longer than 65,536 characters/);
  });

  it('media items: the references a project yields', () => {
    expect(collect(ROOT, '<Media><Title>t</Title></Media>', PROJECT_MAX_MEDIA + 1, '</PremiereData>')).toMatch(/it has more than 500,000 media items/);
  });

  it('all media fields together', () => {
    const field = `<Media><FilePath>/${'x'.repeat(PROJECT_MEDIA_FIELD_MAX_CHARS - 1)}</FilePath></Media>`;
    expect(collect(ROOT, field, 2049, '</PremiereData>')).toMatch(/the paths and names of its media are longer than 134,217,728 characters together/);
  });
});

describe('fuzz: the reader reads or refuses (a UserError naming the file), never crashes', () => {
  /** One change to a byte string, positions taken modulo its length. */
  type Mutation =
    | { kind: 'flip'; at: number; bit: number }
    | { kind: 'truncate'; at: number }
    | { kind: 'duplicate'; at: number; length: number; times: number }
    | { kind: 'delete'; at: number; length: number }
    | { kind: 'nul'; at: number };
  const mutation: fc.Arbitrary<Mutation> = fc.oneof(
    fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }),
    fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
    fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 4096 }), times: fc.integer({ min: 1, max: 300 }) }),
    fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 4096 }) }),
    fc.record({ kind: fc.constant('nul' as const), at: fc.nat() }),
  );

  function mutate(bytes: Buffer, m: Mutation): Buffer {
    const at = m.at % bytes.length;
    switch (m.kind) {
      case 'flip': {
        const copy = Buffer.from(bytes);
        copy[at] = copy[at]! ^ (1 << m.bit);
        return copy;
      }
      case 'truncate':
        return bytes.subarray(0, at);
      case 'duplicate': {
        const range = bytes.subarray(at, at + m.length);
        return Buffer.concat([bytes.subarray(0, at), ...Array.from({ length: m.times }, () => range), bytes.subarray(at)]);
      }
      case 'delete':
        return Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + m.length)]);
      case 'nul': {
        const copy = Buffer.from(bytes);
        copy[at] = 0;
        return copy;
      }
    }
  }

  const compressed = FIXTURE_FILES.map((file) => fs.readFileSync(file));
  const xml = compressed.map((bytes) => zlib.gunzipSync(bytes));

  it('mutations of the real projects, on the compressed bytes and on the XML', async () => {
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: compressed.length - 1 }),
        fc.boolean(),
        fc.array(mutation, { minLength: 1, maxLength: 3 }),
        async (fixture, onXml, mutations) => {
          const original = onXml ? xml[fixture]! : compressed[fixture]!;
          const mutated = mutations.reduce(mutate, original);
          const file = writeFile(path.join(temp.dir, 'mutated.prproj'), onXml ? zlib.gzipSync(mutated, { level: 1 }) : mutated);
          const result = await outcome(file);
          if ('refused' in result) refused += 1;
        },
      ),
      { seed: 16_3, numRuns: 120 },
    );
    // The mutations reach the parser's refusals, not only the gzip's.
    expect(refused).toBeGreaterThan(10);
  });

  /** A hostile project: XML built of a head, a piece repeated, a tail, then gzip (or written plain). */
  interface Hostile {
    label: string;
    head: string;
    piece: string;
    count: number;
    tail: string;
    plain?: boolean;
  }
  const ROOT = '<PremiereData Version="3">';
  const hostile: fc.Arbitrary<Hostile> = fc.oneof(
    fc.integer({ min: 5_000_000, max: 30_000_000 }).map((n) => ({ label: `${n} nested`, head: ROOT, piece: '<Media>', count: n, tail: '' })),
    fc.integer({ min: 1, max: 9 }).map((levels) => ({
      label: `entity tricks, ${levels} levels`,
      head: `<?xml version="1.0"?><!DOCTYPE p [<!ENTITY e0 "lol">${Array.from({ length: levels }, (_, i) => `<!ENTITY e${i + 1} "${`&e${i};`.repeat(10)}">`).join('')}]>${ROOT}<Media><Title>&e${levels};`,
      piece: '',
      count: 0,
      tail: '</Title></Media></PremiereData>',
    })),
    fc.constantFrom('&lol;', '&#0;', '&#x110000;', '&amp', '&#xFFFFFFFFFFFF;', `&${'a'.repeat(1000)}`).map((entity) => ({
      label: `entity ${entity.slice(0, 12)}`,
      head: `${ROOT}<Media><FilePath>/x/`,
      piece: entity,
      count: 1,
      tail: '.mov</FilePath></Media></PremiereData>',
    })),
    fc
      .integer({ min: 1, max: 4 })
      .map((mib) => ({ label: `${mib} MiB attribute`, head: `${ROOT}<Media a="`, piece: 'x'.repeat(1024), count: mib * 1024, tail: '"/></PremiereData>' })),
    fc.integer({ min: 1, max: 100 }).map((mib) => ({
      label: `${mib} MiB text in a field`,
      head: `${ROOT}<Media><FilePath>`,
      piece: 'x'.repeat(1024),
      count: mib * 1024,
      tail: '</FilePath></Media></PremiereData>',
    })),
    fc.integer({ min: 1_000_000, max: 12_000_000 }).map((n) => ({ label: `${n} tiny elements`, head: ROOT, piece: '<a/>', count: n, tail: '</PremiereData>' })),
    fc
      .integer({ min: 1, max: 100_000 })
      .map((n) => ({ label: `${n} NULs`, head: `${ROOT}<Media><Title>`, piece: '\0', count: n, tail: '</Title></Media></PremiereData>' })),
    fc.constantFrom('utf-16le', 'latin1').map((encoding) => ({
      label: `XML in ${encoding}`,
      head: `\ufeff<?xml version="1.0" encoding="${encoding}"?><PremiereData><Media><FilePath>/Fé\u00ff/ä.mov</FilePath></Media></PremiereData>`,
      piece: '',
      count: 0,
      tail: '',
      plain: encoding === 'latin1',
    })),
  );

  it('hostile generators', async () => {
    await fc.assert(
      fc.asyncProperty(hostile, async (h) => {
        const file = path.join(temp.dir, 'hostile.prproj');
        if (h.plain) writeFile(file, Buffer.from(h.head + h.piece.repeat(h.count) + h.tail, 'latin1'));
        else if (h.label.startsWith('XML in utf-16le')) writeFile(file, zlib.gzipSync(Buffer.from(h.head, 'utf16le')));
        else await writeGzipRepeating(file, h.head, h.piece, h.count, h.tail);
        const started = performance.now();
        await outcome(file);
        expect(performance.now() - started).toBeLessThan(5_000);
      }),
      { seed: 16_3, numRuns: 25 },
    );
  });
});
