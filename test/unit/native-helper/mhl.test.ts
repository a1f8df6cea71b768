import fs from 'node:fs';
import path from 'node:path';
import { SaxesParser } from 'saxes';
import { create } from 'xmlbuilder2';
import { c4Id } from '../../../native-helper/mhl/c4';
import { chainXml, parseChain } from '../../../native-helper/mhl/chain';
import { entryFromLine, entryLine, MhlEntrySpool } from '../../../native-helper/mhl/entrySpool';
import { writeGenerationFile } from '../../../native-helper/mhl/generationFile';
import { generationName } from '../../../native-helper/mhl/history';
import { generationText, IGNORE_PATTERNS, isoWithOffset, type GenerationHeader, type MhlEntry } from '../../../native-helper/mhl/manifest';
import { escapeXmlAttribute, escapeXmlText } from '../../../native-helper/mhl/xmlEscape';
import { readGeneration } from '../../helpers/mhlCheck';
import { SCHEMA_DIR, xmllintProblems } from '../../helpers/oracles';
import { makeTempDir } from '../../helpers/tempDir';

let temp: ReturnType<typeof makeTempDir>;
beforeEach(() => (temp = makeTempDir()));
afterEach(() => temp.cleanup());

const header: GenerationHeader = { process: 'transfer', creationDate: new Date('2026-11-23T10:15:00.123Z'), hostname: 'h', toolVersion: '0.1.0' };
const entry = (i: number, name = `Vol/Day ${Math.floor(i / 1000)}/A${String(i).padStart(6, '0')}.mov`): MhlEntry => ({
  path: name,
  size: i,
  mtimeMs: Date.UTC(2026, 0, 1) + i * 1000,
  xxh64: i.toString(16).padStart(16, '0'),
  action: 'original',
  hashDate: new Date('2026-11-23T10:15:01Z'),
});

async function textOf(h: GenerationHeader, entries: Iterable<MhlEntry>): Promise<string> {
  let text = '';
  for await (const piece of generationText(h, entries)) text += piece;
  return text;
}

/** The text of every element named `name`, as a conforming XML parser reads it back. */
function parsedTexts(xml: string, name: string): string[] {
  const parser = new SaxesParser();
  const texts: string[] = [];
  let inside = false;
  parser.on('opentag', (tag) => {
    inside = tag.name === name;
    if (inside) texts.push('');
  });
  parser.on('text', (t) => {
    if (inside) texts[texts.length - 1] += t;
  });
  parser.on('closetag', () => (inside = false));
  parser.write(xml).close();
  return texts;
}

describe('ASC MHL documents', () => {
  it('writes generations that xmllint validates, escaping what XML needs escaped', async () => {
    const file = path.join(temp.dir, 'g.mhl');
    await writeGenerationFile(file, { ...header, process: 'in-place', hostname: 'edit-bay <1> & "2"' }, [
      { ...entry(12, 'Vol/A&B <take "1">.mov'), action: 'verified' },
      { ...entry(0, 'Vol/new\nline.txt'), action: 'failed' },
    ]);
    expect(xmllintProblems(file, 'ASCMHL.xsd')).toBe('');
    const xml = fs.readFileSync(file, 'utf8');
    expect(xml).toContain('<creationdate>2026-11-23T10:15:00+00:00</creationdate>');
    expect(xml).toContain('Vol/A&amp;B &lt;take "1"&gt;.mov');
  });

  it('writes an empty generation that is still valid', async () => {
    const file = path.join(temp.dir, 'empty.mhl');
    await writeGenerationFile(file, header, []);
    expect(xmllintProblems(file, 'ASCMHL.xsd')).toBe('');
    expect(fs.readFileSync(file, 'utf8')).not.toContain('<hashes');
  });

  it('lays a generation out byte for byte as the xmlbuilder2 document it replaces', async () => {
    const entries = [entry(1), { ...entry(2, 'Vol/Ünïcode & "quotes" \'single\' >.mov'), action: 'verified' as const }];
    const root = create({ version: '1.0', encoding: 'UTF-8' }).ele('urn:ASC:MHL:v2.0', 'hashlist', { version: '2.0' });
    const creator = root.ele('creatorinfo');
    creator.ele('creationdate').txt(isoWithOffset(header.creationDate));
    creator.ele('hostname').txt(header.hostname);
    creator.ele('tool', { version: header.toolVersion }).txt('threefold');
    const processInfo = root.ele('processinfo');
    processInfo.ele('process').txt(header.process);
    const ignore = processInfo.ele('ignore');
    for (const pattern of IGNORE_PATTERNS) ignore.ele('pattern').txt(pattern);
    const hashes = root.ele('hashes');
    for (const e of entries) {
      const hash = hashes.ele('hash');
      hash.ele('path', { size: String(e.size), lastmodificationdate: isoWithOffset(new Date(e.mtimeMs)) }).txt(e.path);
      hash.ele('xxh64', { action: e.action, hashdate: isoWithOffset(e.hashDate) }).txt(e.xxh64);
    }
    expect(await textOf(header, entries)).toBe(root.end({ prettyPrint: true }));
  });

  it('writes paths a parser reads back exactly, entity-like text and line breaks included', async () => {
    const names = ['Vol/A&amp;B.mov', 'Vol/&#x41;&lt;.mov', 'Vol/cr\rlf\r\nlf\n.mov', 'Vol/tab\t.mov', 'Vol/]]>.mov'];
    const xml = await textOf(
      header,
      names.map((n, i) => entry(i, n)),
    );
    expect(parsedTexts(xml, 'path')).toEqual(names);
  });

  it('streams a large generation to its file as it is produced, and its C4 is that of the bytes on disk', async () => {
    const file = path.join(temp.dir, 'large.mhl');
    const count = 20_000;
    let bytesOnDiskMidway = 0;
    async function* entries(): AsyncGenerator<MhlEntry> {
      for (let i = 0; i < count; i += 1) {
        if (i === count / 2) {
          await new Promise((resolve) => setTimeout(resolve, 50)); // lets the file's stream write what it was given
          bytesOnDiskMidway = fs.statSync(file).size;
        }
        yield entry(i);
      }
    }
    const { c4, bytes } = await writeGenerationFile(file, header, entries());
    const written = fs.readFileSync(file);
    expect(bytes).toBe(written.length);
    expect(bytesOnDiskMidway).toBeGreaterThan(0.3 * written.length);
    expect(bytesOnDiskMidway).toBeLessThan(0.7 * written.length);
    expect(c4).toBe(c4Id(written));
    expect(xmllintProblems(file, 'ASCMHL.xsd')).toBe('');
    const { hashes } = readGeneration(file);
    expect(hashes).toHaveLength(count);
    expect(hashes[count - 1]).toEqual({ path: entry(count - 1).path, size: count - 1, xxh64: entry(count - 1).xxh64, action: 'original' });
  });

  it('hands the text on in bounded pieces', async () => {
    const sizes: number[] = [];
    for await (const piece of generationText(
      header,
      Array.from({ length: 5_000 }, (_, i) => entry(i)),
    ))
      sizes.push(piece.length);
    expect(sizes.length).toBeGreaterThan(10);
    expect(Math.max(...sizes)).toBeLessThan(64 * 1024 + 1024);
  });

  it('reads the ASC example chain and writes chains xmllint validates', () => {
    const example = parseChain(fs.readFileSync(path.join(SCHEMA_DIR, 'example-ascmhl_chain.xml'), 'utf8'));
    expect(example).toEqual([
      {
        sequence: 1,
        path: '0001_TEST01_2019-10-11_155603.mhl',
        c4: 'c44pdRyHLMvHsYbJnRpTrh5ohdWW6uVbm4mZx421aTN7y9MUKk74TqyshmTLgvnq2tcZex6khpxrYUq87Hczcmnyq3',
      },
    ]);
    const links = [...example, { sequence: 2, path: '0002_x.mhl', c4: example[0]!.c4 }];
    const file = path.join(temp.dir, 'ascmhl_chain.xml');
    fs.writeFileSync(file, chainXml(links));
    expect(xmllintProblems(file, 'ASCMHLDirectory__combined.xsd')).toBe('');
    expect(parseChain(fs.readFileSync(file, 'utf8'))).toEqual(links);
  });

  it('writes a chain laid out as before, reading back any name exactly', () => {
    const c4 = 'c44pdRyHLMvHsYbJnRpTrh5ohdWW6uVbm4mZx421aTN7y9MUKk74TqyshmTLgvnq2tcZex6khpxrYUq87Hczcmnyq3';
    expect(chainXml([{ sequence: 1, path: '0001_a.mhl', c4 }])).toBe(
      `<?xml version="1.0" encoding="UTF-8"?>\n<ascmhldirectory xmlns="urn:ASC:MHL:DIRECTORY:v2.0">\n  <hashlist sequencenr="1">\n    <path>0001_a.mhl</path>\n    <c4>${c4}</c4>\n  </hashlist>\n</ascmhldirectory>`,
    );
    expect(chainXml([])).toBe('<?xml version="1.0" encoding="UTF-8"?>\n<ascmhldirectory xmlns="urn:ASC:MHL:DIRECTORY:v2.0"/>');
    const odd = [{ sequence: 7, path: '0007_R&D <raid> "x".mhl', c4 }];
    expect(parseChain(chainXml(odd))).toEqual(odd);
  });

  it('refuses a chain file that is not a chain', () => {
    expect(() => parseChain('<foo/>')).toThrow('no <ascmhldirectory>');
    expect(() => parseChain('<ascmhldirectory><hashlist sequencenr="x"><path>a</path></hashlist></ascmhldirectory>')).toThrow('incomplete');
  });

  it('names generations NNNN_<root>_<date>_<time>Z.mhl in UTC', () => {
    expect(generationName(1, 'threefold', new Date('2026-11-23T10:15:00Z'))).toBe('0001_threefold_2026-11-23_101500Z.mhl');
    expect(generationName(12345, 'My Raid', new Date('2026-01-02T03:04:05Z'))).toBe('12345_My-Raid_2026-01-02_030405Z.mhl');
  });
});

describe('XML escaping', () => {
  it('escapes markup characters and the CR a parser would turn into LF in text', () => {
    expect(escapeXmlText('a & b < c > d "e" \'f\'\r\n\t')).toBe('a &amp; b &lt; c &gt; d "e" \'f\'&#xD;\n\t');
    expect(escapeXmlText('&amp;')).toBe('&amp;amp;');
    expect(escapeXmlText('plain')).toBe('plain');
  });

  it('escapes quotes and every white space a parser would turn into a space in an attribute', () => {
    expect(escapeXmlAttribute('a&"<>\t\n\r\'')).toBe("a&amp;&quot;&lt;&gt;&#x9;&#xA;&#xD;'");
    expect(escapeXmlAttribute('1.0')).toBe('1.0');
  });
});

describe('ASC MHL entry spool', () => {
  it('keeps every field of an entry on one line, whatever its path holds', () => {
    for (const name of ['Vol/a\nb\r\nc.mov', 'Vol/line\u2028sep\u2029.mov', 'Vol/"quoted" \\ é.mov']) {
      const e = { ...entry(7, name), mtimeMs: 1764000000123.456, action: 'verified' as const, hashDate: new Date('2026-11-23T10:15:01.789Z') };
      const line = entryLine(e);
      expect(line.indexOf('\n')).toBe(line.length - 1);
      expect(entryFromLine(line.slice(0, -1))).toEqual(e);
    }
  });

  it('gives back what was appended, in order, from its file', async () => {
    const spool = await MhlEntrySpool.create(path.join(temp.dir, 'entries.jsonl'));
    try {
      const appended = Array.from({ length: 2_500 }, (_, i) => entry(i, i % 2 === 0 ? `Vol/${i}\u2028.mov` : `Vol/${i}\r.mov`));
      for (let i = 0; i < appended.length; i += 64) await spool.append(appended.slice(i, i + 64));
      await spool.append([]);
      expect(spool.count).toBe(appended.length);
      const back: MhlEntry[] = [];
      for await (const e of spool.entries()) back.push(e);
      expect(back).toEqual(appended);
    } finally {
      await spool.close();
    }
  });
});
