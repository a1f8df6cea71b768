import fs from 'node:fs';
import path from 'node:path';
import { chainXml, parseChain } from '../../../native-helper/mhl/chain';
import { generationName } from '../../../native-helper/mhl/history';
import { generationXml } from '../../../native-helper/mhl/manifest';
import { SCHEMA_DIR, xmllintProblems } from '../../helpers/oracles';
import { makeTempDir } from '../../helpers/tempDir';

let temp: ReturnType<typeof makeTempDir>;
beforeEach(() => (temp = makeTempDir()));
afterEach(() => temp.cleanup());

describe('ASC MHL documents', () => {
  it('writes generations that xmllint validates, escaping what XML needs escaped', () => {
    const xml = generationXml({
      process: 'in-place',
      creationDate: new Date('2026-11-23T10:15:00.123Z'),
      hostname: 'edit-bay <1> & "2"',
      toolVersion: '0.1.0',
      entries: [
        { path: 'Vol/A&B <take "1">.mov', size: 12, mtimeMs: Date.UTC(2026, 0, 1), xxh64: '0123456789abcdef', action: 'verified', hashDate: new Date('2026-11-23T10:15:01Z') },
        { path: 'Vol/new\nline.txt', size: 0, mtimeMs: 0, xxh64: 'ef46db3751d8e999', action: 'failed', hashDate: new Date('2026-11-23T10:15:01Z') },
      ],
    });
    const file = path.join(temp.dir, 'g.mhl');
    fs.writeFileSync(file, xml);
    expect(xmllintProblems(file, 'ASCMHL.xsd')).toBe('');
    expect(xml).toContain('<creationdate>2026-11-23T10:15:00+00:00</creationdate>');
    expect(xml).toContain('Vol/A&amp;B &lt;take "1"&gt;.mov');
  });

  it('writes an empty generation that is still valid', () => {
    const file = path.join(temp.dir, 'empty.mhl');
    fs.writeFileSync(file, generationXml({ process: 'transfer', creationDate: new Date(0), hostname: 'h', toolVersion: '1', entries: [] }));
    expect(xmllintProblems(file, 'ASCMHL.xsd')).toBe('');
  });

  it('reads the ASC example chain and writes chains xmllint validates', () => {
    const example = parseChain(fs.readFileSync(path.join(SCHEMA_DIR, 'example-ascmhl_chain.xml'), 'utf8'));
    expect(example).toEqual([
      { sequence: 1, path: '0001_TEST01_2019-10-11_155603.mhl', c4: 'c44pdRyHLMvHsYbJnRpTrh5ohdWW6uVbm4mZx421aTN7y9MUKk74TqyshmTLgvnq2tcZex6khpxrYUq87Hczcmnyq3' },
    ]);
    const links = [...example, { sequence: 2, path: '0002_x.mhl', c4: example[0]!.c4 }];
    const file = path.join(temp.dir, 'ascmhl_chain.xml');
    fs.writeFileSync(file, chainXml(links));
    expect(xmllintProblems(file, 'ASCMHLDirectory__combined.xsd')).toBe('');
    expect(parseChain(fs.readFileSync(file, 'utf8'))).toEqual(links);
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
